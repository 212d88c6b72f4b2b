# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

import xlsxwriter

from odoo import models
from odoo.tools import SQL

from .fec_checker import FEC_HEADER

LEDGER_WIDTHS = (10, 11, 9, 20, 10, 28, 36, 24, 14, 14, 14)
SUMMARY_FIGURES = (
    "turnover",
    "collected",
    "contribution",
    "expense",
    "salary",
    "result",
    "treasury",
)
ZERO = 0.0


class CoopAnalyticLedger(models.AbstractModel):
    """The journal items of a period split by activity, for the expert-comptable.

    A line whose analytic distribution on the Activities plan names several activities
    gives one share per activity, its amounts pro rata (rounded to the cent); a line with
    no activity is kept, without activity code, when every activity is exported.
    """

    _name = "report.coop_account_export.analytic_ledger"
    _description = "Analytic ledger by activity"

    def _generate(self, export):
        separator = {"pipe": "|", "tab": "\t"}[export.separator or "pipe"]
        with export._temporary_file() as path:
            if export.export_kind == "ledger_xlsx":
                count, _totals = self._write_xlsx(export, path)
                filename = f"ledger_{export.date_from:%Y%m%d}_{export.date_to:%Y%m%d}.xlsx"
                mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            else:
                count = self._write_csv(export, path, separator)
                filename = f"fec_activities_{export.date_from:%Y%m%d}_{export.date_to:%Y%m%d}.csv"
                mimetype = "text/csv"
            export._finish(path, filename, mimetype, count, [])

    def _query(self, export, select):
        """The shares of the period's posted lines, ordered by activity, account, date."""
        company_ids = export.company_id._accessible_branches().ids
        query, aliases = export._fec_query(
            [
                ("company_id", "in", company_ids),
                ("parent_state", "=", "posted"),
                ("date", ">=", export.date_from),
                ("date", "<=", export.date_to),
            ]
        )
        line = SQL.identifier(aliases["line"])
        query.add_join(
            "LEFT JOIN",
            "coop_share",
            SQL(
                """LATERAL (
                    SELECT act.id AS activity_id, act.code AS activity_code,
                           share.value::numeric / 100.0 AS ratio
                      FROM jsonb_each_text(%s.analytic_distribution) share
                      JOIN coop_activity act
                        ON act.analytic_account_id = ANY (string_to_array(share.key, ',')::int[])
                )""",
                line,
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
        ratio = SQL("COALESCE(coop_share.ratio, 1)")
        return query.select(*select(query, aliases, ratio))

    def _ledger_rows(self, export):
        """(activity id, activity code, date, journal, entry, account code, account name,
        label, partner, debit, credit) for each share, streamed."""

        def select(query, aliases, ratio):
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
                SQL("round(%s.debit * %s, 2)", line, ratio),
                SQL("round(%s.credit * %s, 2)", line, ratio),
            ]

        return self._stream(export, self._query(export, select))

    def _stream(self, export, query):
        with export._server_side_cursor(query) as cursor:
            while rows := cursor.fetchmany(10000):
                yield from rows

    def _write_csv(self, export, path, separator):
        """The 18 FEC columns of each share, plus the activity code; returns the line count."""

        def select(query, aliases, ratio):
            columns = export._fec_columns(query, aliases, ratio=ratio)
            columns.append(SQL("COALESCE(coop_share.activity_code, '')"))
            return [SQL("concat_ws(%s, %s)", separator, SQL(", ").join(columns))]

        count = 0
        with open(path, "w", encoding=export.encoding, errors="replace", newline="") as stream:
            stream.write(separator.join((*FEC_HEADER, "CodeActivite")) + "\r\n")
            for (text,) in self._stream(export, self._query(export, select)):
                stream.write(text)
                stream.write("\r\n")
                count += 1
        return count

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
        """Each activity's account over the period, beside its ledger totals."""
        Activity = self.env["coop.activity"].with_context(active_test=False)
        activities = export.activity_ids or Activity.search(
            [("company_id", "=", export.company_id.id)]
        )
        activities = activities.sorted(lambda activity: activity.code or "")
        figures = self.env["coop.activity.account"]._figures_by_activity(
            activities.ids, export.date_from, export.date_to
        )
        headers = [
            self.env._("Code"),
            self.env._("Activity"),
            self.env._("Invoiced turnover (excl. VAT)"),
            self.env._("Collected turnover (excl. VAT)"),
            self.env._("Contributions"),
            self.env._("Expenses"),
            self.env._("Salaries"),
            self.env._("Result"),
            self.env._("Treasury (cash basis)"),
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
            for column, key in enumerate(SUMMARY_FIGURES, 2):
                sheet.write_number(row_index, column, values.get(key) or 0.0, styles["money"])
            debit = sum((pair[0] for pair in totals[activity.id].values()), ZERO)
            credit = sum((pair[1] for pair in totals[activity.id].values()), ZERO)
            sheet.write_number(row_index, len(headers) - 2, float(debit), styles["money"])
            sheet.write_number(row_index, len(headers) - 1, float(credit), styles["money"])
        sheet.autofilter(0, 0, max(len(activities), 1), len(headers) - 1)
