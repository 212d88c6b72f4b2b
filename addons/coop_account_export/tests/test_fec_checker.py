# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged

from ..report.fec_checker import FEC_HEADER, FecChecker

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
        self.assertEqual(problems, ["Entry VE1 is not balanced: debit minus credit is 0,01."])

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
        self.assertIn("30 faulty lines in all; only the first are listed.", problems)
