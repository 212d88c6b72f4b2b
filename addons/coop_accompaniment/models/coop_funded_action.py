# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CoopFundedAction(models.Model):
    """An action a public funder pays for (a region's accompaniment programme, a
    département's workshops for RSA recipients): appointments and workshops count for it."""

    _name = "coop.funded.action"
    _description = "Funded action"
    _order = "date_start desc, name"

    name = fields.Char(required=True)
    code = fields.Char(help="The funder's reference of the agreement.")
    funder_id = fields.Many2one("res.partner")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    date_start = fields.Date("Start")
    date_end = fields.Date("End")
    active = fields.Boolean(default=True)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for action in self:
            if action.date_start and action.date_end and action.date_end < action.date_start:
                raise ValidationError(self.env._("%s ends before it starts.", action.name))
