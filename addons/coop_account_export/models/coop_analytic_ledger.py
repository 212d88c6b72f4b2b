# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

import xlsxwriter

from odoo import models
from odoo.tools import SQL

from ..fec_checker import FecChecker
from ..file_stream import stream_rows, temporary_file
from ..formats import ANALYTIC_HEADER, NO_ACTIVITY, SEPARATORS

LEDGER_WIDTHS = (10, 11, 9, 20, 10, 28, 36, 24, 14, 14, 14)
ZERO = 0.0


class CoopAnalyticLedger(models.AbstractModel):
    """The journal items of a period split by activity, for the expert-comptable: the
    analytic ledger (XLSX) and the FEC with the activity's code (CSV).

    A line's shares on the Activities plan give one row each, their amounts split to the
    cent so that they add up to the line (largest remainder); the part of a line that no
    activity holds is a row of its own, without activity ("no activity"), so that every
    entry stays balanced. The CSV is checked like the FEC before it is offered.
    """

    _name = "coop.analytic.ledger.builder"
    _description = "Analytic ledger builder"

    def _generate(self, export):
        separator = SEPARATORS[export.separator or "pipe"]
        stem = f"{export.date_from:%Y%m%d}_{export.date_to:%Y%m%d}"
        with temporary_file(self.env) as path:
            if export.export_kind == "ledger_xlsx":
                count, _totals = self._write_xlsx(export, path)
                problems = []
                filename = f"ledger_{stem}.xlsx"
                mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            else:
                count, problems = self._write_csv(export, path, separator)
                filename = f"fec_activities_{stem}.csv"
                mimetype = "text/csv"
            export._finish(path, filename, mimetype, count, problems)

    def _query(self, export, select):
        """The shares of the period's posted lines, ordered by activity, account, date:
        ``select(query, aliases, amounts)`` gives the columns, ``amounts`` (SQL) being the
        share's debit, credit and amount in currency."""
        builder = self.env["coop.fec.builder"]
        company_ids = export.company_id._accessible_branches().ids
        query, aliases = builder._query(
            export,
            [
                ("company_id", "in", company_ids),
                ("parent_state", "=", "posted"),
                ("date", ">=", export.date_from),
                ("date", "<=", export.date_to),
            ],
        )
        line = SQL.identifier(aliases["line"])
        # The activities' shares of the line and the part none of them holds, each in
        # cents so that the shares add up to the line (largest remainder): each share
        # takes the floor of its part, and the cents left go one by one to the largest
        # remainders.
        query.add_join(
            "JOIN",
            "coop_share",
            SQL(
                """LATERAL (
                    WITH shares AS (
                        SELECT act.id AS activity_id, act.code AS activity_code,
                               share.value::numeric / 100.0 AS ratio
                          FROM jsonb_each_text(%(line)s.analytic_distribution) share
                          JOIN coop_activity act ON act.analytic_account_id
                               = ANY (string_to_array(share.key, ',')::int[])),
                    parts AS (
                        SELECT * FROM shares
                         UNION ALL
                        SELECT NULL, NULL, 1 - COALESCE((SELECT sum(ratio) FROM shares), 0)
                         WHERE COALESCE((SELECT sum(ratio) FROM shares), 0) < 1),
                    floors AS (
                        SELECT parts.*, cents.balance, cents.currency,
                               floor(abs(cents.balance) * ratio) AS balance_floor,
                               abs(cents.balance) * ratio
                                   - floor(abs(cents.balance) * ratio) AS balance_rest,
                               floor(abs(cents.currency) * ratio) AS currency_floor,
                               abs(cents.currency) * ratio
                                   - floor(abs(cents.currency) * ratio) AS currency_rest
                          FROM parts, LATERAL (
                              SELECT round(%(line)s.balance * 100) AS balance,
                                     round(COALESCE(%(line)s.amount_currency, 0) * 100)
                                         AS currency) cents)
                    SELECT activity_id, activity_code,
                           sign(balance) * (balance_floor + CASE WHEN row_number() OVER (
                               ORDER BY balance_rest DESC, activity_id NULLS LAST)
                               <= abs(balance) - sum(balance_floor) OVER () THEN 1 ELSE 0 END)
                               AS balance_cents,
                           sign(currency) * (currency_floor + CASE WHEN row_number() OVER (
                               ORDER BY currency_rest DESC, activity_id NULLS LAST)
                               <= abs(currency) - sum(currency_floor) OVER () THEN 1 ELSE 0 END)
                               AS currency_cents
                      FROM floors
                )""",
                line=line,
            ),
            SQL("TRUE"),
        )
        if export.activity_ids:
            query.add_where(SQL("coop_share.activity_id IN %s", tuple(export.activity_ids.ids)))
        account_code = (
            self.env["account.account"]
            .with_company(export.company_id)
            ._field_to_sql(aliases["account"], "code", query)
        )
        query.order = SQL(
            "coop_share.activity_code NULLS LAST, coop_share.activity_id, %s, %s.date, "
            "%s.move_name, %s.id",
            account_code,
            line,
            line,
            line,
        )
        amounts = (
            SQL("(greatest(coop_share.balance_cents, 0) / 100.0)"),
            SQL("(greatest(-coop_share.balance_cents, 0) / 100.0)"),
            SQL("(coop_share.currency_cents / 100.0)"),
        )
        return query.select(*select(query, aliases, amounts))

    def _ledger_rows(self, export):
        """(activity id, activity code, date, journal, entry, account code, account name,
        label, partner, debit, credit) for each share, streamed."""

        def select(query, aliases, amounts):
            Account = self.env["account.account"].with_company(export.company_id)
            line, jrn, mov, prt = (
                SQL.identifier(aliases[key]) for key in ("line", "journal", "move", "partner")
            )
            return [
                SQL("coop_share.activity_id"),
                SQL("COALESCE(coop_share.activity_code, '')"),
                SQL("%s.date", line),
                SQL("%s.code", jrn),
                SQL("%s.name", mov),
                Account._field_to_sql(aliases["account"], "code", query),
                Account._field_to_sql(aliases["account"], "name"),
                SQL("COALESCE(%s.name, '')", line),
                SQL("COALESCE(%s.name, '')", prt),
                amounts[0],
                amounts[1],
            ]

        return stream_rows(self.env, self._query(export, select), f"coop_ledger_{export.id}")

    def _write_csv(self, export, path, separator):
        """The 18 FEC columns of each share, plus the activity code, checked as written;
        returns the line count and the problems."""
        builder = self.env["coop.fec.builder"]

        def select(query, aliases, amounts):
            columns = [
                SQL("COALESCE(%s, '')", column)
                for column in builder._columns(export, query, aliases, amounts=amounts)
            ]
            columns.append(SQL("COALESCE(coop_share.activity_code, %s)", NO_ACTIVITY))
            return [SQL("concat_ws(%s, %s)", separator, SQL(", ").join(columns))]

        checker = FecChecker(
            self.env,
            separator,
            builder._siren(export),
            export.date_from,
            export.date_to,
            export.encoding,
            header=ANALYTIC_HEADER,
        )
        count = 0
        header = separator.join(ANALYTIC_HEADER)
        query = self._query(export, select)
        with open(path, "w", encoding=export.encoding, errors="replace", newline="") as stream:
            stream.write(header + "\r\n")
            checker.feed_header(header)
            for (text,) in stream_rows(self.env, query, f"coop_csv_{export.id}"):
                stream.write(text)
                stream.write("\r\n")
                checker.feed(text)
                count += 1
        return count, checker.problems()

    def _write_xlsx(self, export, path):
        """Write the ledger workbook; returns the line count and the totals
        {activity id or None: {account code: (debit, credit)}}."""
        workbook = xlsxwriter.Workbook(path, {"constant_memory": True})
        try:
            return self._write_workbook(workbook, export)
        finally:
            workbook.close()

    def _write_workbook(self, workbook, export):
        symbol = export.currency_id.symbol or ""
        money = f'#,##0.00 "{symbol}";-#,##0.00 "{symbol}"'
        styles = {
            "header": workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1}),
            "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
            "money": workbook.add_format({"num_format": money}),
            "total": workbook.add_format({"bold": True, "top": 1}),
            "total_money": workbook.add_format({"bold": True, "top": 1, "num_format": money}),
        }
        summary = workbook.add_worksheet(self.env._("Summary"))
        ledger = workbook.add_worksheet(self.env._("Ledger"))
        titles = (
            self.env._("Activity"),
            self.env._("Date"),
            self.env._("Journal"),
            self.env._("Entry"),
            self.env._("Account"),
            self.env._("Account name"),
            self.env._("Label"),
            self.env._("Partner"),
            self.env._("Debit"),
            self.env._("Credit"),
            self.env._("Balance"),
        )
        for column, (title, width) in enumerate(zip(titles, LEDGER_WIDTHS, strict=True)):
            ledger.set_column(column, column, width)
            ledger.write(0, column, title, styles["header"])
        ledger.freeze_panes(1, 0)

        totals = defaultdict(lambda: defaultdict(lambda: [ZERO, ZERO]))
        row_index = 0
        count = 0
        current = None  # (activity id, activity code, account code)
        balance = ZERO

        def write_total(label, debit, credit):
            nonlocal row_index
            row_index += 1
            ledger.write(row_index, 0, label, styles["total"])
            for column in range(1, 8):
                ledger.write_blank(row_index, column, None, styles["total"])
            ledger.write_number(row_index, 8, float(debit), styles["total_money"])
            ledger.write_number(row_index, 9, float(credit), styles["total_money"])
            ledger.write_number(row_index, 10, float(debit - credit), styles["total_money"])

        def close_account(activity_id, activity_code, account_code):
            debit, credit = totals[activity_id][account_code]
            write_total(
                self.env._(
                    "Total %(account)s %(activity)s", account=account_code, activity=activity_code
                ),
                debit,
                credit,
            )

        def close_activity(activity_id, activity_code):
            debit = sum((pair[0] for pair in totals[activity_id].values()), ZERO)
            credit = sum((pair[1] for pair in totals[activity_id].values()), ZERO)
            write_total(
                self.env._(
                    "Total activity %(activity)s", activity=activity_code or self.env._("(none)")
                ),
                debit,
                credit,
            )

        for row in self._ledger_rows(export):
            (activity_id, activity_code, date, journal, entry, code, name, label, partner) = row[:9]
            debit, credit = row[9], row[10]
            key = (activity_id, activity_code, code)
            if key != current:
                if current:
                    close_account(*current)
                    if current[0] != activity_id:
                        close_activity(*current[:2])
                current = key
                balance = ZERO
            balance += debit - credit
            pair = totals[activity_id][code]
            pair[0] += debit
            pair[1] += credit
            row_index += 1
            count += 1
            ledger.write_string(row_index, 0, activity_code)
            ledger.write_datetime(row_index, 1, date, styles["date"])
            ledger.write_string(row_index, 2, journal or "")
            ledger.write_string(row_index, 3, entry or "")
            ledger.write_string(row_index, 4, code or "")
            ledger.write_string(row_index, 5, name or "")
            ledger.write_string(row_index, 6, label)
            ledger.write_string(row_index, 7, partner)
            ledger.write_number(row_index, 8, float(debit), styles["money"])
            ledger.write_number(row_index, 9, float(credit), styles["money"])
            ledger.write_number(row_index, 10, float(balance), styles["money"])
        if current:
            close_account(*current)
            close_activity(*current[:2])
        ledger.autofilter(0, 0, max(row_index, 1), len(LEDGER_WIDTHS) - 1)
        self._write_summary(summary, export, totals, styles)
        return count, totals

    def _write_summary(self, sheet, export, totals, styles):
        """Each activity's account over the period (its figures and their names as the
        activity account defines them), beside its ledger totals."""
        Activity = self.env["coop.activity"].with_context(active_test=False)
        activities = export.activity_ids or Activity.search(
            [("company_id", "=", export.company_id.id)]
        )
        activities = activities.sorted(lambda activity: activity.code or "")
        Account = self.env["coop.activity.account"]
        names = Account._figure_names()
        figures = Account._figures_by_activity(activities.ids, export.date_from, export.date_to)
        headers = [
            self.env._("Code"),
            self.env._("Activity"),
            *names.values(),
            self.env._("Ledger debit"),
            self.env._("Ledger credit"),
        ]
        sheet.set_column(0, 0, 10)
        sheet.set_column(1, 1, 30)
        sheet.set_column(2, len(headers) - 1, 16)
        for column, title in enumerate(headers):
            sheet.write(0, column, title, styles["header"])
        sheet.freeze_panes(1, 0)
        for row_index, activity in enumerate(activities, 1):
            values = figures.get(activity.id, {})
            sheet.write_string(row_index, 0, activity.code or "")
            sheet.write_string(row_index, 1, activity.name or "")
            for column, key in enumerate(names, 2):
                sheet.write_number(row_index, column, values.get(key) or 0.0, styles["money"])
            debit = sum((pair[0] for pair in totals[activity.id].values()), ZERO)
            credit = sum((pair[1] for pair in totals[activity.id].values()), ZERO)
            sheet.write_number(row_index, len(headers) - 2, float(debit), styles["money"])
            sheet.write_number(row_index, len(headers) - 1, float(credit), styles["money"])
        sheet.autofilter(0, 0, max(len(activities), 1), len(headers) - 1)
