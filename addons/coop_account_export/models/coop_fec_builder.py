# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from stdnum.fr import siren as stdnum_siren

from odoo import models
from odoo.tools import SQL

from ..fec_checker import FecChecker
from ..file_stream import copy_lines, temporary_file, without_copy_marks
from ..formats import (
    CLEAN,
    FEC_HEADER,
    OPENING_JOURNAL,
    OPENING_PREFIX,
    SEPARATORS,
    THIRD_PARTY_TYPES,
    fec_amount,
    sql_amount,
    sql_clean,
)


class CoopFecBuilder(models.AbstractModel):
    """The FEC of an export (``coop.account.export``): its journal items read by one SQL
    query with the semantics of Odoo's ``generate_fec()`` (``l10n_fr_account``), streamed
    from a server-side cursor into a file and checked line by line as it is written."""

    _name = "coop.fec.builder"
    _description = "FEC builder"

    def _generate(self, export):
        siren = self._siren(export)
        separator = SEPARATORS[export.separator]
        checker = FecChecker(
            self.env,
            separator,
            siren,
            export.date_from,
            export.date_to,
            export.encoding,
            numbering=export.export_type == "official",
        )
        with temporary_file(self.env) as path:
            with open(path, "w", encoding=export.encoding, errors="replace", newline="") as stream:
                count = self._write(export, stream, separator, checker)
            filename = self._filename(export, siren or "000000000")
            export._finish(path, filename, "text/plain", count, checker.problems())

    def _siren(self, export):
        """The company's SIREN, from its VAT number as Odoo's FEC does, else SIRET or registry."""
        company = export.company_id
        vat = (company.vat or "").replace(" ", "")
        if company.country_id.code == "FR" and len(vat) >= 13:
            if stdnum_siren.is_valid(vat[4:13]):
                return vat[4:13]
        for number in (company.partner_id.siret, company.company_registry):
            digits = "".join(char for char in number or "" if char.isdigit())
            if len(digits) >= 9 and stdnum_siren.is_valid(digits[:9]):
                return digits[:9]
        return ""

    def _filename(self, export, siren):
        suffix = "-NONOFFICIAL" if export.export_type == "nonofficial" else ""
        return f"{siren}FEC{export.date_to:%Y%m%d}{suffix}.txt"

    def _base_domain(self, export):
        """The journal items of the company (and its branches); an official FEC holds the
        posted ones only, a non-official one every entry, cancelled ones too, as Odoo's."""
        domain = [
            ("company_id", "in", export.company_id._accessible_branches().ids),
            ("display_type", "not in", ("line_section", "line_note")),
        ]
        if export.export_type == "official":
            domain.append(("parent_state", "=", "posted"))
        if export.excluded_journal_ids:
            domain.append(("journal_id", "not in", export.excluded_journal_ids.ids))
        return domain

    def _opening_rows(self, export):
        """The opening entry (OUVERTURE): one row per balance sheet account, per partner on
        receivable and payable accounts, and the past results on the account of the result
        not yet allocated (120 for a profit, 129 for a loss). A few rows per account."""
        Account = self.env["account.account"].with_company(export.company_id)
        query = self.env["account.move.line"]._search(
            [*self._base_domain(export), ("date", "<", export.date_from)]
        )
        account = query.join("account_move_line", "account_id", "account_account", "id", "a")
        query.groupby = SQL("1, 2")
        self.env.flush_all()
        rows = self.env.execute_query(
            query.select(
                SQL(
                    "CASE WHEN split_part(%(acc)s.account_type, '_', 1) NOT IN ('income', "
                    "'expense') AND %(acc)s.account_type <> 'equity_unaffected' "
                    "THEN %(acc)s.id END, "
                    "CASE WHEN %(acc)s.account_type IN %(third)s THEN %(aml)s.partner_id END, "
                    "SUM(%(aml)s.balance)",
                    acc=SQL.identifier(account),
                    aml=SQL.identifier("account_move_line"),
                    third=THIRD_PARTY_TYPES,
                )
            )
        )
        balances = {}
        for account_id, partner_id, balance in rows:
            key = (account_id or 0, partner_id)
            balances[key] = balances.get(key, 0) + balance
        accounts = Account.browse({account_id for account_id, _partner in balances} - {0})
        partners = self.env["res.partner"].browse(
            {partner_id for _account, partner_id in balances} - {None}
        )
        codes = {account.id: (account.code, account.name) for account in accounts}
        codes[0] = self._result_account(export, balances.get((0, None), 0.0))
        aux = {
            partner.id: ((partner.ref or "").strip() or str(partner.id), partner.name or "")
            for partner in partners
        }
        date = f"{export.date_from:%Y%m%d}"
        lines = []
        for (account_id, partner_id), balance in balances.items():
            if round(balance, 2) == 0:
                continue
            code, label = codes[account_id]
            aux_num, aux_label = aux.get(partner_id, ("", ""))
            lines.append(
                [
                    OPENING_JOURNAL,
                    "Balance initiale",
                    f"{OPENING_PREFIX}{export.date_from.year}",
                    date,
                    code,
                    label,
                    aux_num,
                    aux_label,
                    "-",
                    date,
                    "/",
                    fec_amount(balance) if balance > 0 else "0,00",
                    fec_amount(-balance) if balance < 0 else "0,00",
                    "",
                    "",
                    date,
                    "",
                    "",
                ]
            )
        lines.sort(key=lambda row: (row[4], row[6]))
        return lines

    def _result_account(self, export, balance):
        """(code, name) of the result not yet allocated: 120 (profit, a credit) or 129
        (loss, a debit) of the French chart; the chart's own account when it has one."""
        prefix, name = (
            ("120", "Résultat de l'exercice (bénéfice)")
            if balance <= 0
            else ("129", "Résultat de l'exercice (perte)")
        )
        Account = self.env["account.account"].with_company(export.company_id)
        account = Account.search(
            [*Account._check_company_domain(export.company_id), ("code", "=like", f"{prefix}%")],
            order="code",
            limit=1,
        )
        return (account.code, account.name) if account else (f"{prefix}000", name)

    def _query(self, export, domain, order="date, move_name, id"):
        """The journal items of domain with the tables FEC columns read, joined once."""
        query = self.env["account.move.line"]._search(domain, order=order)
        aml = "account_move_line"
        aliases = {
            "line": aml,
            "account": query.left_join(aml, "account_id", "account_account", "id", "account_id"),
            "journal": query.left_join(aml, "journal_id", "account_journal", "id", "journal_id"),
            "move": query.left_join(aml, "move_id", "account_move", "id", "move_id"),
            "partner": query.left_join(aml, "partner_id", "res_partner", "id", "partner_id"),
            "currency": query.left_join(aml, "currency_id", "res_currency", "id", "currency_id"),
            "full": query.left_join(
                aml, "full_reconcile_id", "account_full_reconcile", "id", "full_reconcile_id"
            ),
        }
        return query, aliases

    def _columns(self, export, query, aliases, amounts=None):
        """The 18 FEC columns as SQL text expressions, with the semantics of Odoo's
        ``generate_fec()``; amounts are written without zero padding. ``amounts`` (SQL:
        debit, credit, amount in currency) replaces the line's own, for the share of a
        line that belongs to one activity."""
        Account = self.env["account.account"].with_company(export.company_id)
        acc, jrn, mov, prt, line, cur, rec = (
            SQL.identifier(aliases[key])
            for key in ("account", "journal", "move", "partner", "line", "currency", "full")
        )
        debit, credit, amount_currency = amounts or (
            SQL("%s.debit", line),
            SQL("%s.credit", line),
            SQL("%s.amount_currency", line),
        )
        third_party = SQL("%s.account_type IN %s", acc, THIRD_PARTY_TYPES)
        return [
            sql_clean(SQL("%s.code", jrn)),
            sql_clean(self.env["account.journal"]._field_to_sql(aliases["journal"], "name")),
            # A draft of a non-official file has no number yet.
            SQL("COALESCE(NULLIF(%s, ''), '/')", sql_clean(SQL("%s.name", mov))),
            SQL("to_char(%s.date, 'YYYYMMDD')", mov),
            Account._field_to_sql(aliases["account"], "code", query),
            sql_clean(Account._field_to_sql(aliases["account"], "name")),
            SQL(
                "CASE WHEN %s THEN COALESCE(NULLIF(%s, ''), %s.id::text, '') ELSE '' END",
                third_party,
                sql_clean(SQL("btrim(%s.ref)", prt)),
                prt,
            ),
            SQL(
                "CASE WHEN %s THEN COALESCE(%s, '') ELSE '' END",
                third_party,
                sql_clean(SQL("%s.name", prt)),
            ),
            SQL("COALESCE(NULLIF(btrim(%s), ''), '-')", sql_clean(SQL("%s.ref", mov))),
            SQL("to_char(COALESCE(%s.invoice_date, %s.date), 'YYYYMMDD')", mov, mov),
            SQL("COALESCE(NULLIF(btrim(%s), ''), '/')", sql_clean(SQL("%s.name", line))),
            sql_amount(debit),
            sql_amount(credit),
            SQL("COALESCE(%s.id::text, '')", rec),
            SQL("COALESCE(to_char(%s.create_date, 'YYYYMMDD'), '')", rec),
            SQL("to_char(%s.date, 'YYYYMMDD')", mov),
            SQL(
                "CASE WHEN COALESCE(%s, 0) = 0 THEN '' ELSE %s END",
                amount_currency,
                sql_amount(amount_currency),
            ),
            SQL(
                "CASE WHEN COALESCE(%s, 0) = 0 THEN '' ELSE COALESCE(%s.name, '') END",
                amount_currency,
                cur,
            ),
        ]

    def _lines_query(self, export, separator, date_from=None, date_to=None):
        """One SQL query whose rows are the FEC lines of the period (or of part of it),
        already joined by separator, so that Python only moves text."""
        query, aliases = self._query(
            export,
            [
                *self._base_domain(export),
                ("date", ">=", date_from or export.date_from),
                ("date", "<=", date_to or export.date_to),
            ],
        )
        # concat_ws() skips NULLs: each column is text, empty at worst, so none goes missing.
        columns = [
            SQL("COALESCE(%s, '')", column) for column in self._columns(export, query, aliases)
        ]
        return query.select(
            without_copy_marks(SQL("concat_ws(%s, %s)", separator, SQL(", ").join(columns)))
        )

    def _write(self, export, stream, separator, checker):
        """Write the whole FEC to a text stream, feeding the checker; returns the line count."""
        header = separator.join(FEC_HEADER)
        stream.write(header + "\r\n")
        checker.feed_header(header)
        count = 0
        for row in self._opening_rows(export):
            text = separator.join(value.translate(CLEAN) for value in row)
            stream.write(text + "\r\n")
            checker.feed(text)
            count += 1
        written = 0

        def consume(text, lines):
            nonlocal written
            stream.write(text)
            stream.write("\r\n")
            checker.feed_batch(text, lines)
            written += lines

        copy_lines(self.env, self._lines_query(export, separator), consume)
        count += written
        return count
