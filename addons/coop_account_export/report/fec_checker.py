# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The checks a FEC file must pass before it is offered (article A47 A-1 LPF).

Plain Python, fed line by line as the file is written, so that checking a million
lines costs one regular expression per line and no second reading of the file.
"""

import re
from collections import defaultdict

from stdnum.fr import siren as stdnum_siren

FEC_HEADER = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
)
COLUMN = {name: index for index, name in enumerate(FEC_HEADER)}
DATE = r"\d{4}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
AMOUNT = r"\d+,\d\d"
DATE_RE = re.compile(rf"^{DATE}$")
AMOUNT_RE = re.compile(rf"^{AMOUNT}$")
SIGNED_AMOUNT_RE = re.compile(rf"^-?{AMOUNT}$")
# Beyond this many faulty lines, only their number is reported.
MAX_LINE_PROBLEMS = 20


def _line_pattern(separator):
    """One expression that a correct line matches; it captures number, debit and credit."""
    sep = re.escape(separator)
    free = f"[^{sep}]*"
    text = f"[^{sep}]*[^\\s{sep}][^{sep}]*"
    fields = [
        text,  # JournalCode
        free,  # JournalLib
        f"({text})",  # EcritureNum
        DATE,  # EcritureDate
        text,  # CompteNum
        free,  # CompteLib
        free,  # CompAuxNum
        free,  # CompAuxLib
        text,  # PieceRef
        DATE,  # PieceDate
        text,  # EcritureLib
        f"({AMOUNT})",  # Debit
        f"({AMOUNT})",  # Credit
        free,  # EcritureLet
        f"(?:{DATE})?",  # DateLet
        DATE,  # ValidDate
        f"(?:-?{AMOUNT})?",  # Montantdevise
        free,  # Idevise
    ]
    return re.compile("^" + sep.join(fields) + "$")


def _cents(amount):
    return int(amount.replace(",", ""))


class FecChecker:
    """Collects, in plain words, what makes a FEC file unfit to hand over.

    ``feed_header()`` then ``feed()`` every data line (without its line ending),
    then ``problems()``.
    """

    def __init__(self, env, separator, siren):
        self.separator = separator
        self.siren = siren
        self.env = env
        self._pattern = _line_pattern(separator)
        self._balance = defaultdict(int)
        self._line_problems = []
        self._faulty_lines = 0
        self._line_number = 1
        self._header_problems = []
        self.line_count = 0

    def feed_header(self, line):
        columns = tuple(line.split(self.separator))
        if columns != FEC_HEADER:
            self._header_problems.append(
                self.env._(
                    "The first line must name the 18 legal columns in this order: %(columns)s; "
                    "it reads: %(line)s",
                    columns=", ".join(FEC_HEADER),
                    line=line,
                )
            )

    def feed(self, line):
        self._line_number += 1
        self.line_count += 1
        match = self._pattern.match(line)
        if match:
            number, debit, credit = match.groups()
            self._balance[number] += _cents(debit) - _cents(credit)
            return
        self._faulty_lines += 1
        if len(self._line_problems) >= MAX_LINE_PROBLEMS:
            return
        fields = line.split(self.separator)
        if len(fields) != len(FEC_HEADER):
            self._line_problems.append(
                self.env._(
                    "Line %(line)s has %(count)s columns instead of 18.",
                    line=self._line_number,
                    count=len(fields),
                )
            )
            return
        self._line_problems.extend(self._describe(fields))
        debit, credit = fields[COLUMN["Debit"]], fields[COLUMN["Credit"]]
        if AMOUNT_RE.match(debit) and AMOUNT_RE.match(credit):
            self._balance[fields[COLUMN["EcritureNum"]]] += _cents(debit) - _cents(credit)

    def _describe(self, fields):
        """The problems of one line that did not match, one sentence each."""
        line = self._line_number
        problems = []
        for name in ("JournalCode", "EcritureNum", "CompteNum"):
            if not fields[COLUMN[name]].strip():
                problems.append(
                    self.env._("Line %(line)s has no %(column)s.", line=line, column=name)
                )
        if not fields[COLUMN["EcritureLib"]].strip():
            problems.append(
                self.env._("Line %(line)s has an empty label (EcritureLib).", line=line),
            )
        if not fields[COLUMN["PieceRef"]].strip():
            problems.append(
                self.env._("Line %(line)s has an empty document reference (PieceRef).", line=line),
            )
        for name in ("EcritureDate", "PieceDate", "ValidDate"):
            if not DATE_RE.match(fields[COLUMN[name]]):
                problems.append(
                    self.env._(
                        "Line %(line)s: %(column)s is %(value)r, not a date written YYYYMMDD.",
                        line=line,
                        column=name,
                        value=fields[COLUMN[name]],
                    )
                )
        date_let = fields[COLUMN["DateLet"]]
        if date_let and not DATE_RE.match(date_let):
            problems.append(
                self.env._(
                    "Line %(line)s: DateLet is %(value)r, not a date written YYYYMMDD.",
                    line=line,
                    value=date_let,
                )
            )
        for name in ("Debit", "Credit"):
            if not AMOUNT_RE.match(fields[COLUMN[name]]):
                problems.append(
                    self.env._(
                        "Line %(line)s: %(column)s is %(value)r, not an amount with a comma "
                        "and two decimals (e.g. 1234,50).",
                        line=line,
                        column=name,
                        value=fields[COLUMN[name]],
                    )
                )
        amount_currency = fields[COLUMN["Montantdevise"]]
        if amount_currency and not SIGNED_AMOUNT_RE.match(amount_currency):
            problems.append(
                self.env._(
                    "Line %(line)s: Montantdevise is %(value)r, not an amount with a comma "
                    "and two decimals.",
                    line=line,
                    value=amount_currency,
                )
            )
        if not problems:
            problems.append(self.env._("Line %(line)s is not a valid FEC line.", line=line))
        return problems

    def problems(self):
        """Every problem found, as sentences; an empty list means the file can be offered."""
        problems = []
        if not self.siren:
            problems.append(
                self.env._(
                    "The company has no SIREN: set its VAT number, SIRET or company registry "
                    "so that the file can be named SIRENFECYYYYMMDD."
                )
            )
        elif not stdnum_siren.is_valid(self.siren):
            problems.append(
                self.env._("The company's SIREN %(siren)s is not a valid SIREN.", siren=self.siren)
            )
        problems += self._header_problems
        problems += self._line_problems
        if self._faulty_lines > len(self._line_problems):
            problems.append(
                self.env._(
                    "%(count)s faulty lines in all; only the first are listed.",
                    count=self._faulty_lines,
                )
            )
        unbalanced = [(number, cents) for number, cents in self._balance.items() if cents]
        for number, cents in unbalanced[:MAX_LINE_PROBLEMS]:
            difference = f"{cents / 100:.2f}".replace(".", ",")
            problems.append(
                self.env._(
                    "Entry %(entry)s is not balanced: debit minus credit is %(difference)s.",
                    entry=number,
                    difference=difference,
                )
            )
        if len(unbalanced) > MAX_LINE_PROBLEMS:
            problems.append(
                self.env._("%(count)s entries are not balanced in all.", count=len(unbalanced)),
            )
        return problems

    def check_file(self, path, encoding="utf-8"):
        """Check a whole file on disk; returns ``problems()``."""
        with open(path, encoding=encoding, newline="") as fec:
            header = fec.readline().rstrip("\r\n")
            self.feed_header(header)
            for line in fec:
                self.feed(line.rstrip("\r\n"))
        return self.problems()
