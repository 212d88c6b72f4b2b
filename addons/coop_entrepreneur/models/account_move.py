# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    coop_activity_id = fields.Many2one(
        "coop.activity",
        string="Activity",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        default=lambda self: self._default_coop_activity_id(),
        domain="[('state', 'in', ('draft', 'active')), ('company_id', '=', company_id)]",
        help="The activity this document belongs to: its lines carry the activity's analytic account.",
    )

    coop_internal_invoice_id = fields.Many2one(
        "coop.internal.invoice",
        string="Internal invoice booked",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The internal invoice between activities this entry books (or reverses).",
    )

    # Entries a record of the suite books: only that record reverses them.

    def _coop_booking_links(self):
        """{link field: what to say}: the records of the suite whose entries Accounting
        neither resets to draft nor reverses on its own (each addon adds its own)."""
        return {
            "coop_internal_invoice_id": self.env._(
                "%s books an internal invoice between activities: cancel the internal "
                "invoice instead."
            ),
        }

    def button_draft(self):
        self._coop_check_not_booked()
        return super().button_draft()

    def _reverse_moves(self, default_values_list=None, cancel=False):
        if not self.env.context.get("coop_booked_reversal"):
            self._coop_check_not_booked()
        return super()._reverse_moves(default_values_list=default_values_list, cancel=cancel)

    def _coop_check_not_booked(self):
        for link, message in self._coop_booking_links().items():
            booked = self.filtered(link)
            if booked:
                raise UserError(message % booked[0].display_name)

    @api.model
    def _default_coop_activity_id(self):
        move_type = self.env.context.get("default_move_type", "entry")
        if move_type not in self.get_invoice_types(include_receipts=True):
            return False
        return self._coop_default_activity(self.env.company)

    @api.model
    def _coop_default_activity(self, company):
        """The entrepreneur's activity when they have exactly one, else the company's structure."""
        if self.env.user.has_group("coop_entrepreneur.group_coop_entrepreneur"):
            activities = self.env["coop.activity"].search(
                [
                    ("member_ids", "=", self.env.user.partner_id.id),
                    ("state", "=", "active"),
                    ("company_id", "=", company.id),
                ],
                limit=2,
            )
            return activities if len(activities) == 1 else self.env["coop.activity"]
        return company.coop_structure_activity_id

    @api.model_create_multi
    def create(self, vals_list):
        invoice_types = self.get_invoice_types(include_receipts=True)
        for vals in vals_list:
            move_type = vals.get("move_type", self.env.context.get("default_move_type", "entry"))
            if "coop_activity_id" not in vals and move_type in invoice_types:
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["coop_activity_id"] = self._coop_default_activity(company).id
        return super().create(vals_list)

    def _post(self, soft=True):
        self._coop_check_activity()
        return super()._post(soft=soft)

    def action_post(self):
        if not self.env.su and self.env.user._coop_is_entrepreneur_only():
            # An entrepreneur posts their own drafts; what Odoo then writes on the posted
            # entries (followers, delivery date, payment state) is Odoo's own doing.
            self.check_access("write")
            return super(AccountMove, self.sudo()).action_post()
        return super().action_post()

    # Entries the suite makes from its own records (contributions, fund movements)

    @api.model
    def _coop_post_internal_entries(self, vals_list):
        """Create and post, in one batch, entries made by the machine from a record of the
        suite: no "created" message, follower or tracking of their own creation and posting
        (a third of their cost); balanced lines with no tax or payment term have no invoice
        line to synchronise (as Odoo's own exchange difference entries, made the same way)."""
        moves = (
            self.sudo()
            .with_context(
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                tracking_disable=True,
                skip_invoice_sync=True,
            )
            .create(vals_list)
        )
        moves._post(soft=False)
        return moves

    def _coop_reverse_internal_entries(self, link_field):
        """Reverse these entries, never delete them: each on its own date, or the first open
        day when a lock date or the inalterability hash protects it, so that numbering stays
        continuous; the reversal keeps the entry's link to its record (``link_field``)."""
        if not self:
            return self
        today = fields.Date.context_today(self)
        return self.sudo()._reverse_moves(
            [
                {
                    "date": (
                        move._get_accounting_date(today, False)
                        if move.inalterable_hash or move._get_violated_lock_dates(move.date, False)
                        else move.date
                    ),
                    "ref": self.env._("Reversal of %s", move.ref),
                    link_field: move[link_field].id,
                }
                for move in self
            ],
            cancel=True,
        )

    def _coop_check_activity(self):
        """Refuse to post an invoice or bill without an active activity, or whose lines disagree."""
        documents = self.filtered(lambda m: m.is_invoice(include_receipts=True))
        if not documents:
            return
        missing = documents.filtered(lambda m: not m.coop_activity_id)
        if missing:
            raise UserError(
                self.env._(
                    "Choose the activity of %s before posting: every invoice and bill "
                    "belongs to one activity.",
                    ", ".join(missing.mapped("display_name")),
                )
            )
        inactive = documents.filtered(lambda m: m.coop_activity_id.state != "active")
        if inactive:
            raise UserError(
                self.env._(
                    "The activity of %s is not active: activate it, or move the document "
                    "to an active activity.",
                    ", ".join(inactive.mapped("display_name")),
                )
            )
        plan_accounts = self.env["coop.activity"]._coop_plan_analytic_account_ids()
        wrong = self.env["account.move.line"]
        for move in documents:
            own = move.coop_activity_id.analytic_account_id.id
            for line in move.invoice_line_ids.filtered(lambda ln: ln.display_type == "product"):
                if not line._coop_belongs_to(own, plan_accounts):
                    wrong |= line
        if wrong:
            raise UserError(
                self.env._(
                    "These lines do not belong 100%% to the activity of their document; "
                    "choose the activity again or correct their analytic distribution:\n%s",
                    "\n".join(
                        f"- {line.move_id.display_name} ({line.move_id.coop_activity_id.code}): {line.name or ''}"
                        for line in wrong
                    ),
                )
            )

    @api.model
    def _coop_demo_number_by_date(self, company_id):
        """Demo data only: the demo's generators post a year of entries in the order they
        make them, not in the order of their dates; renumber each journal's sequence in
        date order with Odoo's own Resequence (by date), as a bookkeeper would before
        handing the FEC over (entries numbered in the order of their dates)."""
        Move = self.sudo()
        moves = Move.search(
            [
                ("company_id", "=", company_id),
                ("state", "=", "posted"),
                ("name", "!=", "/"),
                ("journal_id.restrict_mode_hash_table", "=", False),
            ]
        )
        groups = defaultdict(lambda: Move)
        for move in moves:
            journal = move.journal_id
            key = (
                journal.id,
                move.sequence_prefix,
                journal.refund_sequence and move.move_type in ("out_refund", "in_refund"),
                journal.payment_sequence and bool(move.origin_payment_id),
            )
            groups[key] |= move
        for group in groups.values():
            by_number = group.sorted("sequence_number")
            if by_number.ids == group.sorted(lambda m: (m.date, m.sequence_number)).ids:
                continue
            self.env["account.resequence.wizard"].sudo().with_context(
                active_ids=group.ids, active_model="account.move"
            ).create({"ordering": "date", "first_name": by_number[0].name}).resequence()
        return True
