# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CoopMentoring(models.Model):
    """A mentoring pair ("compagnonnage"): a newcomer and an experienced member, for a
    time, with goals and their meetings."""

    _name = "coop.mentoring"
    _description = "Mentoring pair"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    newcomer_id = fields.Many2one("res.partner", required=True, index=True)
    mentor_id = fields.Many2one("res.partner", required=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    date_start = fields.Date("Start", required=True, default=fields.Date.context_today)
    date_end = fields.Date("End")
    goals = fields.Text()
    state = fields.Selection(
        [("active", "In progress"), ("done", "Ended")], default="active", required=True
    )
    meeting_ids = fields.One2many("calendar.event", "coop_mentoring_id", string="Meetings")
    meeting_count = fields.Integer(compute="_compute_meeting_count")

    @api.depends("newcomer_id.name", "mentor_id.name")
    def _compute_name(self):
        for pair in self:
            pair.name = f"{pair.newcomer_id.name or ''} – {pair.mentor_id.name or ''}"

    def _compute_meeting_count(self):
        for pair in self:
            pair.meeting_count = len(pair.meeting_ids)

    @api.constrains("newcomer_id", "mentor_id", "date_start", "date_end")
    def _check_pair(self):
        for pair in self:
            if pair.newcomer_id == pair.mentor_id:
                raise ValidationError(self.env._("A mentor accompanies someone else."))
            if pair.date_end and pair.date_end < pair.date_start:
                raise ValidationError(self.env._("A mentoring ends after it starts."))
