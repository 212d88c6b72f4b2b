# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

REQUEST_KINDS = [
    ("grant", "Grant"),
    ("advance", "Repayable advance"),
    ("loan", "Loan with interest"),
    ("guarantee", "Guarantee claim"),
]
REQUEST_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("review", "Under review"),
    ("approved", "Approved"),
    ("refused", "Refused"),
    ("paid", "Paid"),
    ("repaying", "Repaying"),
    ("closed", "Closed"),
    ("written_off", "Written off"),
]
VOTES = [("for", "For"), ("against", "Against"), ("abstain", "Abstain")]
# Written by the request's own steps only.
PROTECTED_FIELDS = {
    "state",
    "name",
    "date_submitted",
    "decision_date",
    "write_off_date",
    "write_off_amount",
    "receivable_writeoff_move_id",
    "loss_recovered",
}
# What the member asked for: fixed once the committee examines it.
LOCKED_FIELDS = {
    "fund_id",
    "partner_id",
    "activity_id",
    "kind",
    "amount",
    "instalment_count",
    "first_instalment_date",
    "interest_rate",
    "invoice_id",
}


class CoopFundRequest(models.Model):
    """A member's request to a fund ("according to their needs"), decided by the fund's
    committee. Its reason is private: only the member and the fund's committee read it
    (it lives on :class:`CoopFundRequestCase`); the staff see amounts and states."""

    _name = "coop.fund.request"
    _description = "Fund request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(readonly=True, copy=False, default="/")
    fund_id = fields.Many2one(
        "coop.fund", required=True, index=True, tracking=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="fund_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner",
        string="Member",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user.partner_id,
    )
    activity_id = fields.Many2one(
        "coop.activity", required=True, index=True, tracking=True, check_company=True
    )
    kind = fields.Selection(REQUEST_KINDS, required=True, default="grant", tracking=True)
    amount = fields.Monetary(required=True, tracking=True)
    reason = fields.Text(
        compute="_compute_reason",
        inverse="_inverse_reason",
        help="Why the member asks: seen only by the member and the fund's committee.",
    )
    reason_visible = fields.Boolean(compute="_compute_reason")
    state = fields.Selection(
        REQUEST_STATES, required=True, default="draft", readonly=True, index=True, tracking=True
    )
    date_submitted = fields.Date(readonly=True, copy=False)
    vote_ids = fields.One2many("coop.fund.vote", "request_id", string="Votes")
    vote_count = fields.Integer(compute="_compute_vote_count")
    decision_date = fields.Date(readonly=True, copy=False, tracking=True)
    write_off_date = fields.Date(readonly=True, copy=False)
    write_off_amount = fields.Monetary(
        "Written off", readonly=True, copy=False, help="What the committee gave up."
    )
    decision_note = fields.Text(
        "Reason of the decision", copy=False, tracking=True, help="Told to the member."
    )
    movement_ids = fields.One2many(
        "coop.fund.movement", "request_id", string="Movements", readonly=True
    )
    amount_paid = fields.Monetary("Paid out", compute="_compute_amounts")
    amount_repaid = fields.Monetary("Repaid", compute="_compute_amounts")
    amount_due = fields.Monetary("Left to repay", compute="_compute_amounts")
    invoice_id = fields.Many2one(
        "account.move",
        string="Unpaid invoice",
        index="btree_not_null",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('coop_activity_id', '=', activity_id), "
        "('payment_state', 'in', ('not_paid', 'partial'))]",
        help="Of a guarantee claim: the customer invoice the client does not pay.",
    )
    receivable_writeoff_move_id = fields.Many2one(
        "account.move",
        string="Loss entry",
        readonly=True,
        copy=False,
        help="The entry that wrote the unpaid receivable off as lost (654).",
    )
    loss_recovered = fields.Monetary(
        "Loss recovered",
        readonly=True,
        copy=False,
        help="Of a receivable recorded as lost: what the client paid of it since (7714).",
    )
    amount_recovered = fields.Monetary(
        "Given back to the fund",
        compute="_compute_amounts",
        help="Of a guarantee claim: what the client paid since, given back to the fund.",
    )
    instalment_ids = fields.One2many(
        "coop.fund.instalment", "request_id", string="Repayment schedule", readonly=True
    )
    instalment_count = fields.Integer("Instalments", default=1)
    first_instalment_date = fields.Date("First instalment")
    interest_rate = fields.Float("Interest rate (%)", digits=(5, 2))

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            set(vals) & PROTECTED_FIELDS - {"name"} or vals.get("name", "/") != "/"
            for vals in vals_list
        ):
            raise AccessError(self.env._("A request starts as a draft."))
        requests = super().create(vals_list)
        # The reason, when given, made the request's private file already.
        Case = self.env["coop.fund.request.case"].sudo()
        with_case = Case.search([("request_id", "in", requests.ids)]).request_id
        Case.create([{"request_id": request.id} for request in requests - with_case])
        return requests

    # The private reason

    def _can_read_reason(self):
        self.ensure_one()
        user = self.env.user
        return (
            self.env.su
            or not self._origin.id  # its author, writing it
            or self.partner_id == user.partner_id
            or user in self.sudo().fund_id.committee_user_ids
        )

    @api.depends_context("uid")
    def _compute_reason(self):
        cases = (
            self.env["coop.fund.request.case"]
            .sudo()
            .search([("request_id", "in", self._origin.ids)])
        )
        reasons = {case.request_id.id: case.reason for case in cases}
        for request in self:
            visible = request._can_read_reason()
            request.reason_visible = visible
            request.reason = reasons.get(request._origin.id) if visible else False

    def _inverse_reason(self):
        for request in self:
            if not request._can_read_reason():
                raise AccessError(
                    self.env._("Only the member and the fund's committee may write its reason.")
                )
            Case = self.env["coop.fund.request.case"].sudo()
            case = Case.search([("request_id", "=", request.id)], limit=1)
            if case:
                case.reason = request.reason
            else:
                Case.create({"request_id": request.id, "reason": request.reason})

    def action_open_case(self):
        """The request's private file (reason and documents), for the member and the
        committee: the record rules refuse it to anyone else."""
        self.ensure_one()
        case = self.env["coop.fund.request.case"].search([("request_id", "=", self.id)], limit=1)
        if not case:
            raise AccessError(
                self.env._("Only the member and the fund's committee open this file.")
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Private file of %s", self.name),
            "res_model": "coop.fund.request.case",
            "res_id": case.id,
            "view_mode": "form",
            "target": "new",
        }

    # Figures

    @api.depends("vote_ids")
    def _compute_vote_count(self):
        for request in self:
            request.vote_count = len(request.sudo().vote_ids)

    @api.depends(
        "movement_ids.state",
        "movement_ids.amount",
        "movement_ids.interest",
        "amount",
        "kind",
        "state",
    )
    def _compute_amounts(self):
        for request in self:
            posted = request.sudo().movement_ids.filtered(lambda m: m.state == "posted")
            request.amount_paid = sum(
                posted.filtered(lambda m: m.kind == "payout").mapped("amount")
            )
            request.amount_repaid = sum(
                movement.amount - movement.interest
                for movement in posted.filtered(lambda m: m.kind == "repayment")
            )
            request.amount_recovered = request.amount_repaid if request.kind == "guarantee" else 0.0
            request.amount_due = (
                request.amount_paid - request.amount_repaid
                if request.kind in ("advance", "loan") and request.state != "written_off"
                else 0.0
            )

    # Checks

    @api.constrains("amount", "instalment_count", "interest_rate")
    def _check_amounts(self):
        for request in self:
            if request.currency_id.compare_amounts(request.amount, 0.0) <= 0:
                raise ValidationError(self.env._("The amount asked must be above zero."))
            if request.instalment_count < 1:
                raise ValidationError(self.env._("A request is repaid in one instalment or more."))
            if request.interest_rate < 0:
                raise ValidationError(self.env._("An interest rate cannot be negative."))

    @api.constrains("partner_id", "activity_id")
    def _check_member(self):
        for request in self:
            if request.partner_id not in request.sudo().activity_id.member_ids:
                raise ValidationError(
                    self.env._(
                        "%(member)s is not a member of %(activity)s: a request is made by a "
                        "member for their own activity.",
                        member=request.partner_id.display_name,
                        activity=request.activity_id.display_name,
                    )
                )

    def write(self, vals):
        if not self.env.su:
            if set(vals) & PROTECTED_FIELDS:
                raise AccessError(
                    self.env._("A request moves on by its buttons and its committee's votes.")
                )
            if "decision_note" in vals:
                self._check_committee_or_staff()
        if set(vals) & LOCKED_FIELDS and any(r.state not in ("draft", "submitted") for r in self):
            raise UserError(
                self.env._(
                    "A request under review or decided cannot be changed: ask the fund's "
                    "committee, or make a new request."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        if any(request.state != "draft" for request in self):
            raise UserError(self.env._("Only a draft request can be deleted."))

    def _check_claim(self):
        """A guarantee claim covers a posted customer invoice of its activity, overdue by at
        least the fund's delay, for at most what the client still owes."""
        today = fields.Date.context_today(self)
        for request in self.filtered(lambda r: r.kind == "guarantee").sudo():
            invoice = request.invoice_id
            if not invoice:
                raise UserError(
                    self.env._("Choose the unpaid invoice that %s claims for.", request.name)
                )
            if (
                invoice.move_type != "out_invoice"
                or invoice.state != "posted"
                or invoice.coop_activity_id != request.activity_id
            ):
                raise UserError(
                    self.env._(
                        "%(invoice)s is not a posted customer invoice of %(activity)s.",
                        invoice=invoice.display_name,
                        activity=request.activity_id.display_name,
                    )
                )
            others = self.sudo().search(
                [
                    ("id", "!=", request.id),
                    ("kind", "=", "guarantee"),
                    ("invoice_id", "=", invoice.id),
                    ("state", "in", ("submitted", "review", "approved")),
                ]
            )
            # What other claims not yet paid out ask for the same invoice is not owed twice.
            owed = invoice.amount_residual_signed - sum(others.mapped("amount"))
            if invoice.currency_id.is_zero(invoice.amount_residual) or owed <= 0:
                raise UserError(
                    self.env._(
                        "%s is paid: there is nothing left to guarantee.", invoice.display_name
                    )
                )
            overdue_since = (invoice.invoice_date_due or invoice.invoice_date) + timedelta(
                days=request.fund_id.guarantee_delay
            )
            if overdue_since > today:
                raise UserError(
                    self.env._(
                        "%(invoice)s is not overdue by %(days)s days yet: claim from %(day)s.",
                        invoice=invoice.display_name,
                        days=request.fund_id.guarantee_delay,
                        day=overdue_since,
                    )
                )
            if request.currency_id.compare_amounts(request.amount, owed) > 0:
                raise UserError(
                    self.env._(
                        "The client still owes %(owed)s on %(invoice)s: claim that much at most.",
                        owed=request.fund_id._format(owed),
                        invoice=invoice.display_name,
                    )
                )

    def _check_ceilings(self):
        """The fund allows this kind of request, and the request and the member's last 12
        months stay under the fund's ceilings."""
        self._check_claim()
        for request in self:
            fund = request.fund_id.sudo()
            if not fund[f"allow_{request.kind}"]:
                kinds = dict(self._fields["kind"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "%(fund)s does not give this kind of support (%(kind)s): choose another kind "
                        "or another fund.",
                        fund=fund.name,
                        kind=kinds[request.kind].lower(),
                    )
                )
            currency = request.currency_id
            if (
                fund.max_per_request
                and currency.compare_amounts(request.amount, fund.max_per_request) > 0
            ):
                raise UserError(
                    self.env._(
                        "%(fund)s gives at most %(ceiling)s per request: ask for less.",
                        fund=fund.name,
                        ceiling=fund._format(fund.max_per_request),
                    )
                )
            if fund.max_per_member:
                since = fields.Date.context_today(self) - timedelta(days=365)
                others = self.sudo().search(
                    [
                        ("id", "!=", request.id),
                        ("fund_id", "=", fund.id),
                        ("partner_id", "=", request.partner_id.id),
                        ("state", "in", ("approved", "paid", "repaying", "closed", "written_off")),
                        ("decision_date", ">=", since),
                    ]
                )
                received = sum(others.mapped("amount"))
                if currency.compare_amounts(received + request.amount, fund.max_per_member) > 0:
                    raise UserError(
                        self.env._(
                            "%(fund)s gives one member at most %(ceiling)s over 12 months; "
                            "%(member)s has %(received)s already: ask for %(left)s at most.",
                            fund=fund.name,
                            ceiling=fund._format(fund.max_per_member),
                            member=request.partner_id.display_name,
                            received=fund._format(received),
                            left=fund._format(max(fund.max_per_member - received, 0.0)),
                        )
                    )

    def _check_state(self, *states):
        wrong = self.filtered(lambda r: r.state not in states)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(request)s is %(state)s: this step is not possible now.",
                    request=wrong[0].name,
                    state=labels[wrong[0].state].lower(),
                )
            )

    def _check_committee_or_staff(self):
        user = self.env.user
        if self.env.su or user.has_group("coop_entrepreneur.group_coop_manager"):
            return
        for request in self:
            if user not in request.sudo().fund_id.committee_user_ids:
                raise AccessError(
                    self.env._(
                        "Only the committee of %s or the staff may do this.", request.fund_id.name
                    )
                )

    # The path

    def action_submit(self):
        self._check_state("draft")
        for request in self:
            if request.partner_id != self.env.user.partner_id and not self.env.user.has_group(
                "coop_entrepreneur.group_coop_tutor"
            ):
                raise AccessError(self.env._("A member submits their own request."))
        self._check_ceilings()
        for request in self:
            if request.name == "/":
                request.sudo().name = (
                    self.env["ir.sequence"]
                    .with_company(request.company_id)
                    .next_by_code("coop.fund.request")
                    or "/"
                )
        self.sudo().write({"state": "submitted", "date_submitted": fields.Date.context_today(self)})
        self._notify_member("coop_funds.mail_template_request_submitted")
        return True

    def action_review(self):
        self._check_state("submitted")
        self._check_committee_or_staff()
        self.sudo().write({"state": "review"})
        return True

    def _coop_decide(self):
        """Decide the requests whose votes reach the fund's quorum: approved when the votes
        for are more than the fund's majority of the votes for and against."""
        for request in self.sudo().filtered(lambda r: r.state == "review"):
            fund, votes = request.fund_id, request.vote_ids
            if len(votes) < fund.vote_quorum:
                continue
            pros = len(votes.filtered(lambda v: v.vote == "for"))
            cons = len(votes.filtered(lambda v: v.vote == "against"))
            approved = bool(pros) and pros * 100.0 > fund.vote_majority * (pros + cons)
            values = {"decision_date": max(votes.mapped("date"))}
            if approved:
                try:
                    request._check_ceilings()
                except UserError as error:
                    # Over a ceiling since it was submitted: refused, and told why.
                    approved = False
                    values["decision_note"] = str(error)
            values["state"] = "approved" if approved else "refused"
            request.write(values)
            request._notify_member("coop_funds.mail_template_request_decided")

    def action_pay(self, date=None):
        """Pay the approved request out of the fund into the activity (an internal
        transfer): refused when the fund cannot cover it."""
        self._check_state("approved")
        if not self.env.su and not self.env.user.has_group("coop_entrepreneur.group_coop_manager"):
            raise AccessError(self.env._("Only the cooperative's staff pay a request out."))
        for request in self.sudo():
            # Refused before anything is written when the fund cannot cover it, or when
            # the client paid the claimed invoice since.
            request._check_claim()
            request.fund_id._lock()
            request.fund_id._check_can_pay(request.amount, request)
            movement = request.env["coop.fund.movement"].create(
                {
                    "name": self.env._("Payout of %s", request.name),
                    "fund_id": request.fund_id.id,
                    "kind": "payout",
                    "activity_id": request.activity_id.id,
                    "request_id": request.id,
                    "date": date or fields.Date.context_today(self),
                    "amount": request.amount,
                }
            )
            movement.action_post()
            if request.kind in ("advance", "loan"):
                request.state = "repaying"
                request._coop_schedule(
                    request.amount, request._coop_instalment_dates(movement.date)
                )
            else:
                request.state = "paid"
            request._notify_member("coop_funds.mail_template_request_paid")
        return True

    def action_repay(self, amount=None, date=None):
        """Post a repayment of the advance or loan from the activity to the fund (the whole
        remainder by default): closed once nothing is left to repay."""
        self._check_state("repaying")
        user = self.env.user
        if not self.env.su and not user.has_group("coop_entrepreneur.group_coop_manager"):
            if any(user.partner_id not in request.activity_id.member_ids for request in self):
                raise AccessError(
                    self.env._("A repayment is made by the activity's members or the staff.")
                )
        for request in self.sudo():
            due = request.amount_due
            repaid = amount or due
            if request.currency_id.compare_amounts(repaid, due) > 0:
                raise UserError(
                    self.env._(
                        "%(request)s has %(due)s left to repay: repay that much at most.",
                        request=request.name,
                        due=request.fund_id._format(due),
                    )
                )
            request.env["coop.fund.movement"].create(
                {
                    "name": self.env._("Repayment of %s", request.name),
                    "fund_id": request.fund_id.id,
                    "kind": "repayment",
                    "activity_id": request.activity_id.id,
                    "request_id": request.id,
                    "date": date or fields.Date.context_today(self),
                    "amount": repaid,
                }
            ).action_post()
            # What is left is spread again over the instalments still to come.
            due = request.instalment_ids.filtered(lambda i: i.state == "due")
            due.state = "cancelled"
            request._coop_follow_movements()
            if request.state == "repaying":
                request._coop_schedule(request.amount_due, due.mapped("date"))
        return True

    def _coop_instalment_dates(self, paid_on):
        self.ensure_one()
        first = self.first_instalment_date or paid_on + relativedelta(months=1)
        return [first + relativedelta(months=index) for index in range(self.instalment_count)]

    def _coop_schedule(self, principal, dates):
        """Instalments of equal principal on these dates (the last takes the rounding), with,
        for a loan, the month's interest on what is left to repay."""
        self.ensure_one()
        currency = self.currency_id
        if not dates or currency.is_zero(principal):
            return
        # In the currency's smallest units, the remainder on the first instalments: each
        # instalment within one cent of the others, none negative or zero.
        units = round(principal / currency.rounding)
        dates = dates[: max(1, min(len(dates), units))]
        share, extra = divmod(units, len(dates))
        parts = [
            (share + (1 if index < extra else 0)) * currency.rounding for index in range(len(dates))
        ]
        left, vals_list = principal, []
        for day, part in zip(dates, parts, strict=True):
            this = currency.round(part)
            interest = (
                currency.round(left * self.interest_rate / 100.0 / 12.0)
                if self.kind == "loan"
                else 0.0
            )
            vals_list.append(
                {
                    "request_id": self.id,
                    "date": day,
                    "principal": this,
                    "interest": interest,
                }
            )
            left -= this
        self.env["coop.fund.instalment"].sudo().create(vals_list)

    @api.model
    def _cron_post_due_instalments(self):
        """Post every instalment due by today from its activity to its fund. One that cannot
        be posted (inactive activity, locked period) stays due, late, and its request gets
        a to-do for the fund's gestionnaire saying why."""
        today = fields.Date.context_today(self)
        due = (
            self.env["coop.fund.instalment"]
            .sudo()
            .search(
                [
                    ("state", "=", "due"),
                    ("date", "<=", today),
                    ("request_id.state", "=", "repaying"),
                ],
                order="date, id",
            )
        )
        for instalment in due:
            try:
                with self.env.cr.savepoint():
                    instalment._post()
            except UserError as error:
                summary = self.env._("Instalment of %s not posted", instalment.date)
                request = instalment.request_id
                if summary not in request.activity_ids.mapped("summary"):
                    request.activity_schedule(
                        "mail.mail_activity_data_todo",
                        summary=summary,
                        note=str(error),
                        user_id=request.fund_id.responsible_id.id or self.env.uid,
                    )
        return due

    def action_write_off(self):
        """The committee gives up what is left to repay."""
        self._check_state("repaying")
        self._check_committee_or_staff()
        partner = self.env.user.partner_id
        if not self.env.su and any(
            partner == r.partner_id or partner in r.sudo().activity_id.member_ids for r in self
        ):
            raise UserError(
                self.env._("This request concerns you or your activity: another member decides.")
            )
        if not all(request.decision_note for request in self):
            raise UserError(self.env._("Write down the committee's reason before writing off."))
        today = fields.Date.context_today(self)
        for request in self.sudo():
            request.write(
                {
                    "state": "written_off",
                    "write_off_date": today,
                    "write_off_amount": request.amount_due,
                }
            )
        self.sudo().instalment_ids.filtered(lambda i: i.state == "due").state = "cancelled"
        return True

    def _coop_follow_movements(self):
        """A payout reversed puts the request back to approved; repaid in full closes it, as
        does a guarantee claim whose client paid the fund's payout back; a recovery reversed
        opens it again."""
        for request in self.sudo():
            currency = request.currency_id
            if request.state in ("paid", "repaying", "closed") and not request.amount_paid:
                # The payout taken back: its schedule goes, a new payout makes another.
                request.instalment_ids.filtered(lambda i: i.state == "due").state = "cancelled"
                request.state = "approved"
            elif request.state == "repaying" and currency.is_zero(request.amount_due):
                request.state = "closed"
            elif request.state == "closed" and request.kind in ("advance", "loan"):
                if currency.compare_amounts(request.amount_due, 0.0) > 0:
                    request.state = "repaying"
            elif request.kind == "guarantee" and request.state in ("paid", "closed"):
                recovered = currency.compare_amounts(request.amount_recovered, request.amount_paid)
                request.state = "closed" if recovered >= 0 else "paid"

    @api.model
    def _coop_recover_guarantees(self, partials):
        """The client of a paid guarantee claim pays its invoice: what the payment settles
        goes back to the fund, up to what the fund paid out, exactly once (each matching
        brings its own repayment, reversed if the matching is undone)."""
        lines = (partials.debit_move_id | partials.credit_move_id).filtered(
            lambda ln: ln.account_type == "asset_receivable"
        )
        if not lines:
            return
        claims = self.sudo().search(
            [
                ("kind", "=", "guarantee"),
                ("state", "=", "paid"),
                ("invoice_id", "in", lines.move_id.ids),
            ]
        )
        for claim in claims:
            for partial in partials:
                moves = partial.debit_move_id.move_id | partial.credit_move_id.move_id
                if claim.invoice_id not in moves:
                    continue
                # Only money from the client counts: a payment or a bank statement line,
                # not a credit note or the loss recorded by the gestionnaire.
                paid_by = moves - claim.invoice_id
                if not (paid_by.origin_payment_id or paid_by.statement_line_id):
                    continue
                left = claim.amount_paid - claim.amount_recovered
                amount = min(partial.amount, left)
                if claim.currency_id.compare_amounts(amount, 0.0) <= 0:
                    continue
                company = claim.company_id
                day = partial.max_date
                lock = company._get_violated_lock_dates(day, False, claim.fund_id._journal())
                if lock:
                    day = lock[-1][0] + timedelta(days=1)
                vals = claim._coop_give_back_vals(
                    self.env._(
                        "%(invoice)s paid: given back to the fund (%(claim)s)",
                        invoice=claim.invoice_id.name,
                        claim=claim.name,
                    ),
                    partial,
                    day,
                    amount,
                )
                try:
                    with self.env.cr.savepoint():
                        claim.env["coop.fund.movement"].create(vals).action_post()
                except UserError as error:
                    # The client's payment is matched whatever happens; the gestionnaire
                    # is asked to give the fund its money back by hand.
                    claim.activity_schedule(
                        "mail.mail_activity_data_todo",
                        summary=self.env._("Give the fund back %s", claim.fund_id._format(amount)),
                        note=str(error),
                        user_id=claim.fund_id.responsible_id.id or self.env.uid,
                    )
                    continue
                claim._coop_follow_movements()

    def _coop_give_back_vals(self, label, partial, day, amount):
        """A claim's repayment to its fund, brought by the client's payment matching."""
        self.ensure_one()
        return {
            "name": label,
            "fund_id": self.fund_id.id,
            "kind": "repayment",
            "activity_id": self.activity_id.id,
            "request_id": self.id,
            "partial_id": partial.id,
            "date": day,
            "amount": amount,
        }

    def _coop_record_recovery(self, payment_line):
        """The client paid a receivable the gestionnaire had recorded as lost: the payment
        (its open receivable line) is matched with a recovery entry (7714, on the activity's
        analytic account), and the fund gets back what it paid out, exactly once (the
        repayment follows the matching: undone, it is reversed)."""
        self.ensure_one()
        claim = self.sudo()
        if claim.kind != "guarantee" or not claim.receivable_writeoff_move_id:
            raise UserError(
                self.env._(
                    "%s has no receivable recorded as lost: match the payment with the invoice.",
                    claim.name,
                )
            )
        partner = claim.invoice_id.commercial_partner_id
        if (
            payment_line.account_type != "asset_receivable"
            or payment_line.reconciled
            or payment_line.parent_state != "posted"
            or payment_line.partner_id.commercial_partner_id != partner
            or payment_line.amount_residual >= 0
        ):
            raise UserError(
                self.env._(
                    "Choose a posted, unmatched payment of %s (a credit on its receivable).",
                    partner.name,
                )
            )
        lost = sum(
            claim.receivable_writeoff_move_id.line_ids.filtered(lambda ln: ln.balance > 0).mapped(
                "balance"
            )
        )
        amount = min(-payment_line.amount_residual, lost - claim.loss_recovered)
        if claim.currency_id.compare_amounts(amount, 0.0) <= 0:
            raise UserError(
                self.env._("The loss on %s is recovered already.", claim.invoice_id.name)
            )
        claim.loss_recovered += amount
        company = claim.company_id
        recovery = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "entry",
                    "journal_id": claim.receivable_writeoff_move_id.journal_id.id,
                    "company_id": company.id,
                    "date": payment_line.date,
                    "ref": self.env._("Recovery of a bad debt: %s", claim.invoice_id.name),
                    "coop_activity_id": claim.activity_id.id,
                    "line_ids": [
                        Command.create(
                            {
                                "name": self.env._(
                                    "Recovery of a bad debt: %s", claim.invoice_id.name
                                ),
                                "account_id": payment_line.account_id.id,
                                "partner_id": partner.id,
                                "balance": amount,
                            }
                        ),
                        Command.create(
                            {
                                "name": self.env._(
                                    "Recovery of a bad debt: %s", claim.invoice_id.name
                                ),
                                "account_id": company._coop_recovery_account().id,
                                "balance": -amount,
                                "analytic_distribution": {
                                    str(claim.activity_id.analytic_account_id.id): 100
                                },
                            }
                        ),
                    ],
                }
            )
        )
        recovery.action_post()
        debit = recovery.line_ids.filtered(lambda ln: ln.account_id == payment_line.account_id)
        (debit | payment_line).reconcile()
        partial = debit.matched_credit_ids[:1]
        left = claim.amount_paid - claim.amount_recovered
        back = min(amount, left)
        if claim.currency_id.compare_amounts(back, 0.0) > 0:
            claim.env["coop.fund.movement"].create(
                claim._coop_give_back_vals(
                    self.env._(
                        "%(invoice)s recovered: given back to the fund (%(claim)s)",
                        invoice=claim.invoice_id.name,
                        claim=claim.name,
                    ),
                    partial,
                    payment_line.date,
                    back,
                )
            ).action_post()
            claim._coop_follow_movements()
        return recovery

    def action_write_off_receivable(self):
        """The gestionnaire records the claimed receivable as lost: a real loss of the
        activity (654, on its analytic account) that settles the claimed amount of the
        invoice. A client's later payment still goes back to the fund."""
        self._check_state("paid")
        if not self.env.su and not self.env.user.has_group("coop_entrepreneur.group_coop_manager"):
            raise AccessError(self.env._("Only the cooperative's staff write a receivable off."))
        for claim in self.sudo():
            if claim.kind != "guarantee" or claim.receivable_writeoff_move_id:
                raise UserError(
                    self.env._(
                        "%s is no guarantee claim with a receivable to write off.", claim.name
                    )
                )
            invoice, company = claim.invoice_id, claim.company_id
            receivable = invoice.line_ids.filtered(
                lambda ln: ln.account_type == "asset_receivable" and not ln.reconciled
            )
            amount = min(claim.amount, invoice.amount_residual_signed)
            if not receivable or claim.currency_id.compare_amounts(amount, 0.0) <= 0:
                raise UserError(
                    self.env._("%s is paid: there is nothing to write off.", invoice.name)
                )
            loss = company._coop_bad_debt_account()
            journal = self.env["account.journal"].search(
                [
                    *self.env["account.journal"]._check_company_domain(company),
                    ("type", "=", "general"),
                ],
                limit=1,
            )
            move = self.env["account.move"].create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "company_id": company.id,
                    "date": fields.Date.context_today(self),
                    "ref": self.env._("Bad debt: %s", invoice.name),
                    "coop_activity_id": claim.activity_id.id,
                    "line_ids": [
                        Command.create(
                            {
                                "name": self.env._("Bad debt: %s", invoice.name),
                                "account_id": loss.id,
                                "balance": amount,
                                "analytic_distribution": {
                                    str(claim.activity_id.analytic_account_id.id): 100
                                },
                            }
                        ),
                        Command.create(
                            {
                                "name": self.env._("Bad debt: %s", invoice.name),
                                "account_id": receivable[0].account_id.id,
                                "partner_id": invoice.commercial_partner_id.id,
                                "balance": -amount,
                            }
                        ),
                    ],
                }
            )
            move.action_post()
            claim.receivable_writeoff_move_id = move
            account = receivable[0].account_id
            (
                receivable | move.line_ids.filtered(lambda ln, a=account: ln.account_id == a)
            ).reconcile()
        return True

    def _notify_member(self, template_xmlid):
        """Tell the member by mail, in their language, and keep it in the chatter."""
        self.sudo().message_post_with_source(template_xmlid, subtype_xmlid="mail.mt_comment")


