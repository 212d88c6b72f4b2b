# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import os
import tempfile
from contextlib import contextmanager

from stdnum.fr import siren as stdnum_siren

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..report.fec_checker import FEC_HEADER, FecChecker

SEPARATORS = {"pipe": "|", "tab": "\t"}
THIRD_PARTY_TYPES = ("asset_receivable", "liability_payable")
# Rows fetched from the server-side cursor at a time: a few MB of text.
BATCH_SIZE = 10000


def fec_amount(amount):
    """An amount as FEC wants it: no thousands separator, a comma, two decimals."""
    return f"{amount:.2f}".replace(".", ",")


def sql_amount(expression):
    return SQL(
        "replace(to_char(%s, 'FM999999999999990.00'), '.', ',')",
        expression,
    )


def sql_clean(expression):
    """The separators and line breaks that would break a flat file become '/' and spaces."""
    return SQL("translate(%s, %s, %s)", expression, "|\t\r\n", "/   ")


class CoopAccountExport(models.Model):
    _name = "coop.account.export"
    _description = "Export for the expert-comptable"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"

    name = fields.Char("File name", readonly=True, tracking=True)
    export_kind = fields.Selection(
        [
            ("fec", "FEC (Fichier des Écritures Comptables)"),
            ("ledger_xlsx", "Analytic ledger by activity (XLSX)"),
            ("fec_analytic_csv", "FEC with activity code (CSV)"),
        ],
        string="Export",
        required=True,
        default="fec",
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date("Start date", required=True, readonly=True)
    date_to = fields.Date("End date", required=True, readonly=True)
    export_type = fields.Selection(
        [
            ("official", "Official (posted entries only)"),
            ("nonofficial", "Not official (posted and draft entries)"),
        ],
        string="Entries",
        default="official",
        readonly=True,
    )
    excluded_journal_ids = fields.Many2many(
        "account.journal",
        "coop_account_export_excluded_journal_rel",
        "export_id",
        "journal_id",
        string="Excluded journals",
        readonly=True,
    )
    encoding = fields.Selection(
        [("utf-8", "UTF-8"), ("iso-8859-15", "ISO-8859-15 (Latin-9)")],
        default="utf-8",
        readonly=True,
    )
    separator = fields.Selection(
        [("pipe", "Vertical bar ( | )"), ("tab", "Tab")],
        default="pipe",
        readonly=True,
    )
    activity_ids = fields.Many2many(
        "coop.activity",
        "coop_account_export_activity_rel",
        "export_id",
        "activity_id",
        string="Activities",
        readonly=True,
        help="Empty means every activity, and the lines that belong to none.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Ready"), ("error", "Refused")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        copy=False,
    )
    problems = fields.Text(readonly=True, copy=False)
    line_count = fields.Integer("Lines", readonly=True, copy=False)
    user_id = fields.Many2one(
        "res.users", "Exported by", readonly=True, default=lambda self: self.env.user
    )
    export_date = fields.Datetime("Exported on", readonly=True, copy=False)
    attachment_id = fields.Many2one("ir.attachment", "File", readonly=True, copy=False)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for export in self:
            if export.date_from > export.date_to:
                raise ValidationError(
                    self.env._("The start date of an export must come before its end date.")
                )

    def action_generate(self):
        """Build the file, check it, and keep it as an attachment (or list its problems)."""
        for export in self:
            if export.export_kind == "fec":
                export._generate_fec()
            else:
                self.env["report.coop_account_export.analytic_ledger"]._generate(export)
        return True

    def action_download(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("This export has no file: generate it first."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "download",
        }

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    # FEC

    def _fec_siren(self):
        """The company's SIREN, from its VAT number as Odoo's FEC does, else SIRET or registry."""
        self.ensure_one()
        company = self.company_id
        vat = (company.vat or "").replace(" ", "")
        if company.country_id.code == "FR" and len(vat) >= 13:
            if stdnum_siren.is_valid(vat[4:13]):
                return vat[4:13]
        for number in (company.partner_id.siret, company.company_registry):
            digits = "".join(char for char in number or "" if char.isdigit())
            if len(digits) >= 9 and stdnum_siren.is_valid(digits[:9]):
                return digits[:9]
        return ""

    def _fec_filename(self, siren):
        suffix = "-NONOFFICIAL" if self.export_type == "nonofficial" else ""
        return f"{siren}FEC{self.date_to:%Y%m%d}{suffix}.txt"

    def _fec_base_domain(self):
        domain = [("company_id", "in", self.company_id._accessible_branches().ids)]
        if self.export_type == "official":
            domain.append(("parent_state", "=", "posted"))
        else:
            domain.append(("parent_state", "!=", "cancel"))
        if self.excluded_journal_ids:
            domain.append(("journal_id", "not in", self.excluded_journal_ids.ids))
        return domain

    def _fec_opening_rows(self):
        """The opening entry (OUVERTURE): one row per balance sheet account, per partner on
        receivable and payable accounts, and the past results on the unaffected earnings
        account, as Odoo's FEC builds it. A few rows per account: kept in memory."""
        self.ensure_one()
        Account = self.env["account.account"].with_company(self.company_id)
        query = self.env["account.move.line"]._search(
            [*self._fec_base_domain(), ("date", "<", self.date_from)]
        )
        account = query.join("account_move_line", "account_id", "account_account", "id", "a")
        query.groupby = SQL("1, 2")
        self.env.flush_all()
        rows = self.env.execute_query(
            query.select(
                SQL(
                    "CASE WHEN split_part(%(acc)s.account_type, '_', 1) NOT IN ('income', 'expense') THEN %(acc)s.id END, "
                    "CASE WHEN %(acc)s.account_type IN %(third)s THEN %(aml)s.partner_id END, "
                    "SUM(%(aml)s.balance)",
                    acc=SQL.identifier(account),
                    aml=SQL.identifier("account_move_line"),
                    third=THIRD_PARTY_TYPES,
                )
            )
        )
        unaffected = Account.search(
            [
                *Account._check_company_domain(self.company_id),
                ("account_type", "=", "equity_unaffected"),
            ],
            limit=1,
        )
        balances = {}
        for account_id, partner_id, balance in rows:
            key = (account_id or unaffected.id or 0, partner_id)
            balances[key] = balances.get(key, 0) + balance
        accounts = Account.browse({account_id for account_id, _partner in balances} - {0})
        partners = self.env["res.partner"].browse(
            {partner_id for _account, partner_id in balances} - {None}
        )
        codes = {account.id: (account.code, account.name) for account in accounts}
        codes[0] = ("120/129", "Benefice (perte) reporte(e)")
        aux = {
            partner.id: ((partner.ref or "").strip() or str(partner.id), partner.name or "")
            for partner in partners
        }
        date = f"{self.date_from:%Y%m%d}"
        lines = []
        for (account_id, partner_id), balance in balances.items():
            if round(balance, 2) == 0:
                continue
            code, label = codes[account_id]
            aux_num, aux_label = aux.get(partner_id, ("", ""))
            lines.append(
                [
                    "OUV",
                    "Balance initiale",
                    f"OUVERTURE/{self.date_from.year}",
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

    def _fec_query(self, domain, order="date, move_name, id"):
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

    def _fec_columns(self, query, aliases, ratio=None):
        """The 18 FEC columns as SQL text expressions, with the semantics of Odoo's
        ``generate_fec()``; amounts are written without zero padding. ``ratio`` (SQL)
        scales the amounts, for the share of a line that belongs to one activity."""
        Account = self.env["account.account"].with_company(self.company_id)
        acc, jrn, mov, prt, line, cur, rec = (
            SQL.identifier(aliases[key])
            for key in ("account", "journal", "move", "partner", "line", "currency", "full")
        )

        def amount(column):
            value = SQL("%s.%s", line, SQL.identifier(column))
            if ratio is not None:
                value = SQL("round(%s * %s, 2)", value, ratio)
            return value

        third_party = SQL("%s.account_type IN %s", acc, THIRD_PARTY_TYPES)
        return [
            sql_clean(SQL("%s.code", jrn)),
            sql_clean(self.env["account.journal"]._field_to_sql(aliases["journal"], "name")),
            sql_clean(SQL("%s.name", mov)),
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
            sql_amount(amount("debit")),
            sql_amount(amount("credit")),
            SQL("COALESCE(%s.id::text, '')", rec),
            SQL("COALESCE(to_char(%s.create_date, 'YYYYMMDD'), '')", rec),
            SQL("to_char(%s.date, 'YYYYMMDD')", mov),
            SQL(
                "CASE WHEN COALESCE(%s.amount_currency, 0) = 0 THEN '' ELSE %s END",
                line,
                sql_amount(amount("amount_currency")),
            ),
            SQL("COALESCE(%s.name, '')", cur),
        ]

    def _fec_lines_query(self, separator):
        """One SQL query whose rows are the period's FEC lines, already joined by separator,
        so that Python only moves text."""
        self.ensure_one()
        query, aliases = self._fec_query(
            [
                *self._fec_base_domain(),
                ("date", ">=", self.date_from),
                ("date", "<=", self.date_to),
            ]
        )
        columns = self._fec_columns(query, aliases)
        return query.select(SQL("concat_ws(%s, %s)", separator, SQL(", ").join(columns)))

    def _fec_write(self, stream, separator, checker):
        """Write the whole FEC to a text stream, feeding the checker; returns the line count."""
        header = separator.join(FEC_HEADER)
        stream.write(header + "\r\n")
        checker.feed_header(header)
        count = 0
        for row in self._fec_opening_rows():
            text = separator.join(value.translate(CLEAN) for value in row)
            stream.write(text + "\r\n")
            checker.feed(text)
            count += 1
        with self._server_side_cursor(self._fec_lines_query(separator)) as cursor:
            while rows := cursor.fetchmany(BATCH_SIZE):
                for (text,) in rows:
                    stream.write(text)
                    stream.write("\r\n")
                    checker.feed(text)
                count += len(rows)
        return count

    def _generate_fec(self):
        self.ensure_one()
        siren = self._fec_siren()
        separator = SEPARATORS[self.separator]
        checker = FecChecker(self.env, separator, siren)
        with self._temporary_file() as path:
            with open(path, "w", encoding=self.encoding, errors="replace", newline="") as stream:
                count = self._fec_write(stream, separator, checker)
            filename = self._fec_filename(siren or "000000000")
            self._finish(path, filename, "text/plain", count, checker.problems())

    # Files

    @contextmanager
    def _server_side_cursor(self, query):
        """A named (server-side) cursor on the current transaction: rows come in batches."""
        self.env.flush_all()
        cr = self.env.cr
        connection = getattr(cr, "_cnx", None) or cr._cursor._cnx
        # A cursor is planned for its first rows and JIT-compiled on wrong estimates (the
        # analytic split is estimated at 100 rows a line); both cost more than they save.
        cr.execute(
            "SELECT current_setting('jit'), current_setting('cursor_tuple_fraction'), "
            "set_config('jit', 'off', true), set_config('cursor_tuple_fraction', '1', true)"
        )
        jit, fraction = cr.fetchone()[:2]
        cursor = connection.cursor(name=f"coop_export_{self.id}")
        cursor.itersize = BATCH_SIZE
        try:
            cursor.execute(query.code, query.params)
            yield cursor
        finally:
            cursor.close()
            cr.execute(
                "SELECT set_config('jit', %s, true), set_config('cursor_tuple_fraction', %s, true)",
                [jit, fraction],
            )

    @contextmanager
    def _temporary_file(self):
        """A temporary file beside the filestore, so that it can be moved into it."""
        Attachment = self.env["ir.attachment"]
        directory = Attachment._full_path("") if Attachment._storage() == "file" else None
        if directory:
            os.makedirs(directory, exist_ok=True)
        handle, path = tempfile.mkstemp(prefix=".coop_export_", dir=directory)
        os.close(handle)
        try:
            yield path
        finally:
            if os.path.exists(path):
                os.unlink(path)

    def _finish(self, path, filename, mimetype, count, problems):
        """Keep the file as the export's attachment, or refuse it with its problems."""
        self.ensure_one()
        if self.attachment_id:
            self.attachment_id.unlink()
        values = {
            "name": filename,
            "line_count": count,
            "export_date": fields.Datetime.now(),
            "user_id": self.env.user.id,
        }
        if problems:
            self.write(dict(values, state="error", problems="\n".join(problems)))
            return
        attachment = self._attach_file(path, filename, mimetype)
        self.write(dict(values, state="done", problems=False, attachment_id=attachment.id))
        self.message_post(
            body=self.env._("%(file)s exported: %(count)s lines.", file=filename, count=count),
            attachment_ids=attachment.ids,
        )

    def _attach_file(self, path, filename, mimetype):
        """An attachment whose content is the file at path, moved into the filestore without
        being read into memory (Odoo's ``raw`` would load it whole and index it)."""
        Attachment = self.env["ir.attachment"]
        sha1 = hashlib.sha1()
        size = 0
        with open(path, "rb") as stream:
            while chunk := stream.read(1 << 20):
                sha1.update(chunk)
                size += len(chunk)
        values = {
            "name": filename,
            "type": "binary",
            "mimetype": mimetype,
            "res_model": self._name,
            "res_id": self.id,
        }
        if Attachment._storage() != "file":
            with open(path, "rb") as stream:
                return Attachment.create(dict(values, raw=stream.read()))
        attachment = Attachment.create(values)
        checksum = sha1.hexdigest()
        fname = f"{checksum[:2]}/{checksum}"
        full_path = Attachment._full_path(fname)
        os.makedirs(os.path.dirname(full_path), exist_ok=True)
        if not os.path.exists(full_path):
            os.replace(path, full_path)
            Attachment._mark_for_gc(fname)
        self.env.cr.execute(
            SQL(
                "UPDATE ir_attachment SET store_fname = %s, file_size = %s, checksum = %s "
                "WHERE id = %s",
                fname,
                size,
                checksum,
                attachment.id,
            )
        )
        attachment.invalidate_recordset(["store_fname", "file_size", "checksum"])
        return attachment


# Opening rows are formatted in Python: the same cleaning as sql_clean().
CLEAN = str.maketrans({"|": "/", "\t": " ", "\r": " ", "\n": " "})
