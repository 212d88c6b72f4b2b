# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from collections import defaultdict

import openpyxl

from odoo import fields
from odoo.tests import tagged

from ..file_stream import temporary_file
from .common import CoopExportCommon


@tagged("post_install", "-at_install")
class TestAnalyticLedger(CoopExportCommon):
    def _trial_balance_by_activity(self):
        """{activity id: {account code: balance}} from Odoo's own analytic items."""
        activities = (
            self.activity_wood | self.activity_web | self.company.coop_structure_activity_id
        )
        by_analytic = {activity.analytic_account_id.id: activity.id for activity in activities}
        column = self.env.ref("coop_entrepreneur.account_analytic_plan_activities")._column_name()
        groups = self.env["account.analytic.line"]._read_group(
            [
                (column, "in", list(by_analytic)),
                ("date", ">=", "2026-01-01"),
                ("date", "<=", "2026-12-31"),
            ],
            [column, "general_account_id"],
            ["amount:sum"],
        )
        balances = defaultdict(dict)
        for analytic, account, amount in groups:
            balances[by_analytic[analytic.id]][account.code] = -amount
        return balances

    def _workbook(self, export):
        return openpyxl.load_workbook(io.BytesIO(export.attachment_id.raw))

    def test_ledger_totals_equal_trial_balance_per_activity(self):
        export = self._export("ledger_xlsx")
        self.assertEqual(export.state, "done")
        builder = self.env["coop.analytic.ledger.builder"]
        with temporary_file(self.env) as path:
            _count, totals = builder._write_xlsx(export, path)
        ledger = {
            activity_id: {
                code: round(debit - credit, 2) for code, (debit, credit) in accounts.items()
            }
            for activity_id, accounts in totals.items()
            if activity_id and accounts
        }
        self.assertEqual(ledger, self._trial_balance_by_activity())
        self.assertEqual(
            ledger[self.activity_wood.id],
            {self.account_revenue.code: -500.0, self.account_expense.code: 150.0},
        )

    def test_ledger_workbook_lines_subtotals_and_summary(self):
        export = self._export("ledger_xlsx")
        self.assertTrue(export.name.endswith(".xlsx"))
        workbook = self._workbook(export)
        self.assertEqual(workbook.sheetnames, ["Summary", "Ledger"])
        ledger = workbook["Ledger"]
        self.assertEqual(ledger.freeze_panes, "A2")
        self.assertTrue(ledger.auto_filter.ref.startswith("A1:K"))
        rows = list(ledger.iter_rows(min_row=2, values_only=True))
        rent = [row for row in rows if row[6] == "Loyer atelier partagé" and row[0]]
        # The shared rent: one share per activity, half each, amounts as numbers.
        self.assertEqual(
            sorted((row[0], row[8]) for row in rent), [("BOIS", 150.0), ("WEB", 150.0)]
        )
        self.assertIn("€", ledger.cell(row=2, column=9).number_format)
        wood_revenue = [
            row for row in rows if row[0] == "BOIS" and row[4] == self.account_revenue.code
        ]
        self.assertEqual([row[9] for row in wood_revenue], [500.0])
        self.assertIn(
            (f"Total {self.account_revenue.code} BOIS", 0.0, 500.0, -500.0),
            [(row[0], row[8], row[9], row[10]) for row in rows],
        )
        self.assertIn(
            ("Total activity BOIS", 150.0, 500.0, -350.0),
            [(row[0], row[8], row[9], row[10]) for row in rows],
        )
        summary = {
            row[0]: row for row in workbook["Summary"].iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(summary["BOIS"][1], "Atelier Bois Vivant")
        # turnover, other income, collected, contributions, expenses, salaries, fund
        # movements, result, treasury
        self.assertEqual(
            summary["BOIS"][2:11], (500.0, 0.0, 500.0, 0.0, 150.0, 0.0, 0.0, 350.0, 600.0)
        )

    def test_ledger_of_chosen_activities_only(self):
        export = self._export(
            "ledger_xlsx", activity_ids=[fields.Command.set(self.activity_web.ids)]
        )
        rows = list(self._workbook(export)["Ledger"].iter_rows(min_row=2, values_only=True))
        self.assertEqual({row[0] for row in rows if not row[0].startswith("Total")}, {"WEB"})
        self.assertEqual(export.line_count, 2)  # the bill's expense and the rent's share

    def test_fec_with_activity_code_csv(self):
        export = self._export_with_wizard(
            "coop.analytic.ledger.wizard", export_kind="fec_analytic_csv"
        )
        lines = export.attachment_id.raw.decode().splitlines()
        self.assertTrue(lines[0].endswith("|Idevise|CodeActivite"))
        rows = [line.split("|") for line in lines[1:]]
        self.assertTrue(all(len(row) == 19 for row in rows))
        rent = sorted((row[18], row[11]) for row in rows if row[2] == self.rent.name)
        self.assertEqual(rent, [("BOIS", "150,00"), ("SANS-ACTIVITE", "0,00"), ("WEB", "150,00")])
        self.assertEqual(export.line_count, len(rows))

    def test_a_line_split_three_ways_balances_to_the_cent(self):
        structure = self.company.coop_structure_activity_id
        entry = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": "2026-07-15",
                "ref": "FOURNITURES",
                "journal_id": self.company_data["default_journal_misc"].id,
                "line_ids": [
                    fields.Command.create(
                        {
                            "name": "Fournitures partagées",
                            "account_id": self.account_expense.id,
                            "debit": 100.01,
                            "analytic_distribution": {
                                str(self.activity_wood.analytic_account_id.id): 33.33,
                                str(self.activity_web.analytic_account_id.id): 33.33,
                                str(structure.analytic_account_id.id): 33.34,
                            },
                        }
                    ),
                    fields.Command.create(
                        {
                            "name": "Fournitures partagées (moitié affectée)",
                            "account_id": self.account_expense.id,
                            "debit": 50.01,
                            "analytic_distribution": {
                                str(self.activity_wood.analytic_account_id.id): 50,
                            },
                        }
                    ),
                    fields.Command.create(
                        {
                            "name": "Fournitures partagées",
                            "account_id": self.company_data["default_account_payable"].id,
                            "partner_id": self.supplier.id,
                            "credit": 150.02,
                        }
                    ),
                ],
            }
        )
        entry.action_post()
        # 100.01 at 33.33/33.33/33.34%: 33.33, 33.33 and 33.34 + the cent left, which goes
        # to the largest remainder; 50.01 half allocated: 25.01 and 25.00 on no activity.
        export = self._export("fec_analytic_csv")
        self.assertEqual(export.state, "done", export.problems)
        rows = [line.split("|") for line in export.attachment_id.raw.decode().splitlines()[1:]]
        shares = sorted(
            (row[10], row[18], row[11])
            for row in rows
            if row[2] == entry.name and row[11] != "0,00"
        )
        self.assertEqual(
            shares,
            [
                ("Fournitures partagées", "BOIS", "33,33"),
                ("Fournitures partagées", structure.code, "33,35"),
                ("Fournitures partagées", "WEB", "33,33"),
                ("Fournitures partagées (moitié affectée)", "BOIS", "25,01"),
                ("Fournitures partagées (moitié affectée)", "SANS-ACTIVITE", "25,00"),
            ],
        )
        debit = sum(int(row[11].replace(",", "")) for row in rows if row[2] == entry.name)
        credit = sum(int(row[12].replace(",", "")) for row in rows if row[2] == entry.name)
        self.assertEqual((debit, credit), (15002, 15002))
