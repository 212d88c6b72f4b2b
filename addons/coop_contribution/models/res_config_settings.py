# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_contribution_journal_id = fields.Many2one(
        related="company_id.coop_contribution_journal_id", readonly=False
    )
    coop_contribution_account_id = fields.Many2one(
        related="company_id.coop_contribution_account_id", readonly=False
    )
