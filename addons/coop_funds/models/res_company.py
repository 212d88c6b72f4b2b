# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_fund_journal_id = fields.Many2one(
        "account.journal",
        string="Funds journal",
        domain="[('type', '=', 'general'), ('company_id', '=', id)]",
        help="Journal of the funds' movements, unless a fund has its own.",
    )
    coop_fund_account_id = fields.Many2one(
        "account.account",
        string="Internal funds account",
        help="Both lines of a movement between a fund and an activity are booked on this "
        "account, one on the fund's analytic account and one on the activity's: the general "
        "ledger nets to zero and only the analytic split moves (PCG 181000 by default, "
        "liaison accounts between establishments).",
    )

    def write(self, vals):
        res = super().write(vals)
        if vals.get("coop_fund_account_id"):
            for company in self:
                company.coop_fund_account_ids |= company.coop_fund_account_id
        return res

    @api.model
    def _coop_funds_setup_all(self):
        self.search([("chart_template", "!=", False)])._coop_funds_setup()

    def _coop_funds_setup(self):
        """French defaults the accountant can change: the funds journal and internal account."""
        for company in self.sudo():
            Account = self.env["account.account"].sudo().with_company(company)
            if not company.coop_fund_account_id:
                company.coop_fund_account_id = Account.search(
                    [*Account._check_company_domain(company), ("code", "=", "181000")], limit=1
                ) or Account.create(
                    {
                        "name": self.env._("Internal fund movements"),
                        "code": "181000",
                        "account_type": "liability_non_current",
                        "company_ids": [Command.set(company.ids)],
                    }
                )
            # Its lines are fund movements in the activities' accounts.
            company.coop_fund_account_ids |= company.coop_fund_account_id
            # The real accounts of the funds' outside movements, found or made once.
            company._coop_member_loan_account()
            company._coop_loan_interest_account()
            company._coop_bad_debt_account()
            company._coop_recovery_account()
            if not company.coop_fund_journal_id:
                company.coop_fund_journal_id = (
                    self.env["account.journal"]
                    .sudo()
                    .create(
                        {
                            "name": self.env._("Solidarity funds"),
                            "code": "FONDS",
                            "type": "general",
                            "company_id": company.id,
                        }
                    )
                )

    def _coop_member_loan_account(self, create=True):
        """PCG 1688: what the cooperative owes the members who lent to its funds."""
        return self._coop_account(
            "1688",
            "168800",
            self.env._("Members' loans to the funds"),
            "liability_non_current",
            create=create,
        )

    def _coop_loan_interest_account(self):
        """PCG 6618: interest on other debts (the members' loans)."""
        return self._coop_account(
            "6618", "661800", self.env._("Interest on members' loans"), "expense"
        )

    def _coop_bad_debt_account(self):
        """PCG 654: losses on irrecoverable receivables."""
        return self._coop_account(
            "654", "654000", self.env._("Losses on irrecoverable receivables"), "expense"
        )

    def _coop_recovery_account(self):
        """PCG 7714: recoveries of receivables written off."""
        return self._coop_account(
            "7714", "771400", self.env._("Recoveries of receivables written off"), "income_other"
        )


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        res = super()._post_load_data(template_code, company, template_data)
        company._coop_funds_setup()
        return res
