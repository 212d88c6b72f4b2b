# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_salary_account_ids = fields.Many2many(
        related="company_id.coop_salary_account_ids", readonly=False
    )
    coop_contribution_account_ids = fields.Many2many(
        related="company_id.coop_contribution_account_ids", readonly=False
    )
