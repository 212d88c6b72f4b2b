# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo.tests import HttpCase, tagged

from .common import AccompanimentCommon


@tagged("post_install", "-at_install")
class TestWorkshopTour(AccompanimentCommon, HttpCase):
    """A workshop from a member's registration to the sign-in sheet, in a real browser."""

    def test_a_workshop_from_registration_to_the_sign_in_sheet(self):
        workshop = self._workshop(
            "Atelier Premiers devis", coop_trainer_ids=[(6, 0, self.hugo.ids)]
        )
        session = self._session(
            workshop, self.now + timedelta(days=2), name="Atelier Premiers devis – séance 1"
        )
        self.env["event.registration"].create(
            {"event_id": workshop.id, "name": "Sophie Durand", "email": "sophie@example.com"}
        )
        self.start_tour(
            "/odoo/action-coop_accompaniment.coop_workshop_action_member",
            "coop_workshop_register_tour",
            login=self.user_camille.login,
        )
        registration = workshop.registration_ids.filtered(lambda r: r.partner_id == self.camille)
        self.assertEqual(registration.create_uid, self.user_camille)
        self.assertEqual(
            sorted(session.attendance_ids.mapped("name")), ["Camille Martin", "Sophie Durand"]
        )
        # The session took place.
        session.write(
            {
                "date_begin": self.now - timedelta(hours=4),
                "date_end": self.now - timedelta(hours=1),
            }
        )
        self.start_tour(
            "/odoo/action-coop_accompaniment.coop_workshop_session_action_not_recorded",
            "coop_workshop_attendance_tour",
            login=self.user_tutor.login,
        )
        self.assertEqual(
            {a.name: a.state for a in session.attendance_ids},
            {"Camille Martin": "attended", "Sophie Durand": "excused"},
        )
        self.assertTrue(session.attendance_recorded)
        self.assertEqual(session.analytic_line_ids.unit_amount, 3.0, "Hugo's hours as trainer")
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "coop_accompaniment.report_sign_in_sheet", session.ids
        )
        self.assertIn("Camille Martin", html.decode())
