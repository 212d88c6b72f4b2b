# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

# The company's accounts that say the kind of a line in the activities' accounts.
KIND_FIELDS = {
    "coop_salary_account_ids",
    "coop_contribution_account_ids",
    "coop_fund_account_ids",
    "coop_internal_account_id",
}


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_salary_account_ids = fields.Many2many(
        "account.account",
        "coop_company_salary_account_rel",
        "company_id",
        "account_id",
        string="Salary accounts",
        help="Expense accounts whose lines count as salaries in the activity's account "
        "(PCG 641 and 645 by default).",
    )
    coop_contribution_account_ids = fields.Many2many(
        "account.account",
        "coop_company_contribution_account_rel",
        "company_id",
        "account_id",
        string="Contribution accounts",
        help="Accounts whose lines count as contributions to the cooperative in the "
        "activity's account (configured by the contribution addon).",
    )
    coop_fund_account_ids = fields.Many2many(
        "account.account",
        "coop_company_fund_account_rel",
        "company_id",
        "account_id",
        string="Fund movement accounts",
        help="Internal accounts whose lines count as movements between the activity and "
        "the cooperative's solidarity funds: treasury, not result (configured by the funds "
        "addon).",
    )
    coop_internal_account_id = fields.Many2one(
        "account.account",
        string="Internal invoicing account",
        help="Both lines of an internal invoice between two activities are booked on this "
        "account, one on each activity's analytic account: the general ledger nets to zero, "
        "the seller's activity has the turnover and the buyer's the cost (PCG 181100 by "
        "default, a liaison account).",
    )
    coop_result_provision_rate = fields.Float(
        "Result kept before salaries (%)",
        default=10.0,
        help="The share of an activity's positive result of the year the CAE keeps as a "
        "provision before the salary simulation offers the rest.",
    )
    coop_structure_activity_id = fields.Many2one(
        "coop.activity",
        string="Structure activity",
        compute="_compute_coop_structure_activity_id",
        help="The cooperative's own activity, for its costs and revenue.",
    )

    @api.constrains(
        "coop_internal_account_id",
        "coop_fund_account_ids",
        "coop_contribution_account_ids",
        "coop_salary_account_ids",
    )
    def _check_coop_accounts_apart(self):
        """Each internal account says one kind of line in the activities' accounts."""
        for company in self:
            kinds = [
                company.coop_internal_account_id,
                company.coop_fund_account_ids,
                company.coop_contribution_account_ids,
                company.coop_salary_account_ids,
            ]
            for index, accounts in enumerate(kinds):
                shared = accounts & sum(kinds[index + 1 :], self.env["account.account"])
                if shared:
                    raise ValidationError(
                        self.env._(
                            "%(account)s is set for two kinds of lines of the activities' "
                            "accounts (salaries, contributions, fund movements, internal "
                            "invoices): give each kind its own accounts.",
                            account=shared[0].display_name,
                        )
                    )

    def _compute_coop_structure_activity_id(self):
        structures = self.env["coop.activity"]._coop_structure_activity_ids()
        for company in self:
            company.coop_structure_activity_id = structures.get(company.id, False)

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._coop_setup_defaults()
        return companies

    def write(self, vals):
        res = super().write(vals)
        if KIND_FIELDS & set(vals):
            # The activities' accounts classify their lines by these accounts.
            self.env.registry.clear_cache()
        return res

    @api.model
    def _coop_setup_all_companies(self):
        # A handful of companies at most.
        self.search([])._coop_setup_defaults()  # pylint: disable=no-search-all

    def _coop_setup_defaults(self):
        """Give each company its structure activity and, once it has a chart, salary accounts."""
        Activity = self.env["coop.activity"].sudo()
        for company in self:
            if not company.coop_structure_activity_id:
                Activity.create(
                    {
                        "name": company.name,
                        "code": "STRUCT",
                        "kind": "structure",
                        "state": "active",
                        "company_id": company.id,
                    }
                )
            if not company.coop_salary_account_ids:
                accounts = (
                    self.env["account.account"]
                    .with_company(company)
                    .sudo()
                    .search(
                        [
                            *self.env["account.account"]._check_company_domain(company),
                            "|",
                            ("code", "=like", "641%"),
                            ("code", "=like", "645%"),
                        ]
                    )
                )
                company.sudo().coop_salary_account_ids = accounts
            if company.chart_template and not company.coop_internal_account_id:
                company.sudo().coop_internal_account_id = company._coop_account(
                    "1811",
                    "181100",
                    self.env._("Internal invoices between activities"),
                    "liability_non_current",
                )

    def _coop_account(self, prefix, code, name, account_type, create=True):
        """The first account of the chart whose code starts with ``prefix``; else a new one
        (or none, without ``create``)."""
        self.ensure_one()
        Account = self.env["account.account"].sudo().with_company(self)
        domain = Account._check_company_domain(self)
        account = Account.search([*domain, ("code", "=like", f"{prefix}%")], order="code", limit=1)
        if account or not create:
            return account
        return Account.create(
            {
                "name": name,
                "code": code,
                "account_type": account_type,
                "company_ids": [Command.set(self.ids)],
            }
        )

    def _coop_internal_journal(self):
        """The journal of internal invoices between activities, found or made once."""
        self.ensure_one()
        Journal = self.env["account.journal"].sudo()
        domain = [*Journal._check_company_domain(self), ("type", "=", "general")]
        return Journal.search([*domain, ("code", "=", "FINT")], limit=1) or Journal.create(
            {
                "name": self.env._("Internal invoices"),
                "code": "FINT",
                "type": "general",
                "company_id": self.id,
            }
        )

    def _coop_outstanding_account(self, direction):
        """The outstanding receipts (``debit``) or payments (``credit``) account, as Odoo's
        payments use it: the bank statement is then matched with it."""
        self.ensure_one()
        return (
            self.env["account.chart.template"]
            .with_context(allowed_company_ids=self.root_id.ids)
            .ref(f"account_journal_payment_{direction}_account_id", raise_if_not_found=False)
        ) or self.transfer_account_id


class AccountAccount(models.Model):
    # A new account, or one changing type or companies, is a kind the activities'
    # accounts must know (coop.activity.account._account_kinds).
    _name = "account.account"
    _inherit = ["account.account", "coop.registry.cache.mixin"]
    _coop_cache_fields = frozenset({"account_type", "company_ids"})


class AccountChartTemplate(models.AbstractModel):
    _inherit = "account.chart.template"

    def _post_load_data(self, template_code, company, template_data):
        res = super()._post_load_data(template_code, company, template_data)
        company._coop_setup_defaults()
        return res
