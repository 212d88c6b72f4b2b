# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, tagged

from .common import FundsCommon


@tagged("post_install", "-at_install")
class TestMemberLoans(FundsCommon):
    """A member lends to the investment fund: a real debt of the cooperative, repaid through
    the bank on schedule."""

    def _loan(self, amount=6000.0, **vals):
        return self.env["coop.fund.loan"].create(
            {
                "fund_id": self.fund.id,
                "partner_id": self.hugo.id,
                "amount": amount,
                "date": date(2026, 1, 10),
                "interest_rate": 2.0,
                "term": 3,
                **vals,
            }
        )

    def _lines(self, move):
        return sorted(
            (line.account_id.code, line.balance, bool(line.analytic_distribution))
            for line in move.line_ids
        )

    def test_a_loan_is_a_real_debt_to_the_member_and_feeds_the_fund(self):
        loan = self._loan()
        loan.action_receive()
        self.assertEqual(loan.state, "running")
        self.assertRegex(loan.name, r"^PRET/2026/\d{4}$")
        outstanding = loan._outstanding_account("debit").code
        self.assertEqual(
            self._lines(loan.move_id), [("168800", -6000.0, True), (outstanding, 6000.0, False)]
        )
        self.assertEqual(loan.move_id.line_ids.partner_id, self.hugo)
        self.fund.invalidate_recordset()
        self.assertEqual(self.fund.balance, 7000.0)
        self.assertEqual(self.hugo.coop_fund_loan_owed, 6000.0)
        self.assertEqual(
            [(ln.date, ln.principal, ln.interest) for ln in loan.line_ids],
            [
                (date(2026, 2, 10), 2000.0, 10.0),
                (date(2026, 3, 10), 2000.0, 6.67),
                (date(2026, 4, 10), 2000.0, 3.33),
            ],
        )

    def test_repayments_follow_the_schedule_with_their_interest(self):
        loan = self._loan()
        loan.action_receive()
        with freeze_time("2026-03-15"):
            self.env["coop.fund.loan"]._cron_repay_due()
        self.assertEqual(loan.line_ids.mapped("state"), ["paid", "paid", "due"])
        first = loan.line_ids[0].move_id
        outstanding = loan._outstanding_account("credit").code
        interest = self.company._coop_loan_interest_account().code
        self.assertEqual(interest[:4], "6618")
        self.assertEqual(
            self._lines(first),
            sorted(
                [("168800", 2000.0, True), (interest, 10.0, True), (outstanding, -2010.0, False)]
            ),
        )
        self.hugo.invalidate_recordset()
        self.assertEqual(self.hugo.coop_fund_loan_owed, 2000.0)
        self.assertEqual(loan.amount_owed, 2000.0)
        with freeze_time("2026-04-10"):
            self.env["coop.fund.loan"]._cron_repay_due()
        self.assertEqual(loan.state, "repaid")
        self.fund.invalidate_recordset()
        self.assertEqual(self.fund.balance, 1000.0 - 20.0, "the interest is the fund's charge")

    def test_bad_loans_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "above zero"):
            self._loan(0.0)
        with self.assertRaisesRegex(ValidationError, "one month or more"):
            self._loan(term=0)
        loan = self._loan()
        loan.action_receive()
        with self.assertRaisesRegex(UserError, "already received"):
            loan.action_receive()
        with self.assertRaisesRegex(UserError, "running loan is not changed"):
            loan.amount = 5000.0
        self.company.fiscalyear_lock_date = date(2026, 1, 31)
        with self.assertRaisesRegex(UserError, "locked until 2026-01-31"):
            self._loan(date=date(2026, 1, 20)).action_receive()
        with self.assertRaisesRegex(UserError, "staff record"):
            self._loan().with_user(self.user_hugo).action_receive()
