# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class CoopFundLoan(models.Model):
    """A member's loan to a fund (typically the investment fund): a real debt of the
    cooperative to the member. Receiving the money credits the members' loans account
    (PCG 168) with the member as partner, on the fund's analytic account, against the
    outstanding receipts the bank statement is then matched with; each repayment debits
    it (and the interest, a real charge, 6618), against the outstanding payments."""

    _name = "coop.fund.loan"
    _description = "Member's loan to a fund"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(readonly=True, copy=False, default="/")
    fund_id = fields.Many2one("coop.fund", required=True, index=True, tracking=True)
    company_id = fields.Many2one(related="fund_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner", string="Member", required=True, index=True, tracking=True
    )
    amount = fields.Monetary(required=True, tracking=True)
    date = fields.Date("Received on", required=True, default=fields.Date.context_today)
    interest_rate = fields.Float("Interest rate (%)", digits=(5, 2), tracking=True)
    term = fields.Integer("Term (months)", default=12, tracking=True)
    first_repayment_date = fields.Date(
        "First repayment", help="Empty: one month after the money is received."
    )
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("repaid", "Repaid")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
    )
    move_id = fields.Many2one("account.move", string="Receipt entry", readonly=True, copy=False)
    line_ids = fields.One2many(
        "coop.fund.loan.line", "loan_id", string="Repayment schedule", readonly=True
    )
    amount_repaid = fields.Monetary(compute="_compute_amounts")
    amount_owed = fields.Monetary("Owed to the member", compute="_compute_amounts")

    @api.depends("line_ids.state", "line_ids.principal", "amount", "state")
    def _compute_amounts(self):
        for loan in self:
            repaid = sum(loan.line_ids.filtered(lambda ln: ln.state == "paid").mapped("principal"))
            loan.amount_repaid = repaid
            loan.amount_owed = loan.amount - repaid if loan.state != "draft" else 0.0

    @api.constrains("amount", "term", "interest_rate")
    def _check_terms(self):
        for loan in self:
            if loan.currency_id.compare_amounts(loan.amount, 0.0) <= 0:
                raise ValidationError(self.env._("A loan's amount must be above zero."))
            if loan.term < 1:
                raise ValidationError(self.env._("A loan is repaid over one month or more."))
            if loan.interest_rate < 0:
                raise ValidationError(self.env._("An interest rate cannot be negative."))

    def write(self, vals):
        if set(vals) & {"fund_id", "partner_id", "amount", "date", "interest_rate", "term"} and any(
            loan.state != "draft" for loan in self
        ):
            raise UserError(self.env._("A running loan is not changed: its entries are posted."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        if any(loan.state != "draft" for loan in self):
            raise UserError(self.env._("Only a draft loan can be deleted."))

    def _outstanding_account(self, direction):
        account = self.company_id._coop_outstanding_account(direction)
        if not account:
            raise UserError(
                self.env._(
                    "Set the outstanding receipts and payments accounts of %s.",
                    self.company_id.name,
                )
            )
        return account

    def _entry(self, day, ref, lines):
        """A real entry of the loan in its fund's journal (the money goes through the bank)."""
        self.ensure_one()
        return (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "entry",
                    "journal_id": self.fund_id._journal().id,
                    "company_id": self.company_id.id,
                    "date": day,
                    "ref": ref,
                    "line_ids": [
                        Command.create(
                            {
                                "name": ref,
                                "account_id": account.id,
                                "balance": balance,
                                "partner_id": self.partner_id.id,
                                "analytic_distribution": analytic
                                and {str(self.fund_id.analytic_account_id.id): 100},
                            }
                        )
                        for account, balance, analytic in lines
                        if not self.currency_id.is_zero(balance)
                    ],
                }
            )
        )

    def action_receive(self):
        """The member's money arrived: post the debt and draw up the repayment schedule."""
        if not self.env.su and not self.env.user.has_group("coop_entrepreneur.group_coop_manager"):
            raise UserError(self.env._("Only the cooperative's staff record a member's loan."))
        for loan in self.sudo():
            if loan.state != "draft":
                raise UserError(self.env._("%s is already received.", loan.name))
            lock = loan.company_id._get_violated_lock_dates(
                loan.date, False, loan.fund_id._journal()
            )
            if lock:
                raise UserError(
                    self.env._(
                        "%(date)s is in a period locked until %(lock)s.",
                        date=loan.date,
                        lock=lock[-1][0],
                    )
                )
            if loan.name == "/":
                loan.name = (
                    self.env["ir.sequence"]
                    .with_company(loan.company_id)
                    .next_by_code("coop.fund.loan")
                    or "/"
                )
            debt = loan.company_id._coop_member_loan_account()
            move = loan._entry(
                loan.date,
                self.env._(
                    "Loan of %(member)s to %(fund)s",
                    member=loan.partner_id.name,
                    fund=loan.fund_id.name,
                ),
                [
                    (loan._outstanding_account("debit"), loan.amount, False),
                    (debt, -loan.amount, True),
                ],
            )
            move.action_post()
            loan.write({"move_id": move.id, "state": "running"})
            loan._schedule()
        return True

    def _schedule(self):
        self.ensure_one()
        currency = self.currency_id
        first = self.first_repayment_date or self.date + relativedelta(months=1)
        part = currency.round(self.amount / self.term)
        left, vals_list = self.amount, []
        for index in range(self.term):
            principal = left if index == self.term - 1 else part
            vals_list.append(
                {
                    "loan_id": self.id,
                    "date": first + relativedelta(months=index),
                    "principal": principal,
                    "interest": currency.round(left * self.interest_rate / 100.0 / 12.0),
                }
            )
            left -= principal
        self.env["coop.fund.loan.line"].sudo().create(vals_list)

    @api.model
    def _cron_repay_due(self):
        """Post the repayments due by today (a daily job)."""
        lines = (
            self.env["coop.fund.loan.line"]
            .sudo()
            .search(
                [
                    ("state", "=", "due"),
                    ("date", "<=", fields.Date.context_today(self)),
                    ("loan_id.state", "=", "running"),
                ],
                order="date, id",
            )
        )
        for line in lines:
            try:
                with self.env.cr.savepoint():
                    line._post()
            except UserError as error:
                # Not posted today (a locked period): the gestionnaire is told once.
                loan = line.loan_id
                summary = self.env._("Repayment of %s not posted", line.date)
                if summary not in loan.activity_ids.mapped("summary"):
                    loan.activity_schedule(
                        "mail.mail_activity_data_todo",
                        summary=summary,
                        note=str(error),
                        user_id=loan.fund_id.responsible_id.id or self.env.uid,
                    )
        return lines


