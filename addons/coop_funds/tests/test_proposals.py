# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from .common import FundsCommon


@freeze_time("2026-02-02")
@tagged("post_install", "-at_install")
class TestYearlyProposals(FundsCommon):
    """Each activity's yearly pay-in proposed from last year's result: 5%, at least 100.00,
    at most 400.00; reviewed, then confirmed in one action."""

    def test_proposals_from_last_years_results_confirmed_in_one_action(self):
        garden = self.env["coop.activity"].create(
            {
                "name": "Jardins partagés",
                "code": "JARDIN",
                "member_ids": [Command.set(self.camille.ids)],
                "company_id": self.company.id,
            }
        )
        garden.action_activate()
        self._coop_invoice(self.activity_wood, [10000.0], date=date(2025, 6, 10))
        self._coop_invoice(garden, [1000.0], date=date(2025, 9, 10))
        self._coop_invoice(
            self.activity_web, [500.0], move_type="in_invoice", date=date(2025, 5, 2)
        )
        self._coop_invoice(self.activity_web, [9000.0], date=date(2026, 1, 20))  # this year
        self.fund.write({"proposal_rate": 5.0, "proposal_floor": 100.0, "proposal_cap": 400.0})
        action = self.fund.action_propose_payins()
        proposals = self.env["coop.fund.proposal"].search(action["domain"])
        self.assertEqual(
            sorted((p.activity_id.code, p.result, p.amount, p.date_to) for p in proposals),
            [
                ("BOIS", 10000.0, 400.0, date(2025, 12, 31)),
                ("JARDIN", 1000.0, 100.0, date(2025, 12, 31)),
            ],
            "web lost money last year: no proposal",
        )
        # Proposing again replaces what is still to review.
        self.fund.action_propose_payins()
        self.assertEqual(
            self.env["coop.fund.proposal"].search_count([("fund_id", "=", self.fund.id)]), 2
        )
        proposals = self.env["coop.fund.proposal"].search([("fund_id", "=", self.fund.id)])
        proposals.filtered(lambda p: p.activity_id == garden).amount = 150.0
        with self.assertRaisesRegex(UserError, "staff confirm"):
            proposals.with_user(self.user_camille).action_confirm()
        proposals.action_confirm()
        self.assertEqual(set(proposals.mapped("state")), {"confirmed"})
        self.assertEqual(
            sorted(proposals.movement_id.mapped(lambda m: (m.kind, m.amount, m.state))),
            [("payin", 150.0, "posted"), ("payin", 400.0, "posted")],
        )
        self.fund.invalidate_recordset()
        self.assertEqual(self.fund.balance, 1550.0)
        with self.assertRaisesRegex(UserError, "not changed"):
            proposals[0].amount = 1.0
        proposals.action_confirm()  # nothing left to confirm: nothing posted twice
        self.assertEqual(len(self.env["coop.fund.movement"].search([("kind", "=", "payin")])), 3)
