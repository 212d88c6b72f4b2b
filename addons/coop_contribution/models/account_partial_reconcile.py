# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials._coop_post_collected_contributions()
        return partials

    def unlink(self):
        contributions = (
            self.env["account.move"]
            .sudo()
            .search([("coop_contribution_partial_id", "in", self.ids)])
        )
        res = super().unlink()
        contributions._coop_undo_contributions()
        return res

    def _coop_post_collected_contributions(self):
        """What a payment settles of an invoice contributes pro rata, on the collected base."""
        Move = self.env["account.move"]
        for partial in self:
            for line in partial.debit_move_id | partial.credit_move_id:
                document = line.move_id._coop_contributing_documents()
                if (
                    not document
                    or line.account_type != "asset_receivable"
                    or not document.amount_total_signed
                ):
                    continue
                rule = document._coop_contribution_rule(partial.max_date)
                if not rule or rule.base != "collected":
                    continue
                share = partial.amount / abs(document.amount_total_signed)
                base = document.company_currency_id.round(document.amount_untaxed_signed * share)
                Move.with_context(coop_contribution_partial_id=partial.id)._coop_post_contributions(
                    "collected",
                    [(document.coop_activity_id, document, rule, base, partial.max_date)],
                )
