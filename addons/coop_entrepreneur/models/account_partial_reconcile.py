# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import SQL

SIDES = ("debit", "credit")


class AccountPartialReconcile(models.Model):
    """A settlement of an activity's invoice or bill: the activity whose document's
    receivable or payable line is on each side, and the part of the amount that is
    turnover excl. VAT, written on the partial when Odoo makes it (in SQL, from what is
    already in the database, so that nothing of the reconciliation Odoo is computing is
    read in the middle of it), so that the activities' treasury of a period is read from
    one index."""

    _inherit = "account.partial.reconcile"

    coop_debit_activity_id = fields.Many2one(
        "coop.activity",
        string="Activity paid (debit)",
        readonly=True,
        help="The activity whose invoice or bill is the debit side: money in for it.",
    )
    coop_credit_activity_id = fields.Many2one(
        "coop.activity",
        string="Activity paying (credit)",
        readonly=True,
        help="The activity whose invoice or bill is the credit side: money out for it.",
    )
    coop_debit_collected = fields.Monetary(
        "Collected (debit side)",
        readonly=True,
        currency_field="company_currency_id",
        help="Of the amount, the collected turnover excl. VAT of the debit side's invoice.",
    )
    coop_credit_collected = fields.Monetary(
        "Given back (credit side)",
        readonly=True,
        currency_field="company_currency_id",
        help="Of the amount, the turnover excl. VAT given back by the credit side's credit "
        "note (negative).",
    )

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials.flush_recordset(["amount", "debit_move_id", "credit_move_id"])
        self.env["account.move.line"].flush_model(["display_type", "account_id", "move_id"])
        self.env["account.move"].flush_model(
            ["move_type", "coop_activity_id", "amount_untaxed_signed", "amount_total_signed"]
        )
        self._coop_write_settlements(SQL("apr.id = ANY(%s)", partials.ids))
        partials.invalidate_recordset(
            [f"coop_{side}_{name}" for side in SIDES for name in ("activity_id", "collected")]
        )
        return partials

    @api.model
    def _coop_write_settlements(self, where):
        """Write each side's activity and collected turnover on the partials ``where``
        says: the activity of the invoice or bill whose receivable or payable line (its
        payment term line) the side is; the turnover part for a customer's one."""
        for side, sign in zip(SIDES, (1, -1), strict=True):
            self.env.cr.execute(
                SQL(
                    """UPDATE account_partial_reconcile apr
                          SET %(activity)s = am.coop_activity_id,
                              %(collected)s = CASE
                                  WHEN acc.account_type = 'asset_receivable'
                                       AND am.amount_total_signed != 0
                                  THEN ROUND(%(sign)s * apr.amount * am.amount_untaxed_signed
                                             / am.amount_total_signed, 2)
                                  ELSE 0 END
                         FROM account_move_line l
                         JOIN account_move am ON am.id = l.move_id
                         JOIN account_account acc ON acc.id = l.account_id
                        WHERE l.id = apr.%(line)s AND l.display_type = 'payment_term'
                          AND am.move_type IN %(documents)s AND %(where)s""",
                    activity=SQL.identifier(f"coop_{side}_activity_id"),
                    collected=SQL.identifier(f"coop_{side}_collected"),
                    line=SQL.identifier(f"{side}_move_id"),
                    sign=sign,
                    documents=tuple(
                        self.env["account.move"].get_invoice_types(include_receipts=True)
                    ),
                    where=where,
                )
            )

    @api.model
    def _coop_write_all_settlements(self):
        """For partials made before the addon was installed (or outside the ORM)."""
        self.env["account.move"].flush_model()
        self._coop_write_settlements(
            SQL("apr.coop_debit_activity_id IS NULL AND apr.coop_credit_activity_id IS NULL")
        )
        self.invalidate_model()
