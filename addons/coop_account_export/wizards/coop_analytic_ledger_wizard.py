# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CoopAnalyticLedgerWizard(models.TransientModel):
    _name = "coop.analytic.ledger.wizard"
    _description = "Export the analytic ledger by activity"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date("Start date", required=True)
    date_to = fields.Date("End date", required=True)
    activity_ids = fields.Many2many(
        "coop.activity",
        string="Activities",
        domain="[('company_id', '=', company_id)]",
        help="Leave empty for every activity, and the lines that belong to none.",
    )
    export_kind = fields.Selection(
        [
            ("ledger_xlsx", "Analytic ledger by activity (XLSX)"),
            ("fec_analytic_csv", "FEC with activity code (CSV)"),
        ],
        string="Format",
        required=True,
        default="ledger_xlsx",
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
        dates = self.env.company.compute_fiscalyear_dates(fields.Date.context_today(self))
        values.setdefault("date_from", dates["date_from"])
        values.setdefault("date_to", dates["date_to"])
        return values

    def _prepare_export_vals(self):
        self.ensure_one()
        return {
            "export_kind": self.export_kind,
            "company_id": self.company_id.id,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "activity_ids": [fields.Command.set(self.activity_ids.ids)],
            "encoding": self.encoding,
            "separator": self.separator,
        }

    def action_export(self):
        """Build the ledger, then show the export with its file."""
        self.ensure_one()
        export = self.env["coop.account.export"].create(self._prepare_export_vals())
        export.action_generate()
        return export._get_form_action()
