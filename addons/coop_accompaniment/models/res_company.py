# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    coop_cape_max_months = fields.Integer(
        "CAPE limit (months)",
        default=18,
        help="How long a CAPE may run (the law: 12 months, renewable twice, 36 at most; "
        "the cooperative's own rule is often 18).",
    )
    coop_cape_reminder_days = fields.Integer(
        "Remind before the CAPE limit (days)",
        default=90,
        help="The accompagnateur is reminded this many days before a CAPE reaches its limit.",
    )
    coop_cesa_turnover_threshold = fields.Monetary(
        "Turnover to propose the CESA",
        currency_field="currency_id",
        default=6000.0,
        help="When the turnover invoiced since the accompaniment started reaches it, the "
        "accompagnateur is asked to propose the CESA.",
    )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_cape_max_months = fields.Integer(related="company_id.coop_cape_max_months", readonly=False)
    coop_cape_reminder_days = fields.Integer(
        related="company_id.coop_cape_reminder_days", readonly=False
    )
    coop_cesa_turnover_threshold = fields.Monetary(
        related="company_id.coop_cesa_turnover_threshold", readonly=False
    )
