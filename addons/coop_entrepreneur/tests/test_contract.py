# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import CoopTestCommon


@tagged("post_install", "-at_install")
class TestContract(CoopTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sami = cls.env["res.partner"].create({"name": "Sami Haddad"})
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Sami Haddad", "work_contact_id": cls.sami.id, "company_id": cls.company.id}
        )

    def _contract(self, kind, day, state="draft"):
        return self.env["hr.contract"].create(
            {
                "name": f"{kind.upper()} Sami Haddad",
                "employee_id": self.employee.id,
                "wage": 1650,
                "date_start": day,
                "coop_kind": kind,
                "coop_activity_id": self.activity_web.id,
                "state": state,
                "company_id": self.company.id,
            }
        )

    def test_cape_then_cesa_contracts_move_the_member(self):
        cape = self._contract("cape", date(2025, 3, 1))
        self.assertFalse(self.sami.coop_member_state, "a draft contract moves nobody")
        cape.state = "open"
        self.assertEqual(self.sami.coop_member_state, "cape")
        self.assertEqual(self.sami.coop_entry_date, date(2025, 3, 1))
        self.assertEqual(self.sami.coop_cape_date, date(2025, 3, 1))
        self.assertEqual(self.sami.coop_contract_ids, cape)
        cape.write({"date_end": date(2025, 12, 31), "state": "close"})
        cesa = self._contract("cesa", date(2026, 1, 1))
        cesa.state = "open"
        self.assertEqual(self.sami.coop_member_state, "cesa")
        self.assertEqual(self.sami.coop_cesa_date, date(2026, 1, 1))
        self.assertEqual(self.sami.coop_associate_deadline, date(2029, 1, 1))
        self.assertEqual(self.activity_web.contract_ids, cape | cesa)

    def test_running_cesa_ends_the_running_cape_the_day_before(self):
        cape = self._contract("cape", date(2025, 3, 1), state="open")
        cesa = self._contract("cesa", date(2025, 9, 15), state="open")
        self.assertEqual((cape.state, cape.date_end), ("close", date(2025, 9, 14)))
        self.assertEqual((cesa.state, self.sami.coop_member_state), ("open", "cesa"))

    def test_cesa_starting_with_the_cape_is_refused(self):
        cape = self._contract("cape", date(2025, 3, 1), state="open")
        cesa = self._contract("cesa", date(2025, 3, 1))
        with self.assertRaisesRegex(UserError, "start the CESA on 2025-03-02 or later"):
            cesa.state = "open"
        self.assertEqual((cape.state, cape.date_end), ("open", False))
        self.assertEqual((cesa.state, self.sami.coop_member_state), ("draft", "cape"))

    def test_new_contract_button_opens_the_next_step_with_an_employee(self):
        nora = self.env["res.partner"].create({"name": "Nora Belkacem"})
        action = nora.action_coop_new_contract()
        employee = self.env["hr.employee"].search([("work_contact_id", "=", nora.id)])
        self.assertEqual(len(employee), 1)
        self.assertEqual(
            (action["res_model"], action["context"]["default_employee_id"]),
            ("hr.contract", employee.id),
        )
        self.assertEqual(action["context"]["default_coop_kind"], "cape")
        self.assertEqual(
            nora.action_coop_new_contract()["context"]["default_employee_id"], employee.id
        )

    def test_cesa_contract_for_a_prospect_is_refused(self):
        self.sami.action_coop_enter()
        cesa = self._contract("cesa", date(2026, 1, 1))
        with self.assertRaisesRegex(UserError, "accompanied"):
            cesa.state = "open"
        self.assertEqual(self.sami.coop_member_state, "prospect")

    def test_cape_contract_for_a_former_member_is_refused(self):
        self.sami.action_coop_enter()
        self.sami.action_coop_exit("other")
        with self.assertRaisesRegex(UserError, "new entry"):
            self._contract("cape", date(2026, 2, 1), state="open")
        self.assertEqual(self.sami.coop_member_state, "former")

    def test_other_contracts_move_nobody(self):
        self._contract("other", date(2026, 1, 1), state="open")
        self.assertFalse(self.sami.coop_member_state)

    def test_employee_without_contact_is_explained(self):
        employee = self.env["hr.employee"].create(
            {"name": "Sans contact", "company_id": self.company.id}
        )
        employee.work_contact_id = False
        with self.assertRaisesRegex(UserError, "work contact"):
            self.env["hr.contract"].create(
                {
                    "name": "CESA sans contact",
                    "employee_id": employee.id,
                    "wage": 1500,
                    "coop_kind": "cesa",
                    "state": "open",
                    "company_id": self.company.id,
                }
            )
