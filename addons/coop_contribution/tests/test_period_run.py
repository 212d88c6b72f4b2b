# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

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

    def _by_kind(self, contributions, kind):
        return contributions.filtered(lambda c: c.kind == kind)

    def test_margin_and_fee_then_only_the_difference(self):
        self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 3, 5))
        self._coop_invoice(
            self.activity_wood, [400.0], move_type="in_invoice", date=date(2026, 3, 6)
        )
        contributions = self._run()
        self.assertRecordValues(
            contributions.sorted("kind"),
            [
                {
                    "kind": "fee",
                    "base": 30.0,
                    "amount": 30.0,
                    "date": date(2026, 3, 31),
                    "period_start": date(2026, 3, 1),
                },
                {
                    "kind": "margin",
                    "base": 600.0,
                    "amount": 81.0,
                    "date": date(2026, 3, 31),
                    "period_start": date(2026, 3, 1),
                },
            ],
        )
        # Running again posts nothing; a late invoice posts only its difference.
        self.assertFalse(self._run())
        self._coop_invoice(self.activity_wood, [200.0], date=date(2026, 3, 28))
        again = self._run()
        self.assertRecordValues(again, [{"kind": "margin", "base": 200.0, "amount": 27.0}])
        self.assertEqual(self._activity_total(self.activity_wood), 108.0)  # 13.5% of 800
        self.assertBooksExact()

    def test_a_quarter_after_its_months_charges_nothing_again(self):
        for month in (1, 2, 3):
            self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, month, 10))
            self._run(date(2026, month, 1), date(2026, month, 28 if month == 2 else 31))
        self.assertFalse(self._run(date(2026, 1, 1), date(2026, 3, 31)))
        self.assertEqual(self._activity_total(self.activity_wood), 405.0)  # 13.5% of 3,000
        self.assertEqual(self._activity_total(self.activity_wood, ("fee",)), 90.0)
        self.assertBooksExact()

    def test_a_quarter_takes_three_fees(self):
        contributions = self._run(date(2026, 1, 1), date(2026, 3, 31))
        self.assertEqual(
            sorted(self._by_kind(contributions, "fee").mapped("period_start")),
            [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)],
        )
        self.assertEqual(self._activity_total(self.activity_wood, ("fee",)), 90.0)

    def test_negative_margin_gives_back_on_the_year(self):
        self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 1, 10))
        self._coop_invoice(
            self.activity_wood, [300.0], move_type="in_invoice", date=date(2026, 2, 10)
        )
        self._run(date(2026, 1, 1), date(2026, 2, 28))
        margins = self._live(self.activity_wood, ("margin",)).sorted("period_start")
        self.assertEqual([(m.base, m.amount) for m in margins], [(1000.0, 135.0), (-300.0, -40.5)])
        self.assertEqual(self._activity_total(self.activity_wood), 94.5)  # 13.5% of 700
        self.assertBooksExact()

    def test_an_exemption_decided_after_the_run_gives_back(self):
        self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 3, 5))
        self._run()
        self.assertEqual(self._activity_total(self.activity_wood, ("margin", "fee")), 165.0)
        self.env["coop.contribution.exemption"].create(
            {
                "activity_id": self.activity_wood.id,
                "date_from": date(2026, 3, 1),
                "reason": "case_by_case",
            }
        )
        given_back = self._run()
        self.assertEqual(
            sorted((c.kind, c.base, c.amount) for c in given_back),
            [("fee", -30.0, -30.0), ("margin", -1000.0, -135.0)],
        )
        self.assertEqual(self._activity_total(self.activity_wood, ("margin", "fee")), 0.0)
        self.assertBooksExact()

    def test_whole_months_only(self):
        with self.assertRefused(UserError, "whole months"):
            self._run(date(2026, 3, 2), date(2026, 3, 31))
        self.assertFalse(self.env["coop.contribution"].search([("kind", "=", "fee")]))

    def test_locked_period_is_never_touched(self):
        self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 3, 5))
        self.company.fiscalyear_lock_date = date(2026, 3, 31)
        with self.assertRefused(UserError, "locked"):
            self._run()
        self.assertFalse(self.env["coop.contribution"].search([("kind", "=", "margin")]))

    @freeze_time("2026-04-15")
    def test_cron_runs_every_open_month_so_late_documents_are_charged(self):
        self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 3, 5))
        self.env["coop.contribution"]._cron_run_open_months()
        fees = self.env["coop.contribution"].search(
            [
                ("kind", "=", "fee"),
                ("activity_id", "in", (self.activity_wood | self.activity_web).ids),
            ]
        )
        self.assertEqual(len(fees), 6)  # January to March, two activities
        self.assertEqual(set(fees.mapped("amount")), {30.0})
        # An invoice posted late into March, already run: the next run charges it.
        self._coop_invoice(self.activity_wood, [200.0], date=date(2026, 3, 20))
        self.env["coop.contribution"]._cron_run_open_months()
        self.assertEqual(self._activity_total(self.activity_wood), 162.0)  # 13.5% of 1,200
        self.assertBooksExact()
