# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CoopFecExportWizard(models.TransientModel):
    _name = "coop.fec.export.wizard"
    _description = "Export the FEC"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date("Start date", required=True)
    date_to = fields.Date("End date", required=True)
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
    encoding = fields.Selection(
        [("utf-8", "UTF-8"), ("iso-8859-15", "ISO-8859-15 (Latin-9)")],
        required=True,
        default="utf-8",
    )
    separator = fields.Selection(
        [("pipe", "Vertical bar ( | )"), ("tab", "Tab")],
        required=True,
        default="pipe",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        # The last closed fiscal year is what the expert-comptable asks for first.
        company = self.env.company
        current_start = company.compute_fiscalyear_dates(fields.Date.context_today(self))[
            "date_from"
        ]
        previous = company.compute_fiscalyear_dates(fields.Date.subtract(current_start, days=1))
        values.setdefault("date_from", previous["date_from"])
        values.setdefault("date_to", previous["date_to"])
        return values

    def _prepare_export_vals(self):
        self.ensure_one()
        return {
            "export_kind": "fec",
            "company_id": self.company_id.id,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "export_type": self.export_type,
            "excluded_journal_ids": [fields.Command.set(self.excluded_journal_ids.ids)],
            "encoding": self.encoding,
            "separator": self.separator,
        }

    def action_export(self):
        """Build and check the FEC, then show the export with its file or its problems."""
        self.ensure_one()
        export = self.env["coop.account.export"].create(self._prepare_export_vals())
        export.action_generate()
        return export._get_form_action()
