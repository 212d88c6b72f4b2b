# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import tagged

from .common import CoopTestCommon

FIGURES = ("turnover", "collected", "expense", "salary", "contribution", "result", "treasury")


@tagged("post_install", "-at_install")
class TestActivityAccount(CoopTestCommon):
    @classmethod
    @AccountTestInvoicingCommon.setup_chart_template("fr")
    def setUpClass(cls):
        super().setUpClass()
        company_accounts = [Command.set(cls.company.ids)]
        cls.account_contribution_paid = cls.env["account.account"].create(
            {
                "name": "Contribution à la coopérative",
                "code": "628990",
                "account_type": "expense",
                "company_ids": company_accounts,
            }
        )
        cls.account_contribution_received = cls.env["account.account"].create(
            {
                "name": "Contributions des activités",
                "code": "708990",
                "account_type": "income",
                "company_ids": company_accounts,
            }
        )
        cls.company.coop_contribution_account_ids = (
            cls.account_contribution_paid | cls.account_contribution_received
        )
        cls.account_salary = cls.env["account.account"].search(
            [
                *cls.env["account.account"]._check_company_domain(cls.company),
                ("code", "=", "641100"),
            ]
        )
        cls.account_salary_due = cls.env["account.account"].search(
            [
                *cls.env["account.account"]._check_company_domain(cls.company),
                ("code", "=", "421000"),
            ]
        )
        wood = cls.activity_wood
        cls.invoice = cls._coop_invoice(wood, [1000.0, 500.0], date=date(2026, 3, 15))
        cls.credit_note = cls._coop_invoice(
            wood, [200.0], move_type="out_refund", date=date(2026, 3, 20)
        )
        cls.bill = cls._coop_invoice(wood, [300.0], move_type="in_invoice", date=date(2026, 3, 18))
        cls.salary = cls._entry(
            wood,
            date(2026, 3, 31),
            [(cls.account_salary, 1200.0, {wood: 100}), (cls.account_salary_due, -1200.0, {})],
        )
        cls.contribution = cls._entry(
            wood,
            date(2026, 3, 31),
            [
                (cls.account_contribution_paid, 150.0, {wood: 100}),
                (cls.account_contribution_received, -150.0, {cls.structure: 100}),
            ],
        )
        cls._coop_pay(cls.invoice, 900.0, date="2026-04-10")
        cls._coop_pay(cls.bill, 360.0, date="2026-04-12")
        # A draft document never counts.
        cls._coop_invoice(wood, [9999.0], post=False, date=date(2026, 3, 25))

    @classmethod
    def _entry(cls, activity, day, lines):
        move = cls.env["account.move"].create(
            {
                "move_type": "entry",
                "date": day,
                "journal_id": cls.company_data["default_journal_misc"].id,
                "coop_activity_id": activity.id,
                "line_ids": [
                    Command.create(
                        {
                            "name": account.name,
                            "account_id": account.id,
                            "balance": balance,
                            "analytic_distribution": {
                                str(act.analytic_account_id.id): pct
                                for act, pct in distribution.items()
                            },
                        }
                    )
                    for account, balance, distribution in lines
                ],
            }
        )
        move.action_post()
        return move

    def _figures(self, activity, date_from, date_to):
        values = self.env["coop.activity.account"]._figures_by_activity(
            activity.ids, date_from, date_to
        )
        return dict(
            zip(
                FIGURES,
                (round(values.get(activity.id, {}).get(f, 0.0), 2) for f in FIGURES),
                strict=True,
            )
        )

    def test_yearly_account_of_the_activity(self):
        self.assertEqual(
            self._figures(self.activity_wood, date(2026, 1, 1), date(2026, 12, 31)),
            {
                "turnover": 1300.0,  # 1,500 invoiced - 200 credited
                "collected": 750.0,  # 900 received of 1,800 incl. VAT = 750 excl. VAT
                "expense": 300.0,
                "salary": 1200.0,
                "contribution": 150.0,
                "result": -350.0,  # 1,300 - 300 - 1,200 - 150
                "treasury": -810.0,  # 900 in - 360 out - 1,200 salary - 150 contribution
            },
        )

    def test_structure_receives_the_contribution(self):
        figures = self._figures(self.structure, date(2026, 1, 1), date(2026, 12, 31))
        self.assertEqual(
            (figures["contribution"], figures["result"], figures["turnover"]), (-150.0, 150.0, 0.0)
        )
        self.assertEqual(
            self._figures(self.activity_web, date(2026, 1, 1), date(2026, 12, 31))["result"], 0.0
        )

    def test_period_split(self):
        self.assertEqual(
            self._figures(self.activity_wood, date(2026, 4, 1), date(2026, 4, 30)),
            {
                "turnover": 0.0,
                "collected": 750.0,
                "expense": 0.0,
                "salary": 0.0,
                "contribution": 0.0,
                "result": 0.0,
                "treasury": 540.0,
            },
        )
        march = self._figures(self.activity_wood, date(2026, 3, 1), date(2026, 3, 31))
        self.assertEqual((march["turnover"], march["treasury"]), (1300.0, -1350.0))

    def test_reset_to_draft_leaves_the_account(self):
        self.credit_note.button_draft()
        figures = self._figures(self.activity_wood, date(2026, 1, 1), date(2026, 12, 31))
        self.assertEqual((figures["turnover"], figures["result"]), (1500.0, -150.0))

    @freeze_time("2026-11-22")
    def test_activity_form_shows_the_fiscal_year(self):
        wood = self.activity_wood
        wood.invalidate_recordset()
        self.assertEqual(
            (wood.account_date_from, wood.account_date_to), (date(2026, 1, 1), date(2026, 12, 31))
        )
        self.assertEqual(
            [wood[f"account_{figure}"] for figure in FIGURES],
            [1300.0, 750.0, 300.0, 1200.0, 150.0, -350.0, -810.0],
        )

    def test_pivot_reads_every_activity_in_one_query_set(self):
        many = self.env["coop.activity"].create(
            [
                {"name": f"Activité {n}", "code": f"A{n}", "company_id": self.company.id}
                for n in range(10)
            ]
        )

        def queries(activities):
            return self._coop_count_queries(lambda: activities.mapped("account_result"))

        queries(self.structure)  # warm the caches (rules, groups) once
        self.assertEqual(
            queries(self.activity_wood | self.activity_web), queries(many | self.activity_wood)
        )
        groups = self.env["coop.activity.account"]._read_group(
            [
                ("date", ">=", "2026-01-01"),
                ("date", "<=", "2026-12-31"),
                ("company_id", "=", self.company.id),
            ],
            ["activity_id"],
            ["result:sum"],
        )
        self.assertEqual(
            {a: round(r, 2) for a, r in groups}, {self.activity_wood: -350.0, self.structure: 150.0}
        )
