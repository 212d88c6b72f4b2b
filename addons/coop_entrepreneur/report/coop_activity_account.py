# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models, tools
from odoo.tools import SQL

P_AND_L = ("income", "income_other", "expense", "expense_depreciation", "expense_direct_cost")
DOCUMENTS = ("out_invoice", "out_refund", "out_receipt", "in_invoice", "in_refund", "in_receipt")
# The figures of an activity's account, in the order they are shown and exported.
FIGURES = ("turnover", "collected", "contribution", "expense", "salary", "result", "treasury")


class CoopActivityAccount(models.Model):
    """The activity's account: one row per posted line share or settlement, never stored.

    Profit and loss rows come from posted journal items, split between activities by
    their analytic distribution on the Activities plan; so do contributions, booked on an
    internal account the general ledger nets to zero. Cash rows come from the
    reconciliation of the activity's invoices and bills (cash basis).
    """

    _name = "coop.activity.account"
    _description = "Activity account"
    _auto = False
    _order = "date desc, id"
    _rec_name = "activity_id"
    # What a search must flush before reading the view.
    _depends = {
        "account.move": [
            "state",
            "move_type",
            "coop_activity_id",
            "amount_untaxed_signed",
            "amount_total_signed",
        ],
        "account.move.line": [
            "account_id",
            "analytic_distribution",
            "balance",
            "company_id",
            "date",
            "journal_id",
            "move_id",
            "parent_state",
        ],
        "account.partial.reconcile": ["amount", "debit_move_id", "credit_move_id", "max_date"],
        "coop.activity": ["analytic_account_id"],
        "res.company": ["coop_salary_account_ids", "coop_contribution_account_ids"],
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
            ("cash", "Settlement"),
        ],
        readonly=True,
    )
    turnover = fields.Monetary("Invoiced turnover (excl. VAT)", readonly=True)
    collected = fields.Monetary("Collected turnover (excl. VAT)", readonly=True)
    expense = fields.Monetary("Expenses", readonly=True)
    salary = fields.Monetary("Salaries", readonly=True)
    contribution = fields.Monetary("Contributions", readonly=True)
    result = fields.Monetary(readonly=True)
    treasury = fields.Monetary("Treasury (cash basis)", readonly=True)

    def _query(self):
        share = SQL("aml.balance * d.percentage / 100.0")
        return SQL(
            """
            WITH shares AS (
                SELECT aml.id AS line_id, act.id AS activity_id, aml.company_id, aml.date,
                       aml.move_id, aml.account_id, aml.journal_id, acc.account_type,
                       %(share)s AS amount,
                       CASE
                           WHEN sal.account_id IS NOT NULL THEN 'salary'
                           WHEN con.account_id IS NOT NULL THEN 'contribution'
                           WHEN acc.account_type = 'income' THEN 'turnover'
                           WHEN acc.account_type = 'income_other' THEN 'other_income'
                           ELSE 'expense'
                       END AS kind
                  FROM account_move_line aml
                  JOIN account_account acc ON acc.id = aml.account_id
             LEFT JOIN coop_company_salary_account_rel sal
                    ON sal.company_id = aml.company_id AND sal.account_id = aml.account_id
             LEFT JOIN coop_company_contribution_account_rel con
                    ON con.company_id = aml.company_id AND con.account_id = aml.account_id
                 CROSS JOIN LATERAL (
                       SELECT key, value::numeric AS percentage
                         FROM jsonb_each_text(aml.analytic_distribution)
                       ) d
                  JOIN coop_activity act
                    ON act.analytic_account_id = ANY (string_to_array(d.key, ',')::int[])
                 WHERE aml.parent_state = 'posted' AND aml.analytic_distribution IS NOT NULL
                   AND (acc.account_type IN %(p_and_l)s OR con.account_id IS NOT NULL)
            ),
            settlements AS (
                SELECT apr.id AS partial_id, side.sign, am.coop_activity_id AS activity_id,
                       l.company_id, apr.max_date AS date, am.id AS move_id, l.account_id,
                       l.journal_id, la.account_type,
                       side.sign * apr.amount AS amount,
                       CASE WHEN am.amount_total_signed = 0 THEN 0
                            ELSE am.amount_untaxed_signed / am.amount_total_signed
                       END AS untaxed_ratio
                  FROM account_partial_reconcile apr
                 CROSS JOIN LATERAL (VALUES (apr.debit_move_id, 1), (apr.credit_move_id, -1)) side(line_id, sign)
                  JOIN account_move_line l ON l.id = side.line_id
                  JOIN account_account la ON la.id = l.account_id
                       AND la.account_type IN ('asset_receivable', 'liability_payable')
                  JOIN account_move am ON am.id = l.move_id AND am.state = 'posted'
                       AND am.coop_activity_id IS NOT NULL AND am.move_type IN %(documents)s
            )
            SELECT line_id::bigint * 100000 + activity_id AS id, activity_id, company_id, date,
                   move_id, account_id, journal_id, kind,
                   CASE WHEN kind = 'turnover' THEN -amount ELSE 0 END AS turnover,
                   0.0 AS collected,
                   CASE WHEN kind = 'expense' THEN amount ELSE 0 END AS expense,
                   CASE WHEN kind = 'salary' THEN amount ELSE 0 END AS salary,
                   CASE WHEN kind = 'contribution' THEN amount ELSE 0 END AS contribution,
                   -amount AS result,
                   CASE WHEN kind IN ('salary', 'contribution') THEN -amount ELSE 0 END AS treasury
              FROM shares
             UNION ALL
            SELECT -(partial_id::bigint * 2 + (sign + 1) / 2) AS id, activity_id, company_id, date,
                   move_id, account_id, journal_id, 'cash' AS kind,
                   0.0 AS turnover,
                   CASE WHEN account_type = 'asset_receivable' THEN amount * untaxed_ratio ELSE 0 END
                       AS collected,
                   0.0 AS expense, 0.0 AS salary, 0.0 AS contribution, 0.0 AS result,
                   amount AS treasury
              FROM settlements
            """,
            share=share,
            p_and_l=P_AND_L,
            documents=DOCUMENTS,
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )

    @api.model
    def _results_by_activity(self, company, date_from, date_to):
        """The profit and loss of the period per activity, read from Odoo's own analytic
        lines on the Activities plan ({activity id: result}), with the part of the general
        ledger's profit and loss that no activity holds under ``False``: together they
        equal the result of the books to the cent. The journal items of that part are
        ``_lines_without_activity()``."""
        Activity = self.env["coop.activity"].sudo().with_context(active_test=False)
        column = Activity._coop_analytic_plan()._column_name()
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
        Activity = self.env["coop.activity"].sudo()
        column = Activity._coop_analytic_plan()._column_name()
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
