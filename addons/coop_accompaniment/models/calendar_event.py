# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.sql import create_index

STAFF = "coop_entrepreneur.group_coop_tutor"
APPOINTMENT_KINDS = [
    ("information", "Information meeting"),
    ("diagnosis", "Diagnosis"),
    ("follow_up", "Follow-up"),
    ("mentoring", "Mentoring"),
    ("other", "Other"),
]
MODES = [("in_person", "In person"), ("phone", "Phone"), ("video", "Video")]
OUTCOMES = [
    ("planned", "Planned"),
    ("attended", "Attended"),
    ("absent", "Absent"),
    ("excused", "Excused"),
]


class CalendarEvent(models.Model):
    """An appointment of the accompaniment is a calendar meeting: the member, their
    activity, the accompagnateur (the organiser), what kind, how, whether it took place
    (the calendar's answer to the invitation is not presence), and what it counts for.
    The accompagnateur's notes are theirs: the member never reads them."""

    _inherit = "calendar.event"

    coop_member_id = fields.Many2one("res.partner", string="Member", index="btree_not_null")
    coop_activity_id = fields.Many2one("coop.activity", string="Activity")
    coop_accompaniment_id = fields.Many2one(
        "coop.accompaniment", string="Accompaniment", index="btree_not_null"
    )
    coop_mentoring_id = fields.Many2one(
        "coop.mentoring", string="Mentoring", index="btree_not_null"
    )
    coop_kind = fields.Selection(APPOINTMENT_KINDS, string="Kind of appointment")
    coop_mode = fields.Selection(MODES, string="Mode", default="in_person")
    coop_outcome = fields.Selection(
        OUTCOMES,
        string="Outcome",
        default="planned",
        help="Whether the member came: recorded by the accompagnateur, apart from the "
        "invitation's answer.",
    )
    coop_objectives = fields.Text("Objectives")
    coop_next_actions = fields.Text("Next actions")
    coop_notes = fields.Html("Accompagnateur's notes", groups=STAFF)
    coop_funded_action_id = fields.Many2one("coop.funded.action", string="Funded action")
    coop_hours = fields.Float(
        "Hours",
        compute="_compute_coop_hours",
        store=True,
        help="The appointment's duration when it took place: what funders count.",
    )

    def init(self):
        result = super().init()
        # The funders' figures read the appointments of a period: by date, members' only.
        create_index(
            self.env.cr,
            "calendar_event_coop_appointment_start_index",
            self._table,
            ["start", "coop_member_id"],
            where="coop_member_id IS NOT NULL",
        )
        return result

    @api.depends("duration", "coop_outcome", "coop_member_id")
    def _compute_coop_hours(self):
        for event in self:
            attended = event.coop_member_id and event.coop_outcome == "attended"
            event.coop_hours = event.duration if attended else 0.0

    @api.onchange("coop_accompaniment_id")
    def _onchange_coop_accompaniment_id(self):
        accompaniment = self.coop_accompaniment_id
        if accompaniment:
            self.coop_member_id = accompaniment.partner_id
            self.coop_funded_action_id = (
                self.coop_funded_action_id or accompaniment.funded_action_id
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            member = vals.get("coop_member_id")
            if member and vals.get("partner_ids") is None:
                # The member is invited with the accompagnateur (the calendar's default).
                organiser = self.env["res.users"].browse(vals.get("user_id")) or self.env.user
                vals["partner_ids"] = [
                    Command.link(member),
                    Command.link(organiser.partner_id.id),
                ]
        events = super().create(vals_list)
        # The form sends its invitees (the organiser): the member joins them.
        for event in events.filtered(
            lambda e: e.coop_member_id and e.coop_member_id not in e.partner_ids
        ):
            event.partner_ids |= event.coop_member_id
        return events

    def write(self, vals):
        if (
            "coop_outcome" in vals
            and not (self.env.su or self.env.user.has_group(STAFF))
            and self.filtered("coop_member_id")
        ):
            raise AccessError(
                self.env._(
                    "The accompagnateurs record whether an appointment took place: funders "
                    "count its hours."
                )
            )
        if vals.get("coop_outcome") in ("attended", "absent", "excused"):
            now = fields.Datetime.now()
            future = self.filtered(lambda e: e.start and e.start > now)
            if future:
                raise UserError(
                    self.env._(
                        "%s has not begun: record whether the member came once it has.",
                        future[0].name,
                    )
                )
        return super().write(vals)

    def action_coop_print_summary(self):
        return self.env.ref("coop_accompaniment.action_report_appointment").report_action(self)
