# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from pathlib import Path

from odoo import fields
from odoo.addons.base.tests.common import new_test_user
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CoopExportCommon

GOLDEN = Path(__file__).parent / "data" / "fec_2026.txt"


@tagged("post_install", "-at_install")
class TestFecExport(CoopExportCommon):
    def _lines(self, export):
        content = export.attachment_id.raw.decode(
            "iso-8859-15" if export.encoding == "iso-8859-15" else "utf-8"
        )
        self.assertTrue(content.endswith("\r\n"))
        return content[:-2].split("\r\n")

    def _rows(self, export, separator="|"):
        return [line.split(separator) for line in self._lines(export)[1:]]

    def test_fec_matches_golden_file(self):
        export = self._export()
        self.assertEqual(export.state, "done", export.problems)
        reconcile = self.invoice.line_ids.filtered("full_reconcile_id").full_reconcile_id
        expected = (
            GOLDEN.read_text(encoding="utf-8")
            .format(
                reconcile=reconcile.id,
                reconciled_on=f"{reconcile.create_date:%Y%m%d}",
            )
            .splitlines()
        )
        actual = self._lines(export)
        for number, (actual_line, expected_line) in enumerate(zip(actual, expected, strict=False)):
            self.assertEqual(actual_line, expected_line, f"line {number + 1}")
        self.assertEqual(len(actual), len(expected))

    def test_fec_file_named_after_siren_and_kept_with_its_author(self):
        export = self._export()
        self.assertEqual(export.name, "842000002FEC20261231.txt")
        self.assertEqual(export.attachment_id.name, export.name)
        self.assertEqual(
            (export.attachment_id.res_model, export.attachment_id.res_id),
            ("coop.account.export", export.id),
        )
        self.assertEqual(export.user_id, self.env.user)
        self.assertTrue(export.export_date)
        self.assertIn(export.attachment_id, export.message_ids.attachment_ids)
        action = export.action_download()
        self.assertEqual(action["url"], f"/web/content/{export.attachment_id.id}?download=true")

    def test_siren_read_from_vat_first(self):
        self.company.vat = "FR44732829320"
        self.assertEqual(self._export().name, "732829320FEC20261231.txt")

    def test_opening_entry_carries_balances_and_past_result(self):
        rows = [row for row in self._rows(self._export()) if row[0] == "OUV"]
        by_account = {(row[4], row[6]): (row[11], row[12]) for row in rows}
        receivable = self.company_data["default_account_receivable"].code
        vat = self.invoice_2025.line_ids.filtered("tax_line_id").account_id.code
        unaffected = self.env["account.account"].search(
            [
                *self.env["account.account"]._check_company_domain(self.company),
                ("account_type", "=", "equity_unaffected"),
            ],
            limit=1,
        )
        self.assertEqual(
            by_account,
            {
                (receivable, "CLI001"): ("1200,00", "0,00"),
                (vat, ""): ("0,00", "200,00"),
                (unaffected.code, ""): ("0,00", "1000,00"),
            },
        )
        self.assertEqual({row[2] for row in rows}, {"OUVERTURE/2026"})
        self.assertEqual({row[3] for row in rows}, {"20260101"})

    def test_reconciled_line_has_lettering_code_and_date(self):
        reconcile = self.invoice.line_ids.filtered("full_reconcile_id").full_reconcile_id
        self.assertTrue(reconcile)
        rows = self._rows(self._export())
        lettered = [row for row in rows if row[13]]
        self.assertEqual(len(lettered), 2)  # the invoice's receivable and the payment's
        for row in lettered:
            self.assertEqual(row[13], str(reconcile.id))
            self.assertEqual(row[14], f"{reconcile.create_date:%Y%m%d}")

    def test_multi_currency_line_keeps_foreign_amount(self):
        rows = [row for row in self._rows(self._export()) if row[2] == self.bill.name]
        payable = next(row for row in rows if row[6] == "FRN001")
        # 120 USD at 1.25 USD per EUR: 96 EUR on the books.
        self.assertEqual(payable[11:13], ["0,00", "96,00"])
        self.assertEqual(payable[16:18], ["-120,00", "USD"])

    def test_latin9_tab_separated_file(self):
        export = self._export(encoding="iso-8859-15", separator="tab")
        self.assertEqual(export.state, "done", export.problems)
        raw = export.attachment_id.raw
        self.assertIn("Loyer atelier partagé".encode("iso-8859-15"), raw)
        rows = self._rows(export, separator="\t")
        self.assertTrue(all(len(row) == 18 for row in rows))

    def test_excluded_journal_and_draft_entries(self):
        bank = self.payment.journal_id
        export = self._export(excluded_journal_ids=[fields.Command.set(bank.ids)])
        self.assertNotIn(bank.code, {row[0] for row in self._rows(export)})
        draft = self.invoice.copy({"invoice_date": "2026-07-01", "date": "2026-07-01"})
        official = self._export()
        self.assertNotIn(draft.name, {row[2] for row in self._rows(official)})
        nonofficial = self._export(export_type="nonofficial")
        self.assertEqual(nonofficial.name, "842000002FEC20261231-NONOFFICIAL.txt")
        self.assertEqual(nonofficial.line_count, official.line_count + 3)

    def test_unbalanced_book_is_refused_with_its_problems(self):
        line = self.rent.line_ids.filtered("debit")
        self.env.cr.execute(
            "UPDATE account_move_line SET debit = 310, balance = 310 WHERE id = %s", [line.id]
        )
        self.env.invalidate_all()
        export = self._export()
        self.assertEqual(export.state, "error")
        self.assertFalse(export.attachment_id)
        self.assertEqual(
            export.problems,
            f"Entry {self.rent.name} is not balanced: debit minus credit is 10,00.",
        )

    def test_company_without_siren_is_refused(self):
        self.company.write({"siret": False})
        export = self._export()
        self.assertEqual(export.state, "error")
        self.assertIn("The company has no SIREN", export.problems)
        self.assertFalse(export.attachment_id)

    def test_wizard_opens_the_export(self):
        export = self._export_with_wizard("coop.fec.export.wizard", separator="tab")
        self.assertEqual((export.state, export.separator), ("done", "tab"))

    def test_entrepreneur_cannot_export(self):
        user = new_test_user(
            self.env,
            "export_test_entrepreneur",
            groups="coop_entrepreneur.group_coop_entrepreneur",
            company_id=self.company.id,
            company_ids=[fields.Command.set(self.company.ids)],
        )
        with self.assertRaises(AccessError):
            self.env["coop.fec.export.wizard"].with_user(user).create(
                {"date_from": "2026-01-01", "date_to": "2026-12-31"}
            )

    def test_manager_exports(self):
        user = new_test_user(
            self.env,
            "export_test_manager",
            groups="coop_entrepreneur.group_coop_manager",
            company_id=self.company.id,
            company_ids=[fields.Command.set(self.company.ids)],
        )
        export = self._export().with_user(user)
        export.invalidate_recordset()
        self.assertEqual(export.state, "done")
        self.assertTrue(export.attachment_id.raw)
