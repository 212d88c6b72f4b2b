# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_amount

FUND_KINDS = [
    ("investment", "Investment fund"),
    ("relief", "Relief fund"),
    ("guarantee", "Receivables guarantee fund"),
    ("other", "Other fund"),
]


class CoopFund(models.Model):
    """A solidarity fund: money set aside inside the cooperative, on its own analytic
    account of the Funds plan. Its balance is read from the posted lines of that analytic
    account, never stored."""

    _name = "coop.fund"
    _description = "Solidarity fund"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(FUND_KINDS, required=True, default="other", tracking=True)
    description = fields.Html()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The fund's analytic account on the Funds plan, made with the fund.",
    )
    journal_id = fields.Many2one(
        "account.journal",
        domain="[('type', '=', 'general'), ('company_id', '=', company_id)]",
        check_company=True,
        help="Journal of this fund's movements; empty: the company's funds journal.",
    )
    responsible_id = fields.Many2one(
        "res.users",
        string="Gestionnaire",
        default=lambda self: self.env.user,
        help="Told (a to-do) when an instalment of this fund cannot be posted.",
    )
    committee_user_ids = fields.Many2many(
        "res.users",
        "coop_fund_committee_rel",
        "fund_id",
        "user_id",
        string="Committee",
        tracking=True,
        help="The members who decide on this fund's requests and see their reasons.",
    )
    vote_quorum = fields.Integer(
        "Votes needed",
        default=3,
        help="A request is decided once this many committee members have voted.",
    )
    vote_majority = fields.Float(
        "Majority (%)",
        default=50.0,
        help="A request is approved when the votes for are more than this share of the votes "
        "for and against (abstentions are not counted).",
    )
    allow_grant = fields.Boolean("Grants", default=True)
    allow_advance = fields.Boolean("Repayable advances")
    allow_loan = fields.Boolean("Loans with interest")
    allow_guarantee = fields.Boolean("Guarantee claims")
    max_per_request = fields.Monetary(
        "Ceiling per request", help="Empty or zero: no ceiling but the fund's balance."
    )
    max_per_member = fields.Monetary(
        "Ceiling per member over 12 months",
        help="What one member may receive from this fund over 12 rolling months; zero: none.",
    )
    guarantee_delay = fields.Integer(
        "Overdue days before a claim",
        default=60,
        help="A guarantee claim covers invoices overdue by at least this many days.",
    )
    proposal_rate = fields.Float(
        "Yearly pay-in (% of the result)",
        digits=(5, 2),
        help="Each active activity's yearly pay-in proposed from its year's result; zero: "
        "no proposal.",
    )
    proposal_floor = fields.Monetary("Yearly pay-in floor")
    proposal_cap = fields.Monetary("Yearly pay-in cap", help="Zero: no cap.")
    balance = fields.Monetary(
        compute="_compute_figures", help="Money in minus money out, from posted entries."
    )
    committed = fields.Monetary(
        "Approved, not paid", compute="_compute_figures", help="Requests approved and not paid."
    )
    available = fields.Monetary(compute="_compute_figures", help="Balance minus what is committed.")
    money_in_year = fields.Monetary("In this year", compute="_compute_figures")
    money_out_year = fields.Monetary("Out this year", compute="_compute_figures")
    request_ids = fields.One2many("coop.fund.request", "fund_id", string="Requests")
    pending_count = fields.Integer("Pending requests", compute="_compute_pending_count")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "A fund's code is unique in a company.")
    ]

    @api.constrains("vote_quorum", "vote_majority", "max_per_request", "max_per_member")
    def _check_rules(self):
        for fund in self:
            if fund.vote_quorum < 1:
                raise ValidationError(
                    self.env._("%s: at least one vote is needed to decide.", fund.name)
                )
            if not 0.0 <= fund.vote_majority < 100.0:
                raise ValidationError(
                    self.env._("%s: the majority is a share between 0 and 100%%.", fund.name)
                )
            if fund.max_per_request < 0 or fund.max_per_member < 0:
                raise ValidationError(self.env._("%s: a ceiling cannot be negative.", fund.name))

    @api.model
    def _coop_funds_plan(self):
        # The id from the registry's cache of XML ids: no query at each read of the balances.
        return self.env["account.analytic.plan"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id("coop_funds.account_analytic_plan_funds")
        )

    @api.model_create_multi
    def create(self, vals_list):
        funds = super().create(vals_list)
        accounts = (
            self.env["account.analytic.account"]
            .sudo()
            .create(
                [
                    {
                        "name": fund.name,
                        "code": fund.code,
                        "plan_id": self._coop_funds_plan().id,
                        "company_id": fund.company_id.id,
                    }
                    for fund in funds
                ]
            )
        )
        for fund, account in zip(funds, accounts, strict=True):
            fund.analytic_account_id = account
        return funds

    def write(self, vals):
        res = super().write(vals)
        synced = {"name", "code", "active"} & set(vals)
        if synced:
            for fund in self:
                fund.analytic_account_id.sudo().write({key: fund[key] for key in synced})
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        for fund in self:
            if fund.sudo().request_ids or fund._figures()[fund.id]["moved"]:
                raise UserError(
                    self.env._("%s has been used: archive it instead of deleting it.", fund.name)
                )

    def _journal(self):
        self.ensure_one()
        journal = self.journal_id or self.company_id.coop_fund_journal_id
        if not (journal and self.company_id.coop_fund_account_id):
            raise UserError(
                self.env._(
                    "Set the funds journal and internal account of %s in the Cooperative "
                    "settings before moving money in or out of a fund.",
                    self.company_id.name,
                )
            )
        return journal

    def _figures(self):
        """{fund id: figures} read in one query over the funds' analytic lines (those of
        posted entries, which Odoo keeps in step with posting, reset and reversal) and one
        over the requests approved and not paid."""
        figures = {
            fund.id: dict.fromkeys(("balance", "in", "out", "moved", "committed"), 0.0)
            for fund in self
        }
        by_account = {
            fund.analytic_account_id.id: fund.id for fund in self if fund.analytic_account_id
        }
        if by_account:
            column = SQL.identifier(self._coop_funds_plan()._column_name())
            today = fields.Date.context_today(self)
            year_start = self.env.company.compute_fiscalyear_dates(today)["date_from"]
            self.env["account.analytic.line"].flush_model()
            rows = self.env.execute_query(
                SQL(
                    """SELECT %(column)s, SUM(amount), COUNT(*),
                              SUM(amount) FILTER (WHERE amount > 0 AND date >= %(start)s),
                              -SUM(amount) FILTER (WHERE amount < 0 AND date >= %(start)s)
                         FROM account_analytic_line
                        WHERE %(column)s IN %(accounts)s
                     GROUP BY %(column)s""",
                    column=column,
                    start=year_start,
                    accounts=tuple(by_account),
                )
            )
            for account_id, balance, count, money_in, money_out in rows:
                figures[by_account[account_id]].update(
                    balance=balance or 0.0,
                    moved=count,
                    out=money_out or 0.0,
                    **{"in": money_in or 0.0},
                )
        for fund, amount in (
            self.env["coop.fund.request"]
            .sudo()
            ._read_group(
                [("fund_id", "in", self.ids), ("state", "=", "approved")],
                ["fund_id"],
                ["amount:sum"],
            )
        ):
            figures[fund.id]["committed"] = amount
        return figures

    def _year_figures(self, date_from, date_to):
        """{fund id: {figure: amount}} over a period, for the assembly: the balance at its
        start and end, and between them what came in and went out by kind (pay-ins,
        contribution shares, payouts, repayments, members' loans received and repaid, their
        interest), read in one grouped query over the funds' analytic lines (a positive
        amount comes into the fund); and the amounts written off by the committee."""
        kinds = ("payin", "contribution", "payout", "repayment", "loan", "interest", "other")
        figures = {
            fund.id: dict.fromkeys(("opening", "closing", "written_off", *kinds), 0.0)
            for fund in self
        }
        by_account = {f.analytic_account_id.id: f.id for f in self if f.analytic_account_id}
        if by_account:
            company = self.company_id[:1]
            loan = company._coop_member_loan_account(create=False)
            interest = company._coop_account("6618", "", "", "", create=False)
            column = SQL.identifier("line", self._coop_funds_plan()._column_name())
            self.env["account.analytic.line"].flush_model()
            self.env["account.move.line"].flush_model(["move_id", "account_id"])
            self.env["account.move"].flush_model(["coop_fund_movement_id", "coop_contribution_id"])
            self.env["coop.fund.movement"].flush_model(["kind"])
            rows = self.env.execute_query(
                SQL(
                    """SELECT %(column)s,
                              CASE WHEN line.date < %(start)s THEN 'opening'
                                   WHEN movement.kind IS NOT NULL THEN movement.kind
                                   WHEN move.coop_contribution_id IS NOT NULL THEN 'contribution'
                                   WHEN item.account_id = %(loan)s THEN 'loan'
                                   WHEN item.account_id = %(interest)s THEN 'interest'
                                   ELSE 'other' END,
                              SUM(line.amount)
                         FROM account_analytic_line line
                         JOIN account_move_line item ON item.id = line.move_line_id
                         JOIN account_move move ON move.id = item.move_id
                    LEFT JOIN coop_fund_movement movement ON movement.id = move.coop_fund_movement_id
                        WHERE %(column)s IN %(accounts)s AND line.date <= %(end)s
                     GROUP BY 1, 2""",
                    column=column,
                    start=date_from,
                    end=date_to,
                    loan=loan.id or 0,
                    interest=interest.id or 0,
                    accounts=tuple(by_account),
                )
            )
            for account_id, kind, amount in rows:
                figures[by_account[account_id]][kind] += amount
        for fund, amount in (
            self.env["coop.fund.request"]
            .sudo()
            ._read_group(
                [
                    ("fund_id", "in", self.ids),
                    ("state", "=", "written_off"),
                    ("write_off_date", ">=", date_from),
                    ("write_off_date", "<=", date_to),
                ],
                ["fund_id"],
                ["write_off_amount:sum"],
            )
        ):
            figures[fund.id]["written_off"] = amount
        for figure in figures.values():
            figure["closing"] = figure["opening"] + sum(figure[kind] for kind in kinds)
        return figures

    def _compute_figures(self):
        figures = self._figures()
        for fund in self:
            figure = figures[fund.id]
            fund.balance = figure["balance"]
            fund.committed = figure["committed"]
            fund.available = figure["balance"] - figure["committed"]
            fund.money_in_year = figure["in"]
            fund.money_out_year = figure["out"]

    def _compute_pending_count(self):
        counts = dict(
            self.env["coop.fund.request"]._read_group(
                [("fund_id", "in", self.ids), ("state", "in", ("submitted", "review"))],
                ["fund_id"],
                ["__count"],
            )
        )
        for fund in self:
            fund.pending_count = counts.get(fund, 0)

    def _lock(self):
        """Take these funds' rows for the rest of the transaction. The update makes a
        concurrent transaction that takes them too wait, then fail to serialize: Odoo runs
        its request again, on a snapshot that sees what this one paid out."""
        self.env.cr.execute(
            SQL(
                "UPDATE coop_fund SET write_date = write_date WHERE id IN %s",
                tuple(self.ids),
            )
        )

    def _check_can_pay(self, amount, requests=None):
        """Refuse a payout of ``amount`` the fund cannot make: what it holds, minus what
        other approved requests are promised, must cover it. Call after :meth:`_lock`."""
        self.ensure_one()
        figure = self._figures()[self.id]
        own = sum(
            (requests or self.env["coop.fund.request"])
            .filtered(lambda r: r.state == "approved")
            .mapped("amount")
        )
        promised = figure["committed"] - own
        available = figure["balance"] - promised
        if self.currency_id.compare_amounts(amount, available) > 0:
            raise UserError(
                self.env._(
                    "%(fund)s cannot pay %(amount)s: it has %(available)s available "
                    "(balance %(balance)s, of which %(promised)s promised to approved requests).",
                    fund=self.name,
                    amount=self._format(amount),
                    available=self._format(available),
                    balance=self._format(figure["balance"]),
                    promised=self._format(promised),
                )
            )

    def _format(self, amount):
        return format_amount(self.env, amount, self.currency_id)

    def action_propose_payins(self):
        """Propose each activity's pay-in from the last closed fiscal year's result, and
        open the proposals to review."""
        today = fields.Date.context_today(self)
        for company in self.company_id:
            last_year_end = company.compute_fiscalyear_dates(today)["date_from"] - timedelta(days=1)
            dates = company.compute_fiscalyear_dates(last_year_end)
            self.env["coop.fund.proposal"]._propose(
                self.filtered(lambda f, c=company: f.company_id == c),
                dates["date_from"],
                dates["date_to"],
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_funds.coop_fund_proposal_action"
        )
        action["domain"] = [("fund_id", "in", self.ids), ("state", "=", "draft")]
        return action

    def action_open_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_funds.coop_fund_request_action"
        )
        action["domain"] = [("fund_id", "=", self.id)]
        action["context"] = {"default_fund_id": self.id}
        return action

    def action_open_movements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_funds.coop_fund_movement_action"
        )
        action["domain"] = [("fund_id", "=", self.id)]
        action["context"] = {"default_fund_id": self.id}
        return action
