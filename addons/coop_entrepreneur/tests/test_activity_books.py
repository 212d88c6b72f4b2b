# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import CoopTestCommon


@tagged("post_install", "-at_install")
class TestActivityBooks(CoopTestCommon):
    """The activities' results read from Odoo's analytic lines, and what no activity holds,
    add up to the profit and loss of the books to the cent."""

    def _entry(self, amount, distribution=None, name="Frais"):
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": "2026-05-31",
                "journal_id": self.company_data["default_journal_misc"].id,
                "line_ids": [
                    Command.create(
                        {
                            "name": name,
                            "account_id": self.account_expense.id,
                            "debit": amount,
                            "analytic_distribution": distribution,
                        }
                    ),
                    Command.create(
                        {
                            "name": name,
                            "account_id": self.company_data["default_account_payable"].id,
                            "partner_id": self.partner_a.id,
                            "credit": amount,
                        }
                    ),
                ],
            }
        )
        move.action_post()
        return move

    def test_activities_and_no_activity_equal_the_books(self):
        usd = self.setup_other_currency("USD", rates=[("2026-01-01", 1.25), ("2026-04-01", 1.0)])
        self._coop_invoice(self.activity_wood, [1000.0])
        self._coop_invoice(self.activity_wood, [200.0], move_type="out_refund")
        wood = str(self.activity_wood.analytic_account_id.id)
        web = str(self.activity_web.analytic_account_id.id)
        self._entry(300.0, {wood: 50, web: 50}, "Loyer partagé")
        fees = self._entry(80.0, None, "Frais bancaires")
        # 125 USD invoiced at 1.25 (100.00 €), paid at 1.00 (125.00 €): a 25.00 € gain
        # that Odoo books on its exchange account, on no activity.
        foreign = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.partner_a.id,
                "invoice_date": "2026-03-15",
                "currency_id": usd.id,
                "coop_activity_id": self.activity_wood.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Table",
                            "quantity": 1,
                            "price_unit": 125.0,
                            "account_id": self.account_revenue.id,
                            "tax_ids": [],
                        }
                    )
                ],
            }
        )
        foreign.action_post()
        self._coop_pay(foreign, 125.0)
        Account = self.env["coop.activity.account"]
        results = Account._results_by_activity(self.company, date(2026, 1, 1), date(2026, 12, 31))
        self.assertEqual(
            results,
            {self.activity_wood.id: 750.0, self.activity_web.id: -150.0, False: -55.0},
        )
        books = self.env["account.move.line"]._read_group(
            Account._books_domain(self.company, date(2026, 1, 1), date(2026, 12, 31)),
            [],
            ["balance:sum"],
        )
        self.assertEqual(round(sum(results.values()), 2), round(-books[0][0], 2))
        unheld = Account._lines_without_activity(self.company, date(2026, 1, 1), date(2026, 12, 31))
        self.assertIn(fees.line_ids.filtered("debit"), unheld)
        self.assertEqual(
            sorted(unheld.mapped("balance")), [-25.0, 80.0], "the fees and the exchange gain"
        )
        with freeze_time("2026-11-30"):
            action = Account.with_user(self.user_manager).action_view_lines_without_activity()
        self.assertEqual(action["domain"], [("id", "in", unheld.ids)])
