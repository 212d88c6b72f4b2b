# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from datetime import date, datetime, timedelta

from openpyxl import load_workbook

from odoo import sql_db
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import AccompanimentCommon


@tagged("post_install", "-at_install")
class TestStatistics(AccompanimentCommon):
    """Camille (a woman) and Hugo (a man), both entered in 2026; what funders count."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.partner"].search(
            [("coop_entry_date", "!=", False), ("id", "not in", (cls.camille | cls.hugo).ids)]
        ).with_context(coop_member_transition=True).write({"coop_entry_date": False})
        cls.camille.with_context(coop_member_transition=True).write(
            {"coop_entry_date": date(2026, 1, 5), "coop_gender": "female", "zip": "75011"}
        )
        cls.hugo.with_context(coop_member_transition=True).write(
            {"coop_entry_date": date(2026, 2, 1), "coop_gender": "male", "zip": "93100"}
        )
        cls.action = cls.env["coop.funded.action"].create(
            {"name": "Accompagnement Région 2026", "company_id": cls.company.id}
        )
        for member, day, hours, kind in (
            (cls.camille, datetime(2026, 1, 5, 9), 2.0, "diagnosis"),
            (cls.camille, datetime(2026, 3, 2, 9), 1.5, "follow_up"),
            (cls.hugo, datetime(2026, 2, 3, 14), 1.0, "diagnosis"),
        ):
            cls._appointment(member, day, hours, coop_kind=kind).coop_outcome = "attended"
        cls._appointment(cls.hugo, datetime(2026, 4, 3, 14), 1.0).coop_outcome = "absent"
        workshop = cls._workshop(coop_funded_action_id=cls.action.id)
        session = cls._session(workshop, datetime(2026, 3, 10, 9), hours=3.0)
        for partner in (cls.camille, cls.hugo):
            cls.env["event.registration"].create(
                {"event_id": workshop.id, "partner_id": partner.id}
            )
        cls.env["coop.workshop.attendance"].create(
            [
                {"session_id": session.id, "registration_id": r.id, "state": "attended"}
                for r in workshop.registration_ids
            ]
        )
        cls._coop_invoice(cls.activity_wood, [900.0], date=date(2026, 2, 4))  # Camille: 30 days
        meeting = cls.env["event.event"].create(
            {
                "name": "Réunion d'information",
                "event_type_id": cls.env.ref("coop_accompaniment.event_type_information").id,
                "date_begin": datetime(2026, 1, 6, 9),
                "date_end": datetime(2026, 1, 6, 11),
                "company_id": cls.company.id,
            }
        )
        cls.env["event.registration"].create(
            [
                {"event_id": meeting.id, "partner_id": cls.camille.id},
                {"event_id": meeting.id, "name": "Visiteur", "email": "visiteur@example.com"},
            ]
        )
        cls.sheet = cls.env["coop.accompaniment.statistics"].create(
            {
                "name": "Bilan 2026",
                "company_id": cls.company.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )

    def test_the_default_sheet_splits_women_and_men(self):
        figures = self.sheet._figures()

        def row(key):
            return tuple(figures[key][c] for c in ("total", "female", "male", "other"))

        self.assertEqual(row("accompanied"), (2, 1, 1, 0))
        self.assertEqual(row("entries"), (2, 1, 1, 0))
        self.assertEqual(row("appointments"), (3, 2, 1, 0), "the absence is not counted")
        self.assertEqual(row("appointment_hours"), (4.5, 3.5, 1.0, 0))
        self.assertEqual(row("diagnosis"), (2, 1, 1, 0))
        self.assertEqual(row("information"), (1, 0, 0, 0), "meetings held")
        self.assertEqual(row("information_people"), (2, 1, 0, 1), "Camille and a visitor")
        self.assertEqual(row("workshop_participants"), (2, 1, 1, 0))
        self.assertEqual(row("workshop_hours"), (6.0, 3.0, 3.0, 0))
        self.assertEqual(row("workshop_hours_per_participant"), (3.0, 3.0, 3.0, 0))
        self.assertEqual(row("days_to_first_invoice"), (30, 30, 0, 0))
        self.assertIn("<td>People accompanied</td>", self.sheet.figures_html)

    def test_criteria_narrow_the_people(self):
        self.sheet.gender = "female"
        self.assertEqual(self.sheet._figures()["appointments"]["total"], 2)
        self.sheet.write({"gender": False, "territory": "93"})
        self.assertEqual(self.sheet._figures()["accompanied"]["total"], 1)
        self.sheet.write({"territory": False, "partner_domain": "[('zip', '=like', '75%')]"})
        self.assertEqual(self.sheet._figures()["entries"]["male"], 0)
        self.sheet.write({"partner_domain": "[]", "funded_action_id": self.action.id})
        figures = self.sheet._figures()
        self.assertEqual(
            (figures["appointments"]["total"], figures["workshop_hours"]["total"]), (0, 6.0)
        )
        self.sheet.write({"funded_action_id": False, "date_from": date(2026, 3, 1)})
        self.assertEqual(self.sheet._figures()["entries"]["total"], 0)
        with self.assertRaises(ValidationError):
            self.sheet.date_to = date(2025, 1, 1)
            self.sheet.flush_recordset()

    def test_exported_to_xlsx_and_read_only_by_the_staff(self):
        book = load_workbook(io.BytesIO(self.sheet._xlsx()))
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        self.assertEqual(rows[3], ("Figure", "Total", "Women", "Men", "Other or not said"))
        self.assertEqual(rows[4], ("People accompanied", 2, 1, 1, 0))
        with self.assertRaises(AccessError):
            self.sheet.with_user(self.user_camille).read(["name"])

    def test_a_bounded_number_of_queries_whatever_the_network(self):
        def count():
            self.env.invalidate_all()
            before = sql_db.sql_counter
            self.sheet._figures()
            return sql_db.sql_counter - before

        count()  # caches warm up
        small = count()
        people = (
            self.env["res.partner"]
            .with_context(coop_member_transition=True)
            .create(
                [
                    {
                        "name": f"Membre {n}",
                        "coop_entry_date": date(2026, 5, 1),
                        "coop_gender": "female",
                    }
                    for n in range(40)
                ]
            )
        )
        for partner in people:
            self._appointment(partner, datetime(2026, 5, 4, 9) + timedelta(days=1), 1.0)
        self.assertEqual(count(), small)
        self.assertLessEqual(small, 12)
