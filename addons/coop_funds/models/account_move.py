# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    coop_fund_movement_id = fields.Many2one(
        "coop.fund.movement",
        string="Fund movement booked",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The fund movement this entry books (or reverses).",
    )

    def _coop_booking_links(self):
        return {
            **super()._coop_booking_links(),
            "coop_fund_movement_id": self.env._(
                "%s books a fund movement: reverse the movement from the fund instead."
            ),
        }
