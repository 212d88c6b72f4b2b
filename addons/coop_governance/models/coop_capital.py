# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_amount

OPERATION_KINDS = [
    ("subscription", "Subscription"),
    ("release", "Payment (release)"),
    ("repayment", "Shares cancelled, to repay"),
    ("repayment_payment", "Repayment paid"),
    ("transfer", "Transfer to another member"),
]
# Kinds counted in shares; the others are payments of money.
SHARE_KINDS = ("subscription", "repayment", "transfer")
PAYMENT_TERMS = [
    ("once", "Paid at once"),
    ("instalments", "By instalments"),
    ("salary", "By deductions from salary"),
]


class CoopShareClass(models.Model):
    """A class of capital shares, from the statutes: nominal value, the minimum an
    entrepreneur-salarié subscribes to become associé, the delay of repayment on exit."""

    _name = "coop.share.class"
    _description = "Class of capital shares"
    _order = "company_id, id"

    name = fields.Char(required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    nominal = fields.Monetary("Nominal value", required=True, default=25.0)
    minimum_shares = fields.Integer(
        "Shares to become associé",
        default=1,
        help="The statutory minimum an entrepreneur-salarié subscribes to become associé.",
    )
    repayment_delay = fields.Integer(
        "Repayment delay (months)",
        default=0,
        help="How long after their exit a former associé's shares are repaid (the statutes "
        "may defer it up to five years).",
    )
    transfer_allowed = fields.Boolean(
        "Transfers allowed",
        help="The statutes allow an associé to transfer shares to another member, with the "
        "approval they name (recorded as the operation's decision).",
    )
    active = fields.Boolean(default=True)

    @api.constrains("nominal", "minimum_shares", "repayment_delay")
    def _check_class(self):
        for share_class in self:
            if share_class.currency_id.compare_amounts(share_class.nominal, 0.0) <= 0:
                raise ValidationError(self.env._("A share's nominal value must be above zero."))
            if share_class.minimum_shares < 0 or share_class.repayment_delay < 0:
                raise ValidationError(self.env._("The minimum and the delay cannot be negative."))


class CoopCapitalOperation(models.Model):
    """One operation of the register of associés. Validated, it takes the register's next
    number (no gap) and posts its entry on the capital accounts; it is never changed or
    deleted: a correction is a new operation. Holdings are computed from the register."""

    _name = "coop.capital.operation"
    _description = "Operation of the register of associés"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char("Number", readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner", string="Associé", required=True, index=True, tracking=True
    )
    share_class_id = fields.Many2one(
        "coop.share.class", string="Share class", required=True, check_company=True
    )
    kind = fields.Selection(OPERATION_KINDS, required=True, default="subscription", tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    shares = fields.Integer(tracking=True, help="Shares subscribed or cancelled.")
    amount = fields.Monetary(
        compute="_compute_amount",
        store=True,
        readonly=False,
        tracking=True,
        help="Shares times the nominal value; for a payment, the amount paid.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("validated", "Validated")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
    )
    decision = fields.Char(
        help="The decision (e.g. of the board) that allows a repayment before its date, or "
        "approves a transfer."
    )
    transferee_id = fields.Many2one(
        "res.partner",
        string="Transferred to",
        index="btree_not_null",
        tracking=True,
        help="The member who receives the shares. A transfer changes who holds the capital, "
        "not its amount: it is numbered in the register and posts no entry.",
    )
    payment_terms = fields.Selection(
        PAYMENT_TERMS,
        default="once",
        help="How the associé pays the shares subscribed: each payment is then a payment "
        "operation of the register.",
    )
    instalment_count = fields.Integer(
        "Instalments", default=1, help="In how many payments (instalments or payslips)."
    )
    payment_method = fields.Selection(
        [("bank", "Bank"), ("salary", "Deduction from salary")],
        default="bank",
        help="A payment deducted from the associé's salary is taken from the net pay owed "
        "(421) instead of arriving at the bank.",
    )
    repayment_date = fields.Date(
        compute="_compute_repayment_date",
        help="The day the shares cancelled on exit are due: the exit plus the statutory delay.",
    )
    move_id = fields.Many2one("account.move", string="Journal entry", readonly=True, copy=False)

    @api.depends("kind", "shares", "share_class_id.nominal")
    def _compute_amount(self):
        for operation in self:
            if operation.kind in SHARE_KINDS:
                operation.amount = operation.shares * operation.share_class_id.nominal

    @api.depends("kind", "partner_id.coop_exit_date", "share_class_id.repayment_delay")
    def _compute_repayment_date(self):
        for operation in self:
            operation.repayment_date = (
                operation._repayment_date()
                if operation.kind in ("repayment", "repayment_payment")
                else False
            )

    def write(self, vals):
        if any(operation.state != "draft" for operation in self) and set(vals) - {
            "message_main_attachment_id",
            "activity_ids",
        }:
            raise UserError(
                self.env._(
                    "A validated operation of the register is never changed: record a "
                    "new operation to correct it."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_validated(self):
        if any(operation.state != "draft" for operation in self):
            raise UserError(self.env._("A validated operation of the register is never deleted."))

    # Holdings, from the register

    @api.model
    def _holdings(self, partners, day=None, exclude=None):
        """{partner id: {shares, subscribed, paid, to_repay, repaid}} at ``day`` (today by
        default), from the validated operations of the register: one grouped read."""
        domain = [
            ("partner_id", "in", partners.ids),
            ("state", "=", "validated"),
            ("date", "<=", day or fields.Date.context_today(self)),
        ]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        result = {
            partner.id: dict.fromkeys(("shares", "subscribed", "paid", "to_repay", "repaid"), 0.0)
            for partner in partners
        }
        for partner, kind, shares, amount in self.sudo()._read_group(
            domain, ["partner_id", "kind"], ["shares:sum", "amount:sum"]
        ):
            holding = result[partner.id]
            if kind == "subscription":
                holding["shares"] += shares
                holding["subscribed"] += amount
            elif kind == "release":
                holding["paid"] += amount
            elif kind == "repayment":
                holding["shares"] -= shares
                holding["to_repay"] += amount
            elif kind == "transfer":
                holding["shares"] -= shares
                holding["subscribed"] -= amount
                holding["paid"] -= amount
            else:
                holding["repaid"] += amount
        # Shares received by transfer: subscribed and paid by the one who gave them.
        received = [("transferee_id", "in", partners.ids), ("kind", "=", "transfer"), *domain[1:]]
        for partner, shares, amount in self.sudo()._read_group(
            received, ["transferee_id"], ["shares:sum", "amount:sum"]
        ):
            holding = result[partner.id]
            holding["shares"] += shares
            holding["subscribed"] += amount
            holding["paid"] += amount
        return result

    # Validation

    def _check_operation(self):
        """What the register allows, checked before anything is written."""
        for operation in self:
            currency = operation.currency_id
            if operation.kind in SHARE_KINDS and operation.shares <= 0:
                raise UserError(self.env._("An operation on shares counts one share or more."))
            if currency.compare_amounts(operation.amount, 0.0) <= 0:
                raise UserError(self.env._("The operation's amount must be above zero."))
            partner = operation.partner_id
            if not partner.coop_member_state or partner.coop_member_state == "prospect":
                raise UserError(
                    self.env._(
                        "%s is not a member of the cooperative: only members subscribe shares.",
                        partner.display_name,
                    )
                )
            holding = self._holdings(partner, operation.date, exclude=operation)[partner.id]
            unpaid = holding["subscribed"] - holding["paid"]
            if (
                operation.kind == "release"
                and currency.compare_amounts(operation.amount, unpaid) > 0
            ):
                raise UserError(
                    self.env._(
                        "%(member)s has %(unpaid)s of shares left to pay: pay that much at most.",
                        member=partner.display_name,
                        unpaid=format_amount(self.env, unpaid, currency),
                    )
                )
            if operation.kind in ("repayment", "transfer"):
                if operation.shares > holding["shares"]:
                    raise UserError(
                        self.env._(
                            "%(member)s holds %(held)s shares: cancel that many at most.",
                            member=partner.display_name,
                            held=int(holding["shares"]),
                        )
                    )
                if currency.compare_amounts(unpaid, 0.0) > 0:
                    raise UserError(
                        self.env._(
                            "%s still owes part of their shares: record that payment first.",
                            partner.display_name,
                        )
                    )
            if operation.kind == "transfer":
                operation._check_transfer()
            if operation.kind == "repayment_payment":
                due = operation._repayment_date()
                if due and operation.date < due and not operation.decision:
                    raise UserError(
                        self.env._(
                            "%(member)s's shares are repaid from %(date)s (the statutory "
                            "delay after their exit): record the decision that allows an "
                            "earlier repayment.",
                            member=partner.display_name,
                            date=due,
                        )
                    )
                owed = holding["to_repay"] - holding["repaid"]
                if currency.compare_amounts(operation.amount, owed) > 0:
                    raise UserError(
                        self.env._(
                            "The cooperative owes %(member)s %(owed)s: repay that much at most.",
                            member=partner.display_name,
                            owed=format_amount(self.env, owed, currency),
                        )
                    )

    def _check_transfer(self):
        self.ensure_one()
        transferee = self.transferee_id
        if not self.share_class_id.transfer_allowed:
            raise UserError(
                self.env._(
                    "The statutes do not allow transfers of %s: the shares are repaid "
                    "and the other member subscribes.",
                    self.share_class_id.name,
                )
            )
        if not transferee or transferee == self.partner_id:
            raise UserError(self.env._("Name the other member who receives the shares."))
        if transferee.coop_member_state not in ("cape", "cesa", "associate"):
            raise UserError(
                self.env._(
                    "%s is not a member of the cooperative: shares are transferred to a member.",
                    transferee.display_name,
                )
            )
        if not self.decision:
            raise UserError(
                self.env._("Record the decision that approves the transfer (e.g. the board's).")
            )

    def _repayment_date(self):
        """The day a former associé's shares may be repaid: their exit plus the delay."""
        self.ensure_one()
        exit_day = self.partner_id.coop_exit_date
        if not exit_day:
            return None
        return exit_day + relativedelta(months=self.share_class_id.repayment_delay)

    def action_validate(self):
        if not self.env.su and not self.env.user.has_group("coop_entrepreneur.group_coop_manager"):
            raise AccessError(self.env._("Only the cooperative's staff keep the register."))
        if any(operation.state != "draft" for operation in self):
            raise UserError(self.env._("This operation is validated already."))
        for operation in self.sorted(lambda o: (o.date, o.id)).sudo():
            operation._check_operation()
            lock = operation.company_id._get_violated_lock_dates(
                operation.date, False, operation._journal()
            )
            if lock:
                raise UserError(
                    self.env._(
                        "%(date)s is in a period locked until %(lock)s.",
                        date=operation.date,
                        lock=lock[-1][0],
                    )
                )
            move = self.env["account.move"]
            if operation.kind != "transfer":
                move = move.sudo().create(operation._prepare_move_vals())
                move.action_post()
            number = (
                self.env["ir.sequence"]
                .with_company(operation.company_id)
                .next_by_code("coop.capital.operation")
            )
            super(CoopCapitalOperation, operation).write(
                {"state": "validated", "move_id": move.id, "name": number}
            )
            if operation.kind == "repayment":
                operation._schedule_repayment_reminder()
        return True

    def _schedule_repayment_reminder(self):
        """A to-do for the staff on the day the cancelled shares are due."""
        self.ensure_one()
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=self.repayment_date or self.date,
            summary=self.env._(
                "Repay %(amount)s to %(member)s",
                amount=format_amount(self.env, self.amount, self.currency_id),
                member=self.partner_id.name,
            ),
            user_id=self.env.user.id,
        )

    # Accounting

    def _journal(self):
        company = self.company_id
        return self.env["account.journal"].search(
            [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "general")],
            limit=1,
        )

    def _accounts(self):
        company = self.company_id.sudo()
        return {
            "called_unpaid": company._coop_account(
                "1012", "101200", self.env._("Subscribed capital, called, unpaid"), "equity"
            ),
            "paid": company._coop_account(
                "1013", "101300", self.env._("Subscribed capital, called, paid"), "equity"
            ),
            "associate_unpaid": company._coop_account(
                "45625", "456250", self.env._("Associés, capital called, unpaid"), "asset_current"
            ),
            "to_repay": company._coop_account(
                "4567", "456700", self.env._("Associés, capital to repay"), "asset_current"
            ),
        }

    def _outstanding_account(self, direction):
        return self.company_id._coop_outstanding_account(direction)

    def _payment_account(self):
        """Where a payment of shares comes from: the bank (outstanding receipts), or the
        net pay owed to the associé (421) when it is deducted from their salary."""
        if self.payment_method == "salary":
            return self.company_id.sudo()._coop_account(
                "421", "421000", self.env._("Personnel, salaries owed"), "liability_current"
            )
        return self._outstanding_account("debit")

    def _prepare_move_vals(self):
        """The operation's entry on the capital accounts of the French chart."""
        self.ensure_one()
        accounts, amount, partner = self._accounts(), self.amount, self.partner_id
        lines = {
            # Subscribed and called: the associé owes it (4562), the capital grows (1012).
            "subscription": [
                (accounts["associate_unpaid"], amount, partner),
                (accounts["called_unpaid"], -amount, None),
            ],
            # Paid: the money arrives (outstanding receipts), the associé owes nothing more,
            # and the capital called becomes capital paid (1012 to 1013).
            "release": [
                (self._payment_account(), amount, partner),
                (accounts["associate_unpaid"], -amount, partner),
                (accounts["called_unpaid"], amount, None),
                (accounts["paid"], -amount, None),
            ],
            # Cancelled on exit: the capital shrinks, the cooperative owes the associé (4567).
            "repayment": [
                (accounts["paid"], amount, None),
                (accounts["to_repay"], -amount, partner),
            ],
            # Repaid: the money leaves (outstanding payments).
            "repayment_payment": [
                (accounts["to_repay"], amount, partner),
                (self._outstanding_account("credit"), -amount, partner),
            ],
        }[self.kind]
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        label = f"{kinds[self.kind]} – {partner.name}"
        return {
            "move_type": "entry",
            "journal_id": self._journal().id,
            "company_id": self.company_id.id,
            "date": self.date,
            "ref": label,
            "line_ids": [
                Command.create(
                    {
                        "name": label,
                        "account_id": account.id,
                        "balance": balance,
                        "partner_id": line_partner and line_partner.id,
                    }
                )
                for account, balance, line_partner in lines
            ],
        }

    @api.model
    def _capital_in_books(self, company, day):
        """The capital per the capital accounts (1012 and 1013) at ``day``: credit balance."""
        accounts = self.with_company(company).new({"company_id": company.id})._accounts()
        groups = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("account_id", "in", (accounts["called_unpaid"] | accounts["paid"]).ids),
                    ("parent_state", "=", "posted"),
                    ("date", "<=", day),
                    ("company_id", "=", company.id),
                ],
                [],
                ["balance:sum"],
            )
        )
        return -(groups[0][0] or 0.0)

    @api.model
    def _capital_in_register(self, company, day):
        operations = self.sudo().search([("company_id", "=", company.id)])
        partners = operations.partner_id | operations.transferee_id
        holdings = self._holdings(partners, day)
        return sum(h["subscribed"] - h["to_repay"] for h in holdings.values())
