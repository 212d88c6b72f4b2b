# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager
from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import freeze_time, tagged

from .common import GovernanceCommon


@tagged("post_install", "-at_install")
class TestMandates(GovernanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.associates = (
            cls.env["res.partner"]
            .with_context(coop_member_transition=True)
            .create(
                [
                    {
                        "name": f"Associé {index}",
                        "coop_member_state": "associate",
                        "coop_associate_date": date(2020, 1, 1),
                    }
                    for index in range(4)
                ]
            )
        )
        cls.board = cls.env["coop.body"].create(
            {
                "name": "Conseil d'administration",
                "company_id": cls.company.id,
                "seats": 2,
                "term_months": 12,
                "max_consecutive_terms": 2,
            }
        )

    @contextmanager
    def refused(self, text):
        """Odoo's assertRaises rolls the refused creation back (a constraint runs after it)."""
        with self.assertRaises(ValidationError) as caught:
            yield
        self.assertIn(text, str(caught.exception))

    def _mandate(self, partner, start):
        return self.env["coop.mandate"].create(
            {"body_id": self.board.id, "partner_id": partner.id, "date_start": start}
        )

    def test_a_term_ends_with_the_statutes_and_seats_are_counted(self):
        first = self._mandate(self.associates[0], date(2024, 1, 1))
        self.assertEqual(first.date_end, date(2024, 12, 31))
        self._mandate(self.associates[1], date(2024, 3, 1))
        with self.refused("2 seats: all are held on 2024-06-01"):
            self._mandate(self.associates[2], date(2024, 6, 1))
        self._mandate(self.associates[2], date(2025, 1, 1))

    def test_consecutive_terms_within_the_statutes_limit(self):
        member = self.associates[0]
        self._mandate(member, date(2023, 1, 1))
        self._mandate(member, date(2024, 1, 1))
        with self.refused("3 consecutive terms"):
            self._mandate(member, date(2025, 1, 1))
        self._mandate(member, date(2025, 1, 2))  # a day apart: not consecutive

    def test_rotation_and_reminders(self):
        self._mandate(self.associates[0], date(2025, 1, 1))
        self._mandate(self.associates[1], date(2021, 1, 1))
        rotation = self.env["coop.mandate"]._rotation(self.company, 3, date(2025, 6, 1))
        self.assertEqual(rotation, 0.25, "one associé of four over the last three years")
        with freeze_time("2025-11-15"):
            ending = self.env["coop.mandate"]._cron_remind_ending()
            self.env["coop.mandate"]._cron_remind_ending()
        self.assertEqual(ending.partner_id, self.associates[0])
        self.assertEqual(len(ending.activity_ids), 1, "reminded once")
