# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import AccompanimentCommon


@tagged("post_install", "-at_install")
class TestPath(AccompanimentCommon):
    """The newcomer's path: stages, the CAPE's limit, milestones from the books."""

    def test_the_cape_limit_is_watched_and_the_accompagnateur_reminded_once(self):
        self.acc_camille.write(
            {
                "stage_ids": [
                    (0, 0, {"stage": "diagnosis", "date": date(2026, 1, 10)}),
                    (0, 0, {"stage": "cape", "date": date(2026, 2, 1)}),
                ]
            }
        )
        self.assertEqual(self.acc_camille.stage, "cape")
        self.assertEqual(self.acc_camille.cape_limit, date(2027, 7, 31), "18 months, to the day")
        with freeze_time("2027-05-15"):
            near = self.Accompaniment.search(
                [*self.Accompaniment._cape_domain(90), ("company_id", "=", self.company.id)]
            )
            self.assertEqual(near, self.acc_camille, "77 days before the limit")
            self.Accompaniment._cron_cape_limit()
            self.Accompaniment._cron_cape_limit()
        todo = self.acc_camille.activity_ids
        self.assertEqual(len(todo), 1, "reminded once")
        self.assertEqual((todo.user_id, todo.date_deadline), (self.user_tutor, date(2027, 5, 15)))
        # Another limit set by the cooperative: 12 months.
        self.company.coop_cape_max_months = 12
        self.assertEqual(self.acc_camille.cape_limit, date(2027, 1, 31))

    def test_a_stage_or_milestone_before_the_start_is_refused(self):
        with self.assertRaises(ValidationError) as refused:
            self.acc_camille.write(
                {"stage_ids": [(0, 0, {"stage": "cape", "date": date(2025, 12, 1)})]}
            )
        self.assertIn("before the accompaniment starts (2026-01-01)", str(refused.exception))
        with self.assertRaises(ValidationError):
            self.env["coop.accompaniment.milestone"].create(
                {
                    "accompaniment_id": self.acc_camille.id,
                    "kind": "first_quote",
                    "date": date(2025, 12, 31),
                }
            )
        self.assertFalse(self.acc_camille.stage_ids)
        self.assertFalse(self.acc_camille.milestone_ids)

    def test_first_invoice_and_turnover_milestones_from_the_books(self):
        self.company.coop_cesa_turnover_threshold = 5000.0
        self._coop_invoice(self.activity_wood, [1200.0], date=date(2026, 2, 20))
        self._coop_invoice(self.activity_wood, [800.0], date=date(2025, 12, 20))  # before
        self.Accompaniment._cron_detect_milestones()
        first = self.acc_camille.milestone_ids
        self.assertEqual((first.kind, first.date), ("first_invoice", date(2026, 2, 20)))
        self.assertFalse(self.acc_camille.activity_ids, "1,200.00 of 5,000.00: not yet")
        self._coop_invoice(self.activity_wood, [3800.0], date=date(2026, 3, 20))
        self.Accompaniment._cron_detect_milestones()
        self.Accompaniment._cron_detect_milestones()
        turnover = self.acc_camille.milestone_ids.filtered(lambda m: m.kind == "turnover")
        self.assertEqual(turnover.amount, 5000.0)
        todo = self.acc_camille.activity_ids
        self.assertEqual(
            (len(todo), todo.summary, todo.user_id), (1, "Propose the CESA", self.user_tutor)
        )
        self.assertFalse(self.acc_hugo.milestone_ids, "Hugo invoiced nothing")

    def test_mentoring_pairs_two_people(self):
        with self.assertRaises(ValidationError):
            self.env["coop.mentoring"].create(
                {"newcomer_id": self.camille.id, "mentor_id": self.camille.id}
            )
        pair = self.env["coop.mentoring"].create(
            {"newcomer_id": self.camille.id, "mentor_id": self.hugo.id, "goals": "Premiers devis"}
        )
        self._appointment(
            self.camille,
            self.now - timedelta(days=3),
            coop_kind="mentoring",
            coop_mentoring_id=pair.id,
        )
        self.assertEqual((pair.name, pair.meeting_count), ("Camille Martin – Hugo Lefèvre", 1))
        self.assertEqual(
            self.env["coop.mentoring"].with_user(self.user_hugo).search([]), pair, "the mentor's"
        )


