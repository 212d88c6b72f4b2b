# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        self.env["coop.contribution"]._contribute_collections(partials._coop_documents(), partials)
        return partials

    def unlink(self):
        """A payment unmatched (unreconciled, reset or cancelled): the contributions it
        brought are reversed, then each document's collected base is brought back to what
        its remaining payments settle."""
        documents = self._coop_documents()
        contributions = (
            self.env["coop.contribution"]
            .sudo()
            .search([("partial_id", "in", self.ids), ("state", "=", "posted")])
        )
        res = super().unlink()
        contributions._reverse()
        self.env["coop.contribution"]._contribute_collections(documents.exists(), self.browse())
        return res

    def _coop_documents(self):
        """The customer documents whose receivable these matchings settle."""
        lines = (self.debit_move_id | self.credit_move_id).filtered(
            lambda ln: ln.account_type == "asset_receivable"
        )
        return lines.move_id._coop_contributing_documents()
