# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.tools import float_compare


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    @api.depends("move_id.coop_activity_id")
    def _compute_analytic_distribution(self):
        res = super()._compute_analytic_distribution()
        lines = self.filtered(
            lambda ln: (
                ln.display_type == "product"
                and ln.move_id.coop_activity_id
                and ln.move_id.is_invoice(include_receipts=True)
            )
        )
        if lines:
            plan_accounts = self.env["coop.activity"]._coop_plan_analytic_account_ids()
            for line in lines:
                line.analytic_distribution = line._coop_distribution_for(
                    line.move_id.coop_activity_id.analytic_account_id.id, plan_accounts
                )
        return res

    def _coop_distribution_for(self, analytic_account_id, plan_accounts):
        """The line's distribution with the Activities plan replaced by one account at 100%."""
        self.ensure_one()
        own = str(analytic_account_id)
        distribution = {}
        for key, percentage in (self.analytic_distribution or {}).items():
            others = [aid for aid in key.split(",") if int(aid) not in plan_accounts]
            if others:
                new_key = ",".join([*others, own])
                distribution[new_key] = distribution.get(new_key, 0.0) + percentage
        covered = sum(distribution.values())
        if float_compare(covered, 100.0, precision_digits=2) < 0:
            distribution[own] = distribution.get(own, 0.0) + 100.0 - covered
        return distribution

    def _coop_belongs_to(self, analytic_account_id, plan_accounts):
        """True when the Activities plan gives the line wholly to this analytic account."""
        self.ensure_one()
        share = 0.0
        for key, percentage in (self.analytic_distribution or {}).items():
            ids = {int(aid) for aid in key.split(",")}
            if (ids & plan_accounts) - {analytic_account_id}:
                return False
            if analytic_account_id in ids:
                share += percentage
        return float_compare(share, 100.0, precision_digits=2) == 0
