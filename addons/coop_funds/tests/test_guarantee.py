# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from .common import FundsCommon


@freeze_time("2026-06-15")
@tagged("post_install", "-at_install")
class TestGuaranteeClaims(FundsCommon):
    """The guarantee fund covers the activity when a client does not pay, and gets its
    money back when the client pays later."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fund.write({"allow_guarantee": True, "guarantee_delay": 60})
        # 1,000.00 excl. VAT, 1,200.00 owed, due on 15 March: overdue by three months.
        cls.invoice = cls._coop_invoice(cls.activity_wood, [1000.0], date=date(2026, 3, 15))

    def _claim(self, amount, invoice=None):
        request = self._request(amount, kind="guarantee", invoice_id=(invoice or self.invoice).id)
        request.action_submit()
        self._vote(request, "for", "for", "for")
        return request.with_env(self.env)

    def _recoveries(self, claim):
        return claim.movement_ids.filtered(lambda m: m.kind == "repayment" and m.state == "posted")

    def test_a_claim_pays_the_activity_and_the_client_pays_the_fund_back_once(self):
        claim = self._claim(1000.0)
        claim.action_pay(date(2026, 6, 15))
        self.fund.invalidate_recordset()
        self.assertEqual(self.fund.balance, 0.0)
        self.assertEqual(self.invoice.amount_residual, 1200.0, "the receivable stays as it is")
        self._coop_pay(self.invoice, 600.0, date="2026-06-20")
        self.assertEqual(self._recoveries(claim).mapped("amount"), [600.0])
        self.assertEqual(claim.state, "paid")
        self._coop_pay(self.invoice, 600.0, date="2026-06-25")
        self.assertEqual(sorted(self._recoveries(claim).mapped("amount")), [400.0, 600.0])
        self.assertEqual((claim.amount_recovered, claim.state), (1000.0, "closed"))
        self.fund.invalidate_recordset()
        self.assertEqual(self.fund.balance, 1000.0)

    def test_unmatching_the_payment_takes_the_recovery_back(self):
        claim = self._claim(1000.0)
        claim.action_pay(date(2026, 6, 15))
        self._coop_pay(self.invoice, 1200.0, date="2026-06-20")
        self.assertEqual(claim.state, "closed")
        self.invoice.line_ids.filtered(
            lambda ln: ln.account_type == "asset_receivable"
        ).remove_move_reconcile()
        self.assertFalse(self._recoveries(claim))
        self.assertEqual((claim.amount_recovered, claim.state), (0.0, "paid"))
        self.fund.invalidate_recordset()
        self.assertEqual(self.fund.balance, 0.0)

    def test_a_receivable_recorded_as_lost_is_a_real_loss_of_the_activity(self):
        claim = self._claim(1000.0)
        claim.action_pay(date(2026, 6, 15))
        claim.action_write_off_receivable()
        loss = claim.receivable_writeoff_move_id
        self.assertEqual(loss.state, "posted")
        lines = {line.account_id.code[:3]: line.balance for line in loss.line_ids}
        self.assertEqual(lines, {"654": 1000.0, "411": -1000.0})
        self.assertEqual(
            loss.line_ids.filtered(lambda ln: ln.balance > 0).analytic_distribution,
            {str(self.activity_wood.analytic_account_id.id): 100},
        )
        self.assertEqual(self.invoice.amount_residual, 200.0)
        self.assertFalse(self._recoveries(claim), "the loss gives the fund nothing back")
        self._coop_pay(self.invoice, 200.0, date="2026-06-20")
        self.assertEqual(self._recoveries(claim).mapped("amount"), [200.0])

    def test_bad_claims_are_refused(self):
        with self.assertRaisesRegex(UserError, r"still owes 1\W?200[.,]00"):
            self._request(1300.0, kind="guarantee", invoice_id=self.invoice.id).action_submit()
        recent = self._coop_invoice(self.activity_wood, [500.0], date=date(2026, 6, 1))
        with self.assertRaisesRegex(UserError, "not overdue by 60 days yet: claim from 2026-07-31"):
            self._request(500.0, kind="guarantee", invoice_id=recent.id).action_submit()
        self._coop_pay(recent, 600.0, date="2026-06-10")
        with self.assertRaisesRegex(UserError, "is paid: there is nothing left"):
            self._request(500.0, kind="guarantee", invoice_id=recent.id).action_submit()
        with self.assertRaisesRegex(UserError, "Choose the unpaid invoice"):
            self._request(500.0, kind="guarantee").action_submit()
        other = self._coop_invoice(self.activity_web, [500.0], date=date(2026, 3, 1))
        with self.assertRaisesRegex(UserError, "not a posted customer invoice of"):
            self._request(500.0, kind="guarantee", invoice_id=other.id).action_submit()

    def test_a_claim_paid_by_the_client_before_its_payout_is_refused(self):
        claim = self._claim(1000.0)
        self._coop_pay(self.invoice, 1200.0, date="2026-06-14")
        with self.assertRaisesRegex(UserError, "is paid: there is nothing left"):
            claim.action_pay(date(2026, 6, 15))
        self.assertEqual(claim.state, "approved")
        self.assertFalse(claim.movement_ids)

    def test_a_client_paying_after_the_loss_is_a_recovery_that_pays_the_fund_back(self):
        claim = self._claim(1000.0)
        claim.action_pay(date(2026, 6, 15))
        claim.action_write_off_receivable()
        self._coop_pay(self.invoice, 200.0, date="2026-06-20")  # what was not lost
        # Months later the client pays the 1,000.00 written off, unmatched on its account.
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.partner_a.id,
                "amount": 1000.0,
                "date": date(2026, 6, 25),
            }
        )
        payment.action_post()
        line = payment.move_id.line_ids.filtered(lambda ln: ln.account_type == "asset_receivable")
        wizard = self.env["coop.fund.recovery"].create(
            {"request_id": claim.id, "payment_line_id": line.id}
        )
        wizard.action_confirm()
        recovery = claim.movement_ids.filtered(
            lambda m: m.kind == "repayment" and m.state == "posted"
        )
        self.assertEqual(sorted(recovery.mapped("amount")), [200.0, 800.0])
        self.assertEqual(claim.state, "closed")
        self.assertTrue(line.reconciled)
        entry = line.matched_debit_ids.debit_move_id.move_id
        self.assertEqual(
            sorted((ln.account_id.code[:4], ln.balance) for ln in entry.line_ids),
            [("4111", 1000.0), ("7714", -1000.0)],
        )
        with self.assertRaisesRegex(UserError, "unmatched payment"):
            self.env["coop.fund.recovery"].create(
                {"request_id": claim.id, "payment_line_id": line.id}
            ).action_confirm()