class CoopFundInstalment(models.Model):
    """One instalment of an advance's or a loan's repayment schedule, posted from the
    activity to the fund on its date by a scheduled job."""

    _name = "coop.fund.instalment"
    _description = "Instalment of a fund request"
    _order = "date, id"

    request_id = fields.Many2one("coop.fund.request", required=True, ondelete="cascade", index=True)
    fund_id = fields.Many2one(related="request_id.fund_id", store=True)
    activity_id = fields.Many2one(related="request_id.activity_id", store=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    currency_id = fields.Many2one(related="request_id.currency_id")
    date = fields.Date(required=True, index=True)
    principal = fields.Monetary(required=True)
    interest = fields.Monetary()
    amount = fields.Monetary(compute="_compute_amount", store=True)
    state = fields.Selection(
        [("due", "Due"), ("paid", "Paid"), ("cancelled", "Cancelled")],
        required=True,
        default="due",
        index=True,
    )
    movement_id = fields.Many2one("coop.fund.movement", readonly=True)
    late = fields.Boolean(compute="_compute_late", search="_search_late")

    @api.depends("principal", "interest")
    def _compute_amount(self):
        for instalment in self:
            instalment.amount = instalment.principal + instalment.interest

    def _compute_late(self):
        today = fields.Date.context_today(self)
        for instalment in self:
            instalment.late = instalment.state == "due" and instalment.date < today

    def _search_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search late instalments with = or != and a boolean."))
        late = [("state", "=", "due"), ("date", "<", fields.Date.context_today(self))]
        return late if (operator == "=") == value else ["!", *late]

    def _post(self):
        self.ensure_one()
        request = self.sudo().request_id
        movement = request.env["coop.fund.movement"].create(
            {
                "name": self.env._(
                    "Instalment of %(date)s of %(request)s", date=self.date, request=request.name
                ),
                "fund_id": request.fund_id.id,
                "kind": "repayment",
                "activity_id": request.activity_id.id,
                "request_id": request.id,
                "date": self.date,
                "amount": self.amount,
                "interest": self.interest,
            }
        )
        movement.action_post()
        self.write({"movement_id": movement.id, "state": "paid"})
        request._coop_follow_movements()


class CoopFundRequestCase(models.Model):
    """The private part of a request: its reason. Record rules let only the member and the
    fund's committee read it."""

    _name = "coop.fund.request.case"
    _description = "Private file of a fund request"

    request_id = fields.Many2one("coop.fund.request", required=True, ondelete="cascade", index=True)
    reason = fields.Text()
    attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Documents",
        help="Certificates and other documents: attached to this private file, they follow "
        "its privacy.",
    )

    _sql_constraints = [("request_uniq", "unique(request_id)", "A request has one file.")]


