# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

STAFF = "coop_entrepreneur.group_coop_tutor"
PRESENCE = [
    ("registered", "Registered"),
    ("attended", "Attended"),
    ("absent", "Absent"),
    ("excused", "Excused"),
]


class EventEvent(models.Model):
    """A workshop or a training is an Odoo event with sessions of its own, each with its
    own attendance; members or staff train; a funded action may pay for it."""

    _inherit = "event.event"

    coop_is_workshop = fields.Boolean("Workshop of the cooperative")
    coop_trainer_ids = fields.Many2many(
        "res.partner",
        "coop_workshop_trainer_rel",
        "event_id",
        "partner_id",
        string="Trainers",
        help="Members or staff who lead the workshop; a member's hours count for their activity.",
    )
    coop_funded_action_id = fields.Many2one("coop.funded.action", string="Funded action")
    coop_signup_open = fields.Boolean(
        "Sign-up open",
        default=True,
        help="Members register themselves; closed: only the staff register participants.",
    )
    coop_monthly = fields.Boolean(
        "Every month",
        help="A recurring workshop (the monthly meeting of all members): its sessions are "
        "planned month by month on the same weekday of the month as the first one.",
    )
    coop_session_ids = fields.One2many("coop.workshop.session", "event_id", string="Sessions")
    coop_session_count = fields.Integer(compute="_compute_coop_session_count")
    coop_converted_count = fields.Integer(
        "Became members",
        compute="_compute_coop_converted_count",
        help="People registered who entered the cooperative's path on or after this day.",
    )

    coop_registered = fields.Boolean(
        "Registered", compute="_compute_coop_registered", help="The current user is registered."
    )

    def _compute_coop_registered(self):
        partner = self.env.user.partner_id
        for event in self:
            event.coop_registered = bool(
                event.registration_ids.filtered(
                    lambda r: r.partner_id == partner and r.state != "cancel"
                )
            )

    def action_coop_register_me(self):
        """A member signs up for a workshop open to sign-up."""
        self.ensure_one()
        if self.coop_registered:
            raise UserError(self.env._("You are registered to %s already.", self.name))
        self.env["event.registration"].create(
            {"event_id": self.id, "partner_id": self.env.user.partner_id.id}
        )
        return True

    def _compute_coop_converted_count(self):
        for event in self:
            day = fields.Date.to_date(event.date_begin)
            partners = event.registration_ids.filtered(lambda r: r.state != "cancel").partner_id
            event.coop_converted_count = (
                len(
                    partners.sudo().filtered(
                        lambda p, d=day: p.coop_entry_date and p.coop_entry_date >= d
                    )
                )
                if day
                else 0
            )

    def _compute_coop_session_count(self):
        counts = dict(
            self.env["coop.workshop.session"]._read_group(
                [("event_id", "in", self.ids)], ["event_id"], ["__count"]
            )
        )
        for event in self:
            event.coop_session_count = counts.get(event, 0)

    def action_coop_plan_monthly(self, months=12):
        """The next ``months`` sessions of a monthly workshop, on the same weekday of the
        month as its last session (the first Thursday, say), at the same hours."""
        for event in self:
            last = event.coop_session_ids.sorted("date_begin")[-1:]
            if not event.coop_monthly or not last:
                raise UserError(
                    self.env._(
                        "%s: plan its first session, and mark it as held every month.", event.name
                    )
                )
            begin = last.date_begin
            rank = (begin.day - 1) // 7
            weekday = begin.weekday()
            length = last.date_end - last.date_begin
            vals_list = []
            for month in range(1, months + 1):
                first = (begin + relativedelta(months=month)).replace(day=1)
                day = first + relativedelta(days=(weekday - first.weekday()) % 7 + 7 * rank)
                if day.month != first.month:  # a fifth Thursday that month lacks
                    day -= relativedelta(days=7)
                vals_list.append(
                    {
                        "event_id": event.id,
                        "name": f"{event.name} – {day.strftime('%m/%Y')}",
                        "date_begin": day,
                        "date_end": day + length,
                        "place": last.place,
                        "trainer_ids": [(6, 0, last.trainer_ids.ids)],
                    }
                )
            self.env["coop.workshop.session"].create(vals_list)
        return True

    def action_coop_view_sessions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_accompaniment.coop_workshop_session_action"
        )
        action["domain"] = [("event_id", "=", self.id)]
        action["context"] = {"default_event_id": self.id}
        return action


