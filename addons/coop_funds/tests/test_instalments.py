# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import freeze_time, tagged

from .common import FundsCommon


@tagged("post_install", "-at_install")
class TestFundInstalments(FundsCommon):
    def _schedule(self, request):
        return [
            (i.date, i.principal, i.interest, i.amount, i.state) for i in request.instalment_ids
        ]

    def test_an_advance_is_repaid_by_its_instalments_on_their_dates(self):
        request = self._approved(600.0, kind="advance", instalment_count=3)
        request.action_pay(date(2026, 3, 2))
        self.assertEqual(
            self._schedule(request),
            [
                (date(2026, 4, 2), 200.0, 0.0, 200.0, "due"),
                (date(2026, 5, 2), 200.0, 0.0, 200.0, "due"),
                (date(2026, 6, 2), 200.0, 0.0, 200.0, "due"),
            ],
        )
        with freeze_time("2026-05-10"):
            posted = self.env["coop.fund.request"]._cron_post_due_instalments()
        self.assertEqual(len(posted), 2)
        self.assertEqual(request.instalment_ids.mapped("state"), ["paid", "paid", "due"])
        self.assertEqual((request.amount_repaid, request.amount_due), (400.0, 200.0))
        repayment = request.instalment_ids[0].movement_id
        self.assertEqual(
            (repayment.kind, repayment.date, repayment.amount),
            ("repayment", date(2026, 4, 2), 200.0),
        )
        self.assertEqual(
            self._analytic(repayment.move_id, self.account),
            {
                self.activity_wood.analytic_account_id.id: 200.0,
                self.fund.analytic_account_id.id: -200.0,
            },
        )
        with freeze_time("2026-06-03"):
            self.env["coop.fund.request"]._cron_post_due_instalments()
        self.assertEqual(request.state, "closed")
        self.fund.invalidate_recordset()
        self.assertEqual(self.fund.balance, 1000.0)

    def test_a_loan_pays_the_months_interest_on_what_is_left(self):
        self._movement(self.activity_web, 500.0).action_post()
        self.fund.allow_loan = True
        request = self._approved(1200.0, kind="loan", instalment_count=3, interest_rate=12.0)
        request.action_pay(date(2026, 3, 2))
        self.assertEqual(
            [(i.principal, i.interest, i.amount) for i in request.instalment_ids],
            [(400.0, 12.0, 412.0), (400.0, 8.0, 408.0), (400.0, 4.0, 404.0)],
        )
        with freeze_time("2026-07-01"):
            self.env["coop.fund.request"]._cron_post_due_instalments()
        self.assertEqual(request.state, "closed")
        self.assertEqual(request.amount_repaid, 1200.0)
        self.fund.invalidate_recordset()
        self.assertEqual(self.fund.balance, 1524.0)

    def test_an_early_repayment_spreads_the_rest_over_the_instalments_left(self):
        request = self._approved(600.0, kind="advance", instalment_count=3)
        request.action_pay(date(2026, 3, 2))
        with freeze_time("2026-04-05"):
            self.env["coop.fund.request"]._cron_post_due_instalments()
        request.action_repay(100.0, date(2026, 4, 10))
        due = request.instalment_ids.filtered(lambda i: i.state == "due")
        self.assertEqual(
            [(i.date, i.principal) for i in due],
            [(date(2026, 5, 2), 150.0), (date(2026, 6, 2), 150.0)],
        )
        self.assertEqual(request.amount_due, 300.0)

    def test_an_instalment_that_cannot_be_posted_is_in_arrears_with_a_to_do(self):
        request = self._approved(400.0, kind="advance", instalment_count=2)
        request.action_pay(date(2026, 3, 2))
        self.company.fiscalyear_lock_date = date(2026, 4, 30)
        with freeze_time("2026-05-10"):
            self.env["coop.fund.request"]._cron_post_due_instalments()
            late = self.env["coop.fund.request"].search(
                [("id", "=", request.id), ("instalment_ids.late", "=", True)]
            )
        self.assertEqual(late, request)
        # April's is dated in the locked period and stays due; May's is posted.
        self.assertEqual(request.instalment_ids.mapped("state"), ["due", "paid"])
        self.assertEqual(request.amount_due, 200.0)
        todo = request.activity_ids
        self.assertEqual(len(todo), 1)
        self.assertIn("locked until 2026-04-30", todo.note)
        self.assertEqual(todo.user_id, self.fund.responsible_id)

    def test_a_write_off_cancels_the_instalments_left(self):
        request = self._approved(400.0, kind="advance", instalment_count=2)
        request.action_pay(date(2026, 3, 2))
        request.decision_note = "Cessation d'activité"
        request.action_write_off()
        self.assertEqual(request.instalment_ids.mapped("state"), ["cancelled", "cancelled"])
