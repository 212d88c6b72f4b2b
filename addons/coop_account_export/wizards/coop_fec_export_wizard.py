# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CoopFecExportWizard(models.TransientModel):
    _name = "coop.fec.export.wizard"
    _inherit = "coop.account.export.wizard.mixin"
    _description = "Export the FEC"

    export_type = fields.Selection(
        [
            ("official", "Official (posted entries only)"),
            ("nonofficial", "Not official (posted and draft entries)"),
        ],
        string="Entries",
        required=True,
        default="official",
    )
    excluded_journal_ids = fields.Many2many(
        "account.journal",
        string="Journals to leave out",
        domain="[('company_id', 'parent_of', company_id)]",
    )

    @api.model
    def _default_fiscalyear_dates(self):
        # The last closed fiscal year is what the expert-comptable asks for first.
        current_start = super()._default_fiscalyear_dates()["date_from"]
        return self.env.company.compute_fiscalyear_dates(
            fields.Date.subtract(current_start, days=1)
        )

    def _prepare_export_vals(self):
        return {
            **super()._prepare_export_vals(),
            "export_kind": "fec",
            "export_type": self.export_type,
            "excluded_journal_ids": [fields.Command.set(self.excluded_journal_ids.ids)],
        }
