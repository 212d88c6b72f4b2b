# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import FundsCommon


@tagged("post_install", "-at_install")
class TestFundRequests(FundsCommon):
    def test_a_grant_from_the_members_form_to_the_payout(self):
        request = self._request(600.0)
        self.assertEqual(request.state, "draft")
        request.action_submit()
        self.assertEqual(request.state, "submitted")
        self.assertRegex(request.name, r"^DEM/\d{4}/\d{4}$")
        self._vote(request, "for", "abstain", "for")
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.decision_date, date.today())
        self.assertEqual(len(request.sudo().vote_ids), 3)
        self.fund.invalidate_recordset()
        self.assertEqual(self.fund.available, 400.0)
        request.with_user(self.user_manager).action_pay(date(2026, 3, 2))
        self.assertEqual(request.state, "paid")
        payout = request.movement_ids
        self.assertEqual((payout.kind, payout.amount, payout.state), ("payout", 600.0, "posted"))
        self.assertEqual(
            self._analytic(payout.move_id, self.account),
            {
                self.fund.analytic_account_id.id: 600.0,
                self.activity_wood.analytic_account_id.id: -600.0,
            },
        )
        self.fund.invalidate_recordset()
        self.assertEqual((self.fund.balance, self.fund.available), (400.0, 400.0))
        notified = request.message_ids.filtered(lambda m: self.camille in m.partner_ids)
        self.assertEqual(len(notified), 3, "submission, decision and payout")

    def test_votes_decide_by_quorum_and_majority(self):
        refused = self._request(100.0)
        refused.action_submit()
        self._vote(refused, "for", "against")
        self.assertEqual(refused.state, "review", "two votes of three: not decided")
        with self.assertRaises(AccessError):
            refused.decision_note = "Le membre écrit la décision"
        refused.with_user(self.user_lea).decision_note = "Hors du champ du fonds de secours"
        self.env["coop.fund.vote"].with_user(self.user_omar).create(
            {"request_id": refused.id, "vote": "against"}
        )
        self.assertEqual(refused.state, "refused")
        told = refused.message_ids.filtered(lambda m: self.camille in m.partner_ids)[:1]
        self.assertIn("Hors du champ du fonds de secours", told.body)
        with self.assertRaisesRegex(UserError, "refused: this step is not possible"):
            refused.with_user(self.user_manager).action_pay()
        tie = self._request(100.0)
        tie.action_submit()
        self._vote(tie, "for", "against", "abstain")
        self.assertEqual(tie.state, "refused", "one for, one against: not more than 50%")

    def test_who_may_vote(self):
        request = self._request(100.0)
        request.action_submit()
        with self.assertRaisesRegex(AccessError, "not on the committee"):
            self.env["coop.fund.vote"].with_user(self.user_tutor).create(
                {"request_id": request.id, "vote": "for"}
            )
        self.fund.committee_user_ids |= self.user_camille
        with self.assertRaisesRegex(UserError, "concerns you or your activity"):
            self.env["coop.fund.vote"].with_user(self.user_camille).create(
                {"request_id": request.id, "vote": "for"}
            )
        self.assertFalse(request.sudo().vote_ids)
        self._vote(request, "for")
        with self.assertRaisesRegex(UserError, "not changed once cast"):
            request.sudo().vote_ids.vote = "against"

    def test_bad_requests_are_refused_and_write_nothing(self):
        with self.assertRaisesRegex(ValidationError, "above zero"):
            self._request(0.0)
        with self.assertRaisesRegex(
            ValidationError, r"not a member of \[BOIS\] Atelier Bois Vivant"
        ):
            self.env["coop.fund.request"].create(
                {
                    "fund_id": self.fund.id,
                    "partner_id": self.hugo.id,
                    "activity_id": self.activity_wood.id,
                    "amount": 100.0,
                }
            )
        with self.assertRaises(AccessError):
            self._request(100.0, user=self.user_hugo)
        self.fund.max_per_request = 500.0
        too_much = self._request(600.0)
        with self.assertRaisesRegex(UserError, r"at most 500[.,]00\W* per request"):
            too_much.action_submit()
        self.assertEqual(too_much.state, "draft")
        loan = self._request(100.0, kind="loan")
        with self.assertRaisesRegex(
            UserError, r"does not give this kind of support \(loan with interest\)"
        ):
            loan.action_submit()

    def test_the_ceiling_per_member_over_twelve_months(self):
        self.fund.max_per_member = 700.0
        self._approved(500.0).with_user(self.user_manager).action_pay(date(2026, 3, 2))
        second = self._request(300.0)
        with self.assertRaisesRegex(UserError, r"500[.,]00\W* already: ask for \W*200[.,]00"):
            second.action_submit()
        self._request(200.0).action_submit()

    def test_payout_is_refused_when_the_fund_cannot_cover_it(self):
        self._movement(self.activity_wood, 200.0, "payout").action_post()
        request = self._approved(900.0)
        with self.assertRaisesRegex(UserError, r"cannot pay 900[.,]00.*800[.,]00\W* available"):
            request.with_user(self.user_manager).action_pay(date(2026, 3, 2))
        self.assertEqual(request.state, "approved")
        self.assertFalse(request.movement_ids)
        with self.assertRaisesRegex(AccessError, "staff pay"):
            request.with_user(self.user_hugo).action_pay()

    def test_an_advance_is_repaid_then_closed(self):
        request = self._approved(600.0, kind="advance", instalment_count=3)
        request.with_user(self.user_manager).action_pay(date(2026, 3, 2))
        self.assertEqual(request.state, "repaying")
        self.assertEqual(request.amount_due, 600.0)
        request.action_repay(200.0, date(2026, 4, 2))
        self.assertEqual((request.amount_repaid, request.amount_due), (200.0, 400.0))
        with self.assertRaisesRegex(UserError, r"400[.,]00\W* left to repay"):
            request.action_repay(500.0, date(2026, 5, 2))
        request.action_repay(date=date(2026, 5, 2))
        self.assertEqual(request.state, "closed")
        self.fund.invalidate_recordset()
        self.assertEqual(self.fund.balance, 1000.0)

    def test_the_committee_writes_off_what_is_left(self):
        request = self._approved(600.0, kind="advance")
        request.with_user(self.user_manager).action_pay(date(2026, 3, 2))
        request.action_repay(100.0, date(2026, 4, 2))
        with self.assertRaisesRegex(UserError, "committee's reason"):
            request.with_user(self.user_lea).action_write_off()
        request.decision_note = "Liquidation de l'activité"
        with self.assertRaisesRegex(AccessError, "committee"):
            request.with_user(self.user_camille).action_write_off()
        request.with_user(self.user_lea).action_write_off()
        self.assertEqual((request.state, request.amount_due), ("written_off", 0.0))
        self.fund.invalidate_recordset()
        self.assertEqual(self.fund.balance, 500.0)
