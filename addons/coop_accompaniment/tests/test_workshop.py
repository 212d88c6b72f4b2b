# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import format_date

from .common import AccompanimentCommon


@tagged("post_install", "-at_install")
class TestWorkshops(AccompanimentCommon):
    """A workshop of two sessions, one past and one to come, led by Hugo (a member)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.workshop = cls._workshop(coop_trainer_ids=[(6, 0, cls.hugo.ids)])
        Registration = cls.env["event.registration"]
        cls.reg_camille = Registration.create(
            {"event_id": cls.workshop.id, "partner_id": cls.camille.id}
        )
        cls.reg_guest = Registration.create(
            {"event_id": cls.workshop.id, "name": "Sophie Durand", "email": "sophie@example.com"}
        )
        # The first session recorded after the fact, the second to come.
        cls.past = cls._session(cls.workshop, cls.now - timedelta(days=7))
        cls.coming = cls._session(cls.workshop, cls.now + timedelta(days=7), hours=2.5)

    def test_each_session_has_its_own_attendance(self):
        self.assertEqual(self.past.trainer_ids, self.hugo, "the workshop's trainers by default")
        for session in (self.past, self.coming):
            self.assertEqual(
                sorted(session.attendance_ids.mapped("name")), ["Camille Martin", "Sophie Durand"]
            )
        guest = self.past.attendance_ids.filtered(lambda a: a.name == "Sophie Durand")
        self.assertFalse(guest.partner_id, "an external participant without an account")
        not_recorded = self.env["coop.workshop.session"].search(
            [
                ("event_id", "=", self.workshop.id),
                ("date_end", "<", self.now),
                ("attendance_recorded", "=", False),
            ]
        )
        self.assertEqual(not_recorded, self.past)
        self.past.attendance_ids.filtered(lambda a: a.partner_id == self.camille).state = "attended"
        self.assertFalse(self.past.attendance_recorded, "Sophie's line is not recorded yet")
        guest.state = "excused"
        self.assertTrue(self.past.attendance_recorded)
        self.assertEqual(self.past.attended_count, 1)
        with self.assertRaisesRegex(UserError, "has not begun"):
            self.coming.attendance_ids[0].state = "attended"
        self.assertEqual(set(self.coming.attendance_ids.mapped("state")), {"registered"})

    def test_a_late_registration_joins_the_sessions_to_come(self):
        late = self.env["event.registration"].create(
            {"event_id": self.workshop.id, "name": "Karim Haddad", "email": "karim@example.com"}
        )
        self.assertEqual(late.coop_attendance_ids.session_id, self.coming)

    def test_a_participant_is_once_on_a_session(self):
        with self.assertRaisesRegex(ValidationError, "Camille Martin is already on this session"):
            self.env["coop.workshop.attendance"].create(
                {"session_id": self.past.id, "registration_id": self.reg_camille.id}
            )
        self.assertEqual(len(self.past.attendance_ids), 2)

    def test_the_trainers_hours_count_for_their_activity(self):
        self.past.action_mark_all_attended()
        line = self.past.analytic_line_ids
        column = self.env["coop.activity"]._coop_analytic_plan()._column_name()
        self.assertEqual(
            (line.unit_amount, line.amount, line[column], line.partner_id),
            (3.0, 0.0, self.activity_web.analytic_account_id, self.hugo),
        )
        self.past.date_end = self.past.date_begin + timedelta(hours=4)
        self.assertEqual(self.past.analytic_line_ids.unit_amount, 4.0, "rewritten, not added")
        self.assertEqual(
            self.env["account.analytic.line"].search_count(
                [("coop_session_id", "=", self.past.id)]
            ),
            1,
        )

    def test_the_sign_in_sheet_says_title_place_date_start_and_end(self):
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "coop_accompaniment.report_sign_in_sheet", self.past.ids
        )
        text = html.decode()
        for expected in (
            "Atelier Devis et factures",
            "Salle Jean Jaurès",
            "Camille Martin",
            "Sophie Durand",
            "Signature",
        ):
            self.assertIn(expected, text)
        begin = fields.Datetime.context_timestamp(self.past, self.past.date_begin)
        end = fields.Datetime.context_timestamp(self.past, self.past.date_end)
        self.assertIn(format_date(self.env, begin.date()), text)
        self.assertIn(begin.strftime("%H:%M"), text)
        self.assertIn(end.strftime("%H:%M"), text)

    def test_sign_up_open_or_closed_and_who_sees_which_workshop(self):
        closed = self._workshop("Formation comptabilité", coop_signup_open=False)
        other = self._workshop("Atelier réservé")
        self.env["event.registration"].create({"event_id": other.id, "partner_id": self.hugo.id})
        other.coop_signup_open = False
        Registration = self.env["event.registration"].with_user(self.user_camille)
        with self.assertRaisesRegex(AccessError, "Sign-up to Formation comptabilité is closed"):
            Registration.create({"event_id": closed.id, "partner_id": self.camille.id})
        Event = self.env["event.event"].with_user(self.user_camille)
        domain = [("id", "in", (self.workshop | closed | other).ids)]
        self.assertEqual(Event.search(domain), self.workshop, "open, and registered to")
        self.assertEqual(
            [g[0] for g in Event._read_group(domain, ["coop_is_workshop"], ["__count"])], [True]
        )
        self.assertEqual({r[0] for r in Event.name_search("Atelier")}, set(self.workshop.ids))
        self.assertEqual(Registration.search([("event_id", "in", domain[0][2])]), self.reg_camille)
        with self.assertRaises(AccessError):
            other.with_user(self.user_camille).read(["name"])
        # Staff register anyone, even when sign-up is closed.
        self.env["event.registration"].with_user(self.user_tutor).create(
            {"event_id": closed.id, "partner_id": self.camille.id}
        )

    def test_the_monthly_meeting_is_planned_on_the_same_weekday(self):
        monthly = self._workshop("Réunion mensuelle des membres", coop_monthly=True)
        first = self._session(monthly, datetime(2027, 1, 7, 18, 0), hours=2.0)  # 1st Thursday
        monthly.action_coop_plan_monthly(months=3)
        days = [s.date_begin for s in monthly.coop_session_ids.sorted("date_begin")]
        self.assertEqual(
            days,
            [
                first.date_begin,
                datetime(2027, 2, 4, 18, 0),
                datetime(2027, 3, 4, 18, 0),
                datetime(2027, 4, 1, 18, 0),
            ],
        )
        with self.assertRaisesRegex(UserError, "mark it as held every month"):
            self.workshop.action_coop_plan_monthly()

    def test_information_meeting_conversion(self):
        meeting = self.env["event.event"].create(
            {
                "name": "Réunion d'information",
                "event_type_id": self.env.ref("coop_accompaniment.event_type_information").id,
                "date_begin": datetime(2025, 12, 10, 9, 0),
                "date_end": datetime(2025, 12, 10, 11, 0),
            }
        )
        visitor = self.env["res.partner"].create({"name": "Visiteur"})
        self.env["event.registration"].create(
            [
                {"event_id": meeting.id, "partner_id": partner.id}
                for partner in (self.camille, visitor)
            ]
        )
        self.assertEqual(meeting.coop_converted_count, 1, "Camille entered the path since")
