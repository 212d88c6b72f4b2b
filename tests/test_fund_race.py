"""Two payouts race for a fund's last euros in two real database transactions: one is
paid, the other refused with the fund's available balance; the fund never goes below zero.

The data is committed (the other transactions must see it), in a company of its own left
in the throwaway test database: its entries are posted, and posted entries are never
deleted."""

import threading
from datetime import date

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestFundRace(TransactionCase):
    def _committed_fund(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env["res.company"].create({"name": f"Course aux fonds {id(self)}"})
            company._coop_funds_setup()
            fund = env["coop.fund"].create(
                {"name": "Fonds de secours", "code": "SECOURS", "company_id": company.id}
            )
            structure = company.coop_structure_activity_id
            env["coop.fund.movement"].create(
                {
                    "fund_id": fund.id,
                    "kind": "payin",
                    "activity_id": structure.id,
                    "date": date(2026, 1, 15),
                    "amount": 100.0,
                }
            ).action_post()
            return fund.id, structure.id

    def test_two_payouts_race_for_the_last_euros(self):
        fund_id, activity_id = self._committed_fund()
        first_locked = threading.Event()
        outcomes = {}

        def payout(name, wait_for=None, hold=None):
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                # Take the transaction's snapshot before the other one commits.
                env["coop.fund"].browse(fund_id)._figures()
                if wait_for:
                    wait_for.wait(10)
                tries = []

                def attempt():
                    tries.append(1)
                    movement = env["coop.fund.movement"].create(
                        {
                            "name": name,
                            "fund_id": fund_id,
                            "kind": "payout",
                            "activity_id": activity_id,
                            "date": date(2026, 2, 1),
                            "amount": 80.0,
                        }
                    )
                    movement.action_post()
                    if hold:
                        hold.set()
                        # Keep the fund's row while the other payout tries to take it.
                        threading.Event().wait(1.0)

                try:
                    retrying(attempt, env)
                    cr.commit()
                    outcomes[name] = ("paid", len(tries))
                except UserError as error:
                    cr.rollback()
                    outcomes[name] = (str(error), len(tries))

        first = threading.Thread(target=payout, args=("first",), kwargs={"hold": first_locked})
        second = threading.Thread(
            target=payout, args=("second",), kwargs={"wait_for": first_locked}
        )
        first.start()
        second.start()
        first.join(30)
        second.join(30)
        self.assertEqual(outcomes["first"], ("paid", 1))
        message, tries = outcomes["second"]
        self.assertGreater(tries, 1, "the second payout waited, failed to serialize, ran again")
        self.assertIn("cannot pay 80", message)
        self.assertRegex(message, r"20[.,]00.*available")
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            fund = env["coop.fund"].browse(fund_id)
            self.assertEqual(fund._figures()[fund_id]["balance"], 20.0)
            payouts = env["coop.fund.movement"].search(
                [("fund_id", "=", fund_id), ("kind", "=", "payout")]
            )
            self.assertEqual(payouts.mapped("state"), ["posted"])
