# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class CoopInternalInvoice(models.Model):
    """One activity invoices another inside the cooperative (a joiner subcontracting a
    painter): one entry on the internal invoicing account, credited on the seller's
    analytic account and debited on the buyer's. The general ledger nets it to zero (no VAT,
    no receivable with oneself); the seller's account shows turnover, the buyer's a cost,
    and the treasury moves between them on the invoice's date."""

    _name = "coop.internal.invoice"
    _description = "Internal invoice between activities"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", readonly=True, copy=False, default="/", help="The entry's number."
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    seller_activity_id = fields.Many2one(
        "coop.activity",
        string="Seller",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        default=lambda self: self.env["account.move"]._coop_default_activity(self.env.company),
        domain="[('company_id', '=', company_id), ('state', '=', 'active')]",
    )
    buyer_activity_id = fields.Many2one(
        "coop.activity",
        string="Buyer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('company_id', '=', company_id), ('state', '=', 'active'), "
        "('id', '!=', seller_activity_id)]",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True, copy=False)
    line_ids = fields.One2many(
        "coop.internal.invoice.line", "invoice_id", string="Lines", copy=True
    )
    amount_total = fields.Monetary(string="Total", compute="_compute_amount_total", store=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent to the buyer"),
            ("posted", "Posted"),
            ("cancel", "Cancelled"),
        ],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
    )
    move_id = fields.Many2one("account.move", string="Entry", readonly=True, copy=False)
    reversal_move_id = fields.Many2one("account.move", string="Reversal", readonly=True, copy=False)
    note = fields.Text()

    @api.depends("line_ids.amount")
    def _compute_amount_total(self):
        for invoice in self:
            invoice.amount_total = sum(invoice.line_ids.mapped("amount"))

    @api.depends("name", "seller_activity_id", "buyer_activity_id")
    def _compute_display_name(self):
        for invoice in self:
            number = invoice.name if invoice.name != "/" else self.env._("Draft")
            invoice.display_name = (
                f"{number} ({invoice.seller_activity_id.sudo().code} → "
                f"{invoice.buyer_activity_id.sudo().code})"
            )

    @api.constrains("seller_activity_id", "buyer_activity_id")
    def _check_activities(self):
        for invoice in self:
            if invoice.seller_activity_id == invoice.buyer_activity_id:
                raise ValidationError(
                    self.env._("An activity does not invoice itself: choose another buyer.")
                )

    def _is_staff(self):
        return self.env.su or self.env.user.has_group("coop_entrepreneur.group_coop_tutor")

    def _check_member_of(self, side, message):
        """The staff, or an entrepreneur of the invoice's ``side`` activity."""
        if self._is_staff():
            return
        partner = self.env.user.partner_id
        if any(partner not in invoice.sudo()[side].member_ids for invoice in self):
            raise AccessError(message)

    def action_send(self):
        """The seller sends the draft to the buyer, who accepts it (posting it)."""
        self._check_member_of(
            "seller_activity_id",
            self.env._("Only the seller's entrepreneurs or the staff send an internal invoice."),
        )
        if any(invoice.state != "draft" for invoice in self):
            raise UserError(self.env._("Only a draft internal invoice is sent to the buyer."))
        for invoice in self.sudo():
            invoice._check_postable()
            invoice.state = "sent"
            invoice.buyer_activity_id.message_post(
                body=self.env._(
                    "%(seller)s sends this activity an internal invoice of %(amount)s to accept.",
                    seller=invoice.seller_activity_id.display_name,
                    amount=invoice.currency_id.format(invoice.amount_total),
                ),
                partner_ids=invoice.buyer_activity_id.member_ids.ids,
            )
        return True

    def action_post(self):
        """The buyer's entrepreneur accepts the invoice (or the staff post it): its entry
        moves the money from the buyer's activity to the seller's."""
        self._check_member_of(
            "buyer_activity_id",
            self.env._(
                "Only the buyer's entrepreneurs or the staff accept an internal invoice: it "
                "takes money from the buyer's activity."
            ),
        )
        if any(invoice.state not in ("draft", "sent") for invoice in self):
            raise UserError(self.env._("Only a draft or sent internal invoice can be posted."))
        for invoice in self.sudo():
            invoice._check_postable()
            move = self.env["account.move"]._coop_post_internal_entries(
                [invoice._prepare_move_vals()]
            )
            invoice.write({"move_id": move.id, "name": move.name, "state": "posted"})
            for activity in invoice.seller_activity_id | invoice.buyer_activity_id:
                activity.message_post(
                    body=self.env._(
                        "Internal invoice %(name)s of %(amount)s posted: from %(buyer)s to "
                        "%(seller)s.",
                        name=invoice.name,
                        amount=invoice.currency_id.format(invoice.amount_total),
                        buyer=invoice.buyer_activity_id.display_name,
                        seller=invoice.seller_activity_id.display_name,
                    ),
                )
        return True

    def _check_postable(self):
        self.ensure_one()
        company = self.company_id
        if not company.coop_internal_account_id:
            raise UserError(
                self.env._(
                    "Set the internal invoicing account in the settings (Accounting, "
                    "Cooperative) before posting an internal invoice."
                )
            )
        inactive = (self.seller_activity_id | self.buyer_activity_id).filtered(
            lambda a: a.state != "active"
        )
        if inactive:
            raise UserError(
                self.env._(
                    "%s is not active: only active activities invoice each other.",
                    ", ".join(inactive.mapped("display_name")),
                )
            )
        if not self.line_ids or self.currency_id.compare_amounts(self.amount_total, 0.0) <= 0:
            raise UserError(
                self.env._("Add the lines of the internal invoice: its total must be positive.")
            )
        if any(self.currency_id.compare_amounts(line.amount, 0.0) < 0 for line in self.line_ids):
            raise UserError(
                self.env._(
                    "A line of an internal invoice cannot be negative: the buyer's activity "
                    "invoices back with an internal invoice of its own."
                )
            )

    def _prepare_move_vals(self):
        """Each line credited on the seller's analytic account and debited on the buyer's,
        on the same internal account."""
        self.ensure_one()
        account = self.company_id.coop_internal_account_id
        seller = str(self.seller_activity_id.analytic_account_id.id)
        buyer = str(self.buyer_activity_id.analytic_account_id.id)
        lines = []
        for line in self.line_ids:
            for balance, analytic in ((-line.amount, seller), (line.amount, buyer)):
                lines.append(
                    Command.create(
                        {
                            "name": line.name,
                            "account_id": account.id,
                            "balance": balance,
                            "analytic_distribution": {analytic: 100},
                        }
                    )
                )
        return {
            "move_type": "entry",
            "journal_id": self.company_id._coop_internal_journal().id,
            "company_id": self.company_id.id,
            "date": self.date,
            "ref": self.env._(
                "Internal invoice %(seller)s → %(buyer)s",
                seller=self.seller_activity_id.code,
                buyer=self.buyer_activity_id.code,
            ),
            "coop_activity_id": self.seller_activity_id.id,
            "coop_internal_invoice_id": self.id,
            "line_ids": lines,
        }

    def action_cancel(self):
        """A posted internal invoice is cancelled by reversing its entry (on its date, or
        the first open day after a lock date); the entry is never deleted."""
        if not self.env.su and not self.env.user.has_group("coop_entrepreneur.group_coop_manager"):
            raise AccessError(
                self.env._("Only the cooperative's staff cancel an internal invoice.")
            )
        if any(invoice.state == "cancel" for invoice in self):
            raise UserError(self.env._("This internal invoice is already cancelled."))
        for invoice in self.sudo():
            reversal = invoice.move_id.with_context(
                coop_booked_reversal=True
            )._coop_reverse_internal_entries("coop_internal_invoice_id")
            invoice.write({"reversal_move_id": reversal.id, "state": "cancel"})
        return True

    def action_draft(self):
        if any(invoice.state != "cancel" or invoice.move_id for invoice in self):
            raise UserError(
                self.env._(
                    "Only a cancelled draft returns to draft: a posted internal invoice is "
                    "corrected by cancelling it and making a new one."
                )
            )
        self.sudo().state = "draft"

    def write(self, vals):
        # The state, the number and the entries move only through the buttons.
        if not self.env.su and set(vals) & {"state", "name", "move_id", "reversal_move_id"}:
            raise AccessError(
                self.env._("An internal invoice changes state only through its buttons.")
            )
        if set(vals) - {"note", "state", "name", "move_id", "reversal_move_id"} and any(
            invoice.state not in ("draft", "sent") for invoice in self
        ):
            raise UserError(
                self.env._(
                    "A posted or cancelled internal invoice does not change: cancel it and "
                    "make a new one."
                )
            )
        sent = self.filtered(lambda i: i.state == "sent")
        res = super().write(vals)
        if sent and set(vals) - {"note", "state", "name", "move_id", "reversal_move_id"}:
            # A sent invoice changed goes back to its seller's draft.
            super(CoopInternalInvoice, sent.sudo()).write({"state": "draft"})
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        if any(invoice.move_id for invoice in self):
            raise UserError(
                self.env._(
                    "A posted internal invoice is cancelled (its entry reversed), not deleted."
                )
            )

    def action_view_move(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "view_mode": "form",
            "res_id": self.move_id.id,
        }


class CoopInternalInvoiceLine(models.Model):
    _name = "coop.internal.invoice.line"
    _description = "Line of an internal invoice"
    _order = "invoice_id, sequence, id"

    invoice_id = fields.Many2one(
        "coop.internal.invoice", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Description", required=True)
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    price_unit = fields.Monetary(string="Unit price")
    amount = fields.Monetary(compute="_compute_amount", store=True)
    currency_id = fields.Many2one(related="invoice_id.currency_id")

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._check_draft()
        return lines

    def write(self, vals):
        if "invoice_id" in vals:
            raise UserError(self.env._("A line stays on its internal invoice."))
        self._check_draft()
        return super().write(vals)

    def unlink(self):
        self._check_draft()
        return super().unlink()

    def _check_draft(self):
        if any(line.invoice_id.state not in ("draft", "sent") for line in self):
            raise UserError(
                self.env._("The lines of a posted or cancelled internal invoice do not change.")
            )

    @api.depends("quantity", "price_unit")
    def _compute_amount(self):
        for line in self:
            line.amount = line.currency_id.round(line.quantity * line.price_unit)
