# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
from datetime import date

import openpyxl

from odoo.tests import tagged

from .common import ContributionCommon


@tagged("post_install", "-at_install")
class TestStatement(ContributionCommon):
    def test_xlsx_statement_lists_each_invoice_and_totals(self):
        first = self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 2, 1))
        credit = self._coop_invoice(
            self.activity_wood, [250.0], move_type="out_refund", date=date(2026, 2, 10)
        )
        self._coop_invoice(self.activity_web, [999.0], date=date(2026, 2, 3))
        wizard = self.env["coop.contribution.statement"].create(
            {
                "activity_id": self.activity_wood.id,
                "date_from": date(2026, 1, 1),
                "date_to": date(2026, 12, 31),
            }
        )
        action = wizard.action_export()
        self.assertIn("/file_data/", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file_data)))
        rows = list(book.active.iter_rows(min_row=6, values_only=True))
        self.assertEqual([row[2] for row in rows[:2]], [first.name, credit.name])
        self.assertEqual(
            [row[1] for row in rows[:2]],
            [self._contributions(first).move_id.name, self._contributions(credit).move_id.name],
        )
        self.assertEqual(
            [(row[4], row[6], row[7]) for row in rows[:2]],
            [(1000.0, 0.1, 100.0), (-250.0, 0.1, -25.0)],
        )
        self.assertEqual((rows[2][0], rows[2][4], rows[2][7]), ("Total", 750.0, 75.0))
        self.assertEqual(len(rows), 3)

    def test_contributions_report_for_the_entrepreneur(self):
        self._coop_invoice(self.activity_wood, [1000.0])
        self._coop_invoice(self.activity_web, [2000.0])
        Contribution = self.env["coop.contribution"]
        self.assertEqual(
            Contribution.with_user(self.user_camille).search([]).mapped("amount"), [100.0]
        )
        self.assertEqual(
            sorted(Contribution.with_user(self.user_tutor).search([]).mapped("activity_id.code")),
            ["BOIS"],
        )
        self.assertEqual(
            sorted(Contribution.with_user(self.user_manager).search([]).mapped("amount")),
            [100.0, 200.0],
        )
