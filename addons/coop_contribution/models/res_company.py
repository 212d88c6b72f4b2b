# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_contribution_journal_id = fields.Many2one(
        "account.journal",
        string="Contributions journal",
        domain="[('type', '=', 'general'), ('company_id', '=', id)]",
    )
    coop_contribution_account_id = fields.Many2one(
        "account.account",
        string="Internal contribution account",
        help="Both lines of a contribution entry are booked on this account, debited on the "
        "activity's analytic account and credited on the structure's: the general ledger "
        "nets to zero and only the analytic split moves (PCG 186000 by default, goods and "
        "services exchanged between establishments).",
    )

    def _coop_contribution_catch_up(self, date_from, date_to):
        for company in self:
            self.env["coop.contribution"]._catch_up(company, date_from, date_to)

    @api.model
    def _coop_contribution_setup_all(self):
        self.search([("chart_template", "!=", False)])._coop_contribution_setup()

    def _coop_contribution_setup(self):
        """French defaults the accountant can change: a journal, the internal account, a 10%
        rule."""
        for company in self.sudo():
            Account = self.env["account.account"].sudo().with_company(company)
            if not company.coop_contribution_account_id:
                company.coop_contribution_account_id = Account.search(
                    [*Account._check_company_domain(company), ("code", "=", "186000")], limit=1
                ) or Account.create(
                    {
                        "name": self.env._("Internal contributions"),
                        "code": "186000",
                        "account_type": "liability_non_current",
                        "company_ids": [Command.set(company.ids)],
                    }
                )
            company.coop_contribution_account_ids |= company.coop_contribution_account_id
            if not company.coop_contribution_journal_id:
                company.coop_contribution_journal_id = (
                    self.env["account.journal"]
                    .sudo()
                    .create(
                        {
                            "name": self.env._("Contributions"),
                            "code": "CONTR",
                            "type": "general",
                            "company_id": company.id,
                        }
                    )
                )
            # Its documents are caught up from the fiscal year's start by the install hook.
            Rule = (
                self.env["coop.contribution.rule"]
                .sudo()
                .with_context(active_test=False, coop_contribution_no_follow=True)
            )
            if not Rule.search_count([("company_id", "=", company.id)]):
                Rule.create(
                    {
                        "name": self.env._("10% of invoiced turnover"),
                        "company_id": company.id,
                        "scope": "company",
                        "base": "invoiced",
                        "rate": 10.0,
                    }
                )


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        res = super()._post_load_data(template_code, company, template_data)
        company._coop_contribution_setup()
        return res
