# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..formats import EXPORT_TYPE_SELECTION


class CoopFecExportWizard(models.TransientModel):
    _name = "coop.fec.export.wizard"
    _inherit = "coop.account.export.wizard.mixin"
    _description = "Export the FEC"

    export_type = fields.Selection(
        EXPORT_TYPE_SELECTION,
        string="Entries",
        required=True,
        default="official",
        help="The official file holds the posted entries only. A non-official one, for a "
        "review, holds every entry as Odoo's own export does: drafts (without number) and "
        "cancelled ones too.",
    )
    lock_fiscal_year = fields.Boolean(
        "Lock the fiscal year",
        compute="_compute_lock_fiscal_year",
        store=True,
        readonly=False,
        help="Once the official file is made, lock the fiscal year at its end date, as "
        "Odoo's own FEC export does: the books handed to the expert-comptable and the "
        "administration can no longer change. A non-official file locks nothing.",
    )
    excluded_journal_ids = fields.Many2many(
        "account.journal",
        string="Journals to leave out",
        domain="[('company_id', 'parent_of', company_id)]",
    )

    @api.depends("export_type")
    def _compute_lock_fiscal_year(self):
        for wizard in self:
            wizard.lock_fiscal_year = wizard.export_type == "official"

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
            "lock_fiscal_year": self.export_type == "official" and self.lock_fiscal_year,
            "excluded_journal_ids": [fields.Command.set(self.excluded_journal_ids.ids)],
        }
