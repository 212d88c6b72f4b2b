# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import re

import xlsxwriter

from odoo import fields, models
from odoo.tools import format_date


class CoopFundReport(models.TransientModel):
    """The funds' year for the general assembly: one sheet per fund, the balance at the
    start, what came in and went out by kind, the balance at the end, and what the
    committee wrote off."""

    _name = "coop.fund.report"
    _inherit = ["coop.file.download.mixin"]
    _description = "Solidarity funds' yearly report"

    fund_ids = fields.Many2many(
        "coop.fund", string="Funds", default=lambda self: self.env["coop.fund"].search([])
    )
    date_from = fields.Date(
        required=True,
        default=lambda self: self.env.company.compute_fiscalyear_dates(
            fields.Date.context_today(self)
        )["date_from"],
    )
    date_to = fields.Date(
        required=True,
        default=lambda self: self.env.company.compute_fiscalyear_dates(
            fields.Date.context_today(self)
        )["date_to"],
    )

    def _xlsx(self):
        self.ensure_one()
        figures = self.fund_ids._year_figures(self.date_from, self.date_to)
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = book.add_format({"bold": True})
        money = book.add_format({"num_format": "#,##0.00 [$€-fr-FR]"})
        money_bold = book.add_format({"num_format": "#,##0.00 [$€-fr-FR]", "bold": True})
        period = self.env._(
            "From %(start)s to %(end)s",
            start=format_date(self.env, self.date_from),
            end=format_date(self.env, self.date_to),
        )
        rows = (
            ("payin", self.env._("Pay-ins from the activities")),
            ("contribution", self.env._("Shares of the contributions")),
            ("loan", self.env._("Members' loans received, net of their repayments")),
            ("repayment", self.env._("Repayments of advances and loans, claims recovered")),
            ("payout", self.env._("Payouts to the activities")),
            ("interest", self.env._("Interest paid to the lending members")),
            ("other", self.env._("Other movements")),
        )
        used = set()
        for fund in self.fund_ids:
            figure = figures[fund.id]
            # Sheet names: 31 characters at most, none of []:*?/\ and each its own.
            name = re.sub(r"[\[\]:*?/\\]", "-", fund.code)[:24]
            sheet = book.add_worksheet(name if name not in used else f"{name}-{fund.id}"[:31])
            used.add(name)
            sheet.set_column(0, 0, 52)
            sheet.set_column(1, 1, 18)
            sheet.write(0, 0, fund.name, bold)
            sheet.write(1, 0, period)
            sheet.write(3, 0, self.env._("Balance at the start"), bold)
            sheet.write_number(3, 1, figure["opening"], money_bold)
            row = 4
            for key, label in rows:
                sheet.write(row, 0, label)
                sheet.write_number(row, 1, figure[key], money)
                row += 1
            sheet.write(row, 0, self.env._("Balance at the end"), bold)
            sheet.write_number(row, 1, figure["closing"], money_bold)
            sheet.write(row + 2, 0, self.env._("Written off by the committee (for information)"))
            sheet.write_number(row + 2, 1, figure["written_off"], money)
        book.close()
        return output.getvalue()

    def action_export(self):
        self.ensure_one()
        return self._coop_download(self._xlsx(), f"fonds-{self.date_from}-{self.date_to}.xlsx")
