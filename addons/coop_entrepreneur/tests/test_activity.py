# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CoopTestCommon


@tagged("post_install", "-at_install")
class TestActivity(CoopTestCommon):
    def test_activity_gets_its_analytic_account_in_the_activities_plan(self):
        account = self.activity_wood.analytic_account_id
        self.assertEqual(account.plan_id, self.plan)
        self.assertEqual((account.name, account.code), ("Atelier Bois Vivant", "BOIS"))
        self.assertEqual(account.company_id, self.company)
        self.assertEqual(self.activity_wood.display_name, "[BOIS] Atelier Bois Vivant")

    def test_analytic_account_follows_name_code_and_archiving(self):
        self.activity_wood.write({"name": "Atelier Chêne", "code": "CHENE"})
        account = self.activity_wood.analytic_account_id
        self.assertEqual((account.name, account.code), ("Atelier Chêne", "CHENE"))
        self.activity_wood.active = False
        self.assertFalse(account.active)
        self.activity_wood.active = True
        self.assertTrue(account.active)

    def test_code_is_unique_per_company(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["coop.activity"].create(
                {"name": "Autre bois", "code": "BOIS", "company_id": self.company.id}
            )
        other_company = self.setup_other_company()["company"]
        other = self.env["coop.activity"].create(
            {"name": "Bois ailleurs", "code": "BOIS", "company_id": other_company.id}
        )
        self.assertEqual(other.analytic_account_id.company_id, other_company)

    def test_structure_activity_is_unique_and_exists(self):
        self.assertEqual(self.structure.kind, "structure")
        self.assertEqual(self.structure.state, "active")
        self.assertEqual(self.structure.analytic_account_id.plan_id, self.plan)
        with self.assertRaisesRegex(ValidationError, "structure activity"):
            self.env["coop.activity"].create(
                {
                    "name": "Second",
                    "code": "STRUCT2",
                    "kind": "structure",
                    "company_id": self.company.id,
                }
            )

    def test_salary_accounts_default_to_pcg_641_and_645(self):
        codes = sorted(self.company.coop_salary_account_ids.mapped("code"))
        self.assertTrue(codes)
        self.assertTrue(all(code[:3] in ("641", "645") for code in codes), codes)
        self.assertIn("641100", codes)

    def test_naf_code_format(self):
        with self.assertRaisesRegex(ValidationError, "16.23Z"):
            self.activity_wood.naf_code = "1623"
        self.activity_wood.naf_code = "85.59A"
        self.assertEqual(self.activity_wood.naf_code, "85.59A")

    def test_state_buttons(self):
        self.assertEqual(self.activity_wood.state, "active")
        self.assertTrue(self.activity_wood.date_start)
        self.activity_wood.action_suspend()
        self.assertEqual(self.activity_wood.state, "suspended")
        with self.assertRaisesRegex(UserError, "Cannot become Suspended"):
            self.activity_wood.action_suspend()
        self.activity_wood.action_activate()
        self.activity_wood.action_close()
        self.assertEqual(self.activity_wood.state, "closed")
        self.assertTrue(self.activity_wood.date_end)
        self.activity_wood.action_reopen()
        self.assertEqual(self.activity_wood.state, "active")
        self.assertFalse(self.activity_wood.date_end)

    def test_closing_with_draft_documents_lists_them(self):
        draft = self._coop_invoice(self.activity_wood, [100.0], post=False)
        bill = self._coop_invoice(self.activity_wood, [50.0], move_type="in_invoice", post=False)
        with self.assertRaises(UserError) as error:
            self.activity_wood.action_close()
        self.assertIn(draft.display_name, str(error.exception))
        self.assertIn(bill.display_name, str(error.exception))
        self.assertEqual(self.activity_wood.state, "active")
        draft.action_post()
        bill.unlink()
        self.activity_wood.action_close()
        self.assertEqual(self.activity_wood.state, "closed")

    def test_used_activity_cannot_be_deleted(self):
        self._coop_invoice(self.activity_web, [10.0])
        with self.assertRaisesRegex(UserError, "has been used"):
            self.activity_web.unlink()
        draft = self.env["coop.activity"].create(
            {"name": "Essai", "code": "ESSAI", "company_id": self.company.id}
        )
        account = draft.analytic_account_id
        draft.unlink()
        self.assertFalse(account.exists())

    def test_members_and_tutor(self):
        self.activity_wood.member_ids = [Command.link(self.hugo.id)]
        self.assertEqual(self.activity_wood.member_ids, self.camille | self.hugo)
        self.assertIn(self.activity_wood, self.hugo.coop_activity_ids)
