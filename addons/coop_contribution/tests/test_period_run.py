# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ContributionCommon


@tagged("post_install", "-at_install")
class TestPeriodRun(ContributionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.default_rule.active = False
        cls.materials = cls.company_data["default_account_expense"]
        cls.rule = cls._rule(
            name="13,5% de la marge brute + 30 €/mois",
            base="margin",
            rate=13.5,
            fixed_fee=30.0,
            cost_account_ids=[Command.set(cls.materials.ids)],
        )

    def _run(self, date_from=date(2026, 3, 1), date_to=date(2026, 3, 31), activities=None):
        return (
            self.env["coop.contribution.run"]
            .create(
                {
                    "company_id": self.company.id,
                    "date_from": date_from,
                    "date_to": date_to,
                    "activity_ids": [Command.set((activities or self.activity_wood).ids)],
                }
            )
            ._run()
        )

    def test_margin_and_fee_then_only_the_difference(self):
        self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 3, 5))
        self._coop_invoice(
            self.activity_wood, [400.0], move_type="in_invoice", date=date(2026, 3, 6)
        )
        moves = self._run()
        margin = moves.filtered(lambda m: m.coop_contribution_kind == "margin")
        fee = moves.filtered(lambda m: m.coop_contribution_kind == "fee")
        self.assertEqual((margin.coop_contribution_base, self._amount(margin)), (600.0, 81.0))
        self.assertEqual(self._amount(fee), 30.0)
        self.assertEqual(
            (margin.date, margin.coop_contribution_date_from), (date(2026, 3, 31), date(2026, 3, 1))
        )
        # Running again posts nothing; a late invoice posts only its difference.
        self.assertFalse(self._run())
        self._coop_invoice(self.activity_wood, [200.0], date=date(2026, 3, 28))
        again = self._run()
        self.assertEqual(again.mapped("coop_contribution_kind"), ["margin"])
        self.assertEqual((again.coop_contribution_base, self._amount(again)), (200.0, 27.0))
        self.assertEqual(self._activity_total(self.activity_wood, "margin"), 108.0)  # 13.5% of 800

    def test_a_quarter_takes_three_fees(self):
        moves = self._run(date(2026, 1, 1), date(2026, 3, 31))
        self.assertEqual(
            self._amount(moves.filtered(lambda m: m.coop_contribution_kind == "fee")), 90.0
        )

    def test_locked_period_is_never_touched(self):
        self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 3, 5))
        self.company.fiscalyear_lock_date = date(2026, 3, 31)
        with self.assertRaisesRegex(UserError, "locked"):
            self._run()
        self.assertFalse(
            self.env["account.move"].search([("coop_contribution_kind", "=", "margin")])
        )

    def test_cron_runs_last_month_for_every_company(self):
        self.env["coop.contribution.run"]._cron_last_month()
        fees = self.env["account.move"].search(
            [
                ("coop_contribution_kind", "=", "fee"),
                ("coop_activity_id", "in", (self.activity_wood | self.activity_web).ids),
            ]
        )
        self.assertEqual(len(fees), 2)
        self.assertEqual(set(fees.mapped(lambda m: self._amount(m))), {30.0})
