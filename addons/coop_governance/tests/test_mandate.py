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

    def test_democratic_vitality(self):
        Partner = self.env["res.partner"].with_context(coop_member_transition=True)
        late = Partner.create(
            {
                "name": "CESA depuis 2021",
                "coop_member_state": "cesa",
                "coop_cesa_date": date(2021, 3, 1),
            }
        )
        Partner.create(
            {"name": "CESA récent", "coop_member_state": "cesa", "coop_cesa_date": date(2024, 9, 1)}
        )
        self.associates[:2].write({"coop_cesa_date": date(2019, 1, 1)})
        self.associates[0].coop_associate_date = date(2019, 4, 11)  # 100 days
        self.associates[1].with_context(coop_member_transition=True).coop_associate_date = date(
            2019, 10, 28
        )  # 300 days
        self.env["hr.employee"].create(
            [
                {
                    "name": p.name,
                    "work_contact_id": p.id,
                    "gender": gender,
                    "company_id": self.company.id,
                }
                for p, gender in zip(
                    self.associates, ["female", "female", "male", "female"], strict=True
                )
            ]
        )
        self._mandate(self.associates[2], date(2024, 9, 1))
        vitality = self.env["coop.vitality"].create({"date": date(2025, 6, 1), "years": 3})
        self.assertEqual((vitality.cesa_count, vitality.associate_count), (2, 4))
        self.assertEqual(vitality.associate_share, 50.0, "2 of the 4 salariés (2 CESA + 2 ex-CESA)")
        self.assertEqual(vitality.median_days_to_associate, 200)
        self.assertEqual(vitality.overdue_cesa_ids, late)
        self.assertEqual(vitality.rotation, 25.0)
        self.assertEqual(
            (
                vitality.women_associates,
                vitality.men_associates,
                vitality.men_elected,
                vitality.women_elected,
            ),
            (3, 1, 1, 0),
        )

    def test_new_holders_per_election(self):
        first = self._mandate(self.associates[0], date(2023, 1, 1))
        renewed = self._mandate(self.associates[0], date(2024, 1, 1))
        newcomer = self._mandate(self.associates[1], date(2024, 1, 1))
        self.assertEqual((first.new_holder, renewed.new_holder, newcomer.new_holder), (1, 0, 1))
        groups = self.env["coop.mandate"]._read_group(
            [("body_id", "=", self.board.id)], ["date_start:year"], ["new_holder:sum", "__count"]
        )
        self.assertEqual(
            [(day.year, new, count) for day, new, count in groups], [(2023, 1, 1), (2024, 1, 2)]
        )
