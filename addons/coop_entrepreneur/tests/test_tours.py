# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import CoopTestCommon


@tagged("post_install", "-at_install")
class TestTours(CoopTestCommon, HttpCase):
    """The web client walked by each role in a real browser (headless Chromium)."""

    def test_manager_signs_cape_then_cesa(self):
        self.start_tour(
            "/odoo/action-coop_entrepreneur.res_partner_action_member",
            "coop_member_path_tour",
            login=self.user_manager.login,
        )
        ines = self.env["res.partner"].search([("email", "=", "ines.garcia@example.com")])
        self.assertEqual(ines.coop_member_state, "cesa")
        cape, cesa = ines.coop_contract_ids.sorted("date_start")
        today = fields.Date.context_today(cape)
        # The CESA follows the CAPE: it starts the next day, and the CAPE ends the day before.
        self.assertEqual(
            (cape.coop_kind, cape.state, cape.date_start, cape.date_end),
            ("cape", "close", today, today),
        )
        self.assertEqual(
            (cesa.coop_kind, cesa.state, cesa.date_start, cesa.date_end),
            ("cesa", "open", today + timedelta(days=1), False),
        )
        self.assertEqual(
            (ines.coop_cape_date, ines.coop_cesa_date), (today, today + timedelta(days=1))
        )
        activity = self.env["coop.activity"].search([("code", "=", "TRAD")])
        self.assertEqual(activity.state, "active")
        self.assertEqual(activity.member_ids, ines)
        self.assertTrue(activity.analytic_account_id)


@tagged("post_install", "-at_install")
class TestCockpitTour(CoopTestCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        invoice = cls._coop_invoice(cls.activity_wood, [10000.0], date=fields.Date.today())
        cls._coop_pay(invoice, 12000.0, date=fields.Date.today())
        cls._coop_invoice(cls.activity_wood, [500.0], date=fields.Date.today())
        cls.env["coop.payroll.rate"].create(
            [
                {"name": "Cotisations A", "employer_rate": 30.0, "employee_rate": 15.0},
                {"name": "Cotisations B", "employer_rate": 12.0, "employee_rate": 7.0},
            ]
        )
        employee = cls.env["hr.employee"].create(
            {"name": "Camille Martin", "work_contact_id": cls.camille.id}
        )
        for kind, start, wage in (
            ("cape", fields.Date.today() - timedelta(days=200), 0.0),
            ("cesa", fields.Date.today() - timedelta(days=30), 1000.0),
        ):
            cls.env["hr.contract"].create(
                {
                    "name": f"{kind.upper()} Camille Martin",
                    "employee_id": employee.id,
                    "wage": wage,
                    "date_start": start,
                    "coop_kind": kind,
                    "coop_activity_id": cls.activity_wood.id,
                    "state": "open",
                }
            )

    def test_camille_simulates_a_salary_from_her_cockpit(self):
        self.start_tour(
            "/odoo/action-coop_entrepreneur.coop_activity_action_cockpit",
            "coop_cockpit_tour",
            login=self.user_camille.login,
        )
        message = self.activity_wood.message_ids[0]
        self.assertEqual(message.body.count("</tr>"), 3, "the header and two months")
        self.assertEqual(message.author_id, self.camille)
        self.assertIn(self.user_tutor.partner_id, message.partner_ids)
