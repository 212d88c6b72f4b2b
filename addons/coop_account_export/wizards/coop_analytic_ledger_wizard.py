# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CoopAnalyticLedgerWizard(models.TransientModel):
    _name = "coop.analytic.ledger.wizard"
    _inherit = "coop.account.export.wizard.mixin"
    _description = "Export the analytic ledger by activity"

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

    def _prepare_export_vals(self):
        return {
            **super()._prepare_export_vals(),
            "export_kind": self.export_kind,
            "activity_ids": [fields.Command.set(self.activity_ids.ids)],
        }
