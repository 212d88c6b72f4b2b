# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import AccompanimentCommon


@tagged("post_install", "-at_install")
class TestCompetences(AccompanimentCommon):
    """Odoo's catalogue of skills (hr_skills) for members who are not all employees."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kind = cls.env["hr.skill.type"].create(
            {
                "name": "Gestion d'activité",
                "skill_ids": [(0, 0, {"name": "Devis"}), (0, 0, {"name": "Trésorerie"})],
                "skill_level_ids": [
                    (0, 0, {"name": "Débutant", "level_progress": 25}),
                    (0, 0, {"name": "Autonome", "level_progress": 75}),
                    (0, 0, {"name": "Expert", "level_progress": 100}),
                ],
            }
        )
        cls.quote, cls.cash = cls.kind.skill_ids.sorted("name")
        cls.beginner, cls.autonomous, cls.expert = cls.kind.skill_level_ids.sorted("level_progress")

    def _grid(self, partner, day, *lines):
        return self.env["coop.competence.grid"].create(
            {
                "partner_id": partner.id,
                "date": day,
                "company_id": self.company.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "skill_type_id": self.kind.id,
                            "skill_id": skill.id,
                            "level_id": level.id,
                            "target_level_id": self.expert.id,
                        },
                    )
                    for skill, level in lines
                ],
            }
        )

    def test_grids_keep_the_history_and_the_cooperative_sees_the_latest(self):
        self._grid(
            self.camille, date(2026, 1, 15), (self.quote, self.beginner), (self.cash, self.beginner)
        )
        self._grid(self.camille, date(2026, 6, 15), (self.quote, self.autonomous))
        self._grid(self.hugo, date(2026, 3, 1), (self.quote, self.expert))
        self.assertEqual(
            len(self.env["coop.competence.grid"].search([("partner_id", "=", self.camille.id)])), 2
        )
        Report = self.env["coop.competence.report"]
        latest = {
            (r.partner_id, r.skill_id): r.level_id
            for r in Report.search([("partner_id", "in", (self.camille | self.hugo).ids)])
        }
        self.assertEqual(
            latest,
            {
                (self.camille, self.quote): self.autonomous,
                (self.camille, self.cash): self.beginner,
                (self.hugo, self.quote): self.expert,
            },
        )
        groups = Report._read_group(
            [("partner_id", "in", (self.camille | self.hugo).ids)],
            ["skill_id"],
            ["level_progress:avg", "__count"],
        )
        self.assertEqual(
            {skill.name: (progress, count) for skill, progress, count in groups},
            {"Devis": (87.5, 2), "Trésorerie": (25.0, 1)},
        )
        # Camille reads her own grids and competences, not Hugo's.
        self.assertEqual(Report.with_user(self.user_camille).search([]).partner_id, self.camille)
        hugo_grid = self.env["coop.competence.grid"].search([("partner_id", "=", self.hugo.id)])
        with self.assertRaises(AccessError):
            hugo_grid.with_user(self.user_camille).read(["date"])

    def test_a_level_of_another_kind_is_refused(self):
        other = self.env["hr.skill.type"].create(
            {
                "name": "Langues",
                "skill_ids": [(0, 0, {"name": "Anglais"})],
                "skill_level_ids": [(0, 0, {"name": "C1", "level_progress": 80})],
            }
        )
        with self.assertRaises(ValidationError):
            self._grid(self.camille, date(2026, 1, 15), (self.quote, other.skill_level_ids))
        self.assertFalse(
            self.env["coop.competence.grid"].search([("partner_id", "=", self.camille.id)])
        )
