# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from datetime import date

from openpyxl import load_workbook

from odoo.addons.coop_entrepreneur.tests.common import CoopTestCommon
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestCapitalRegister(CoopTestCommon):
    """Capital shares of 25.00, four to become associé, repaid 24 months after the exit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.share_class = cls.env["coop.share.class"].create(
            {
                "name": "Parts sociales",
                "company_id": cls.company.id,
                "nominal": 25.0,
                "minimum_shares": 4,
                "repayment_delay": 24,
            }
        )
        (cls.camille | cls.hugo).with_context(coop_member_transition=True).write(
            {"coop_member_state": "cesa", "coop_cesa_date": date(2025, 1, 1)}
        )
        cls.Operation = cls.env["coop.capital.operation"]

    def _operation(self, partner, kind, day, shares=0, amount=0.0, **vals):
        values = {
            "partner_id": partner.id,
            "share_class_id": self.share_class.id,
            "company_id": self.company.id,
            "kind": kind,
            "date": day,
            **vals,
        }
        if shares:
            values["shares"] = shares
        if amount:
            values["amount"] = amount
        operation = self.Operation.create(values)
        operation.action_validate()
        return operation

    def _lines(self, operation):
        return sorted(
            (line.account_id.code, line.balance, line.partner_id == operation.partner_id)
            for line in operation.move_id.line_ids
        )

    def _books_equal_register(self, day):
        books = self.Operation._capital_in_books(self.company, day)
        self.assertEqual(books, self.Operation._capital_in_register(self.company, day), day)
        return books

    def test_subscribe_pay_become_associe_leave_and_be_repaid(self):
        subscription = self._operation(self.camille, "subscription", date(2025, 3, 1), shares=4)
        self.assertEqual(subscription.amount, 100.0)
        self.assertEqual(
            self._lines(subscription), [("101200", -100.0, False), ("456250", 100.0, True)]
        )
        payment = self._operation(self.camille, "release", date(2025, 3, 10), amount=100.0)
        outstanding = payment._outstanding_account("debit").code
        self.assertEqual(
            self._lines(payment),
            sorted(
                [
                    ("101200", 100.0, False),
                    ("101300", -100.0, False),
                    ("456250", -100.0, True),
                    (outstanding, 100.0, True),
                ]
            ),
        )
        self.assertRegex(subscription.name, r"^REG/\d{5}$")
        self.assertEqual(int(payment.name[4:]), int(subscription.name[4:]) + 1, "no gap")
        self.assertEqual(
            (
                self.camille.coop_shares,
                self.camille.coop_capital_subscribed,
                self.camille.coop_capital_paid,
            ),
            (4, 100.0, 100.0),
        )
        self.camille.action_coop_make_associate(date(2025, 4, 1))
        self.assertEqual(self.camille.coop_member_state, "associate")
        self.assertEqual(self._books_equal_register(date(2025, 12, 31)), 100.0)
        # She leaves: the exit cancels her 4 shares (the cooperative owes them on 4567) and
        # sets the reminder of their repayment, 24 months later, or earlier by a decision.
        self.camille.action_coop_exit("other", date(2026, 1, 31))
        repayment = self.Operation.search(
            [("partner_id", "=", self.camille.id), ("kind", "=", "repayment")]
        )
        self.assertEqual(
            (repayment.state, repayment.shares, repayment.date, repayment.repayment_date),
            ("validated", 4, date(2026, 1, 31), date(2028, 1, 31)),
        )
        self.assertEqual(
            self._lines(repayment), [("101300", 100.0, False), ("456700", -100.0, True)]
        )
        self.assertEqual(repayment.activity_ids.date_deadline, date(2028, 1, 31))
        self.assertIn("100", repayment.activity_ids.summary)
        self.camille.invalidate_recordset()
        self.assertEqual(self.camille.coop_capital_to_repay, 100.0)
        with self.assertRaisesRegex(UserError, "repaid from 2028-01-31"):
            self._operation(self.camille, "repayment_payment", date(2026, 2, 15), amount=100.0)
        paid = self._operation(
            self.camille,
            "repayment_payment",
            date(2026, 2, 15),
            amount=100.0,
            decision="CA du 28/01/2026",
        )
        self.assertEqual(paid.move_id.state, "posted")
        self.assertEqual(self._books_equal_register(date(2025, 12, 31)), 100.0)
        self.assertEqual(self._books_equal_register(date(2026, 2, 28)), 0.0)
        self.camille.invalidate_recordset()
        self.assertEqual((self.camille.coop_shares, self.camille.coop_capital_to_repay), (0, 0.0))

    def test_shares_transferred_where_the_statutes_allow_it(self):
        self._operation(self.camille, "subscription", date(2025, 3, 1), shares=6)
        self._operation(self.camille, "release", date(2025, 3, 2), amount=150.0)
        transfer = {"transferee_id": self.hugo.id, "decision": "CA du 15/03/2025"}
        with self.assertRaisesRegex(UserError, "do not allow transfers"):
            self._operation(self.camille, "transfer", date(2025, 3, 20), shares=2, **transfer)
        self.share_class.transfer_allowed = True
        with self.assertRaisesRegex(UserError, "holds 6 shares"):
            self._operation(self.camille, "transfer", date(2025, 3, 20), shares=7, **transfer)
        with self.assertRaisesRegex(UserError, "approves the transfer"):
            self._operation(
                self.camille,
                "transfer",
                date(2025, 3, 20),
                shares=2,
                transferee_id=self.hugo.id,
            )
        moved = self._operation(self.camille, "transfer", date(2025, 3, 20), shares=2, **transfer)
        self.assertFalse(moved.move_id, "the capital is the same: no entry")
        self.assertRegex(moved.name, r"^REG/\d{5}$")
        holdings = self.Operation._holdings(self.camille | self.hugo, date(2025, 3, 31))
        self.assertEqual(
            (holdings[self.camille.id]["shares"], holdings[self.camille.id]["paid"]), (4, 100.0)
        )
        self.assertEqual(
            (holdings[self.hugo.id]["shares"], holdings[self.hugo.id]["paid"]), (2, 50.0)
        )
        self.assertEqual(self._books_equal_register(date(2025, 3, 31)), 150.0)

    def test_a_payment_deducted_from_salary_comes_from_the_net_pay_owed(self):
        subscription = self._operation(
            self.camille,
            "subscription",
            date(2025, 3, 1),
            shares=4,
            payment_terms="salary",
            instalment_count=4,
        )
        self.assertEqual(subscription.payment_terms, "salary")
        payslip = self._operation(
            self.camille, "release", date(2025, 3, 31), amount=25.0, payment_method="salary"
        )
        self.assertEqual(
            self._lines(payslip),
            [
                ("101200", 25.0, False),
                ("101300", -25.0, False),
                ("421000", 25.0, True),
                ("456250", -25.0, True),
            ],
        )
        # Leaving with 75.00 unpaid: the cancellation waits in draft for the staff.
        self.camille.action_coop_exit("other", date(2025, 4, 30))
        pending = self.Operation.search(
            [("partner_id", "=", self.camille.id), ("kind", "=", "repayment")]
        )
        self.assertEqual((pending.state, pending.shares), ("draft", 4))
        self.assertIn("not fully paid", pending.message_ids[:1].body)

    def test_becoming_associe_takes_the_statutory_minimum(self):
        self._operation(self.hugo, "subscription", date(2025, 3, 1), shares=3)
        with self.assertRaisesRegex(UserError, "with 4 shares subscribed at least"):
            self.hugo.action_coop_make_associate(date(2025, 4, 1))
        self.assertEqual(self.hugo.coop_member_state, "cesa")
        self._operation(self.hugo, "subscription", date(2025, 3, 5), shares=1)
        self.hugo.action_coop_make_associate(date(2025, 4, 1))
        self.assertEqual(self.hugo.coop_member_state, "associate")

    def test_bad_operations_are_refused_and_the_register_is_never_rewritten(self):
        with self.assertRaisesRegex(UserError, "one share or more"):
            self._operation(self.camille, "subscription", date(2025, 3, 1), shares=-2)
        subscription = self._operation(self.camille, "subscription", date(2025, 3, 1), shares=2)
        with self.assertRaisesRegex(UserError, r"50[.,]00.*pay that much at most"):
            self._operation(self.camille, "release", date(2025, 3, 2), amount=60.0)
        with self.assertRaisesRegex(UserError, "holds 2 shares"):
            self._operation(self.camille, "repayment", date(2025, 3, 3), shares=3, decision="x")
        with self.assertRaisesRegex(UserError, "never changed"):
            subscription.shares = 5
        with self.assertRaisesRegex(UserError, "never deleted"):
            subscription.unlink()
        prospect = self.env["res.partner"].create({"name": "Visiteur"})
        with self.assertRaisesRegex(UserError, "not a member of the cooperative"):
            self._operation(prospect, "subscription", date(2025, 3, 1), shares=4)

    def test_members_read_the_register_and_only_the_staff_keep_it(self):
        self._operation(self.camille, "subscription", date(2025, 3, 1), shares=4)
        Register = self.Operation.with_user(self.user_hugo)
        self.assertEqual(Register.search([]).partner_id, self.camille)
        with self.assertRaises(AccessError):
            Register.create(
                {
                    "partner_id": self.hugo.id,
                    "share_class_id": self.share_class.id,
                    "kind": "subscription",
                    "shares": 100,
                }
            )
        draft = self.Operation.create(
            {
                "partner_id": self.hugo.id,
                "share_class_id": self.share_class.id,
                "company_id": self.company.id,
                "kind": "subscription",
                "shares": 4,
            }
        )
        with self.assertRaisesRegex(AccessError, "staff keep the register"):
            draft.with_user(self.user_tutor).action_validate()

    def test_the_register_printed_and_exported_at_a_date(self):
        self._operation(self.camille, "subscription", date(2025, 3, 1), shares=4)
        self._operation(self.camille, "release", date(2025, 3, 10), amount=100.0)
        self._operation(self.hugo, "subscription", date(2025, 5, 1), shares=2)
        export = self.env["coop.register.export"].create(
            {"date": date(2025, 4, 30), "company_id": self.company.id}
        )
        self.assertEqual(len(export._operations()), 2, "what the register held on that day")
        sheet = load_workbook(io.BytesIO(export._xlsx()))
        rows = list(sheet.worksheets[1].iter_rows(values_only=True))
        self.assertEqual(rows[1][:4], (self.camille.name, 4, 100, 100))
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "coop_governance.report_register", export.ids
        )
        self.assertIn(self.camille.name, html.decode())
        self.assertNotIn(self.hugo.name, html.decode())
