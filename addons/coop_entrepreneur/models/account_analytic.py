# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models, tools


class AccountAnalyticAccount(models.Model):
    _name = "account.analytic.account"
    _inherit = ["account.analytic.account", "coop.registry.cache.mixin"]
    _coop_cache_fields = frozenset({"plan_id"})

    @api.model
    @tools.ormcache()
    def _coop_activity_plan_account_ids(self):
        """Ids of every analytic account of the Activities plan and its sub-plans, archived
        ones included. Every invoice's posting reads them: they are kept in the registry's
        cache, cleared when an account or a plan moves (see the overrides below)."""
        plan = self.env["coop.activity"]._coop_analytic_plan()
        return frozenset(
            self.sudo()
            .with_context(active_test=False)
            .search([("plan_id", "child_of", plan.id)])
            .ids
        )

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res


class AccountAnalyticPlan(models.Model):
    _inherit = "account.analytic.plan"

    def write(self, vals):
        res = super().write(vals)
        if "parent_id" in vals:
            self.env.registry.clear_cache()
        return res
