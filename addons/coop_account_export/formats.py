# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the exports' files look like, defined once: the FEC's columns, separators,
encodings, the kinds of export and how many rows are read at a time."""

from odoo.tools import SQL

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
# The analytic CSV: the FEC's columns and the activity's code.
ANALYTIC_HEADER = (*FEC_HEADER, "CodeActivite")

SEPARATORS = {"pipe": "|", "tab": "\t"}
SEPARATOR_SELECTION = [("pipe", "Vertical bar ( | )"), ("tab", "Tab")]
ENCODING_SELECTION = [("utf-8", "UTF-8"), ("iso-8859-15", "ISO-8859-15 (Latin-9)")]
EXPORT_KIND_SELECTION = [
    ("fec", "FEC (Fichier des Écritures Comptables)"),
    ("ledger_xlsx", "Analytic ledger by activity (XLSX)"),
    ("fec_analytic_csv", "FEC with activity code (CSV)"),
]
EXPORT_TYPE_SELECTION = [
    ("official", "Official (posted entries only)"),
    ("nonofficial", "Not official (every entry: draft and cancelled too)"),
]
THIRD_PARTY_TYPES = ("asset_receivable", "liability_payable")
# Rows fetched from the server-side cursor at a time: a few MB of text.
BATCH_SIZE = 10000
# The opening entry's number and journal.
OPENING_JOURNAL = "OUV"
OPENING_PREFIX = "OUVERTURE/"
NO_ACTIVITY = "SANS-ACTIVITE"

# The separators and line breaks that would break a flat file become '/' and spaces.
CLEAN_FROM, CLEAN_TO = "|\t\r\n", "/   "
CLEAN = str.maketrans(CLEAN_FROM, CLEAN_TO)


def fec_amount(amount):
    """An amount as FEC wants it: no thousands separator, a comma, two decimals."""
    return f"{amount:.2f}".replace(".", ",")


def sql_amount(expression):
    return SQL("replace(to_char(%s, 'FM999999999999990.00'), '.', ',')", expression)


def sql_clean(expression):
    return SQL("translate(%s, %s, %s)", expression, CLEAN_FROM, CLEAN_TO)
