# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from pathlib import Path

from odoo import fields
from odoo.addons.base.tests.common import new_test_user
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

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
        # The past result on 120 (a profit): no 999999, no "120/129".
        self.assertEqual(
            by_account,
            {
                (receivable, "CLI001"): ("1200,00", "0,00"),
                (vat, ""): ("0,00", "200,00"),
                ("120000", ""): ("0,00", "1000,00"),
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
        self.assertEqual(nonofficial.state, "done", nonofficial.problems)
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
        self.assertIn(
            f"Entry {self.rent.name} (line 13) is not balanced: debit minus credit is 10,00.",
            export.problems,
        )
        self.assertIn("The file is not balanced", export.problems)

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

    def test_a_gap_in_the_numbering_is_refused_with_the_missing_number(self):
        cancelled = self._coop_document(
            "out_invoice", self.client, self.activity_wood, 80.0, "2026-03-20"
        )
        self._coop_document("out_invoice", self.client, self.activity_wood, 90.0, "2026-03-25")
        cancelled.button_draft()
        cancelled.button_cancel()
        export = self._export()
        self.assertEqual(export.state, "error")
        self.assertIn(f"Journal INV skips {cancelled.name}", export.problems)
        # A non-official file holds it, cancelled, as Odoo's own export does.
        nonofficial = self._export(export_type="nonofficial")
        self.assertEqual(nonofficial.state, "done", nonofficial.problems)
        self.assertIn(cancelled.name, {row[2] for row in self._rows(nonofficial)})

    def test_an_official_export_locks_the_fiscal_year_when_asked(self):
        self.company.fiscalyear_lock_date = False
        with freeze_time("2027-01-15"):
            self._export(export_type="nonofficial", lock_fiscal_year=True)
            self.assertFalse(self.company.fiscalyear_lock_date, "a non-official file locks nothing")
            self._export(lock_fiscal_year=False)
            self.assertFalse(self.company.fiscalyear_lock_date)
        with freeze_time("2026-12-20"):
            early = self._export(lock_fiscal_year=True)
        self.assertFalse(self.company.fiscalyear_lock_date, "the year is not over")
        self.assertIn("which has not passed yet", early.message_ids[0].body)
        with freeze_time("2027-01-15"):
            export = self._export(lock_fiscal_year=True)
        self.assertEqual(export.state, "done", export.problems)
        self.assertEqual(self.company.fiscalyear_lock_date, fields.Date.to_date("2026-12-31"))
        self.assertIn("The fiscal year is locked at 2026-12-31.", export.message_ids[0].body)

    def test_the_wizard_locks_by_default_for_an_official_file_only(self):
        wizard = self.env["coop.fec.export.wizard"].create(
            {"date_from": "2026-01-01", "date_to": "2026-12-31"}
        )
        self.assertTrue(wizard.lock_fiscal_year)
        wizard.export_type = "nonofficial"
        self.assertFalse(wizard.lock_fiscal_year)

    def test_latin9_refuses_what_it_cannot_hold(self):
        self.rent.line_ids[0].name = "L’atelier partagé"
        export = self._export(encoding="iso-8859-15")
        self.assertEqual(export.state, "error")
        self.assertIn("holds characters that ISO-8859-15 cannot hold: ’", export.problems)
        self.assertEqual(self._export().state, "done", "UTF-8 holds it")
