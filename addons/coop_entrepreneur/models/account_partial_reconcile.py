# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

DOCUMENTS = ("out_invoice", "out_refund", "out_receipt", "in_invoice", "in_refund", "in_receipt")


class AccountPartialReconcile(models.Model):
    """A settlement of an activity's invoice or bill: the activity whose document's
    receivable or payable line is on each side, and the part of the amount that is
    turnover excl. VAT, kept on the partial when Odoo makes it, so that the activities'
    treasury of a period is read from one index."""

    _inherit = "account.partial.reconcile"

    coop_debit_activity_id = fields.Many2one(
        "coop.activity",
        string="Activity paid (debit)",
        compute="_compute_coop_settlement",
        store=True,
        help="The activity whose invoice or bill is the debit side: money in for it.",
    )
    coop_credit_activity_id = fields.Many2one(
        "coop.activity",
        string="Activity paying (credit)",
        compute="_compute_coop_settlement",
        store=True,
        help="The activity whose invoice or bill is the credit side: money out for it.",
    )
    coop_debit_collected = fields.Monetary(
        compute="_compute_coop_settlement",
        store=True,
        currency_field="company_currency_id",
        help="Of the amount, the collected turnover excl. VAT of the debit side's invoice.",
    )
    coop_credit_collected = fields.Monetary(
        compute="_compute_coop_settlement",
        store=True,
        currency_field="company_currency_id",
        help="Of the amount, the turnover excl. VAT given back by the credit side's credit "
        "note (negative).",
    )

    @api.depends(
        "amount",
        "debit_move_id.move_id.coop_activity_id",
        "credit_move_id.move_id.coop_activity_id",
    )
    def _compute_coop_settlement(self):
        for partial in self:
            for side, sign in (("debit", 1), ("credit", -1)):
                activity, collected = partial._coop_side(partial[f"{side}_move_id"], sign)
                partial[f"coop_{side}_activity_id"] = activity
                partial[f"coop_{side}_collected"] = collected

    def _coop_side(self, line, sign):
        """(activity, collected turnover) of one side: the activity of the invoice or bill
        whose receivable or payable line it is; the turnover part for a customer's one."""
        move = line.move_id
        if line.display_type != "payment_term" or move.move_type not in DOCUMENTS:
            return False, 0.0
        collected = 0.0
        if line.account_id.account_type == "asset_receivable" and move.amount_total_signed:
            collected = sign * self.amount * move.amount_untaxed_signed / move.amount_total_signed
        return move.coop_activity_id, collected
