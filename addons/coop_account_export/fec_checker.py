# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The checks a FEC file must pass before it is offered (article A47 A-1 LPF), first those
the administration's test tool runs: the 18 columns, dates, amounts, labels never empty,
entries balanced, entry numbers unique and continuous per journal, entries in the order of
their validation, every date inside the exported period, a currency amount with its
currency, every character in the file's encoding.

Plain Python, fed line by line as the file is written: one regular expression per line,
and for each entry a few integers kept in arrays (its number, date and line), so that
checking a million lines needs no second reading of the file and little memory.
"""

import re
from array import array
from collections import defaultdict

from stdnum.fr import siren as stdnum_siren

from .formats import FEC_HEADER, OPENING_PREFIX

COLUMN = {name: index for index, name in enumerate(FEC_HEADER)}
DATE = r"\d{4}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
AMOUNT = r"\d+,\d\d"
DATE_RE = re.compile(rf"^{DATE}$")
AMOUNT_RE = re.compile(rf"^{AMOUNT}$")
SIGNED_AMOUNT_RE = re.compile(rf"^-?{AMOUNT}$")
SEQUENCE_RE = re.compile(r"^(.*?)(\d+)$")
# Beyond this many problems of a kind, only their number is reported.
MAX_PROBLEMS = 20


def _line_pattern(separator, extra_columns):
    """One expression that a correct line matches; it captures journal, number, date,
    debit and credit."""
    sep = re.escape(separator)
    # Possessive quantifiers: a field is read once, never backtracked into.
    free = f"[^{sep}\\r\\n]*+"
    text = f"[^\\S\\r\\n]*+[^\\s{sep}]{free}"
    fields = [
        f"({text})",  # JournalCode
        text,  # JournalLib
        f"({text})",  # EcritureNum
        f"({DATE})",  # EcritureDate
        text,  # CompteNum
        text,  # CompteLib
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
        # Montantdevise and Idevise: both given, or both empty.
        f"(?:-?{AMOUNT}{sep}{text}|{sep})",
        *[free] * extra_columns,
    ]
    body = sep.join(fields)
    # One line; and the same for each line of a batch joined by CRLF.
    return re.compile(f"^{body}$"), re.compile(f"^{body}\\r?$", re.MULTILINE)


def _money(cents):
    return f"{cents / 100:.2f}".replace(".", ",")


class FecChecker:
    """Collects, in plain words, what makes a FEC file unfit to hand over.

    ``feed_header()`` then ``feed()`` every data line (without its line ending), then
    ``problems()``. ``date_from``/``date_to`` (date objects) are the exported period;
    ``encoding`` the file's; ``numbering`` checks the entry numbers (a legal, official
    file: a non-official one holds drafts without number). ``header`` is the expected first line's columns: the FEC's, or
    the analytic CSV's (the FEC's and more): there an entry's lines are spread over the
    activities, so its balance is summed over the whole file and its numbering is the
    FEC's business, not checked again.
    """

    def __init__(
        self,
        env,
        separator,
        siren,
        date_from=None,
        date_to=None,
        encoding="utf-8",
        header=FEC_HEADER,
        numbering=True,
    ):
        self.env = env
        self.separator = separator
        self.siren = siren
        self.encoding = encoding
        self.header = tuple(header)
        self.contiguous = self.header == FEC_HEADER
        # Numbering is the legal file's: a non-official one holds drafts, without number.
        self.numbering = numbering and self.contiguous
        self._start = date_from and f"{date_from:%Y%m%d}"
        self._end = date_to and f"{date_to:%Y%m%d}"
        self._pattern, self._batch_pattern = _line_pattern(
            separator, len(self.header) - len(FEC_HEADER)
        )
        self._problems = defaultdict(list)
        self._counts = defaultdict(int)
        self._header_problems = []
        self._line_number = 1
        self.line_count = 0
        # The entry being read (a FEC keeps an entry's lines together) and its balance.
        self._entry = None
        self._entry_line = 0
        self._entry_balance = 0
        # Whole-file balances: per entry for the analytic CSV, and in total.
        self._balances = defaultdict(int)
        self._total = 0
        # Per journal and numbering prefix: each entry's number, date and first line.
        self._sequences = defaultdict(lambda: (array("q"), array("l"), array("q")))
        self._journal_of_prefix = defaultdict(set)

    # Reporting

    def _report(self, kind, message):
        self._counts[kind] += 1
        if len(self._problems[kind]) < MAX_PROBLEMS:
            self._problems[kind].append(message)

    # Reading

    def feed_header(self, line):
        self._check_encoding(line)
        columns = tuple(line.split(self.separator))
        if columns != self.header:
            self._header_problems.append(
                self.env._(
                    "The first line must name the %(count)s legal columns in this order: "
                    "%(columns)s; it reads: %(line)s",
                    count=len(self.header),
                    columns=", ".join(self.header),
                    line=line,
                )
            )

    def feed_batch(self, text, count):
        """Check ``count`` lines joined by CRLF at once: one regular expression over the
        batch; a batch with a faulty line, or a character its encoding cannot hold, is
        checked line by line to name it."""
        matches = self._batch_pattern.findall(text)
        if len(matches) != count or not self._encodable(text):
            for line in text.split("\r\n"):
                self.feed(line)
            return
        if not self.contiguous:
            for journal, number, day, debit, credit in matches:
                self._line_number += 1
                self._add(journal, number, day, debit, credit)
            self.line_count += count
            return
        # The FEC's lines, an entry's together: the hot loop of a million lines, with the
        # running figures in local variables and the entry's changes handed to _add().
        entry, balance, total, line = (
            self._entry,
            self._entry_balance,
            self._total,
            self._line_number,
        )
        for journal, number, day, debit, credit in matches:
            line += 1
            amount = int(debit.replace(",", "")) - int(credit.replace(",", ""))
            if number == entry:
                balance += amount
                total += amount
                continue
            self._entry_balance, self._total, self._line_number = balance, total, line
            self._add(journal, number, day, debit, credit)
            entry, balance, total = self._entry, self._entry_balance, self._total
        self._entry_balance, self._total, self._line_number = balance, total, line
        self.line_count += count

    def _encodable(self, text):
        if self.encoding == "utf-8":
            return True
        try:
            text.encode(self.encoding)
        except UnicodeEncodeError:
            return False
        return True

    def feed(self, line):
        self._line_number += 1
        self.line_count += 1
        if self.encoding != "utf-8":
            self._check_encoding(line)
        match = self._pattern.match(line)
        if match:
            self._add(*match.groups())
            return
        fields = self._faulty(line)
        if fields:
            self._add(*fields)

    def _add(self, journal, number, day, debit, credit):
        """Count a checked line in its entry's balance, the file's, and the numbering."""
        amount = int(debit.replace(",", "")) - int(credit.replace(",", ""))
        self._total += amount
        if not self.contiguous:
            if number not in self._balances:
                self._check_period(number, day)
            self._balances[number] += amount
        elif number == self._entry:
            self._entry_balance += amount
        else:
            self._close_entry()
            self._entry, self._entry_line, self._entry_balance = number, self._line_number, amount
            self._check_period(number, day)
            if self.numbering and not number.startswith(OPENING_PREFIX):
                self._number_entry(journal, number, day)

    def _faulty(self, line):
        """Report what is wrong with a line the pattern refused; return what the sums
        need of it (journal, number, date, debit, credit), or None when it has none."""
        fields = line.split(self.separator)
        if len(fields) != len(self.header):
            self._report(
                "line",
                self.env._(
                    "Line %(line)s has %(count)s columns instead of %(expected)s.",
                    line=self._line_number,
                    count=len(fields),
                    expected=len(self.header),
                ),
            )
            return None
        for problem in self._describe(fields):
            self._report("line", problem)
        journal, number, day, debit, credit = (
            fields[COLUMN[name]]
            for name in ("JournalCode", "EcritureNum", "EcritureDate", "Debit", "Credit")
        )
        if not (AMOUNT_RE.match(debit) and AMOUNT_RE.match(credit)):
            return None
        return journal, number, day if DATE_RE.match(day) else "", debit, credit

    def _check_period(self, number, day):
        """An entry's date inside the exported period, the opening entry excepted."""
        if (
            day
            and self._start
            and not self._start <= day <= self._end
            and not number.startswith(OPENING_PREFIX)
        ):
            self._report(
                "period",
                self.env._(
                    "Line %(line)s: entry %(entry)s is dated %(date)s, outside the exported "
                    "period (%(start)s to %(end)s).",
                    line=self._line_number,
                    entry=number,
                    date=day,
                    start=self._start,
                    end=self._end,
                ),
            )

    def _close_entry(self):
        if self._entry is not None and self._entry_balance:
            self._report(
                "balance",
                self.env._(
                    "Entry %(entry)s (line %(line)s) is not balanced: debit minus credit is "
                    "%(difference)s.",
                    entry=self._entry,
                    line=self._entry_line,
                    difference=_money(self._entry_balance),
                ),
            )
        self._entry_balance = 0

    def _number_entry(self, journal, number, day):
        """Keep the entry's place in its journal's numbering: prefix, number, date, line."""
        match = SEQUENCE_RE.match(number)
        if not match:
            self._report(
                "numbering",
                self.env._(
                    "Line %(line)s: entry number %(entry)s does not end with a sequence number.",
                    line=self._line_number,
                    entry=number,
                ),
            )
            return
        prefix, digits = match.groups()
        numbers, dates, lines = self._sequences[(journal, prefix, len(digits))]
        numbers.append(int(digits))
        dates.append(int(day or 0))
        lines.append(self._line_number)
        self._journal_of_prefix[(prefix, len(digits))].add(journal)

    def _check_encoding(self, line):
        try:
            line.encode(self.encoding)
        except UnicodeEncodeError:
            missing = sorted({char for char in line if not _encodable(char, self.encoding)})
            self._report(
                "encoding",
                self.env._(
                    "Line %(line)s holds characters that %(encoding)s cannot hold: %(chars)s. "
                    "Correct them in the entries, or export in UTF-8.",
                    line=self._line_number,
                    encoding=self.encoding.upper(),
                    chars=" ".join(missing),
                ),
            )

    def _describe(self, fields):
        """The problems of one line that did not match, one sentence each."""
        line = self._line_number
        problems = []
        for name in ("JournalCode", "EcritureNum", "CompteNum"):
            if not fields[COLUMN[name]].strip():
                problems.append(
                    self.env._("Line %(line)s has no %(column)s.", line=line, column=name)
                )
        for name, description in (
            ("JournalLib", self.env._("an empty journal name (JournalLib)")),
            ("CompteLib", self.env._("an empty account name (CompteLib)")),
            ("EcritureLib", self.env._("an empty label (EcritureLib)")),
            ("PieceRef", self.env._("an empty document reference (PieceRef)")),
        ):
            if not fields[COLUMN[name]].strip():
                problems.append(
                    self.env._("Line %(line)s has %(what)s.", line=line, what=description)
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
        if bool(amount_currency) != bool(fields[COLUMN["Idevise"]].strip()):
            problems.append(
                self.env._(
                    "Line %(line)s: Montantdevise and Idevise go together, or are both empty.",
                    line=line,
                )
            )
        if not problems:
            problems.append(self.env._("Line %(line)s is not a valid FEC line.", line=line))
        return problems

    # Results

    def _check_numbering(self):
        """Per journal and prefix: numbers unique, continuous, in the order of their dates;
        a prefix used by two journals."""
        for (journal, prefix, width), (numbers, dates, lines) in sorted(self._sequences.items()):
            order = sorted(range(len(numbers)), key=numbers.__getitem__)
            previous = None
            for index in order:
                number, day, line = numbers[index], dates[index], lines[index]
                name = f"{prefix}{number:0{width}d}"
                if previous is not None:
                    last_number, last_day, last_line = previous
                    if number == last_number:
                        self._report(
                            "numbering",
                            self.env._(
                                "Entry number %(entry)s is used twice in journal %(journal)s "
                                "(lines %(first)s and %(second)s).",
                                entry=name,
                                journal=journal,
                                first=min(line, last_line),
                                second=max(line, last_line),
                            ),
                        )
                    elif number > last_number + 1:
                        missing = f"{prefix}{last_number + 1:0{width}d}"
                        if number > last_number + 2:
                            missing += "…" + f"{prefix}{number - 1:0{width}d}"
                        self._report(
                            "numbering",
                            self.env._(
                                "Journal %(journal)s skips %(missing)s: the numbering goes from "
                                "line %(before)s to line %(after)s (%(entry)s).",
                                journal=journal,
                                missing=missing,
                                before=last_line,
                                after=line,
                                entry=name,
                            ),
                        )
                    if day and last_day and day < last_day:
                        self._report(
                            "order",
                            self.env._(
                                "Entry %(entry)s (line %(line)s) is dated %(date)s, before the "
                                "entry numbered just before it (line %(before)s, %(before_date)s): "
                                "entries are numbered in the order of their validation.",
                                entry=name,
                                line=line,
                                date=day,
                                before=last_line,
                                before_date=last_day,
                            ),
                        )
                previous = (number, day, line)
        for (prefix, _width), journals in sorted(self._journal_of_prefix.items()):
            if len(journals) > 1:
                self._report(
                    "numbering",
                    self.env._(
                        "Entry numbers %(prefix)s… are used by several journals: %(journals)s.",
                        prefix=prefix,
                        journals=", ".join(sorted(journals)),
                    ),
                )

    def problems(self):
        """Every problem found, as sentences; an empty list means the file can be offered."""
        if self.contiguous:
            self._close_entry()
            if self.numbering:
                self._check_numbering()
        else:
            for number, cents in self._balances.items():
                if cents:
                    self._report(
                        "balance",
                        self.env._(
                            "Entry %(entry)s is not balanced: debit minus credit is "
                            "%(difference)s.",
                            entry=number,
                            difference=_money(cents),
                        ),
                    )
        if self._total:
            self._report(
                "total",
                self.env._(
                    "The file is not balanced: its debits minus its credits are %(difference)s.",
                    difference=_money(self._total),
                ),
            )
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
        for kind in (
            "line",
            "encoding",
            "currency",
            "period",
            "balance",
            "numbering",
            "order",
            "total",
        ):
            problems += self._problems[kind]
            if self._counts[kind] > len(self._problems[kind]):
                problems.append(
                    self.env._(
                        "%(count)s problems of this kind in all; only the first are listed.",
                        count=self._counts[kind],
                    )
                )
        return problems

    def check_file(self, path):
        """Check a whole file on disk; returns ``problems()``."""
        with open(path, encoding=self.encoding, newline="") as fec:
            header = fec.readline().rstrip("\r\n")
            self.feed_header(header)
            for line in fec:
                self.feed(line.rstrip("\r\n"))
        return self.problems()


def _encodable(char, encoding):
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
