# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

MOVEMENT_KINDS = [
    ("payin", "Pay-in"),
    ("payout", "Payout"),
    ("repayment", "Repayment"),
]
# Kinds that bring money into the fund; the others take it out.
INTO_FUND = ("payin", "repayment")
# Written by the suite's own code only (requests, schedules, payment matchings).
MACHINE_FIELDS = {"request_id", "partial_id", "interest"}


class CoopFundMovement(models.Model):
    """Money moved between a fund and an activity (or the structure): an internal
    transfer, neutral in the general ledger. Its entry books the amount twice on the
    company's internal funds account, once on each analytic account. A posted movement
    that no longer holds is reversed, never deleted."""

    _name = "coop.fund.movement"
    _description = "Fund movement"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        "Label", required=True, default=lambda self: self.env._("Voluntary pay-in"), tracking=True
    )
    fund_id = fields.Many2one(
        "coop.fund", required=True, index=True, ondelete="restrict", tracking=True
    )
    company_id = fields.Many2one(related="fund_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(MOVEMENT_KINDS, required=True, default="payin", tracking=True)
    activity_id = fields.Many2one(
        "coop.activity",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        help="The activity (or the structure) the money comes from or goes to.",
    )
    request_id = fields.Many2one("coop.fund.request", readonly=True, index="btree_not_null")
    partial_id = fields.Many2one(
        "account.partial.reconcile",
        string="Payment matching",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="Of a guarantee claim's recovery: the client's payment matching that brought it.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    amount = fields.Monetary(required=True, tracking=True)
    interest = fields.Monetary(
        readonly=True, help="Of a loan's repayment: the interest it includes, the rest repays."
    )
    state = fields.Selection(
        [("draft", "Draft"), ("posted", "Posted"), ("reversed", "Reversed")],
        required=True,
        default="draft",
        readonly=True,
        index=True,
        tracking=True,
    )
    move_ids = fields.One2many(
        "account.move", "coop_fund_movement_id", string="Journal entries", readonly=True
    )
    move_id = fields.Many2one("account.move", compute="_compute_move_id", string="Journal entry")

    @api.depends("move_ids")
    def _compute_move_id(self):
        for movement in self:
            movement.move_id = movement.move_ids.filtered(lambda m: not m.reversed_entry_id)[:1]

    @api.constrains("amount")
    def _check_amount(self):
        for movement in self:
            if movement.currency_id.compare_amounts(movement.amount, 0.0) <= 0:
                raise ValidationError(
                    self.env._("The amount of a fund movement must be above zero.")
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                made_by_the_suite = set(vals) & MACHINE_FIELDS
                if made_by_the_suite or vals.get("state", "draft") != "draft":
                    raise AccessError(
                        self.env._(
                            "A fund movement starts as a draft, made by hand or by a request."
                        )
                    )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and set(vals) & (MACHINE_FIELDS | {"state"}):
            raise AccessError(
                self.env._("A fund movement is posted and reversed by its buttons, not written.")
            )
        if set(vals) - {"state", "message_main_attachment_id"} and any(
            movement.state != "draft" for movement in self
        ):
            raise UserError(
                self.env._("A posted fund movement cannot be changed: reverse it and make another.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        if any(movement.state != "draft" for movement in self):
            raise UserError(
                self.env._("A posted fund movement is never deleted: reverse it instead.")
            )

    def action_post(self):
        """Post the movements: a payout only if its fund can make it (the fund's row is
        taken first, so that two payouts at once cannot both spend its last euros)."""
        for movement in self:
            if movement.state != "draft":
                raise UserError(self.env._("%s is already posted.", movement.name))
        self.check_access("write")
        if not self.env.su and not self.env.user.has_group("coop_entrepreneur.group_coop_manager"):
            if any(movement.kind != "payin" or movement.request_id for movement in self):
                raise AccessError(
                    self.env._(
                        "An entrepreneur pays into a fund from their activity; payouts and "
                        "repayments are made from the requests by the staff."
                    )
                )
        movements = self.sudo()
        movements._check_dates()
        outgoing = movements.filtered(lambda m: m.kind not in INTO_FUND)
        if outgoing:
            outgoing.fund_id._lock()
            for fund in outgoing.fund_id:
                mine = outgoing.filtered(lambda m, f=fund: m.fund_id == f)
                fund._check_can_pay(sum(mine.mapped("amount")), mine.request_id)
        self.env["account.move"]._coop_post_internal_entries(
            [movement._prepare_move_vals() for movement in movements]
        )
        movements.state = "posted"
        return True

    def _check_dates(self):
        for movement in self:
            if movement.activity_id.state != "active" and movement.activity_id.kind == "activity":
                raise UserError(
                    self.env._(
                        "The activity %s is not active: money moves only with active activities.",
                        movement.activity_id.display_name,
                    )
                )
            journal = movement.fund_id._journal()
            lock = movement.company_id._get_violated_lock_dates(movement.date, False, journal)
            if lock:
                raise UserError(
                    self.env._(
                        "%(label)s is dated %(date)s, in a period locked until %(lock)s: date it "
                        "after the lock date.",
                        label=movement.name,
                        date=movement.date,
                        lock=lock[-1][0],
                    )
                )

    def _prepare_move_vals(self):
        """The movement's entry: the internal funds account on both lines, credited on the
        analytic account that receives the money and debited on the one that gives it."""
        self.ensure_one()
        fund, company = self.fund_id, self.company_id
        account = company.coop_fund_account_id
        into_fund = self.kind in INTO_FUND
        giver, receiver = (
            (self.activity_id.analytic_account_id, fund.analytic_account_id)
            if into_fund
            else (fund.analytic_account_id, self.activity_id.analytic_account_id)
        )
        return {
            "move_type": "entry",
            "journal_id": fund._journal().id,
            "company_id": company.id,
            "date": self.date,
            "ref": self.name,
            "coop_activity_id": self.activity_id.id,
            "coop_fund_movement_id": self.id,
            "line_ids": [
                Command.create(
                    {
                        "name": self.name,
                        "account_id": account.id,
                        "balance": balance,
                        "analytic_distribution": {str(analytic.id): 100},
                    }
                )
                for balance, analytic in ((self.amount, giver), (-self.amount, receiver))
            ],
        }

    def action_reverse(self):
        """Reverse the entry (on its own date, or the first open day after a lock date);
        the movement no longer counts and its request, if any, follows."""
        if any(movement.state != "posted" for movement in self):
            raise UserError(self.env._("Only a posted fund movement can be reversed."))
        if not self.env.su and not self.env.user.has_group("coop_entrepreneur.group_coop_manager"):
            raise AccessError(self.env._("Only the cooperative's staff reverse a fund movement."))
        movements = self.sudo()
        # Taking back money that came in must not leave the fund below what it promised.
        incoming = movements.filtered(lambda m: m.kind in INTO_FUND)
        if incoming:
            incoming.fund_id._lock()
            for fund in incoming.fund_id:
                mine = incoming.filtered(lambda m, f=fund: m.fund_id == f)
                fund._check_can_pay(sum(mine.mapped("amount")))
        movements.move_id.with_context(coop_booked_reversal=True)._coop_reverse_internal_entries(
            "coop_fund_movement_id"
        )
        movements.state = "reversed"
        # An instalment whose repayment is taken back is due again.
        instalments = (
            self.env["coop.fund.instalment"].sudo().search([("movement_id", "in", movements.ids)])
        )
        instalments.write({"state": "due", "movement_id": False})
        movements.request_id._coop_follow_movements()
        return True
