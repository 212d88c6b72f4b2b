# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io

import xlsxwriter

from odoo import fields, models


class CoopRegisterExport(models.TransientModel):
    """The register of associés at a date: every validated operation in order, then each
    associé's holding, as XLSX or as a printable PDF."""

    _name = "coop.register.export"
    _inherit = ["coop.file.download.mixin"]
    _description = "Register of associés: export"

    date = fields.Date(required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    def _operations(self):
        return self.env["coop.capital.operation"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "=", "validated"),
                ("date", "<=", self.date),
            ],
            order="name",
        )

    def _holdings(self):
        operations = self._operations()
        partners = (operations.partner_id | operations.transferee_id).sorted("name")
        holdings = self.env["coop.capital.operation"]._holdings(partners, self.date)
        return [(partner, holdings[partner.id]) for partner in partners]

    def _xlsx(self):
        self.ensure_one()
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = book.add_format({"bold": True})
        money = book.add_format({"num_format": "#,##0.00 [$€-fr-FR]"})
        day = book.add_format({"num_format": "dd/mm/yyyy"})
        kinds = dict(
            self.env["coop.capital.operation"]._fields["kind"]._description_selection(self.env)
        )
        sheet = book.add_worksheet(self.env._("Register"))
        headers = [
            self.env._("Number"),
            self.env._("Date"),
            self.env._("Associé"),
            self.env._("Operation"),
            self.env._("Shares"),
            self.env._("Amount"),
        ]
        sheet.write_row(0, 0, headers, bold)
        for row, operation in enumerate(self._operations(), 1):
            sheet.write(row, 0, operation.name)
            sheet.write_datetime(row, 1, fields.Datetime.to_datetime(operation.date), day)
            member = operation.partner_id.name
            if operation.transferee_id:
                member = f"{member} → {operation.transferee_id.name}"
            sheet.write(row, 2, member)
            sheet.write(row, 3, kinds[operation.kind])
            sheet.write_number(row, 4, operation.shares)
            sheet.write_number(row, 5, operation.amount, money)
        sheet.set_column(0, 3, 22)
        sheet.set_column(4, 5, 14)
        holdings = book.add_worksheet(self.env._("Holdings"))
        holdings.write_row(
            0,
            0,
            [
                self.env._("Associé"),
                self.env._("Shares held"),
                self.env._("Capital subscribed"),
                self.env._("Capital paid"),
                self.env._("Capital to repay"),
            ],
            bold,
        )
        for row, (partner, holding) in enumerate(self._holdings(), 1):
            holdings.write(row, 0, partner.name)
            holdings.write_number(row, 1, holding["shares"])
            holdings.write_number(row, 2, holding["subscribed"] - holding["to_repay"], money)
            holdings.write_number(row, 3, holding["paid"] - holding["to_repay"], money)
            holdings.write_number(row, 4, holding["to_repay"] - holding["repaid"], money)
        holdings.set_column(0, 0, 28)
        holdings.set_column(1, 4, 18)
        book.close()
        return output.getvalue()

    def action_export_xlsx(self):
        self.ensure_one()
        return self._coop_download(self._xlsx(), f"registre-associes-{self.date}.xlsx")

    def action_print(self):
        self.ensure_one()
        return self.env.ref("coop_governance.action_report_register").report_action(self)
