# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models, tools
from odoo.tools import SQL

P_AND_L = ("income", "income_other", "expense", "expense_depreciation", "expense_direct_cost")
# The figures of an activity's account, in the order they are shown and exported.
FIGURES = (
    "turnover",
    "other_income",
    "collected",
    "contribution",
    "expense",
    "salary",
    "fund",
    "result",
    "treasury",
)
# The index that makes one activity's read independent of the size of the book.
INDEX = "coop_account_analytic_line_activity_date_index"


class CoopActivityAccount(models.Model):
    """The activity's account: one row per analytic line of the Activities plan or
    settlement of the activity's documents, never stored.

    Profit and loss rows are Odoo's own analytic lines (one per analytic share of each
    posted journal item, kept in step with posting, reset and reversal), read through the
    Activities plan's column: contributions, internal invoices and fund movements are
    booked on internal accounts the general ledger nets to zero, and move only between
    analytic accounts. Cash rows come from the reconciliation of the activity's invoices
    and bills (cash basis).
    """

    _name = "coop.activity.account"
    _description = "Activity account"
    _auto = False
    _order = "date desc, id"
    _rec_name = "activity_id"
    _figures = FIGURES
    # What a search must flush before reading the view (and the plan's column: _table_sql).
    _depends = {
        "account.analytic.line": [
            "amount",
            "company_id",
            "date",
            "general_account_id",
            "journal_id",
            "move_line_id",
        ],
        "account.move": ["coop_activity_id"],
        "account.move.line": ["account_id", "company_id", "journal_id", "move_id"],
        "account.partial.reconcile": [
            "amount",
            "company_id",
            "coop_credit_activity_id",
            "coop_credit_collected",
            "coop_debit_activity_id",
            "coop_debit_collected",
            "credit_move_id",
            "debit_move_id",
            "max_date",
        ],
        "coop.activity": ["analytic_account_id"],
        "res.company": [
            "coop_salary_account_ids",
            "coop_contribution_account_ids",
            "coop_fund_account_ids",
            "coop_internal_account_id",
        ],
    }

    activity_id = fields.Many2one("coop.activity", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(readonly=True)
    move_id = fields.Many2one("account.move", string="Entry", readonly=True)
    account_id = fields.Many2one("account.account", readonly=True)
    journal_id = fields.Many2one("account.journal", readonly=True)
    kind = fields.Selection(
        [
            ("turnover", "Turnover"),
            ("other_income", "Other income"),
            ("expense", "Expense"),
            ("salary", "Salary"),
            ("contribution", "Contribution"),
            ("internal", "Internal invoice"),
            ("fund", "Fund movement"),
            ("cash", "Settlement"),
        ],
        readonly=True,
    )
    turnover = fields.Monetary(
        "Invoiced turnover (excl. VAT)",
        readonly=True,
        help="Invoiced to clients, less credit notes, and to other activities of the "
        "cooperative (internal invoices).",
    )
    other_income = fields.Monetary("Other income", readonly=True)
    collected = fields.Monetary("Collected turnover (excl. VAT)", readonly=True)
    expense = fields.Monetary(
        "Expenses", readonly=True, help="Bills and costs, internal invoices received included."
    )
    salary = fields.Monetary("Salaries", readonly=True)
    contribution = fields.Monetary("Contributions", readonly=True)
    fund = fields.Monetary(
        "Fund movements",
        readonly=True,
        help="Received from the solidarity funds, less paid into them: treasury, not result.",
    )
    result = fields.Monetary(readonly=True)
    treasury = fields.Monetary("Treasury (cash basis)", readonly=True)

    @api.model
    @tools.ormcache()
    def _plan_column(self):
        """The Activities plan's column on analytic lines; None before the plan exists.
        Kept in the registry's cache, cleared when plans move (account_analytic.py)."""
        plan = self.env.ref("coop_entrepreneur.account_analytic_plan_activities", False)
        return plan and plan._column_name()

    @property
    def _table_sql(self):
        sql = super()._table_sql
        field = self.env["account.analytic.line"]._fields.get(self._plan_column())
        return SQL().join([sql, SQL(to_flush=field)]) if field else sql

    def _query(self, column):
        """The analytic lines' rows and the settlements'. Before the Activities plan exists
        (at install, until its data is loaded), the settlements' alone."""
        settlements = SQL(
            "%s UNION ALL %s", self._settlements("debit"), self._settlements("credit")
        )
        if not column:
            return settlements
        return SQL(
            """
            SELECT aal.id::bigint AS id, act.id AS activity_id, aal.company_id, aal.date,
                   aml.move_id, aal.general_account_id AS account_id, aal.journal_id, k.kind,
                   CASE WHEN k.kind = 'turnover' OR k.kind = 'internal' AND k.seller
                        THEN aal.amount ELSE 0 END AS turnover,
                   CASE WHEN k.kind = 'other_income' THEN aal.amount ELSE 0 END AS other_income,
                   0.0 AS collected,
                   CASE WHEN k.kind = 'expense' OR k.kind = 'internal' AND NOT k.seller
                        THEN -aal.amount ELSE 0 END AS expense,
                   CASE WHEN k.kind = 'salary' THEN -aal.amount ELSE 0 END AS salary,
                   CASE WHEN k.kind = 'contribution' THEN -aal.amount ELSE 0 END AS contribution,
                   CASE WHEN k.kind = 'fund' THEN aal.amount ELSE 0 END AS fund,
                   CASE WHEN k.kind = 'fund' THEN 0 ELSE aal.amount END AS result,
                   CASE WHEN k.kind IN ('salary', 'contribution', 'internal', 'fund')
                        THEN aal.amount ELSE 0 END AS treasury
              FROM account_analytic_line aal
              JOIN coop_activity act ON act.analytic_account_id = aal.%(column)s
         LEFT JOIN account_move_line aml ON aml.id = aal.move_line_id
                   %(classify)s
             CROSS JOIN LATERAL (
                   SELECT %(kind)s AS kind,
                          -- An internal invoice's seller is its document's activity
                          -- (its reversal's too): read only for internal lines.
                          CASE WHEN aal.general_account_id = co.coop_internal_account_id
                               THEN EXISTS (
                                   SELECT 1 FROM account_move_line l
                                     JOIN account_move m ON m.id = l.move_id
                                    WHERE l.id = aal.move_line_id AND m.coop_activity_id = act.id)
                          END AS seller
                   ) k
             WHERE %(shown)s
             UNION ALL %(settlements)s
            """,
            column=SQL.identifier(column),
            classify=self._classify_joins(SQL("aal")),
            kind=self._kind(SQL("aal")),
            shown=self._shown(SQL("aal")),
            settlements=settlements,
        )

    def _classify_joins(self, lines):
        """What says the kind of the analytic lines aliased ``lines``: their general
        account and company (with ``_kind()``)."""
        return SQL(
            """
              JOIN account_account acc ON acc.id = %(lines)s.general_account_id
              JOIN res_company co ON co.id = %(lines)s.company_id
            """,
            lines=lines,
        )

    def _in_accounts(self, lines, table):
        """The line's general account is one of its company's accounts in ``table``."""
        return SQL(
            "EXISTS (SELECT 1 FROM %(table)s r WHERE r.company_id = %(lines)s.company_id"
            " AND r.account_id = %(lines)s.general_account_id)",
            table=SQL.identifier(table),
            lines=lines,
        )

    def _kind(self, lines):
        """The kind of an analytic line, by its general account: the company's salary,
        contribution, fund movement or internal invoicing accounts, else its type."""
        return SQL(
            """CASE
                   WHEN %(salary)s THEN 'salary'
                   WHEN %(contribution)s THEN 'contribution'
                   WHEN %(fund)s THEN 'fund'
                   WHEN %(lines)s.general_account_id = co.coop_internal_account_id
                       THEN 'internal'
                   WHEN acc.account_type = 'income' THEN 'turnover'
                   WHEN acc.account_type = 'income_other' THEN 'other_income'
                   ELSE 'expense'
               END""",
            salary=self._in_accounts(lines, "coop_company_salary_account_rel"),
            contribution=self._in_accounts(lines, "coop_company_contribution_account_rel"),
            fund=self._in_accounts(lines, "coop_company_fund_account_rel"),
            lines=lines,
        )

    def _shown(self, lines):
        """The analytic lines the account shows: profit and loss, and the internal
        movements (contributions, fund movements, internal invoices)."""
        return SQL(
            """(acc.account_type IN %(p_and_l)s
                OR %(lines)s.general_account_id = co.coop_internal_account_id
                OR %(contribution)s OR %(fund)s)""",
            lines=lines,
            p_and_l=P_AND_L,
            contribution=self._in_accounts(lines, "coop_company_contribution_account_rel"),
            fund=self._in_accounts(lines, "coop_company_fund_account_rel"),
        )

    def _settlements(self, side):
        """The cash rows of one side of the reconciliations: the activity's invoice or bill
        is the partial's debit (money in) or credit (money out), as the partial keeps it
        (``coop_debit_activity_id``, ``coop_credit_activity_id``)."""
        debit = side == "debit"
        return SQL(
            """
            SELECT -(apr.id::bigint * 2 + %(odd)s) AS id, apr.%(activity)s AS activity_id,
                   apr.company_id, apr.max_date AS date, l.move_id, l.account_id,
                   l.journal_id, 'cash' AS kind, 0.0 AS turnover, 0.0 AS other_income,
                   apr.%(collected)s AS collected, 0.0 AS expense, 0.0 AS salary,
                   0.0 AS contribution, 0.0 AS fund, 0.0 AS result,
                   %(sign)s * apr.amount AS treasury
              FROM account_partial_reconcile apr
              JOIN account_move_line l ON l.id = apr.%(line)s
             WHERE apr.%(activity)s IS NOT NULL
            """,
            odd=int(debit),
            sign=1 if debit else -1,
            activity=SQL.identifier(f"coop_{side}_activity_id"),
            collected=SQL.identifier(f"coop_{side}_collected"),
            line=SQL.identifier(f"{side}_move_id"),
        )

    @api.model
    def _coop_create_view(self):
        """At install, once the Activities plan (and its column) exists."""
        self.env.registry.clear_cache()
        self.init()

    def init(self):
        """The view, and the index of the analytic lines by activity and date it reads;
        called again by the plan's data at install (the plan's column comes with it)."""
        column = self._plan_column()
        cr = self.env.cr
        tools.drop_view_if_exists(cr, self._table)
        cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(column),
            )
        )
        if not column:
            return
        cr.execute(
            SQL(
                """CREATE INDEX IF NOT EXISTS %(index)s ON account_analytic_line
                   (%(column)s, date) INCLUDE (amount, general_account_id, company_id)
                   WHERE %(column)s IS NOT NULL""",
                index=SQL.identifier(INDEX),
                column=SQL.identifier(column),
            )
        )
        # Each activity's settlements of a period, read from the index alone.
        for side in ("debit", "credit"):
            cr.execute(
                SQL(
                    """CREATE INDEX IF NOT EXISTS %(index)s ON account_partial_reconcile
                       (%(activity)s, max_date) INCLUDE (amount, %(collected)s)
                       WHERE %(activity)s IS NOT NULL""",
                    index=SQL.identifier(f"coop_account_partial_reconcile_{side}_activity_index"),
                    activity=SQL.identifier(f"coop_{side}_activity_id"),
                    collected=SQL.identifier(f"coop_{side}_collected"),
                )
            )

    @api.model
    def _results_by_activity(self, company, date_from, date_to):
        """The profit and loss of the period per activity, read from Odoo's own analytic
        lines on the Activities plan ({activity id: result}), with the part of the general
        ledger's profit and loss that no activity holds under ``False``: together they
        equal the result of the books to the cent. The journal items of that part are
        ``_lines_without_activity()``."""
        Activity = self.env["coop.activity"].sudo().with_context(active_test=False)
        column = self._plan_column()
        groups = (
            self.env["account.analytic.line"]
            .sudo()
            ._read_group(
                [
                    (column, "!=", False),
                    ("company_id", "=", company.id),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                    ("general_account_id.account_type", "in", P_AND_L),
                ],
                [column],
                ["amount:sum"],
            )
        )
        activities = {
            activity.analytic_account_id.id: activity.id
            for activity in Activity.search([("company_id", "=", company.id)])
        }
        results = defaultdict(float)
        for account, amount in groups:
            results[activities.get(account.id, False)] += amount
        books = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(self._books_domain(company, date_from, date_to), [], ["balance:sum"])
        )
        total = -(books[0][0] or 0.0)
        currency = company.currency_id
        results[False] = currency.round(total - sum(results.values()) + results[False])
        return {key: currency.round(value) for key, value in results.items()}

    @api.model
    def _books_domain(self, company, date_from, date_to):
        return [
            ("company_id", "=", company.id),
            ("parent_state", "=", "posted"),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
            ("account_id.account_type", "in", P_AND_L),
        ]

    @api.model
    def _lines_without_activity(self, company, date_from, date_to):
        """The profit and loss journal items of the period that no activity holds (no
        share, or shares under 100 %, on the Activities plan): for the staff to fix."""
        column = self._plan_column()
        lines = (
            self.env["account.move.line"]
            .sudo()
            .search(self._books_domain(company, date_from, date_to))
        )
        held = dict(
            self.env["account.analytic.line"]
            .sudo()
            ._read_group(
                [("move_line_id", "in", lines.ids), (column, "!=", False)],
                ["move_line_id"],
                ["amount:sum"],
            )
        )
        return lines.filtered(
            lambda line: company.currency_id.compare_amounts(held.get(line, 0.0), -line.balance)
        )

    @api.model
    def action_view_lines_without_activity(self):
        """The journal items of this fiscal year's profit and loss that no activity holds."""
        company = self.env.company
        dates = company.compute_fiscalyear_dates(fields.Date.context_today(self))
        lines = self._lines_without_activity(company, dates["date_from"], dates["date_to"])
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_account_moves_all")
        action.update(
            {
                "name": self.env._("Lines without activity"),
                "domain": [("id", "in", lines.ids)],
                "context": {"search_default_group_by_account": 1},
            }
        )
        return action

    def _figure_names(self):
        """{figure: its name}, in the order the account shows its figures."""
        return {figure: self._fields[figure]._description_string(self.env) for figure in FIGURES}

    def _figures_by_activity(self, activity_ids, date_from, date_to):
        """{activity id: {figure: amount}} for the period, as the view gives them, read the
        fast way: the analytic lines grouped by activity and general account straight from
        their index (the account says the kind, as in the view), and the settlements of the
        activities' documents grouped by activity; three queries whatever the book."""
        if not activity_ids:
            return {}
        for model in (
            "account.analytic.line",
            "account.move",
            "account.move.line",
            "account.partial.reconcile",
            "coop.activity",
            "res.company",
        ):
            self.env[model].flush_model()
        cr = self.env.cr
        column = SQL.identifier(self._plan_column())
        period = SQL(
            "%(lines)s.date >= %(date_from)s AND %(lines)s.date <= %(date_to)s",
            lines=SQL("aal"),
            date_from=date_from,
            date_to=date_to,
        )
        analytic = SQL(
            "aal.%s = ANY(ARRAY(SELECT analytic_account_id FROM coop_activity WHERE id = ANY(%s)))",
            column,
            list(activity_ids),
        )
        # In one statement: the period's analytic lines summed per account straight from
        # their index, and each activity's settlements of the period from the partials'
        # index; the kind of each sum is said by its account, as in the view.
        cr.execute(
            SQL(
                """SELECT act.id, aal.general_account_id, aal.company_id, aal.amount, NULL
                     FROM (SELECT %(column)s AS analytic, general_account_id, company_id,
                                  SUM(amount) AS amount
                             FROM account_analytic_line aal
                            WHERE %(analytic)s AND %(period)s
                            GROUP BY 1, 2, 3) aal
                     JOIN coop_activity act ON act.analytic_account_id = aal.analytic
                    UNION ALL
                   SELECT activity, NULL, NULL, SUM(collected), SUM(treasury) FROM (
                       SELECT coop_debit_activity_id AS activity,
                              coop_debit_collected AS collected, amount AS treasury
                         FROM account_partial_reconcile
                        WHERE coop_debit_activity_id = ANY(%(ids)s)
                          AND max_date >= %(date_from)s AND max_date <= %(date_to)s
                        UNION ALL
                       SELECT coop_credit_activity_id, coop_credit_collected, -amount
                         FROM account_partial_reconcile
                        WHERE coop_credit_activity_id = ANY(%(ids)s)
                          AND max_date >= %(date_from)s AND max_date <= %(date_to)s
                   ) settlement
                   GROUP BY 1""",
                column=column,
                analytic=analytic,
                period=period,
                ids=list(activity_ids),
                date_from=date_from,
                date_to=date_to,
            )
        )
        figures = {}
        internal = False
        kinds = {}  # the registry's cache, read once per company
        for activity, account, company, amount, treasury in cr.fetchall():
            if account is None:
                kind = "cash"
            else:
                if company not in kinds:
                    kinds[company] = self._account_kinds(company)
                kind = kinds[company].get(account)
            if not kind:
                continue  # not a line the account shows (e.g. VAT)
            values = figures.setdefault(activity, dict.fromkeys(FIGURES, 0.0))
            if kind == "cash":
                values["collected"] += float(amount)
                values["treasury"] += float(treasury)
            elif kind == "internal":
                internal = True
            else:
                self._add(values, kind, float(amount))
        if internal:
            # An internal invoice's seller is its document's activity (its reversal's too).
            cr.execute(
                SQL(
                    """SELECT act.id, am.coop_activity_id = act.id, SUM(aal.amount)
                         FROM account_analytic_line aal
                         JOIN coop_activity act ON act.analytic_account_id = aal.%(column)s
                         JOIN res_company co ON co.id = aal.company_id
                         JOIN account_move_line aml ON aml.id = aal.move_line_id
                         JOIN account_move am ON am.id = aml.move_id
                        WHERE %(analytic)s AND %(period)s
                          AND aal.general_account_id = co.coop_internal_account_id
                        GROUP BY 1, 2""",
                    column=column,
                    analytic=analytic,
                    period=period,
                )
            )
            for activity, seller, amount in cr.fetchall():
                values = figures.setdefault(activity, dict.fromkeys(FIGURES, 0.0))
                self._add(values, "sale" if seller else "purchase", float(amount))
        return figures

    @api.model
    @tools.ormcache("company_id")
    def _account_kinds(self, company_id):
        """{general account id: kind} of the company's accounts the account shows, by the
        view's own definition (``_kind()``, ``_shown()``). Kept in the registry's cache,
        cleared when the company's accounts of a kind or an account's type or companies
        change (res_company.py)."""
        self.env["res.company"].flush_model()
        self.env["account.account"].flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT aal.general_account_id, %(kind)s
                     FROM (SELECT account_account_id AS general_account_id,
                                  res_company_id AS company_id
                             FROM account_account_res_company_rel
                            WHERE res_company_id = %(company)s) aal
                          %(classify)s
                    WHERE %(shown)s""",
                kind=self._kind(SQL("aal")),
                classify=self._classify_joins(SQL("aal")),
                shown=self._shown(SQL("aal")),
                company=company_id,
            )
        )
        return tools.frozendict(self.env.cr.fetchall())

    @staticmethod
    def _add(values, kind, amount):
        """Add an analytic amount (income positive) to the figures, as the view does."""
        if kind in ("turnover", "sale"):
            values["turnover"] += amount
        elif kind == "other_income":
            values["other_income"] += amount
        elif kind in ("expense", "purchase"):
            values["expense"] -= amount
        elif kind in ("salary", "contribution"):
            values[kind] -= amount
        elif kind == "fund":
            values["fund"] += amount
        if kind != "fund":
            values["result"] += amount
        if kind in ("salary", "contribution", "sale", "purchase", "fund"):
            values["treasury"] += amount
