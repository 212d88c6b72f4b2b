# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import FundsCommon


@tagged("post_install", "-at_install")
class TestFundBooking(FundsCommon):
    def test_pay_in_is_neutral_in_the_ledger_and_moves_between_analytic_accounts(self):
        movement = self._movement(self.activity_wood, 250.0)
        movement.action_post()
        move = movement.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.journal_id, self.company.coop_fund_journal_id)
        self.assertEqual(move.line_ids.account_id, self.account)
        self.assertEqual(self.account.code, "181000")
        self.assertEqual(sum(move.line_ids.mapped("balance")), 0.0)
        self.assertEqual(
            self._analytic(move, self.account),
            {
                self.activity_wood.analytic_account_id.id: 250.0,
                self.fund.analytic_account_id.id: -250.0,
            },
        )
        self.assertEqual(self.fund.analytic_account_id.plan_id, self.fund._coop_funds_plan())
        self.fund.invalidate_recordset()
        self.assertEqual(self.fund.balance, 1250.0)
        self.assertEqual(self.fund.available, 1250.0)
        self.assertEqual(self.fund.money_in_year, 1250.0)
        self.assertEqual(self.fund.money_out_year, 0.0)

    def test_balance_is_read_in_the_same_queries_whatever_the_movements(self):
        funds = self.fund | self.env["coop.fund"].create(
            {"name": "Investissement", "code": "INV", "company_id": self.company.id}
        )
        self._movement(self.activity_wood, 300.0, fund=funds[1]).action_post()
        self._movement(self.activity_wood, 40.0)  # a draft counts for nothing
        funds._figures()  # the plan and the fiscal year, read once
        self.env["account.analytic.line"].flush_model()
        with self.assertQueryCount(2):  # the analytic lines, the approved requests
            figures = funds._figures()
        self.assertEqual(figures[funds[0].id]["balance"], 1000.0)
        self.assertEqual(figures[funds[1].id]["balance"], 300.0)
        for day in range(1, 21):
            self._movement(self.activity_wood, 10.0, day=date(2026, 3, day)).action_post()
        self.env["account.analytic.line"].flush_model()
        with self.assertQueryCount(2):
            figures = funds._figures()
        self.assertEqual(figures[funds[0].id]["balance"], 1200.0)

    def test_a_payout_above_the_available_balance_is_refused_and_writes_nothing(self):
        self._approved(300.0).action_pay(date(2026, 3, 2))
        movement = self._movement(self.activity_wood, 800.0, "payout")
        with self.assertRaisesRegex(UserError, r"cannot pay 800[.,]00.*700[.,]00\W* available"):
            movement.action_post()
        self.assertEqual(movement.state, "draft")
        self.assertFalse(movement.move_ids)
        # What approved requests are promised is not available either.
        self._approved(500.0)
        with self.assertRaisesRegex(UserError, r"200[.,]00\W* available.*500[.,]00\W* promised"):
            self._movement(self.activity_wood, 201.0, "payout").action_post()

    def test_amounts_must_be_positive(self):
        with self.assertRaisesRegex(ValidationError, "above zero"):
            self._movement(self.activity_wood, 0.0)
        with self.assertRaisesRegex(ValidationError, "above zero"):
            self._movement(self.activity_wood, -5.0)

    def test_a_movement_in_a_locked_period_is_refused(self):
        self.company.fiscalyear_lock_date = date(2026, 2, 28)
        movement = self._movement(self.activity_wood, 100.0, day=date(2026, 2, 10))
        with self.assertRaisesRegex(UserError, "locked until 2026-02-28"):
            movement.action_post()
        self.assertEqual(movement.state, "draft")

    def test_a_reversal_reverses_the_entry_and_never_deletes_it(self):
        request = self._approved(400.0)
        request.action_pay(date(2026, 3, 2))
        payout = request.movement_ids
        entry = payout.move_id
        with self.assertRaisesRegex(UserError, "books a fund movement"):
            entry.button_draft()
        with self.assertRaisesRegex(UserError, "books a fund movement"):
            entry._reverse_moves(cancel=True)
        with self.assertRaisesRegex(UserError, "never deleted"):
            payout.unlink()
        payout.action_reverse()
        self.assertEqual(payout.state, "reversed")
        reversal = payout.move_ids - entry
        self.assertEqual(entry.reversal_move_ids, reversal)
        self.assertEqual(reversal.line_ids.account_id, self.account)
        self.assertEqual(
            self._analytic(reversal, self.account),
            {
                self.fund.analytic_account_id.id: -400.0,
                self.activity_wood.analytic_account_id.id: 400.0,
            },
        )
        self.assertEqual(reversal.state, "posted")
        self.assertEqual(request.state, "approved")
        self.fund.invalidate_recordset()
        self.assertEqual(self.fund.balance, 1000.0)
        self.assertEqual(self.fund.committed, 400.0)

    def test_a_share_of_every_contribution_goes_to_the_fund(self):
        rule = (
            self.env["coop.contribution.rule"]
            .with_context(active_test=False)
            .search([("company_id", "=", self.company.id)], limit=1)
        )
        rule.write(
            {
                "active": True,
                "share_ids": [
                    Command.create(
                        {
                            "name": "Fonds de secours",
                            "rate": 1.0,
                            "destination": "fund",
                            "fund_id": self.fund.id,
                        }
                    )
                ],
            }
        )
        invoice = self._coop_invoice(self.activity_wood, [1500.0])
        share = invoice.coop_contribution_ids.filtered("share_id")
        self.assertEqual(share.amount, 15.0)
        account = self.company.coop_contribution_account_id
        self.assertEqual(
            self._analytic(share.move_id, account),
            {
                self.activity_wood.analytic_account_id.id: 15.0,
                self.fund.analytic_account_id.id: -15.0,
            },
        )
        self.fund.invalidate_recordset()
        self.assertEqual(self.fund.balance, 1015.0)
        with self.assertRaisesRegex(ValidationError, "choose the fund"):
            self.env["coop.contribution.rule"].create(
                {
                    "name": "2030",
                    "company_id": self.company.id,
                    "scope": "activity",
                    "activity_ids": [Command.set(self.activity_web.ids)],
                    "base": "invoiced",
                    "rate": 10.0,
                    "date_from": date(2030, 1, 1),
                    "share_ids": [
                        Command.create({"name": "Sans fonds", "rate": 1.0, "destination": "fund"})
                    ],
                }
            )

    def test_an_entrepreneur_pays_in_from_their_own_activity_only(self):
        Movement = self.env["coop.fund.movement"].with_user(self.user_camille)
        payin = Movement.create(
            {
                "fund_id": self.fund.id,
                "kind": "payin",
                "activity_id": self.activity_wood.id,
                "date": date(2026, 3, 1),
                "amount": 120.0,
            }
        )
        payin.action_post()
        self.assertEqual(payin.state, "posted")
        payout = Movement.create(
            {
                "fund_id": self.fund.id,
                "kind": "payout",
                "activity_id": self.activity_wood.id,
                "date": date(2026, 3, 1),
                "amount": 120.0,
            }
        )
        with self.assertRaisesRegex(AccessError, "payouts and repayments are made"):
            payout.action_post()
        with self.assertRaises(AccessError):
            Movement.create(
                {
                    "fund_id": self.fund.id,
                    "kind": "payin",
                    "activity_id": self.activity_web.id,
                    "date": date(2026, 3, 1),
                    "amount": 120.0,
                }
            )
        self.assertEqual(Movement.search([]).activity_id, self.activity_wood)
