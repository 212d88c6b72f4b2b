# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class CoopRegistryCacheMixin(models.AbstractModel):
    """Records some of the suite's registry caches are read from: creating one, or
    changing one of ``_coop_cache_fields``, clears the registry's cache."""

    _name = "coop.registry.cache.mixin"
    _description = "Records read by the registry's cache"
    _coop_cache_fields = frozenset()

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        res = super().write(vals)
        if self._coop_cache_fields & set(vals):
            self.env.registry.clear_cache()
        return res
