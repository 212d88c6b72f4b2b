# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..formats import ENCODING_SELECTION, SEPARATOR_SELECTION


class CoopAccountExportWizardMixin(models.AbstractModel):
    _name = "coop.account.export.wizard.mixin"
    _description = "Period, company and file format of an export wizard"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date("Start date", required=True)
    date_to = fields.Date("End date", required=True)
    encoding = fields.Selection(ENCODING_SELECTION, required=True, default="utf-8")
    separator = fields.Selection(SEPARATOR_SELECTION, required=True, default="pipe")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        dates = self._default_fiscalyear_dates()
        values.setdefault("date_from", dates["date_from"])
        values.setdefault("date_to", dates["date_to"])
        return values

    @api.model
    def _default_fiscalyear_dates(self):
        """The fiscal year the wizard opens on: the current one."""
        return self.env.company.compute_fiscalyear_dates(fields.Date.context_today(self))

    def _prepare_export_vals(self):
        self.ensure_one()
        return {
            "company_id": self.company_id.id,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "encoding": self.encoding,
            "separator": self.separator,
        }

    def action_export(self):
        """Build the export (a FEC is checked first), then show it with its file or its
        problems."""
        self.ensure_one()
        export = self.env["coop.account.export"].create(self._prepare_export_vals())
        export.action_generate()
        return export._get_form_action()