class EventRegistration(models.Model):
    """A participant of a workshop, a member or someone from outside without an account
    (name and email only): registered to each of its sessions."""

    _inherit = "event.registration"

    coop_attendance_ids = fields.One2many(
        "coop.workshop.attendance", "registration_id", string="Attendance"
    )

    @api.model_create_multi
    def create(self, vals_list):
        events = self.env["event.event"].sudo().browse([vals.get("event_id") for vals in vals_list])
        if not self.env.su and not self.env.user.has_group(STAFF):
            closed = events.filtered(lambda e: e.coop_is_workshop and not e.coop_signup_open)
            if closed:
                raise AccessError(
                    self.env._(
                        "Sign-up to %s is closed: ask the cooperative's staff.", closed[0].name
                    )
                )
        registrations = super().create(vals_list)
        registrations._coop_register_to_sessions()
        return registrations

    def _coop_register_to_sessions(self, sessions=None):
        """Each confirmed registration of a workshop goes on the sheet of ``sessions``
        (all of them: a session recorded after the fact), or, for a new registration, of
        each session of its workshop that has not ended."""
        now = fields.Datetime.now()
        vals_list = []
        for registration in self.filtered(
            lambda r: r.event_id.coop_is_workshop and r.state in ("open", "done")
        ):
            if sessions is None:
                targets = registration.event_id.coop_session_ids.filtered(
                    lambda s, n=now: s.date_end >= n
                )
            else:
                targets = sessions.filtered(lambda s, r=registration: s.event_id == r.event_id)
            known = registration.coop_attendance_ids.session_id
            vals_list += [
                {"session_id": session.id, "registration_id": registration.id}
                for session in targets - known
            ]
        self.env["coop.workshop.attendance"].sudo().create(vals_list)


class CoopWorkshopSession(models.Model):
    """One session of a workshop: its date, hours, place and trainers, and who came."""

    _name = "coop.workshop.session"
    _description = "Workshop session"
    _order = "date_begin, id"

    name = fields.Char(required=True)
    event_id = fields.Many2one(
        "event.event", string="Workshop", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="event_id.company_id", store=True)
    date_begin = fields.Datetime("Start", required=True)
    date_end = fields.Datetime("End", required=True)
    place = fields.Char(help="Where it takes place: a room, an address, a video link.")
    trainer_ids = fields.Many2many(
        "res.partner",
        "coop_workshop_session_trainer_rel",
        "session_id",
        "partner_id",
        string="Trainers",
    )
    funded_action_id = fields.Many2one(related="event_id.coop_funded_action_id", store=True)
    hours = fields.Float(compute="_compute_hours", store=True)
    attendance_ids = fields.One2many(
        "coop.workshop.attendance", "session_id", string="Attendance sheet"
    )
    attendance_recorded = fields.Boolean(
        compute="_compute_attendance_recorded",
        store=True,
        help="Everyone on the sheet is marked attended, absent or excused.",
    )
    attended_count = fields.Integer("Attended", compute="_compute_attendance_recorded", store=True)
    analytic_line_ids = fields.One2many(
        "account.analytic.line",
        "coop_session_id",
        string="Trainer hours",
        groups="account.group_account_readonly",
    )

    _sql_constraints = [
        ("dates", "CHECK(date_end > date_begin)", "A session ends after it begins.")
    ]

    @api.depends("date_begin", "date_end")
    def _compute_hours(self):
        for session in self:
            if session.date_begin and session.date_end:
                session.hours = (session.date_end - session.date_begin).total_seconds() / 3600
            else:
                session.hours = 0.0

    @api.depends("attendance_ids.state")
    def _compute_attendance_recorded(self):
        for session in self:
            states = session.attendance_ids.mapped("state")
            session.attendance_recorded = bool(states) and "registered" not in states
            session.attended_count = states.count("attended")

    @api.constrains("date_begin", "date_end")
    def _check_dates(self):
        for session in self:
            if session.date_end <= session.date_begin:
                raise ValidationError(self.env._("%s ends before it begins.", session.name))

    @api.model_create_multi
    def create(self, vals_list):
        sessions = super().create(vals_list)
        for event, event_sessions in sessions.grouped("event_id").items():
            untrained = event_sessions.filtered(lambda s: not s.trainer_ids)
            if untrained and event.coop_trainer_ids:
                untrained.trainer_ids = event.coop_trainer_ids
            event.registration_ids._coop_register_to_sessions(event_sessions)
        return sessions

    def write(self, vals):
        result = super().write(vals)
        if set(vals) & {"date_begin", "date_end", "trainer_ids"}:
            self.sudo().filtered("analytic_line_ids")._coop_post_trainer_hours()
        return result

    def action_mark_all_attended(self):
        """The whole sheet attended (then mark the absent ones)."""
        self.attendance_ids.filtered(lambda a: a.state == "registered").write({"state": "attended"})
        return True

    def action_print_sign_in_sheet(self):
        return self.env.ref("coop_accompaniment.action_report_sign_in_sheet").report_action(self)

    def _coop_post_trainer_hours(self):
        """The hours a member spends training others, counted on their activity's
        analytic account (a quantity of hours, no amount): written once the attendance is
        recorded, rewritten when the session changes."""
        Line = self.env["account.analytic.line"].sudo()
        Activity = self.env["coop.activity"].sudo()
        column = Activity._coop_analytic_plan()._column_name()
        hour = self.env.ref("uom.product_uom_hour")
        for session in self.sudo():
            session.analytic_line_ids.unlink()
            if not session.attendance_recorded:
                continue
            vals_list = []
            for trainer in session.trainer_ids:
                activity = Activity.search(
                    [
                        ("member_ids", "=", trainer.id),
                        ("state", "=", "active"),
                        ("company_id", "=", session.company_id.id),
                    ],
                    limit=1,
                )
                if not activity.analytic_account_id:
                    continue
                vals_list.append(
                    {
                        "name": self.env._("Training: %s", session.name),
                        "date": fields.Date.to_date(session.date_begin),
                        "amount": 0.0,
                        "unit_amount": session.hours,
                        "product_uom_id": hour.id,
                        "partner_id": trainer.id,
                        "company_id": session.company_id.id,
                        "coop_session_id": session.id,
                        column: activity.analytic_account_id.id,
                    }
                )
            Line.create(vals_list)


