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
    coop_internal_account_id = fields.Many2one(
        related="company_id.coop_internal_account_id", readonly=False
    )
    coop_result_provision_rate = fields.Float(
        related="company_id.coop_result_provision_rate", readonly=False
    )
