# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each correction an accountant makes leaves the contributions exact, to the cent."""

from datetime import date

from odoo.tests import tagged

from .common import ContributionCommon


@tagged("post_install", "-at_install")
class TestCorrections(ContributionCommon):
    def _reverse(self, invoice, day, modify=False, amount=None):
        """The credit note wizard, in cancel or modify mode; a partial credit note when
        ``amount`` is given (its line changed before it is posted)."""
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"date": day, "journal_id": invoice.journal_id.id, "reason": "Erreur"})
        )
        action = wizard.modify_moves() if modify else wizard.refund_moves()
        new = self.env["account.move"].browse(action.get("res_id")) or wizard.new_move_ids
        if amount is not None:
            new.invoice_line_ids.price_unit = amount
        if new.state == "draft" and not modify:
            new.action_post()
        return new

    def _band_rule(self):
        self.default_rule.active = False
        return self._rule(name="Bandes", rate=10.0, bands=[(35000.0, 8.0), (45000.0, 6.0)])

    def test_cancelling_an_invoice_under_bands_brings_the_year_back_at_once(self):
        self._band_rule()
        first = self._coop_invoice(self.activity_wood, [20000.0], date=date(2026, 2, 1))
        self._coop_invoice(self.activity_wood, [20000.0], date=date(2026, 3, 1))
        self.assertEqual(self._activity_total(self.activity_wood), 3900.0)  # the rule on 40,000
        first.button_cancel()
        # 1,900 was left for the second: the year owes 2,000 on its 20,000.
        adjustment = self._live(self.activity_wood).filtered(lambda c: c.kind == "adjustment")
        self.assertRecordValues(adjustment, [{"base": 0.0, "amount": 100.0}])
        self.assertEqual(self._activity_total(self.activity_wood), 2000.0)
        following = self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 4, 1))
        self.assertEqual(self._amount(self._contributions(following)), 100.0)
        self.assertBooksExact()

    def test_cumulative_rounding_is_kept_after_a_cancel(self):
        first = self._coop_invoice(self.activity_wood, [0.05])
        second = self._coop_invoice(self.activity_wood, [0.05])
        self.assertEqual(
            (self._amount(self._contributions(first)), self._amount(self._contributions(second))),
            (0.01, 0.0),
        )
        first.button_draft()
        self.assertEqual(self._activity_total(self.activity_wood), 0.01)  # 10% of 0.05, rounded
        self.assertBooksExact()

    def test_credit_note_takes_the_rule_of_the_invoice_it_reverses(self):
        self.default_rule.date_to = date(2026, 6, 30)
        self._rule(name="12% depuis juillet", rate=12.0, date_from=date(2026, 7, 1))
        invoice = self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 6, 15))
        credit = self._reverse(invoice, date(2026, 7, 10))
        self.assertRecordValues(
            self._contributions(credit),
            [{"rule_id": self.default_rule.id, "base": -1000.0, "amount": -100.0}],
        )
        self.assertEqual(self._activity_total(self.activity_wood), 0.0)
        self.assertBooksExact()

    def test_credit_note_inside_an_exemption_gives_back_what_its_invoice_paid(self):
        invoice = self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 5, 15))
        self.env["coop.contribution.exemption"].create(
            {"activity_id": self.activity_wood.id, "date_from": date(2026, 6, 1), "reason": "other"}
        )
        self._reverse(invoice, date(2026, 6, 10))
        self.assertEqual(self._activity_total(self.activity_wood), 0.0)
        # And the other way round: an exempt invoice's credit note gives nothing back.
        exempt = self._coop_invoice(self.activity_wood, [500.0], date=date(2026, 6, 20))
        self.assertFalse(exempt.coop_contribution_ids)
        self._reverse(exempt, date(2026, 6, 25))
        self.assertEqual(self._activity_total(self.activity_wood), 0.0)
        self.assertBooksExact()

    def test_modify_mode_reverses_and_the_new_invoice_contributes_when_posted(self):
        invoice = self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 5, 15))
        new = self._reverse(invoice, date(2026, 5, 20), modify=True)
        self.assertEqual(self._activity_total(self.activity_wood), 0.0)
        self.assertEqual(new.state, "draft")
        self.assertFalse(new.coop_contribution_ids, "the copy brings no contribution along")
        new.invoice_line_ids.price_unit = 1200.0
        new.action_post()
        self.assertEqual(self._activity_total(self.activity_wood), 120.0)
        self.assertBooksExact()

    def test_partial_credit_note(self):
        invoice = self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 5, 15))
        credit = self._reverse(invoice, date(2026, 5, 20), amount=300.0)
        self.assertRecordValues(self._contributions(credit), [{"base": -300.0, "amount": -30.0}])
        self.assertEqual(self._activity_total(self.activity_wood), 70.0)
        self.assertBooksExact()

    def test_credit_note_in_the_next_fiscal_year(self):
        self._band_rule()
        invoice = self._coop_invoice(self.activity_wood, [40000.0], date=date(2025, 12, 10))
        self.assertEqual(self._amount(self._contributions(invoice)), 3900.0)
        self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 1, 5))
        credit = self._reverse(invoice, date(2026, 1, 15), amount=10000.0)
        # It lowers 2026's base, at the rates of the 2026 cumulative.
        self.assertRecordValues(
            self._contributions(credit),
            [{"fiscal_year": date(2026, 1, 1), "base": -10000.0, "amount": -1000.0}],
        )
        self.assertBooksExact()

    def test_a_rule_changing_from_invoiced_to_collected_charges_each_invoice_once(self):
        self.default_rule.date_to = date(2026, 6, 30)
        collected = self._rule(name="Encaissé", base="collected", date_from=date(2026, 7, 1))
        june = self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 6, 20))
        self._coop_pay(june, 1200.0, date="2026-07-05")
        self.assertEqual(self._activity_total(self.activity_wood), 100.0)
        july = self._coop_invoice(self.activity_wood, [500.0], date=date(2026, 7, 10))
        self.assertFalse(july.coop_contribution_ids)
        self._coop_pay(july, 600.0, date="2026-07-20")
        self.assertEqual(self._contributions(july).rule_id, collected)
        self.assertEqual(self._activity_total(self.activity_wood), 150.0)
        self.assertBooksExact()

    def test_a_rule_changing_from_collected_to_invoiced_still_charges_the_unpaid(self):
        self.default_rule.active = False
        self._rule(name="Encaissé", base="collected", date_to=date(2026, 6, 30))
        self._rule(name="Facturé", base="invoiced", date_from=date(2026, 7, 1))
        june = self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 6, 20))
        self.assertFalse(june.coop_contribution_ids)
        self._coop_pay(june, 1200.0, date="2026-07-05")
        self.assertEqual(self._activity_total(self.activity_wood), 100.0)
        self.assertBooksExact()

    def test_payment_reset_to_draft_takes_its_contribution_back(self):
        self.default_rule.active = False
        self._rule(name="Encaissé", base="collected")
        invoice = self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 3, 1))
        payment = self._coop_pay(invoice, 1200.0, date="2026-03-20")
        self.assertEqual(self._activity_total(self.activity_wood), 100.0)
        payment.action_draft()
        self.assertEqual(self._activity_total(self.activity_wood), 0.0)
        payment.action_post()
        self.assertEqual(self._activity_total(self.activity_wood), 0.0, "posted, not yet matched")
        (payment.move_id | invoice).line_ids.filtered(
            lambda ln: ln.account_type == "asset_receivable"
        ).reconcile()
        self.assertEqual(self._activity_total(self.activity_wood), 100.0)
        self.assertBooksExact()

    def test_foreign_currency_payment_with_an_exchange_difference(self):
        self.default_rule.active = False
        self._rule(name="Encaissé", base="collected")
        usd = self.setup_other_currency("USD", rates=[("2026-01-01", 2.0), ("2026-03-15", 2.5)])
        invoice = self._usd_invoice(usd)
        self.assertEqual(invoice.amount_untaxed_signed, 500.0)
        payment = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"payment_date": "2026-03-20", "currency_id": usd.id, "amount": 1000.0})
            ._create_payments()
        )
        self.assertEqual(payment.amount_company_currency_signed, 400.0)  # at 2.5 USD per EUR
        self.assertEqual(invoice.payment_state, "paid")
        # The invoice is settled whole: its untaxed 500 EUR is collected, the exchange
        # difference is no turnover.
        self.assertEqual(sum(self._contributions(invoice).mapped("base")), 500.0)
        self.assertEqual(self._activity_total(self.activity_wood), 50.0)
        self.assertBooksExact()

    def test_lettering_after_the_year_is_locked_counts_in_the_open_year(self):
        self.default_rule.active = False
        self._rule(name="Encaissé", base="collected", rate=10.0, bands=[(35000.0, 8.0)])
        big = self._coop_invoice(self.activity_wood, [40000.0], date=date(2025, 11, 10))
        self._coop_pay(big, 48000.0, date="2025-11-20")
        self.assertEqual(self._activity_total(self.activity_wood), 3900.0)
        late = self._coop_invoice(self.activity_wood, [1000.0], date=date(2025, 12, 10))
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.partner_a.id,
                "amount": 1200.0,
                "date": date(2025, 12, 20),
            }
        )
        payment.action_post()
        self.company.fiscalyear_lock_date = date(2025, 12, 31)
        (payment.move_id | late).line_ids.filtered(
            lambda ln: ln.account_type == "asset_receivable"
        ).reconcile()
        # Booked on the first open day, counted in 2026 from 2026's own cumulative (10%).
        self.assertRecordValues(
            self._contributions(late),
            [
                {
                    "date": date(2026, 1, 1),
                    "fiscal_year": date(2026, 1, 1),
                    "base": 1000.0,
                    "amount": 100.0,
                }
            ],
        )
        self.assertBooksExact()

    def test_two_rules_in_one_year_each_exact_on_its_own_base(self):
        self.default_rule.date_to = date(2026, 6, 30)
        bands = self._rule(
            name="Bandes depuis juillet", date_from=date(2026, 7, 1), bands=[(1000.0, 5.0)]
        )
        for day, amount in ((date(2026, 3, 1), 333.33), (date(2026, 6, 1), 333.33)):
            self._coop_invoice(self.activity_wood, [amount], date=day)
        for day, amount in ((date(2026, 7, 1), 800.0), (date(2026, 8, 1), 800.0)):
            self._coop_invoice(self.activity_wood, [amount], date=day)
        by_rule = {
            rule: round(
                sum(c.amount for c in self._live(self.activity_wood) if c.rule_id == rule), 2
            )
            for rule in (self.default_rule, bands)
        }
        self.assertEqual(by_rule, {self.default_rule: 66.67, bands: 130.0})  # 100 + 600 at 5%
        self.assertBooksExact()
