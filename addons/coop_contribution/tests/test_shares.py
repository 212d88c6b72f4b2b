# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ContributionCommon


@tagged("post_install", "-at_install")
class TestShares(ContributionCommon):
    """A rule set levies several shares on the same base, configured without code."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Account = cls.env["account.account"]
        cls.dues_expense = Account.create(
            {"name": "Cotisation CG Scop", "code": "628110", "account_type": "expense"}
        )
        cls.dues_liability = Account.create(
            {"name": "CG Scop à payer", "code": "437100", "account_type": "liability_current"}
        )
        cls.union = cls.env["res.partner"].create({"name": "Confédération générale des Scop"})
        cls.default_rule.active = False
        cls.rule = cls._rule(
            name="10% + parts",
            share_ids=[
                Command.create({"name": "Assurance RC", "rate": 0.5}),
                Command.create(
                    {
                        "name": "Cotisation CG Scop",
                        "rate": 0.3,
                        "destination": "external",
                        "expense_account_id": cls.dues_expense.id,
                        "liability_account_id": cls.dues_liability.id,
                        "partner_id": cls.union.id,
                    }
                ),
            ],
        )

    def test_each_share_is_its_own_contribution_and_entry(self):
        invoice = self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 4, 1))
        contributions = self._contributions(invoice)
        self.assertEqual(
            sorted((c.share_id.name or c.rule_id.name, c.base, c.amount) for c in contributions),
            [
                ("10% + parts", 1000.0, 100.0),
                ("Assurance RC", 1000.0, 5.0),
                ("Cotisation CG Scop", 1000.0, 3.0),
            ],
        )
        self.assertEqual(len(contributions.move_id), 3)
        dues = contributions.filtered(lambda c: c.share_id.destination == "external")
        wood = self.activity_wood.analytic_account_id
        self.assertRecordValues(
            dues.move_id.line_ids.sorted("balance"),
            [
                {
                    "account_id": self.dues_liability.id,
                    "balance": -3.0,
                    "partner_id": self.union.id,
                    "analytic_distribution": False,
                },
                {
                    "account_id": self.dues_expense.id,
                    "balance": 3.0,
                    "partner_id": False,
                    "analytic_distribution": {str(wood.id): 100},
                },
            ],
        )
        insurance = contributions.filtered(lambda c: c.share_id.name == "Assurance RC")
        self.assertEqual(set(insurance.move_id.line_ids.account_id.ids), {self.account.id})
        # The activity's account counts the internal shares as contributions, the dues as an
        # expense of the activity.
        figures = self.env["coop.activity.account"]._figures_by_activity(
            self.activity_wood.ids, date(2026, 1, 1), date(2026, 12, 31)
        )[self.activity_wood.id]
        self.assertEqual((figures["contribution"], figures["expense"]), (105.0, 3.0))
        self.assertBooksExact()

    def test_shares_follow_corrections(self):
        invoices = [
            self._coop_invoice(self.activity_wood, [amount], date=date(2026, 4, day))
            for day, amount in ((1, 0.7), (2, 0.7), (3, 333.33))
        ]
        invoices[0].button_cancel()
        self._coop_invoice(
            self.activity_wood, [500.0], move_type="out_refund", date=date(2026, 4, 5)
        )
        self.assertBooksExact()
        live = self._live(self.activity_wood)
        by_levy = {}
        for contribution in live:
            name = contribution.share_id.name or contribution.rule_id.name
            by_levy[name] = round(by_levy.get(name, 0.0) + contribution.amount, 2)
        # On a base of 0.70 + 333.33 - 500 = -165.97.
        self.assertEqual(
            by_levy, {"10% + parts": -16.6, "Assurance RC": -0.83, "Cotisation CG Scop": -0.5}
        )

    def test_an_outside_share_needs_its_accounts(self):
        with self.assertRefused(ValidationError, "choose the expense account"):
            self.env["coop.contribution.share"].create(
                {"rule_id": self.rule.id, "name": "Dues", "rate": 1.0, "destination": "external"}
            )
        self.assertEqual(len(self.rule.share_ids), 2)
