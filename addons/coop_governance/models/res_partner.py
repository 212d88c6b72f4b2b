# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_capital_operation_ids = fields.One2many(
        "coop.capital.operation", "partner_id", string="Register of associés"
    )
    coop_shares = fields.Integer("Shares held", compute="_compute_coop_holding")
    coop_capital_subscribed = fields.Monetary(
        "Capital subscribed",
        compute="_compute_coop_holding",
        currency_field="coop_capital_currency_id",
    )
    coop_capital_paid = fields.Monetary(
        "Capital paid", compute="_compute_coop_holding", currency_field="coop_capital_currency_id"
    )
    coop_capital_to_repay = fields.Monetary(
        "Capital to repay",
        compute="_compute_coop_holding",
        currency_field="coop_capital_currency_id",
    )
    coop_capital_currency_id = fields.Many2one("res.currency", compute="_compute_coop_holding")
    coop_college_id = fields.Many2one(
        "coop.assembly.college",
        string="Voting college",
        help="For statutes that weigh the general assembly's votes by college.",
    )

    def _compute_coop_holding(self):
        holdings = self.env["coop.capital.operation"]._holdings(self._origin)
        for partner in self:
            holding = holdings.get(partner._origin.id, {})
            partner.coop_shares = int(holding.get("shares", 0))
            partner.coop_capital_subscribed = holding.get("subscribed", 0.0) - holding.get(
                "to_repay", 0.0
            )
            partner.coop_capital_paid = holding.get("paid", 0.0) - holding.get("to_repay", 0.0)
            partner.coop_capital_to_repay = holding.get("to_repay", 0.0) - holding.get(
                "repaid", 0.0
            )
            partner.coop_capital_currency_id = self.env.company.currency_id

    def action_coop_make_associate(self, day=None):
        """Becoming associé takes a validated subscription of at least the statutes'
        minimum, when the company has a class of shares."""
        classes = (
            self.env["coop.share.class"].sudo().search([("company_id", "=", self.env.company.id)])
        )
        minimum = max(classes.mapped("minimum_shares"), default=0)
        if minimum:
            holdings = self.env["coop.capital.operation"]._holdings(self, day)
            short = self.filtered(lambda p: holdings[p.id]["shares"] < minimum)
            if short:
                raise UserError(
                    self.env._(
                        "%(members)s: a member becomes associé with %(minimum)s shares "
                        "subscribed at least (a validated subscription in the register).",
                        members=", ".join(short.mapped("display_name")),
                        minimum=minimum,
                    )
                )
        return super().action_coop_make_associate(day=day)

    def action_coop_exit(self, reason, day=None, note=False):
        """The exit cancels the shares the member holds (an operation of the register, the
        cooperative then owes them on 4567) and sets the reminder of their repayment."""
        result = super().action_coop_exit(reason, day=day, note=note)
        Operation = self.env["coop.capital.operation"].sudo()
        holdings = Operation._holdings(self, day)
        for partner in self:
            holding = holdings[partner.id]
            if holding["shares"] <= 0:
                continue
            # The class of the shares held (a CAE has one; they may have come by transfer).
            share_class = Operation.search(
                [
                    "|",
                    ("partner_id", "=", partner.id),
                    ("transferee_id", "=", partner.id),
                    ("state", "=", "validated"),
                ],
                order="date desc, id desc",
                limit=1,
            ).share_class_id
            operation = Operation.create(
                {
                    "partner_id": partner.id,
                    "company_id": share_class.company_id.id,
                    "share_class_id": share_class.id,
                    "kind": "repayment",
                    "date": partner.coop_exit_date,
                    "shares": int(holding["shares"]),
                }
            )
            if share_class.currency_id.compare_amounts(holding["subscribed"], holding["paid"]):
                operation.message_post(
                    body=self.env._(
                        "%s left with shares not fully paid: settle them, then validate.",
                        partner.name,
                    )
                )
            else:
                operation.action_validate()
        return result
