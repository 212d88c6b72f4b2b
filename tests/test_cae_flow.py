"""End to end: a newcomer's path through the CAE, with the books that follow it."""

from datetime import date

from odoo import Command
from odoo.addons.coop_entrepreneur.tests.common import CoopCompanyCommon
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged


@tagged("post_install", "-at_install")
class TestCaeFlow(CoopCompanyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tutor = cls._coop_user("flow_tutor", "coop_entrepreneur.group_coop_tutor")
        entrepreneur = "coop_entrepreneur.group_coop_entrepreneur"
        cls.ines_user = cls._coop_user("flow_ines", entrepreneur, name="Inès Garcia")
        cls.other_user = cls._coop_user("flow_other", entrepreneur, name="Paul Roux")

    def test_from_information_meeting_to_associe(self):
        ines = self.ines_user.partner_id
        # The information meeting: a prospect with a tutor.
        ines.action_coop_enter(date(2025, 1, 13))
        ines.coop_tutor_id = self.tutor
        # The activity is created and the CAPE signed.
        activity = self.env["coop.activity"].create(
            {
                "name": "Traductions Babel",
                "code": "TRAD",
                "naf_code": "74.30Z",
                "member_ids": [Command.set(ines.ids)],
                "tutor_id": self.tutor.id,
                "company_id": self.company.id,
            }
        )
        activity.action_activate()
        employee = self.env["hr.employee"].create(
            {"name": "Inès Garcia", "work_contact_id": ines.id, "company_id": self.company.id}
        )
        contract = self.env["hr.contract"].create(
            {
                "name": "CAPE Inès Garcia",
                "employee_id": employee.id,
                "coop_kind": "cape",
                "coop_activity_id": activity.id,
                "wage": 0,
                "date_start": date(2025, 2, 1),
                "date_end": date(2025, 12, 31),
                "state": "open",
                "company_id": self.company.id,
            }
        )
        self.assertEqual(ines.coop_member_state, "cape")
        # She invoices her first client herself: the activity is hers by default.
        with Form(
            self.env["account.move"]
            .with_user(self.ines_user)
            .with_context(default_move_type="out_invoice")
        ) as form:
            form.partner_id = self.partner_a
            form.invoice_date = date(2025, 6, 2)
            with form.invoice_line_ids.new() as line:
                line.name = "Traduction d'un manuel technique (40 pages)"
                line.price_unit = 2000.0
                line.tax_ids.clear()
                line.tax_ids.add(self.company_data["default_tax_sale"])
        invoice = form.save()
        invoice.action_post()
        self.assertEqual((invoice.coop_activity_id, invoice.amount_total), (activity, 2400.0))
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"payment_date": date(2025, 7, 1)})._create_payments()
        self.assertEqual(invoice.payment_state, "paid")
        # The activity invoices regularly: the CESA contract follows the CAPE.
        contract.state = "close"
        self.env["hr.contract"].create(
            {
                "name": "CESA Inès Garcia",
                "employee_id": employee.id,
                "coop_kind": "cesa",
                "coop_activity_id": activity.id,
                "wage": 1500,
                "date_start": date(2026, 1, 1),
                "state": "open",
                "company_id": self.company.id,
            }
        )
        self.assertEqual(
            (ines.coop_member_state, ines.coop_associate_deadline), ("cesa", date(2029, 1, 1))
        )
        ines.action_coop_make_associate(date(2026, 6, 30))
        self.assertEqual(ines.coop_member_state, "associate")
        # Her account, as she sees it, and nobody else's.
        figures = (
            self.env["coop.activity.account"]
            .with_user(self.ines_user)
            ._read_group(
                [("date", ">=", "2025-01-01"), ("date", "<=", "2025-12-31")],
                ["activity_id"],
                ["turnover:sum", "collected:sum", "treasury:sum", "result:sum"],
            )
        )
        # The cooperative's default contribution (10% of invoiced turnover) came with the invoice.
        contribution = invoice.coop_contribution_ids
        self.assertEqual(
            (
                len(contribution),
                contribution.state,
                contribution.amount,
                contribution.move_id.state,
            ),
            (1, "posted", 200.0, "posted"),
        )
        self.assertEqual(
            figures,
            [(activity.with_user(self.ines_user), 2000.0, 2000.0, 2400.0 - 200.0, 2000.0 - 200.0)],
        )
        with self.assertRaises(AccessError):
            activity.with_user(self.other_user).read(["name"])
        self.assertFalse(
            self.env["coop.activity.account"]
            .with_user(self.other_user)
            .search([("activity_id", "=", activity.id)])
        )
