# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from datetime import date

from openpyxl import load_workbook

from odoo.tests import freeze_time, tagged

from .common import FundsCommon


@tagged("post_install", "-at_install")
class TestFundReport(FundsCommon):
    @freeze_time("2027-06-30")
    def test_the_years_figures_add_up_to_the_balance(self):
        # Before the year: the 1,000.00 pay-in of 15 January 2026 (the year is 2027).
        self._movement(self.activity_wood, 300.0, day=date(2027, 2, 1)).action_post()
        advance = self._approved(500.0, kind="advance", instalment_count=2)
        advance.action_pay(date(2027, 3, 1))
        advance.instalment_ids[0]._post()
        advance.decision_note = "Cessation d'activité"
        advance.action_write_off()
        loan = self.env["coop.fund.loan"].create(
            {
                "fund_id": self.fund.id,
                "partner_id": self.hugo.id,
                "amount": 1200.0,
                "date": date(2027, 1, 5),
                "interest_rate": 12.0,
                "term": 2,
            }
        )
        loan.action_receive()
        loan.line_ids[0]._post()
        figures = self.fund._year_figures(date(2027, 1, 1), date(2027, 12, 31))[self.fund.id]
        self.assertEqual(
            {key: round(value, 2) for key, value in figures.items()},
            {
                "opening": 1000.0,
                "payin": 300.0,
                "contribution": 0.0,
                "payout": -500.0,
                "repayment": 250.0,
                "loan": 600.0,
                "interest": -12.0,
                "other": 0.0,
                "closing": 1638.0,
                "written_off": 250.0,
            },
        )
        self.fund.invalidate_recordset()
        self.assertEqual(self.fund.balance, 1638.0)
        wizard = self.env["coop.fund.report"].create(
            {
                "fund_ids": [(6, 0, self.fund.ids)],
                "date_from": date(2027, 1, 1),
                "date_to": date(2027, 12, 31),
            }
        )
        sheet = load_workbook(io.BytesIO(wizard._xlsx()))["SECOURS"]
        values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[1] is not None}
        self.assertEqual(len([v for v in values.values() if isinstance(v, (int, float))]), 10)
        self.assertIn(1638.0, values.values())
        self.assertIn(-500.0, values.values())
        self.assertEqual(wizard.action_export()["type"], "ir.actions.act_url")
