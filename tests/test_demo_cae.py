"""The demo CAE is believable and its isolation holds (runs against the demo database)."""

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoCae(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.camille = cls.env.ref("coop_entrepreneur.user_camille_demo", raise_if_not_found=False)
        if not cls.camille:
            cls.skipTest(cls, "demo data is not installed in this database")

    def test_the_demo_cae_works_in_french(self):
        french = self.env["res.lang"]._lang_get("fr_FR")
        self.assertTrue(french.active)
        self.assertEqual(french.date_format, "%d/%m/%Y")
        users = self.camille | self.env.ref("base.user_admin")
        users |= self.env.ref("coop_entrepreneur.user_gestion_demo")
        users |= self.env.ref("coop_entrepreneur.user_accomp_demo")
        self.assertEqual(set(users.mapped("lang")), {"fr_FR"})
        self.assertEqual(self.env.ref("base.main_partner").lang, "fr_FR")
        # Its translations are loaded: the suite's menus and Odoo's own speak French.
        menus = self.env["ir.ui.menu"].with_context(lang="fr_FR")
        self.assertEqual(
            menus.browse(self.env.ref("coop_entrepreneur.coop_menu_root").id).name, "Coopérative"
        )
        self.assertEqual(menus.browse(self.env.ref("account.menu_finance").id).name, "Facturation")

    def test_members_at_every_stage(self):
        states = set(
            self.env["res.partner"]
            .search([("coop_member_state", "!=", False)])
            .mapped("coop_member_state")
        )
        self.assertEqual(states, {"prospect", "cape", "cesa", "associate", "former"})

    def test_eight_activities_with_a_year_of_documents(self):
        activities = self.env["coop.activity"].search(
            [("kind", "=", "activity"), ("company_id", "=", self.env.ref("base.main_company").id)]
        )
        self.assertEqual(len(activities), 8)
        for activity in activities:
            self.assertGreaterEqual(activity.move_count, 3, activity.code)
            posted = activity.move_ids.filtered(lambda m: m.state == "posted")
            self.assertTrue(posted, activity.code)

    def test_camille_sees_only_her_joinery(self):
        Activity = self.env["coop.activity"].with_user(self.camille)
        self.assertEqual(Activity.search([]).mapped("code"), ["BOIS"])
        moves = self.env["account.move"].with_user(self.camille).search([])
        self.assertTrue(moves)
        self.assertEqual(set(moves.mapped("coop_activity_id.code")), {"BOIS"})
        other = self.env["coop.activity"].search([("code", "=", "WEB")], limit=1)
        with self.assertRaises(AccessError):
            other.with_user(self.camille).read(["name"])
