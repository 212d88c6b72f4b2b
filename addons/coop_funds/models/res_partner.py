# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_fund_loan_ids = fields.One2many(
        "coop.fund.loan", "partner_id", string="Loans to the funds"
    )
    coop_fund_loan_owed = fields.Monetary(
        "Owed by the cooperative (loans)",
        compute="_compute_coop_fund_loan_owed",
        currency_field="coop_fund_currency_id",
        groups="coop_entrepreneur.group_coop_manager",
        help="What the cooperative owes this member for their loans to its funds, read from "
        "the posted lines of the members' loans account.",
    )
    coop_fund_currency_id = fields.Many2one("res.currency", compute="_compute_coop_fund_loan_owed")

    @api.depends_context("company")
    def _compute_coop_fund_loan_owed(self):
        company = self.env.company
        account = company.sudo()._coop_member_loan_account(create=False)
        balances = dict(
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("account_id", "=", account.id),
                    ("partner_id", "in", self.ids),
                    ("parent_state", "=", "posted"),
                    ("company_id", "=", company.id),
                ],
                ["partner_id"],
                ["balance:sum"],
            )
        )
        for partner in self:
            partner.coop_fund_loan_owed = -balances.get(partner._origin, 0.0)
            partner.coop_fund_currency_id = company.currency_id