@tagged("post_install", "-at_install")
class TestAppointments(AccompanimentCommon):
    def test_an_appointment_held_counts_its_hours(self):
        past = self._appointment(self.camille, self.now - timedelta(days=2), hours=1.5)
        self.assertEqual(past.partner_ids, self.camille | self.user_tutor.partner_id)
        self.assertEqual(past.coop_hours, 0.0, "planned: nothing counted yet")
        past.coop_outcome = "attended"
        self.assertEqual(past.coop_hours, 1.5)
        future = self._appointment(self.camille, self.now + timedelta(days=2))
        with self.assertRaisesRegex(UserError, "has not begun"):
            future.coop_outcome = "attended"
        self.assertEqual(future.coop_outcome, "planned")

    def test_the_members_summary_leaves_the_notes_out(self):
        event = self._appointment(
            self.camille,
            self.now - timedelta(days=1),
            coop_objectives="Préparer le premier devis",
            coop_next_actions="Envoyer le devis à la mairie",
            coop_notes="<p>Inquiète pour sa trésorerie</p>",
        )
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "coop_accompaniment.report_appointment", event.ids
        )
        text = html.decode()
        self.assertIn("Envoyer le devis à la mairie", text)
        self.assertNotIn("Inquiète", text)

    def test_an_appointment_ending_before_it_starts_is_refused(self):
        start = self.now + timedelta(days=5)
        with self.assertRaises(ValidationError):
            self.env["calendar.event"].create(
                {
                    "name": "Diagnostic",
                    "start": start,
                    "stop": start - timedelta(hours=1),
                    "coop_member_id": self.camille.id,
                }
            )
        self.assertFalse(
            self.env["calendar.event"].search([("coop_member_id", "=", self.camille.id)])
        )

    def test_who_sees_which_appointment_and_the_notes(self):
        mine = self._appointment(
            self.camille, self.now - timedelta(days=1), coop_notes="<p>Fragile</p>"
        )
        other = self._appointment(
            self.hugo, self.now - timedelta(days=1), user_id=self.user_manager.id
        )
        plain = self.env["calendar.event"].create(
            {"name": "Réunion d'équipe", "start": self.now, "stop": self.now + timedelta(hours=1)}
        )
        Event = self.env["calendar.event"]
        domain = [("id", "in", (mine | other | plain).ids)]
        # The accompagnateur: the members he follows (Camille) and what he organises.
        tutor = Event.with_user(self.user_tutor)
        self.assertEqual(tutor.search(domain), mine | plain)
        self.assertEqual(mine.with_user(self.user_tutor).coop_notes, "<p>Fragile</p>")
        self.assertEqual(
            [g[0] for g in tutor._read_group(domain, ["coop_member_id"], ["__count"])],
            [self.camille, self.env["res.partner"]],
        )
        self.assertEqual(
            {r[0] for r in tutor.name_search("Rendez-vous")},
            {mine.id},
        )
        # Only the accompagnateurs record whether it took place (funders count its hours).
        with self.assertRaisesRegex(AccessError, "record whether an appointment took place"):
            mine.with_user(self.user_camille).coop_outcome = "attended"
        self.assertEqual(mine.coop_outcome, "planned")
        # Camille: her own appointment, without the notes.
        camille = Event.with_user(self.user_camille)
        self.assertEqual(camille.search(domain), mine | plain)
        self.assertEqual(camille.browse(mine.id).read(["coop_objectives"])[0]["id"], mine.id)
        with self.assertRaises(AccessError):
            camille.browse(mine.id).read(["coop_notes"])
        with self.assertRaises(AccessError):
            camille.browse(other.id).read(["name"])
        self.assertEqual(
            [g[0] for g in camille._read_group(domain, ["coop_member_id"], ["__count"])],
            [self.camille, self.env["res.partner"]],
        )
        self.assertFalse(camille.name_search("Rendez-vous Hugo"))
        # The gestionnaire: everything.
        self.assertEqual(Event.with_user(self.user_manager).search(domain), mine | other | plain)

    def test_who_sees_which_accompaniment(self):
        domain = [("id", "in", (self.acc_camille | self.acc_hugo).ids)]
        for user, expected in (
            (self.user_tutor, self.acc_camille),
            (self.user_camille, self.acc_camille),
            (self.user_hugo, self.acc_hugo),
            (self.user_manager, self.acc_camille | self.acc_hugo),
        ):
            with self.subTest(user=user.name):
                Model = self.Accompaniment.with_user(user)
                self.assertEqual(Model.search(domain), expected)
                self.assertEqual(
                    {g[0] for g in Model._read_group(domain, ["partner_id"], ["__count"])},
                    set(expected.partner_id),
                )
                self.assertEqual(
                    {r[0] for r in Model.name_search("", [("id", "in", domain[0][2])])},
                    set(expected.ids),
                )
        with self.assertRaises(AccessError):
            self.acc_hugo.with_user(self.user_camille).read(["date_start"])
        # Nor the stages and milestones of another member's path.
        self.acc_hugo.write(
            {"stage_ids": [(0, 0, {"stage": "diagnosis", "date": date(2026, 1, 5)})]}
        )
        Stage = self.env["coop.accompaniment.stage"]
        domain = [("accompaniment_id", "in", (self.acc_camille | self.acc_hugo).ids)]
        self.assertFalse(Stage.with_user(self.user_camille).search(domain))
        self.assertFalse(Stage.with_user(self.user_tutor).search(domain), "Hugo is not his")
        self.assertEqual(Stage.with_user(self.user_hugo).search(domain), self.acc_hugo.stage_ids)
        with self.assertRaises(AccessError):
            self.acc_hugo.stage_ids.with_user(self.user_camille).read(["note"])
        with self.assertRaises(AccessError):
            self.acc_camille.with_user(self.user_camille).write({"date_start": date(2025, 1, 1)})
        self.assertEqual(self.acc_camille.date_start, fields.Date.to_date("2026-01-01"))