class CoopWorkshopAttendance(models.Model):
    """A participant on a session's sheet: registered, then attended, absent or excused."""

    _name = "coop.workshop.attendance"
    _description = "Attendance at a workshop session"
    _order = "session_id, name, id"

    session_id = fields.Many2one(
        "coop.workshop.session", required=True, ondelete="cascade", index=True
    )
    registration_id = fields.Many2one(
        "event.registration", string="Participant", required=True, ondelete="cascade", index=True
    )
    event_id = fields.Many2one(related="session_id.event_id", store=True, index=True)
    partner_id = fields.Many2one(related="registration_id.partner_id", store=True, index=True)
    name = fields.Char(related="registration_id.name", store=True)
    date_begin = fields.Datetime(related="session_id.date_begin", store=True, index=True)
    hours = fields.Float(related="session_id.hours", store=True)
    state = fields.Selection(PRESENCE, required=True, default="registered")

    _sql_constraints = [
        (
            "registration_uniq",
            "unique(session_id, registration_id)",
            "A participant is once on a session's sheet.",
        )
    ]

    @api.model_create_multi
    def create(self, vals_list):
        keys = [(vals.get("session_id"), vals.get("registration_id")) for vals in vals_list]
        existing = self.sudo().search(
            [
                ("session_id", "in", [key[0] for key in keys]),
                ("registration_id", "in", [key[1] for key in keys]),
            ]
        )
        taken = {(a.session_id.id, a.registration_id.id) for a in existing}
        twice = [key for key in keys if key in taken or keys.count(key) > 1]
        if twice:
            registration = self.env["event.registration"].sudo().browse(twice[0][1])
            raise ValidationError(
                self.env._(
                    "%s is already on this session's sheet: once is enough.", registration.name
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("state", "registered") != "registered":
            now = fields.Datetime.now()
            future = self.filtered(lambda a: a.session_id.date_begin > now)
            if future:
                raise UserError(
                    self.env._(
                        "%s has not begun: record the attendance once it has.",
                        future[0].session_id.name,
                    )
                )
        sessions = self.session_id
        result = super().write(vals)
        if "state" in vals:
            sessions._coop_post_trainer_hours()
        return result


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    coop_session_id = fields.Many2one(
        "coop.workshop.session",
        string="Workshop session",
        index="btree_not_null",
        ondelete="cascade",
        help="The session whose trainer's hours this line counts.",
    )