class CoopFundVote(models.Model):
    _name = "coop.fund.vote"
    _description = "Committee vote on a fund request"
    _order = "date, id"

    request_id = fields.Many2one("coop.fund.request", required=True, ondelete="cascade", index=True)
    user_id = fields.Many2one(
        "res.users", string="Committee member", required=True, default=lambda self: self.env.user
    )
    vote = fields.Selection(VOTES, required=True)
    comment = fields.Text()
    date = fields.Date(required=True, default=fields.Date.context_today)

    _sql_constraints = [
        ("vote_uniq", "unique(request_id, user_id)", "A committee member votes once on a request.")
    ]

    @api.model_create_multi
    def create(self, vals_list):
        """Checked before anything is written: a committee member votes once, for
        themselves, on a request under review that concerns neither them nor their
        activity."""
        for vals in vals_list:
            request = self.env["coop.fund.request"].sudo().browse(vals.get("request_id"))
            user = self.env["res.users"].browse(vals.get("user_id", self.env.uid))
            if user != self.env.user and not self.env.su:
                raise AccessError(self.env._("A committee member votes for themselves only."))
            if user not in request.fund_id.committee_user_ids:
                raise AccessError(
                    self.env._(
                        "%(user)s is not on the committee of %(fund)s.",
                        user=user.name,
                        fund=request.fund_id.name,
                    )
                )
            if (
                user.partner_id == request.partner_id
                or user.partner_id in request.activity_id.member_ids
            ):
                raise UserError(
                    self.env._(
                        "%s concerns you or your activity: a committee member does not vote on it.",
                        request.name,
                    )
                )
            if request.state not in ("submitted", "review"):
                raise UserError(
                    self.env._("%s is not under review: votes are closed.", request.name)
                )
        votes = super().create(vals_list)
        votes.request_id.sudo().filtered(lambda r: r.state == "submitted").state = "review"
        votes.request_id._coop_decide()
        return votes

    def write(self, vals):
        if vals:
            raise UserError(self.env._("A vote is not changed once cast."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A vote stays on the request once cast."))
