# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common import FundsCommon


@tagged("post_install", "-at_install")
class TestFundsUnderBadInput(FundsCommon):
    """What an entrepreneur could try through the API, and corrections that must keep the
    money exact."""

    def test_an_entrepreneur_cannot_write_a_movements_state_or_reverse_it(self):
        Movement = self.env["coop.fund.movement"].with_user(self.user_camille)
        vals = {
            "fund_id": self.fund.id,
            "kind": "payin",
            "activity_id": self.activity_wood.id,
            "amount": 50.0,
        }
        with self.assertRaisesRegex(AccessError, "starts as a draft"):
            Movement.create({**vals, "state": "posted"})
        payin = Movement.create(vals)
        payin.action_post()
        with self.assertRaisesRegex(AccessError, "not written"):
            payin.state = "draft"
        with self.assertRaisesRegex(AccessError, "staff reverse"):
            payin.action_reverse()
        self.assertEqual(len(payin.sudo().move_ids), 1)

    def test_a_member_cannot_move_their_request_on_by_writing_it(self):
        request = self._request(300.0)
        with self.assertRaisesRegex(AccessError, "by its buttons"):
            request.state = "approved"
        with self.assertRaisesRegex(AccessError, "starts as a draft"):
            self.env["coop.fund.request"].with_user(self.user_camille).create(
                {
                    "fund_id": self.fund.id,
                    "activity_id": self.activity_wood.id,
                    "amount": 10.0,
                    "state": "approved",
                }
            )
        approved = self._approved(300.0, kind="advance", instalment_count=3)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            approved.with_user(self.user_camille).first_instalment_date = date(2030, 1, 1)

    def test_a_committee_member_does_not_write_off_their_own_advance(self):
        request = self._request(300.0, kind="advance", user=self.user_camille)
        request.action_submit()
        self._vote(request, "for", "for", "for")
        request = request.with_env(self.env)
        request.action_pay(date(2026, 3, 2))
        request.decision_note = "Cessation"
        self.fund.committee_user_ids |= self.user_camille
        with self.assertRaisesRegex(UserError, "concerns you or your activity"):
            request.with_user(self.user_camille).action_write_off()
        self.assertEqual(request.state, "repaying")

    def test_reversing_a_payout_or_a_repayment_keeps_the_schedule_exact(self):
        request = self._approved(300.0, kind="advance", instalment_count=3)
        request.action_pay(date(2026, 3, 2))
        with freeze_time("2026-04-05"):
            self.env["coop.fund.request"]._cron_post_due_instalments()
        first = request.instalment_ids[0]
        first.movement_id.action_reverse()
        self.assertEqual(
            (first.state, request.amount_due, request.state), ("due", 300.0, "repaying")
        )
        request.movement_ids.filtered(lambda m: m.kind == "payout").action_reverse()
        self.assertEqual(request.state, "approved")
        self.assertEqual(set(request.instalment_ids.mapped("state")), {"cancelled"})
        request.action_pay(date(2026, 5, 2))
        due = request.instalment_ids.filtered(lambda i: i.state == "due")
        self.assertEqual(sum(due.mapped("principal")), 300.0, "one schedule, not two")

    def test_a_tiny_amount_is_scheduled_in_whole_cents(self):
        request = self._approved(0.05, kind="advance", instalment_count=10)
        request.action_pay(date(2026, 3, 2))
        self.assertEqual(request.instalment_ids.mapped("principal"), [0.01] * 5)

    def test_a_decision_over_a_ceiling_is_a_refusal_that_says_why(self):
        self.fund.max_per_member = 500.0
        first = self._request(400.0)
        second = self._request(400.0)
        (first | second).action_submit()
        self._vote(first, "for", "for", "for")
        self.assertEqual(first.state, "approved")
        self._vote(second, "for", "for", "for")
        self.assertEqual(second.state, "refused")
        self.assertIn("at most 500", second.decision_note)

    def test_a_members_loan_balance_is_the_staffs(self):
        with self.assertRaises(AccessError):
            self.hugo.with_user(self.user_camille).read(["coop_fund_loan_owed"])

    def test_proposing_again_after_confirming_does_not_propose_twice(self):
        self._coop_invoice(self.activity_wood, [2000.0], date=date(2025, 6, 10))
        self.fund.proposal_rate = 5.0
        with freeze_time("2026-02-02"):
            self.fund.action_propose_payins()
            proposals = self.env["coop.fund.proposal"].search([("fund_id", "=", self.fund.id)])
            proposals.action_confirm()
            self.fund.action_propose_payins()
        self.assertEqual(
            self.env["coop.fund.proposal"].search([("fund_id", "=", self.fund.id)]), proposals
        )


@freeze_time("2026-06-15")
@tagged("post_install", "-at_install")
class TestGuaranteeUnderBadInput(FundsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fund.write({"allow_guarantee": True, "guarantee_delay": 60})
        cls.invoice = cls._coop_invoice(cls.activity_wood, [1000.0], date=date(2026, 3, 15))

    def _claim(self, amount):
        request = self._request(amount, kind="guarantee", invoice_id=self.invoice.id)
        request.action_submit()
        return request

    def test_an_invoice_is_not_claimed_twice(self):
        self._claim(800.0)
        with self.assertRaisesRegex(UserError, r"still owes 400[.,]00"):
            self._claim(500.0)

    def test_a_credit_note_is_not_the_client_paying(self):
        claim = self._claim(1000.0)
        self._vote(claim, "for", "for", "for")
        claim = claim.with_env(self.env)
        claim.action_pay(date(2026, 6, 15))
        credit = self.invoice._reverse_moves([{"date": date(2026, 6, 20)}], cancel=True)
        self.assertEqual(credit.state, "posted")
        self.assertFalse(claim.movement_ids.filtered(lambda m: m.kind == "repayment"))
        self.assertEqual(claim.state, "paid")