class CoopFundLoanLine(models.Model):
    _name = "coop.fund.loan.line"
    _description = "Repayment of a member's loan"
    _order = "date, id"

    loan_id = fields.Many2one("coop.fund.loan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="loan_id.company_id", store=True)
    currency_id = fields.Many2one(related="loan_id.currency_id")
    date = fields.Date(required=True)
    principal = fields.Monetary(required=True)
    interest = fields.Monetary()
    amount = fields.Monetary(compute="_compute_amount", store=True)
    state = fields.Selection([("due", "Due"), ("paid", "Paid")], required=True, default="due")
    move_id = fields.Many2one("account.move", readonly=True)

    @api.depends("principal", "interest")
    def _compute_amount(self):
        for line in self:
            line.amount = line.principal + line.interest

    def _post(self):
        """Repay the member: the debt and the interest (a charge borne by the fund), against
        the outstanding payments the bank transfer is then matched with."""
        self.ensure_one()
        loan = self.loan_id
        company = loan.company_id
        move = loan._entry(
            self.date,
            self.env._("Repayment of %(loan)s (%(date)s)", loan=loan.name, date=self.date),
            [
                (company._coop_member_loan_account(), self.principal, True),
                (company._coop_loan_interest_account(), self.interest, True),
                (loan._outstanding_account("credit"), -self.amount, False),
            ],
        )
        move.action_post()
        self.write({"move_id": move.id, "state": "paid"})
        if all(line.state == "paid" for line in loan.line_ids):
            loan.state = "repaid"
