# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import random
from datetime import date

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ContributionCommon


@tagged("post_install", "-at_install")
class TestInvoicedContribution(ContributionCommon):
    def test_defaults_are_created_on_french_defaults(self):
        self.assertEqual(self.journal.code, "CONTR")
        self.assertEqual(
            (self.account.code, self.account.account_type), ("186000", "liability_non_current")
        )
        self.assertEqual(
            self.default_rule.mapped(lambda r: (r.scope, r.base, r.rate)),
            [("company", "invoiced", 10.0)],
        )
        self.assertIn(self.account, self.company.coop_contribution_account_ids)

    def test_posting_an_invoice_posts_its_contribution_neutral_in_the_ledger(self):
        invoice = self._coop_invoice(self.activity_wood, [1000.0, 500.0])
        contribution = self._contributions(invoice)
        self.assertEqual(invoice.coop_contribution_count, 1)
        self.assertRecordValues(
            contribution,
            [
                {
                    "kind": "invoiced",
                    "rule_id": self.default_rule.id,
                    "date": invoice.date,
                    "fiscal_year": date(2026, 1, 1),
                    "base": 1500.0,
                    "amount": 150.0,
                }
            ],
        )
        entry = contribution.move_id
        self.assertEqual(
            (entry.journal_id, entry.date, entry.state), (self.journal, invoice.date, "posted")
        )
        wood, structure = self.activity_wood.analytic_account_id, self.structure.analytic_account_id
        self.assertRecordValues(
            entry.line_ids.sorted("balance"),
            [
                {
                    "account_id": self.account.id,
                    "balance": -150.0,
                    "analytic_distribution": {str(structure.id): 100},
                },
                {
                    "account_id": self.account.id,
                    "balance": 150.0,
                    "analytic_distribution": {str(wood.id): 100},
                },
            ],
        )
        # The general ledger: the internal account nets to zero, classes 6 and 7 hold only
        # the invoice's own turnover.
        groups = self.env["account.move.line"]._read_group(
            [("company_id", "=", self.company.id), ("parent_state", "=", "posted")],
            ["account_id"],
            ["balance:sum"],
        )
        ledger = {account.code: balance for account, balance in groups}
        self.assertEqual(ledger["186000"], 0.0)
        self.assertEqual(
            {code: balance for code, balance in ledger.items() if code[0] in "67"},
            {self.account_revenue.code: -1500.0},
        )
        # The activity's account sees it as paid, the structure's as received.
        figures = self.env["coop.activity.account"]._figures_by_activity(
            (self.activity_wood | self.structure).ids, date(2026, 1, 1), date(2026, 12, 31)
        )
        self.assertEqual(figures[self.activity_wood.id]["contribution"], 150.0)
        self.assertEqual(figures[self.activity_wood.id]["result"], 1500.0 - 150.0)
        self.assertEqual(figures[self.structure.id]["contribution"], -150.0)
        self.assertEqual(figures[self.structure.id]["result"], 150.0)
        self.assertBooksExact()

    def test_bills_and_structure_documents_do_not_contribute(self):
        bill = self._coop_invoice(self.activity_wood, [300.0], move_type="in_invoice")
        own = self._coop_invoice(self.structure, [300.0])
        self.assertFalse(bill.coop_contribution_ids | own.coop_contribution_ids)

    def test_sales_receipt_contributes_like_an_invoice(self):
        receipt = self._coop_invoice(self.activity_wood, [500.0], move_type="out_receipt")
        contribution = self._contributions(receipt)
        self.assertEqual((contribution.base, contribution.amount), (500.0, 50.0))
        self.assertEqual(self._activity_total(self.activity_wood), 50.0)

    def test_credit_note_posts_the_opposite(self):
        invoice = self._coop_invoice(self.activity_wood, [1000.0])
        credit = self._coop_invoice(self.activity_wood, [200.0], move_type="out_refund")
        self.assertEqual(
            (self._contributions(credit).base, self._amount(self._contributions(credit))),
            (-200.0, -20.0),
        )
        self.assertEqual(self._activity_total(self.activity_wood), 80.0)
        self.assertEqual(self._amount(self._contributions(invoice)), 100.0)

    def test_reset_repost_and_cancel_never_count_twice(self):
        invoice = self._coop_invoice(self.activity_wood, [1234.56])
        self.assertEqual(self._activity_total(self.activity_wood), 123.46)
        contribution = self._contributions(invoice)
        entry = contribution.move_id
        invoice.button_draft()
        self.assertEqual(contribution.state, "reversed")
        self.assertEqual(entry.state, "posted", "a posted entry is reversed, never deleted")
        self.assertEqual(
            (entry.reversal_move_ids.date, entry.reversal_move_ids.coop_contribution_id),
            (entry.date, contribution),
        )
        self.assertFalse(self._contributions(invoice))
        self.assertEqual(self._activity_total(self.activity_wood), 0.0)
        invoice.invoice_line_ids.price_unit = 2000.0
        invoice.action_post()
        self.assertEqual(len(self._contributions(invoice)), 1)
        self.assertEqual(self._activity_total(self.activity_wood), 200.0)
        invoice.button_cancel()
        self.assertEqual(invoice.state, "cancel")
        self.assertEqual(self._activity_total(self.activity_wood), 0.0)
        self.assertEqual(len(invoice.coop_contribution_ids), 2)
        self.assertBooksExact()

    def test_resetting_invoices_leaves_no_gap_in_the_contributions_journal(self):
        invoices = [self._coop_invoice(self.activity_wood, [amount]) for amount in (100, 200, 300)]
        invoices[0].button_draft()
        invoices[1].button_draft()
        invoices[1].action_post()
        entries = self.env["account.move"].search(
            [("journal_id", "=", self.journal.id)], order="sequence_number"
        )
        self.assertEqual(entries.mapped("state"), ["posted"] * 6)
        self.assertEqual(entries.mapped("sequence_number"), [1, 2, 3, 4, 5, 6])
        self.assertEqual(
            [
                entry.coop_contribution_id.amount * (-1 if entry.reversed_entry_id else 1)
                for entry in entries
            ],
            [10.0, 20.0, 30.0, -10.0, -20.0, 20.0],
        )
        self.assertEqual(self._activity_total(self.activity_wood), 50.0)
        self.assertBooksExact()

    def test_duplicated_contribution_entry_does_not_count(self):
        invoice = self._coop_invoice(self.activity_wood, [1000.0])
        copy = self._contributions(invoice).move_id.copy()
        self.assertFalse(copy.coop_contribution_id)
        self.assertEqual(self._activity_total(self.activity_wood), 100.0)
        self.assertEqual(len(invoice.coop_contribution_ids), 1)

    def test_contribution_entries_are_corrected_through_their_document_only(self):
        invoice = self._coop_invoice(self.activity_wood, [1000.0])
        entry = self._contributions(invoice).move_id
        with self.assertRefused(UserError, "books a contribution"):
            entry.button_draft()
        with self.assertRefused(UserError, "books a contribution"):
            entry._reverse_moves()
        self.assertEqual(
            (entry.state, entry.reversal_move_ids), ("posted", self.env["account.move"])
        )
        self.assertEqual(self._activity_total(self.activity_wood), 100.0)

    def test_locked_contribution_is_reversed_after_the_lock(self):
        invoice = self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 1, 15))
        contribution = self._contributions(invoice)
        self.company.fiscalyear_lock_date = date(2026, 1, 31)
        contribution._reverse()
        self.assertEqual((contribution.state, contribution.move_id.state), ("reversed", "posted"))
        reversal = contribution.move_id.reversal_move_ids
        self.assertEqual(len(reversal), 1)
        self.assertGreater(reversal.date, date(2026, 1, 31))
        self.assertEqual(self._activity_total(self.activity_wood), 0.0)
        self.assertFalse(self._contributions(invoice))

    def test_zero_amounts_post_no_entry_and_the_cent_comes_with_the_next(self):
        first = self._coop_invoice(self.activity_wood, [0.04])
        self.assertRecordValues(self._contributions(first), [{"base": 0.04, "amount": 0.0}])
        self.assertFalse(self._contributions(first).move_ids)
        second = self._coop_invoice(self.activity_wood, [0.01])
        self.assertEqual(self._amount(self._contributions(second)), 0.01)  # 10% of 0.05
        zero = self._coop_invoice(self.activity_wood, [0.0])
        self.assertFalse(zero.coop_contribution_ids)
        self.assertFalse(
            self.env["account.move.line"].search(
                [("journal_id", "=", self.journal.id), ("balance", "=", 0.0)]
            )
        )
        self.assertBooksExact()

    def test_multi_currency_invoice_contributes_in_company_currency(self):
        usd = self.setup_other_currency("USD", rates=[("2026-01-01", 2.0)])
        invoice = self._usd_invoice(usd)
        contribution = self._contributions(invoice)
        self.assertEqual(contribution.base, 500.0)  # 1,000 USD at 2 USD per EUR
        self.assertEqual(contribution.amount, 50.0)
        self.assertEqual(contribution.move_id.currency_id, self.company.currency_id)

    def test_rounding_over_a_thousand_invoices_loses_no_cent(self):
        rng = random.Random(2026)
        amounts = [round(rng.uniform(10, 3000), 2) for _ in range(1000)]
        rule = self.default_rule
        done_base = done_amount = 0.0
        for amount in amounts:
            contribution = rule._next_amount(done_base, done_amount, amount)
            self.assertLessEqual(abs(contribution - amount * 0.10), 0.01 + 1e-9)
            done_base, done_amount = done_base + amount, round(done_amount + contribution, 2)
        self.assertEqual(done_amount, round(sum(amounts) * 0.10, 2))
        naive = round(sum(round(amount * 0.10, 2) for amount in amounts), 2)
        self.assertNotEqual(naive, done_amount, "rounding each invoice alone drifts on this sample")

    def test_rounding_over_posted_invoices(self):
        rng = random.Random(18)
        amounts = [round(rng.uniform(10, 3000), 2) for _ in range(150)]
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": self.partner_a.id,
                    "invoice_date": date(2026, 1, 1 + index % 28),
                    "coop_activity_id": self.activity_web.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Prestation",
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for index, amount in enumerate(amounts)
            ]
        )
        for start in range(0, len(moves), 50):
            moves[start : start + 50].action_post()
        self.assertEqual(self._activity_total(self.activity_web), round(sum(amounts) * 0.10, 2))
        contributions = moves.coop_contribution_ids
        self.assertEqual(len(contributions), 150)
        for contribution in contributions:
            self.assertLessEqual(abs(contribution.amount - contribution.base * 0.10), 0.01 + 1e-9)
        self.assertBooksExact()
