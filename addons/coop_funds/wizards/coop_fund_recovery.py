# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import AccessError


class CoopFundRecovery(models.TransientModel):
    """The client paid a receivable recorded as lost: choose their payment."""

    _name = "coop.fund.recovery"
    _description = "Recovery of a guaranteed receivable recorded as lost"

    request_id = fields.Many2one("coop.fund.request", required=True, readonly=True)
    partner_id = fields.Many2one(related="request_id.invoice_id.commercial_partner_id")
    payment_line_id = fields.Many2one(
        "account.move.line",
        string="Client's payment",
        required=True,
        domain="[('partner_id', 'child_of', partner_id), ('account_type', '=', 'asset_receivable'), "
        "('reconciled', '=', False), ('parent_state', '=', 'posted'), ('balance', '<', 0)]",
    )

    def action_confirm(self):
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group("coop_entrepreneur.group_coop_manager"):
            raise AccessError(self.env._("Only the cooperative's staff record a recovery."))
        recovery = self.request_id._coop_record_recovery(self.payment_line_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": recovery.id,
            "view_mode": "form",
        }
