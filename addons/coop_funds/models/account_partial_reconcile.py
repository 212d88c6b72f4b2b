# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        self.env["coop.fund.request"]._coop_recover_guarantees(partials)
        return partials

    def unlink(self):
        """A client's payment unmatched: what it gave back to a guarantee fund is reversed."""
        recoveries = (
            self.env["coop.fund.movement"]
            .sudo()
            .search([("partial_id", "in", self.ids), ("state", "=", "posted")])
        )
        res = super().unlink()
        if recoveries:
            recoveries.action_reverse()
        return res
