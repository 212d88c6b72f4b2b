# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import TransactionCase, tagged

from ..fec_checker import FecChecker
from ..formats import FEC_HEADER

HEADER = "|".join(FEC_HEADER)
DEBIT = "VE|Ventes|VE1|20260315|411100|Clients|CLI001|Durand|F-1|20260315|Table|600,00|0,00|||20260315||"
CREDIT = "VE|Ventes|VE1|20260315|706000|Prestations|||F-1|20260315|Table|0,00|600,00|||20260315||"


def _with(line, column, value, separator="|"):
    fields = line.split(separator)
    fields[FEC_HEADER.index(column)] = value
    return separator.join(fields)


@tagged("post_install", "-at_install")
class TestFecChecker(TransactionCase):
    """Each rule of the legal format is caught, in plain words."""

    def _problems(self, *lines, header=HEADER, siren="842000002", separator="|"):
        checker = FecChecker(self.env, separator, siren)
        checker.feed_header(header)
        for line in lines:
            checker.feed(line)
        return checker.problems()

    def test_correct_file_has_no_problem(self):
        self.assertEqual(self._problems(DEBIT, CREDIT), [])

    def test_tab_separated_file_is_checked_with_its_separator(self):
        tab = [line.replace("|", "\t") for line in (HEADER, DEBIT, CREDIT)]
        self.assertEqual(self._problems(*tab[1:], header=tab[0], separator="\t"), [])

    def test_columns_out_of_legal_order_are_refused(self):
        header = HEADER.replace("Debit|Credit", "Credit|Debit")
        (problem,) = self._problems(DEBIT, CREDIT, header=header)
        self.assertIn("18 legal columns in this order", problem)

    def test_missing_column_is_refused(self):
        short = DEBIT.rsplit("|", 1)[0]
        problems = self._problems(short, CREDIT)
        self.assertIn("Line 2 has 17 columns instead of 18.", problems)

    def test_unbalanced_entry_is_refused(self):
        problems = self._problems(DEBIT, _with(CREDIT, "Credit", "599,99"))
        self.assertEqual(
            problems,
            [
                "Entry VE1 (line 2) is not balanced: debit minus credit is 0,01.",
                "The file is not balanced: its debits minus its credits are 0,01.",
            ],
        )

    def test_date_not_written_yyyymmdd_is_refused(self):
        problems = self._problems(_with(DEBIT, "EcritureDate", "2026-03-15"), CREDIT)
        self.assertEqual(
            problems,
            ["Line 2: EcritureDate is '2026-03-15', not a date written YYYYMMDD."],
        )
        problems = self._problems(DEBIT, _with(CREDIT, "DateLet", "20261345"))
        self.assertEqual(problems, ["Line 3: DateLet is '20261345', not a date written YYYYMMDD."])

    def test_amount_with_a_dot_is_refused(self):
        problems = self._problems(_with(DEBIT, "Debit", "600.00"), CREDIT)
        self.assertIn(
            "Line 2: Debit is '600.00', not an amount with a comma and two decimals "
            "(e.g. 1234,50).",
            problems,
        )

    def test_empty_label_is_refused(self):
        problems = self._problems(_with(DEBIT, "EcritureLib", " "), CREDIT)
        self.assertEqual(problems, ["Line 2 has an empty label (EcritureLib)."])

    def test_empty_document_reference_is_refused(self):
        problems = self._problems(DEBIT, _with(CREDIT, "PieceRef", ""))
        self.assertEqual(problems, ["Line 3 has an empty document reference (PieceRef)."])

    def test_missing_or_invalid_siren_is_refused(self):
        (problem,) = self._problems(DEBIT, CREDIT, siren="")
        self.assertIn("The company has no SIREN", problem)
        (problem,) = self._problems(DEBIT, CREDIT, siren="842000003")
        self.assertEqual(problem, "The company's SIREN 842000003 is not a valid SIREN.")

    def test_many_faulty_lines_are_counted_not_all_listed(self):
        lines = [_with(DEBIT, "EcritureLib", "")] * 30
        problems = self._problems(*lines)
        self.assertIn("30 problems of this kind in all; only the first are listed.", problems)

    def _entry(self, number, day="20260315", journal="VE", amount="600,00"):
        debit = _with(
            _with(_with(DEBIT, "EcritureNum", number), "EcritureDate", day), "Debit", amount
        )
        credit = _with(
            _with(_with(CREDIT, "EcritureNum", number), "EcritureDate", day), "Credit", amount
        )
        return [_with(debit, "JournalCode", journal), _with(credit, "JournalCode", journal)]

    def _checked(self, *entries, encoding="utf-8"):
        checker = FecChecker(
            self.env, "|", "842000002", date(2026, 1, 1), date(2026, 12, 31), encoding
        )
        checker.feed_header(HEADER)
        for entry in entries:
            for line in entry:
                checker.feed(line)
        return checker.problems()

    def test_continuous_numbering_per_journal(self):
        self.assertEqual(
            self._checked(self._entry("VE/2026/0001"), self._entry("VE/2026/0002")), []
        )
        (problem,) = self._checked(self._entry("VE/2026/0001"), self._entry("VE/2026/0004"))
        self.assertEqual(
            problem,
            "Journal VE skips VE/2026/0002…VE/2026/0003: the numbering goes from line 2 to "
            "line 4 (VE/2026/0004).",
        )

    def test_an_entry_number_used_twice_or_by_two_journals(self):
        problems = self._checked(
            self._entry("VE/2026/0001"), self._entry("VE/2026/0002"), self._entry("VE/2026/0001")
        )
        self.assertIn(
            "Entry number VE/2026/0001 is used twice in journal VE (lines 2 and 6).", problems
        )
        problems = self._checked(
            self._entry("VE/2026/0001"), self._entry("VE/2026/0002", journal="AC")
        )
        self.assertIn("Entry numbers VE/2026/… are used by several journals: AC, VE.", problems)

    def test_entries_numbered_in_the_order_of_their_dates(self):
        (problem,) = self._checked(
            self._entry("VE/2026/0002", day="20260301"), self._entry("VE/2026/0001", day="20260310")
        )
        self.assertIn("Entry VE/2026/0002 (line 2) is dated 20260301, before the entry", problem)

    def test_every_date_inside_the_period_but_the_opening(self):
        (problem,) = self._checked(self._entry("VE/2027/0001", day="20270105"))
        self.assertEqual(
            problem,
            "Line 2: entry VE/2027/0001 is dated 20270105, outside the exported period "
            "(20260101 to 20261231).",
        )
        opening = self._entry("OUVERTURE/2026", day="20251231", journal="OUV")
        self.assertEqual(self._checked(opening), [])

    def test_journal_and_account_names_never_empty(self):
        problems = self._problems(_with(DEBIT, "JournalLib", ""), _with(CREDIT, "CompteLib", " "))
        self.assertEqual(
            problems,
            [
                "Line 2 has an empty journal name (JournalLib).",
                "Line 3 has an empty account name (CompteLib).",
            ],
        )

    def test_currency_amount_and_currency_go_together(self):
        problems = self._problems(_with(DEBIT, "Montantdevise", "720,00"), CREDIT)
        self.assertEqual(
            problems, ["Line 2: Montantdevise and Idevise go together, or are both empty."]
        )
        both = _with(_with(DEBIT, "Montantdevise", "720,00"), "Idevise", "USD")
        self.assertEqual(self._problems(both, CREDIT), [])

    def test_a_character_latin9_cannot_hold_is_named_with_its_line(self):
        quoted = [_with(line, "EcritureLib", "L’atelier") for line in self._entry("VE/2026/0001")]
        problems = self._checked(quoted, encoding="iso-8859-15")
        self.assertEqual(len(problems), 2)
        self.assertEqual(
            problems[0],
            "Line 2 holds characters that ISO-8859-15 cannot hold: ’. Correct them in the "
            "entries, or export in UTF-8.",
        )
        self.assertEqual(self._checked(quoted), [], "UTF-8 holds it")
