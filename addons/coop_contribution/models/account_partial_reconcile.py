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
        """What payments settle of invoices contributes pro rata, on the collected base, in
        one batch for all these partial reconciliations."""
        settled = []
        for partial in self:
            for line in partial.debit_move_id | partial.credit_move_id:
                document = line.move_id._coop_contributing_documents()
                if (
                    document
                    and line.account_type == "asset_receivable"
                    and document.amount_total_signed
                ):
                    settled.append((partial, document))
        if not settled:
            return
        rules = (
            self.env["coop.contribution.rule"]
            .sudo()
            ._rules_for(
                [(document.coop_activity_id, partial.max_date) for partial, document in settled]
            )
        )
        plans = []
        for partial, document in settled:
            rule = rules[(document.coop_activity_id, partial.max_date)]
            if not rule or rule.base != "collected":
                continue
            share = partial.amount / abs(document.amount_total_signed)
            base = document.company_currency_id.round(document.amount_untaxed_signed * share)
            plans.append(
                (document.coop_activity_id, document, rule, base, partial.max_date, partial)
            )
        self.env["account.move"]._coop_post_contributions("collected", plans)
