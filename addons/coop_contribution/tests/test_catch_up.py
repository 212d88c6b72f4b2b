# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.tests import tagged

from .common import ContributionCommon


@tagged("post_install", "-at_install")
class TestCatchUp(ContributionCommon):
    """A database where documents were posted before the addon counted them."""

    def _installed_after(self, *rules):
        """The rules start to count, as on installing, without their documents following."""
        self.env.cr.execute(
            "UPDATE coop_contribution_rule SET active = true WHERE id IN %s",
            [tuple(rule.id for rule in rules)],
        )
        self.env.invalidate_all()
        # Installing loads a new registry, with empty caches (the active rules among them).
        self.env.registry.clear_cache()

    def test_catch_up_charges_what_was_posted_before_exactly_once(self):
        self.default_rule.active = False
        margin = self._rule(
            name="Marge",
            base="margin",
            rate=10.0,
            fixed_fee=30.0,
            scope="activity",
            activity_ids=[Command.set(self.activity_web.ids)],
            active=False,
        )
        wood = self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 2, 10))
        credit = self._coop_invoice(
            self.activity_wood, [100.0], move_type="out_refund", date=date(2026, 3, 1)
        )
        self._coop_invoice(self.activity_web, [500.0], date=date(2026, 2, 12))
        earlier = self._coop_invoice(self.activity_wood, [999.0], date=date(2025, 12, 1))
        self.assertFalse(self.env["coop.contribution"].search([]))
        self._installed_after(self.default_rule, margin)
        wizard = (
            self.env["coop.contribution.run"]
            .with_context(default_catch_up=True)
            .create({"date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31)})
        )
        self.assertTrue(wizard.catch_up)
        contributions = wizard._run()
        self.assertEqual(
            sorted((c.activity_id.code, c.kind, c.base, c.amount) for c in contributions),
            [
                ("BOIS", "invoiced", -100.0, -10.0),
                ("BOIS", "invoiced", 1000.0, 100.0),
                ("WEB", "fee", 30.0, 30.0),
                ("WEB", "fee", 30.0, 30.0),
                ("WEB", "fee", 30.0, 30.0),
                ("WEB", "margin", 500.0, 50.0),
            ],
        )
        self.assertEqual(
            (wood | credit).coop_contribution_ids,
            contributions.source_move_id.coop_contribution_ids,
        )
        self.assertFalse(earlier.coop_contribution_ids, "before the period asked for")
        self.assertFalse(wizard._run(), "a second catch-up finds nothing to do")
        self.assertBooksExact()

    def test_catch_up_charges_payments_already_matched(self):
        self.default_rule.active = False
        collected = self._rule(name="Encaissé", base="collected", active=False)
        invoice = self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 3, 1))
        self._coop_pay(invoice, 600.0, date="2026-03-20")
        self._installed_after(collected)
        self.env["res.company"].browse(self.company.id)._coop_contribution_catch_up(
            "2026-01-01", "2026-03-31"
        )
        self.assertRecordValues(
            self._contributions(invoice),
            [{"kind": "collected", "base": 500.0, "amount": 50.0, "date": date(2026, 3, 20)}],
        )
        self.env["coop.contribution"]._catch_up(self.company, date(2026, 1, 1), date(2026, 3, 31))
        self.assertEqual(len(invoice.coop_contribution_ids), 1)
        self.assertBooksExact()

    def test_the_settings_open_the_catch_up_from_the_start_of_the_year(self):
        action = self.env.ref("coop_contribution.coop_contribution_catch_up_action")
        self.assertEqual(action.context, "{'default_catch_up': True}")
        wizard = self.env["coop.contribution.run"].with_context(default_catch_up=True).create({})
        today = date.today()
        self.assertEqual(
            (wizard.catch_up, wizard.date_from, wizard.date_to),
            (True, self.company.compute_fiscalyear_dates(today)["date_from"], today),
        )
