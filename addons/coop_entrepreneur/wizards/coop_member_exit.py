# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CoopMemberExit(models.TransientModel):
    _name = "coop.member.exit"
    _description = "Member exit"

    partner_ids = fields.Many2many("res.partner", string="Members", required=True)
    date = fields.Date("Exit date", required=True, default=fields.Date.context_today)
    reason = fields.Selection(
        lambda self: self.env["res.partner"]._fields["coop_exit_reason"].selection,
        required=True,
    )
    note = fields.Text()

    def action_confirm(self):
        self.ensure_one()
        self.partner_ids.action_coop_exit(self.reason, day=self.date, note=self.note)
        return {"type": "ir.actions.act_window_close"}
