# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

import xlsxwriter

from odoo import fields, models
from odoo.tools import date_utils, format_date


class CoopContributionStatement(models.TransientModel):
    _name = "coop.contribution.statement"
    _inherit = ["coop.file.download.mixin"]
    _description = "Contribution statement"

    activity_id = fields.Many2one("coop.activity", required=True)
    date_from = fields.Date(
        required=True, default=lambda self: date_utils.start_of(fields.Date.today(), "year")
    )
    date_to = fields.Date(
        required=True, default=lambda self: date_utils.end_of(fields.Date.today(), "year")
    )

    def _lines(self):
        return self.env["coop.contribution"].search(
            [
                ("activity_id", "=", self.activity_id.id),
                ("state", "=", "posted"),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ],
            order="date, id",
        )

    def _xlsx(self):
        """The statement as XLSX bytes: one row per contribution entry, then totals."""
        self.ensure_one()
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(self.env._("Contributions"))
        bold = book.add_format({"bold": True})
        money = book.add_format({"num_format": "#,##0.00 [$€-fr-FR]"})
        money_bold = book.add_format({"num_format": "#,##0.00 [$€-fr-FR]", "bold": True})
        percent = book.add_format({"num_format": "0.00%"})
        day = book.add_format({"num_format": "dd/mm/yyyy"})
        sheet.write(0, 0, self.env._("Contribution statement"), bold)
        sheet.write(1, 0, self.activity_id.display_name)
        sheet.write(
            2,
            0,
            self.env._(
                "From %(start)s to %(end)s",
                start=format_date(self.env, self.date_from),
                end=format_date(self.env, self.date_to),
            ),
        )
        headers = [
            self.env._("Date"),
            self.env._("Entry"),
            self.env._("Document"),
            self.env._("Customer"),
            self.env._("Base"),
            self.env._("Rule"),
            self.env._("Rate"),
            self.env._("Contribution"),
        ]
        header_row = 4
        sheet.write_row(header_row, 0, headers, bold)
        kinds = dict(self.env["coop.contribution"]._fields["kind"]._description_selection(self.env))
        row = header_row
        lines = self._lines()
        for row, line in enumerate(lines, header_row + 1):
            sheet.write_datetime(row, 0, fields.Datetime.to_datetime(line.date), day)
            sheet.write(row, 1, line.move_id.name or "")
            sheet.write(row, 2, line.source_move_id.name or kinds.get(line.kind, ""))
            sheet.write(row, 3, line.partner_id.name or "")
            sheet.write_number(row, 4, line.base, money)
            sheet.write(row, 5, line.rule_id.name)
            sheet.write_number(row, 6, line.amount / line.base if line.base else 0.0, percent)
            sheet.write_number(row, 7, line.amount, money)
        total_row = row + 1
        sheet.write(total_row, 0, self.env._("Total"), bold)
        sheet.write_number(total_row, 4, sum(lines.mapped("base")), money_bold)
        sheet.write_number(total_row, 7, sum(lines.mapped("amount")), money_bold)
        sheet.autofilter(header_row, 0, max(total_row - 1, header_row), len(headers) - 1)
        sheet.freeze_panes(header_row + 1, 0)
        sheet.set_column(0, 0, 12)
        sheet.set_column(1, 3, 24)
        sheet.set_column(4, 7, 16)
        book.close()
        return output.getvalue()

    def action_export(self):
        self.ensure_one()
        return self._coop_download(
            self._xlsx(),
            f"contributions-{self.activity_id.code}-{self.date_from}-{self.date_to}.xlsx",
        )
