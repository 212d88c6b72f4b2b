# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict
from contextlib import contextmanager

from odoo import Command
from odoo.addons.coop_entrepreneur.tests.common import CoopTestCommon

from ..models.coop_contribution import RATE_KINDS


class ContributionCommon(CoopTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.journal = cls.company.coop_contribution_journal_id
        cls.account = cls.company.coop_contribution_account_id
        # The company's default rule, which the common set-up of coop_entrepreneur put aside.
        cls.default_rule = (
            cls.env["coop.contribution.rule"]
            .with_context(active_test=False)
            .search([("company_id", "=", cls.company.id)])
        )
        cls.default_rule.active = True

    @classmethod
    def _rule(cls, **vals):
        vals.setdefault("name", "Test rule")
        vals.setdefault("company_id", cls.company.id)
        bands = vals.pop("bands", [])
        vals["band_ids"] = [Command.create({"threshold": t, "rate": r}) for t, r in bands]
        return cls.env["coop.contribution.rule"].create(vals)

    def _usd_invoice(self, usd):
        """A posted invoice of 1,000 USD excl. VAT, no tax, of 1 March 2026."""
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.partner_a.id,
                "invoice_date": "2026-03-01",
                "currency_id": usd.id,
                "coop_activity_id": self.activity_wood.id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Design", "price_unit": 1000.0, "tax_ids": [Command.clear()]}
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def _contributions(self, document):
        """The contributions of a document that count."""
        return document.coop_contribution_ids.filtered(lambda c: c.state == "posted")

    def _amount(self, contributions):
        return round(sum(contributions.mapped("amount")), 2)

    def _live(self, activity, kinds=RATE_KINDS):
        return self.env["coop.contribution"].search(
            [("activity_id", "=", activity.id), ("kind", "in", kinds), ("state", "=", "posted")]
        )

    def _activity_total(self, activity, kinds=RATE_KINDS):
        return self._amount(self._live(activity, kinds))

    @contextmanager
    def assertRefused(self, exception, text):
        """The error is raised and says ``text``; Odoo's ``assertRaises`` runs the block in
        a savepoint it rolls back, which the callers check by counting what is left."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(text, str(caught.exception))

    def assertBooksExact(self):
        """What must hold after any step, whatever was corrected before:

        - per activity, rule and fiscal year, the counted contributions add up to the rule
          applied to the year's counted base, to the cent;
        - each counted contribution with an amount has one posted entry, and only one, on
          the internal account, debited on the activity's analytic account and credited on
          the structure's; each reversed one has its entry reversed;
        - no contribution entry touches another account (classes 6 and 7 carry none), but
          for shares owed to an outside body;
        - the Contributions journal's numbering has no gap.
        """
        Contribution = self.env["coop.contribution"]
        contributions = Contribution.search([("company_id", "=", self.company.id)])
        years = defaultdict(lambda: [0.0, 0.0])
        for contribution in contributions.filtered(
            lambda c: c.state == "posted" and c.kind in RATE_KINDS
        ):
            key = (
                contribution.activity_id,
                contribution.share_id or contribution.rule_id,
                contribution.fiscal_year,
            )
            years[key][0] += contribution.base
            years[key][1] += contribution.amount
        for (activity, levy, year), (base, amount) in years.items():
            self.assertAlmostEqual(
                amount,
                self.company.currency_id.round(
                    levy._cumulative_amount(self.company.currency_id.round(base))
                ),
                places=2,
                msg=f"{activity.code} {levy.name} {year}: {amount} on a base of {base}",
            )
        structure = self.structure.analytic_account_id
        for contribution in contributions:
            entries = contribution.move_ids.filtered(lambda m: not m.reversed_entry_id)
            reversals = contribution.move_ids - entries
            if self.company.currency_id.is_zero(contribution.amount):
                self.assertFalse(contribution.move_ids, "no entry for a zero amount")
                continue
            self.assertEqual(len(entries), 1, contribution.name)
            self.assertEqual(entries.state, "posted")
            self.assertEqual(len(reversals), int(contribution.state == "reversed"))
            if contribution.share_id.destination == "external":
                continue  # owed outside: a real charge and a real debt (see test_shares)
            activity = contribution.activity_id.analytic_account_id
            self.assertEqual(
                sorted(
                    (line.account_id.id, line.balance, tuple(line.analytic_distribution.items()))
                    for line in entries.line_ids
                ),
                sorted(
                    [
                        (self.account.id, contribution.amount, ((str(activity.id), 100),)),
                        (self.account.id, -contribution.amount, ((str(structure.id), 100),)),
                    ]
                ),
                contribution.name,
            )
        lines = self.env["account.move.line"].search(
            [("journal_id", "=", self.journal.id), ("parent_state", "=", "posted")]
        )
        internal = lines.filtered(
            lambda ln: ln.move_id.coop_contribution_id.share_id.destination != "external"
        )
        self.assertEqual(set(internal.account_id.ids) - {self.account.id}, set())
        self.assertAlmostEqual(sum(internal.mapped("balance")), 0.0, places=2)
        entries = self.env["account.move"].search(
            [("journal_id", "=", self.journal.id), ("state", "!=", "draft")]
        )
        by_prefix = defaultdict(list)
        for entry in entries:
            by_prefix[entry.sequence_prefix].append(entry.sequence_number)
        for prefix, numbers in by_prefix.items():
            self.assertEqual(sorted(numbers), list(range(1, len(numbers) + 1)), prefix)
