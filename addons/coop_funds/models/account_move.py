# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


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

    def button_draft(self):
        self._coop_check_not_a_fund_entry()
        return super().button_draft()

    def _reverse_moves(self, default_values_list=None, cancel=False):
        if not self.env.context.get("coop_fund_reversal"):
            self._coop_check_not_a_fund_entry()
        return super()._reverse_moves(default_values_list=default_values_list, cancel=cancel)

    def _coop_check_not_a_fund_entry(self):
        booked = self.filtered("coop_fund_movement_id")
        if booked:
            raise UserError(
                self.env._(
                    "%s books a fund movement: reverse the movement from the fund instead.",
                    booked[0].display_name,
                )
            )
