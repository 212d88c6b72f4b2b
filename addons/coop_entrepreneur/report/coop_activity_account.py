# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models, tools
from odoo.tools import SQL

P_AND_L = ("income", "income_other", "expense", "expense_depreciation", "expense_direct_cost")
DOCUMENTS = ("out_invoice", "out_refund", "out_receipt", "in_invoice", "in_refund", "in_receipt")
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
        "account.move": [
            "state",
            "move_type",
            "coop_activity_id",
            "amount_untaxed_signed",
            "amount_total_signed",
        ],
        "account.move.line": ["account_id", "company_id", "journal_id", "move_id"],
        "account.partial.reconcile": ["amount", "debit_move_id", "credit_move_id", "max_date"],
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
    def _plan_column(self):
        """The Activities plan's column on analytic lines; None before the plan exists."""
        plan = self.env.ref("coop_entrepreneur.account_analytic_plan_activities", False)
        return plan and plan._column_name()

    @property
    def _table_sql(self):
        sql = super()._table_sql
        field = self.env["account.analytic.line"]._fields.get(self._plan_column())
        return SQL().join([sql, SQL(to_flush=field)]) if field else sql

    def _query(self, column):
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
              JOIN account_account acc ON acc.id = aal.general_account_id
              JOIN res_company co ON co.id = aal.company_id
         LEFT JOIN account_move_line aml ON aml.id = aal.move_line_id
         LEFT JOIN coop_company_salary_account_rel sal
                ON sal.company_id = aal.company_id AND sal.account_id = aal.general_account_id
         LEFT JOIN coop_company_contribution_account_rel con
                ON con.company_id = aal.company_id AND con.account_id = aal.general_account_id
         LEFT JOIN coop_company_fund_account_rel fnd
                ON fnd.company_id = aal.company_id AND fnd.account_id = aal.general_account_id
             CROSS JOIN LATERAL (
                   SELECT CASE
                              WHEN sal.account_id IS NOT NULL THEN 'salary'
                              WHEN con.account_id IS NOT NULL THEN 'contribution'
                              WHEN fnd.account_id IS NOT NULL THEN 'fund'
                              WHEN aal.general_account_id = co.coop_internal_account_id
                                  THEN 'internal'
                              WHEN acc.account_type = 'income' THEN 'turnover'
                              WHEN acc.account_type = 'income_other' THEN 'other_income'
                              ELSE 'expense'
                          END AS kind,
                          -- An internal invoice's seller is its document's activity
                          -- (its reversal's too): read only for internal lines.
                          CASE WHEN aal.general_account_id = co.coop_internal_account_id
                               THEN EXISTS (
                                   SELECT 1 FROM account_move_line l
                                     JOIN account_move m ON m.id = l.move_id
                                    WHERE l.id = aal.move_line_id AND m.coop_activity_id = act.id)
                          END AS seller
                   ) k
             WHERE acc.account_type IN %(p_and_l)s
                OR con.account_id IS NOT NULL
                OR fnd.account_id IS NOT NULL
                OR aal.general_account_id = co.coop_internal_account_id
             UNION ALL
            SELECT -(side.id::bigint * 2 + side.debit) AS id, am.coop_activity_id AS activity_id,
                   l.company_id, side.max_date AS date, am.id AS move_id, l.account_id,
                   l.journal_id, 'cash' AS kind, 0.0 AS turnover, 0.0 AS other_income,
                   CASE WHEN la.account_type = 'asset_receivable' AND am.amount_total_signed != 0
                        THEN side.amount * am.amount_untaxed_signed / am.amount_total_signed
                        ELSE 0 END AS collected,
                   0.0 AS expense, 0.0 AS salary, 0.0 AS contribution, 0.0 AS fund,
                   0.0 AS result, side.amount AS treasury
              FROM account_move am
              JOIN account_move_line l ON l.move_id = am.id
              JOIN account_account la ON la.id = l.account_id
                   AND la.account_type IN ('asset_receivable', 'liability_payable')
             CROSS JOIN LATERAL (
                   SELECT apr.id, apr.max_date, 1 AS debit, apr.amount
                     FROM account_partial_reconcile apr WHERE apr.debit_move_id = l.id
                    UNION ALL
                   SELECT apr.id, apr.max_date, 0 AS debit, -apr.amount
                     FROM account_partial_reconcile apr WHERE apr.credit_move_id = l.id
                   ) side
             WHERE am.state = 'posted' AND am.coop_activity_id IS NOT NULL
               AND am.move_type IN %(documents)s
            """,
            column=SQL.identifier(column),
            p_and_l=P_AND_L,
            documents=DOCUMENTS,
        )

    def init(self):
        """The view, and the index of the analytic lines by activity and date it reads;
        called again by the plan's data at install (the plan's column comes with it)."""
        column = self._plan_column()
        if not column:
            return
        cr = self.env.cr
        cr.execute(
            SQL(
                """CREATE INDEX IF NOT EXISTS %(index)s ON account_analytic_line
                   (%(column)s, date) INCLUDE (amount, general_account_id, company_id)
                   WHERE %(column)s IS NOT NULL""",
                index=SQL.identifier(INDEX),
                column=SQL.identifier(column),
            )
        )
        tools.drop_view_if_exists(cr, self._table)
        cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(column),
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

    def _figure_names(self):
        """{figure: its name}, in the order the account shows its figures."""
        return {figure: self._fields[figure]._description_string(self.env) for figure in FIGURES}

    def _figures_by_activity(self, activity_ids, date_from, date_to):
        """{activity id: {figure: amount}} for the period, in one grouped query."""
        figures = FIGURES
        groups = self.sudo()._read_group(
            [
                ("activity_id", "in", activity_ids),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            ["activity_id"],
            [f"{figure}:sum" for figure in figures],
        )
        return {
            activity.id: dict(zip(figures, values, strict=True)) for activity, *values in groups
        }
