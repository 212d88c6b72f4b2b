# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import CoopTestCommon


@tagged("post_install", "-at_install")
class TestMemberPath(CoopTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lea = cls.env["res.partner"].create({"name": "Léa Dubois", "email": "lea@example.com"})

    def _cesa_contract(self, partner, state="open", day="2024-01-01"):
        employee = self.env["hr.employee"].create(
            {"name": partner.name, "work_contact_id": partner.id, "company_id": self.company.id}
        )
        return self.env["hr.contract"].create(
            {
                "name": f"CESA {partner.name}",
                "employee_id": employee.id,
                "wage": 1800,
                "date_start": day,
                "coop_kind": "cesa",
                "state": state,
                "company_id": self.company.id,
            }
        )

    def test_full_path_stamps_each_date(self):
        lea = self.lea
        lea.action_coop_enter(date(2023, 1, 9))
        self.assertEqual(lea.coop_member_state, "prospect")
        self.assertEqual(lea.coop_entry_date, date(2023, 1, 9))
        lea.action_coop_start_cape(date(2023, 2, 1))
        self.assertEqual((lea.coop_member_state, lea.coop_cape_date), ("cape", date(2023, 2, 1)))
        self._cesa_contract(lea, day="2024-01-01")
        self.assertEqual((lea.coop_member_state, lea.coop_cesa_date), ("cesa", date(2024, 1, 1)))
        self.assertEqual(lea.coop_associate_deadline, date(2027, 1, 1))
        lea.action_coop_make_associate(date(2025, 6, 20))
        self.assertEqual(
            (lea.coop_member_state, lea.coop_associate_date), ("associate", date(2025, 6, 20))
        )
        self.assertFalse(lea.coop_associate_deadline, "an associé has no deadline any more")
        lea.action_coop_exit("own_company", day=date(2026, 9, 30), note="Crée sa SARL")
        self.assertEqual(lea.coop_member_state, "former")
        self.assertEqual(
            (lea.coop_exit_date, lea.coop_exit_reason), (date(2026, 9, 30), "own_company")
        )
        # A new entry starts a new path.
        lea.action_coop_enter(date(2026, 11, 2))
        self.assertEqual(lea.coop_member_state, "prospect")
        self.assertEqual(lea.coop_entry_date, date(2026, 11, 2))
        self.assertFalse(lea.coop_exit_date or lea.coop_cesa_date or lea.coop_associate_date)

    def test_exit_wizard_asks_for_reason(self):
        self.lea.action_coop_enter()
        action = self.lea.action_coop_open_exit_wizard()
        wizard = Form(self.env[action["res_model"]].with_context(**action["context"]))
        wizard.reason = "salaried"
        wizard.date = date(2026, 10, 1)
        wizard.save().action_confirm()
        self.assertEqual(self.lea.coop_member_state, "former")
        self.assertEqual(self.lea.coop_exit_reason, "salaried")
        with self.assertRaisesRegex(UserError, "reason"):
            self.camille.action_coop_exit(False)
        self.assertEqual(self.camille.coop_member_state, "prospect")

    def test_state_cannot_be_written_freely(self):
        self.lea.action_coop_enter()
        with self.assertRaisesRegex(UserError, "buttons"):
            self.lea.coop_member_state = "associate"
        self.assertEqual(self.lea.coop_member_state, "prospect")
        with self.assertRaisesRegex(UserError, "prospect"):
            self.env["res.partner"].create({"name": "Intrus", "coop_member_state": "associate"})

    def test_associate_without_ever_being_cesa_is_refused(self):
        self.lea.action_coop_enter()
        self.lea.action_coop_start_cape()
        with self.assertRaisesRegex(UserError, "Never entrepreneur-salarié"):
            self.lea.action_coop_make_associate()
        self.assertEqual(self.lea.coop_member_state, "cape")
        self.assertFalse(self.lea.coop_associate_date)

    def test_cesa_needs_running_cesa_contract(self):
        self.lea.action_coop_enter()
        self.lea.action_coop_start_cape()
        with self.assertRaisesRegex(UserError, "No running CESA contract"):
            self.lea.action_coop_start_cesa()
        self._cesa_contract(self.lea, state="draft")
        with self.assertRaisesRegex(UserError, "No running CESA contract"):
            self.lea.action_coop_start_cesa()
        self.assertEqual(self.lea.coop_member_state, "cape")

    def test_cesa_for_prospect_is_refused(self):
        self.lea.action_coop_enter()
        with self.assertRaisesRegex(UserError, "accompanied"):
            self._cesa_contract(self.lea)
        self.assertEqual(self.lea.coop_member_state, "prospect")
        self.assertFalse(self.env["hr.contract"].search([("coop_member_id", "=", self.lea.id)]))

    def test_former_member_needs_a_new_entry(self):
        self.lea.action_coop_enter()
        self.lea.action_coop_exit("stopped")
        with self.assertRaisesRegex(UserError, "new entry"):
            self.lea.action_coop_start_cape()
        with self.assertRaisesRegex(UserError, "Never entrepreneur-salarié"):
            self.lea.action_coop_make_associate()
        self.assertEqual(self.lea.coop_member_state, "former")
        with self.assertRaisesRegex(UserError, "Already on the path"):
            self.camille.action_coop_enter()

    def test_deadline_filters_and_reminder(self):
        today = fields.Date.context_today(self.env["res.partner"])
        soon, late, far = self.env["res.partner"].create(
            [{"name": n} for n in ("Soon", "Late", "Far")]
        )
        (soon | late | far).action_coop_enter(today - relativedelta(years=5))
        (soon | late | far).action_coop_start_cape(today - relativedelta(years=4))
        for partner, years_ago in (
            (soon, relativedelta(years=2, months=8)),
            (late, relativedelta(years=3, days=1)),
        ):
            self._cesa_contract(partner, day=today - years_ago)
        self._cesa_contract(far, day=today - relativedelta(months=2))
        (soon | late | far).coop_tutor_id = self.user_tutor
        self.assertEqual(
            soon.coop_associate_deadline,
            today - relativedelta(years=2, months=8) + relativedelta(years=3),
        )
        # The search filters of the members' view, as the client evaluates them.
        in_six_months = today + relativedelta(months=6)
        Partner = self.env["res.partner"]
        ids = (soon | late | far).ids
        self.assertEqual(
            Partner.search(
                [
                    ("id", "in", ids),
                    ("coop_associate_deadline", ">=", today),
                    ("coop_associate_deadline", "<=", in_six_months),
                ]
            ),
            soon,
        )
        self.assertEqual(
            Partner.search([("id", "in", ids), ("coop_associate_deadline", "<", today)]), late
        )
        Partner._cron_coop_associate_deadline()
        todo_type = self.env.ref("coop_entrepreneur.mail_activity_type_associate_deadline")
        todos = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", ids),
                ("activity_type_id", "=", todo_type.id),
            ]
        )
        self.assertEqual(sorted(todos.mapped("res_id")), sorted((soon | late).ids))
        self.assertEqual(todos.user_id, self.user_tutor)
        # Running again plans nothing twice.
        Partner._cron_coop_associate_deadline()
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", ids),
                    ("activity_type_id", "=", todo_type.id),
                ]
            ),
            2,
        )

    def test_member_sees_contracts_and_activities(self):
        self.lea.action_coop_enter()
        self.lea.action_coop_start_cape()
        contract = self._cesa_contract(self.lea)
        contract.coop_activity_id = self.activity_wood
        self.activity_wood.member_ids = [Command.link(self.lea.id)]
        self.assertEqual(self.lea.coop_contract_ids, contract)
        self.assertEqual(self.lea.coop_contract_count, 1)
        self.assertIn(self.activity_wood, self.lea.coop_activity_ids)
        self.assertEqual(self.activity_wood.contract_ids, contract)
