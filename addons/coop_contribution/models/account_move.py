# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_date

CONTRIBUTION_KINDS = [
    ("invoiced", "Invoiced turnover"),
    ("collected", "Collected turnover"),
    ("margin", "Gross margin"),
    ("fee", "Fixed fee"),
]


# What makes an entry a contribution, dropped from a duplicate.
CONTRIBUTION_FIELDS = (
    "coop_contribution_kind",
    "coop_contribution_source_id",
    "coop_contribution_partial_id",
    "coop_contribution_rule_id",
    "coop_contribution_base",
    "coop_contribution_date_from",
    "coop_contribution_date_to",
)


class AccountMove(models.Model):
    _inherit = "account.move"

    coop_contribution_kind = fields.Selection(
        CONTRIBUTION_KINDS, string="Contribution", readonly=True, copy=True
    )
    coop_contribution_source_id = fields.Many2one(
        "account.move",
        string="Contribution of",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The customer invoice or credit note this contribution entry comes from.",
    )
    coop_contribution_partial_id = fields.Many2one(
        "account.partial.reconcile",
        string="Contribution of the payment",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    coop_contribution_rule_id = fields.Many2one(
        "coop.contribution.rule", string="Contribution rule", readonly=True
    )
    coop_contribution_base = fields.Monetary(
        "Contribution base", currency_field="company_currency_id", readonly=True, copy=False
    )
    coop_contribution_date_from = fields.Date("Contribution period from", readonly=True)
    coop_contribution_date_to = fields.Date("Contribution period to", readonly=True)
    coop_contribution_move_ids = fields.One2many(
        "account.move", "coop_contribution_source_id", string="Contribution entries", readonly=True
    )
    coop_contribution_count = fields.Integer(
        compute="_compute_coop_contribution_count", string="Contributions"
    )

    @api.depends("coop_contribution_move_ids")
    def _compute_coop_contribution_count(self):
        for move in self:
            move.coop_contribution_count = len(move.coop_contribution_move_ids)

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._coop_post_invoiced_contributions()
        return posted

    def button_draft(self):
        contributions = self._coop_live_contributions()
        res = super().button_draft()
        contributions._coop_undo_contributions()
        return res

    def action_view_coop_contributions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Contributions of %s", self.display_name),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("coop_contribution_source_id", "=", self.id)],
            "context": {"create": False},
        }

    # Which documents contribute

    def _coop_contributing_documents(self):
        return self.filtered(
            lambda m: (
                m.move_type in ("out_invoice", "out_refund", "out_receipt")
                and m.state == "posted"
                and m.coop_activity_id.kind == "activity"
            )
        )

    def _coop_live_contributions(self):
        """Contribution entries of these documents that still count (not reversed)."""
        return self.coop_contribution_move_ids._coop_live()

    def _coop_live(self):
        return self.exists().filtered(
            lambda m: (
                m.coop_contribution_kind
                and m.state in ("draft", "posted")
                and not m.reversed_entry_id
                and not m.reversal_move_ids
            )
        )

    # Invoiced base

    def _coop_post_invoiced_contributions(self):
        """Post, in one batch, the contribution of each customer invoice or credit note."""
        documents = self._coop_contributing_documents()
        if not documents:
            return self.browse()
        documents = documents.sorted(lambda m: (m.date, m.id))
        rules = (
            self.env["coop.contribution.rule"]
            .sudo()
            ._rules_for([(document.coop_activity_id, document.date) for document in documents])
        )
        plans = []
        for document in documents:
            rule = rules[(document.coop_activity_id, document.date)]
            if rule and rule.base == "invoiced":
                plans.append(
                    (
                        document.coop_activity_id,
                        document,
                        rule,
                        document.amount_untaxed_signed,
                        document.date,
                    )
                )
        return self._coop_post_contributions("invoiced", plans)

    def _coop_contribution_rule(self, day):
        self.ensure_one()
        return self.env["coop.contribution.rule"].sudo()._rule_for(self.coop_activity_id, day)

    @api.model
    def _coop_post_contributions(self, kind, plans, period=None):
        """Post the contributions of ``plans`` [(activity, source document, rule, base, date)
        (, payment's partial reconciliation)], rounded on each activity's cumulative base of the fiscal year, so that they add up
        to the rule applied to the year's base. Returns the entries."""
        if not plans:
            return self.browse()
        Rule = self.env["coop.contribution.rule"]
        keyed = []
        for activity, source, rule, base, day, *partial in plans:
            year = Rule._fiscal_year(rule.company_id, day)
            keyed.append(((activity.id, rule.id, year), activity, source, rule, base, day, partial))
        totals = self._coop_contribution_totals(kind, {key for key, *_rest in keyed})
        vals_list = []
        for key, activity, source, rule, base, day, partial in keyed:
            done_base, done_amount = totals[key]
            currency = rule.company_id.currency_id
            amount = (
                currency.round(base)
                if kind == "fee"
                else rule._next_amount(done_base, done_amount, base)
            )
            totals[key] = (done_base + base, done_amount + amount)
            if currency.is_zero(amount) and currency.is_zero(base):
                continue
            vals = self._coop_prepare_contribution_vals(
                kind, activity, source, rule, base, amount, day, period
            )
            if partial:
                vals["coop_contribution_partial_id"] = partial[0].id
            vals_list.append(vals)
        # Entries made by the machine from their source document: no "created" message, no
        # follower, no tracking of their own creation and posting (a third of their cost).
        Move = self.sudo()
        moves = Move.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, tracking_disable=True
        ).create(vals_list)
        moves._post(soft=False)
        return moves.with_env(Move.env)

    @api.model
    def _coop_contribution_totals(self, kind, keys):
        """{(activity id, rule id, (year start, year end)): (base, amount)} already posted."""
        totals = defaultdict(lambda: (0.0, 0.0))
        if not keys:
            return totals
        self.env["account.move"].flush_model()
        self.env["account.move.line"].flush_model(["balance", "move_id", "coop_contribution_side"])
        for year in {key[2] for key in keys}:
            year_keys = [key for key in keys if key[2] == year]
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT m.coop_activity_id, m.coop_contribution_rule_id,
                           SUM(m.coop_contribution_base), SUM(l.balance)
                      FROM account_move m
                      JOIN account_move_line l ON l.move_id = m.id AND l.coop_contribution_side = 'activity'
                     WHERE m.state = 'posted' AND m.coop_contribution_kind = %(kind)s
                       AND m.coop_activity_id IN %(activities)s AND m.coop_contribution_rule_id IN %(rules)s
                       AND m.date BETWEEN %(start)s AND %(end)s
                     GROUP BY m.coop_activity_id, m.coop_contribution_rule_id
                    """,
                    kind=kind,
                    activities=tuple({key[0] for key in year_keys}),
                    rules=tuple({key[1] for key in year_keys}),
                    start=year[0],
                    end=year[1],
                )
            )
            for activity_id, rule_id, base, amount in rows:
                totals[(activity_id, rule_id, year)] = (base or 0.0, amount or 0.0)
        return totals

    @api.model
    def _coop_prepare_contribution_vals(
        self, kind, activity, source, rule, base, amount, day, period=None
    ):
        company = rule.company_id
        structure = company.coop_structure_activity_id
        if not (
            company.coop_contribution_journal_id
            and company.coop_contribution_expense_account_id
            and company.coop_contribution_income_account_id
            and structure
        ):
            raise UserError(
                self.env._(
                    "Set the contributions journal and accounts of %s in the Cooperative settings "
                    "before posting contributions.",
                    company.name,
                )
            )
        labels = dict(self._fields["coop_contribution_kind"]._description_selection(self.env))
        if source:
            label = self.env._(
                "Contribution %(rule)s: %(document)s", rule=rule.name, document=source.name
            )
        else:
            label = self.env._(
                "Contribution %(rule)s (%(kind)s) %(start)s – %(end)s",
                rule=rule.name,
                kind=labels[kind],
                start=format_date(self.env, period[0]),
                end=format_date(self.env, period[1]),
            )
        return {
            "move_type": "entry",
            "journal_id": company.coop_contribution_journal_id.id,
            "company_id": company.id,
            "date": day,
            "ref": label,
            "coop_activity_id": activity.id,
            "coop_contribution_kind": kind,
            "coop_contribution_source_id": source.id,
            "coop_contribution_rule_id": rule.id,
            "coop_contribution_base": base,
            "coop_contribution_date_from": period and period[0],
            "coop_contribution_date_to": period and period[1],
            "line_ids": [
                Command.create(
                    {
                        "name": label,
                        "account_id": company.coop_contribution_expense_account_id.id,
                        "balance": amount,
                        "analytic_distribution": {str(activity.analytic_account_id.id): 100},
                        "coop_contribution_side": "activity",
                    }
                ),
                Command.create(
                    {
                        "name": label,
                        "account_id": company.coop_contribution_income_account_id.id,
                        "balance": -amount,
                        "analytic_distribution": {str(structure.analytic_account_id.id): 100},
                        "coop_contribution_side": "structure",
                    }
                ),
            ],
        }

    # Undoing

    def _coop_undo_contributions(self):
        """Take contribution entries out of the count without ever deleting a posted one:
        a posted entry is reversed (on its own date, or the first open one when a lock date
        protects it), so that the Contributions journal's numbering stays continuous; a
        draft that already had a number is cancelled, one that never had a number removed."""
        contributions = self._coop_live().sudo()
        drafts = contributions.filtered(lambda m: m.state == "draft")
        drafts.filtered(lambda m: m.name and m.name != "/").button_cancel()
        drafts.filtered(lambda m: not m.name or m.name == "/").unlink()
        posted = contributions.filtered(lambda m: m.state == "posted")
        if posted:
            today = fields.Date.context_today(self)
            posted._reverse_moves(
                [
                    {
                        "date": (
                            move._get_accounting_date(today, False)
                            if move.inalterable_hash
                            or move._get_violated_lock_dates(move.date, False)
                            else move.date
                        ),
                        "coop_contribution_kind": move.coop_contribution_kind,
                        "coop_contribution_base": -move.coop_contribution_base,
                        "ref": self.env._("Reversal of %s", move.ref),
                    }
                    for move in posted
                ],
                cancel=True,
            )

    def copy_data(self, default=None):
        """A contribution entry's meaning goes with its reversal (Odoo copies business
        fields for it), never with a duplicate, which would count a second time."""
        vals_list = super().copy_data(default=default)
        if not self.env.context.get("include_business_fields"):
            for vals in vals_list:
                for name in CONTRIBUTION_FIELDS:
                    if not (default and name in default):
                        vals.pop(name, None)
        return vals_list


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    coop_contribution_side = fields.Selection(
        [("activity", "Activity"), ("structure", "Cooperative")],
        string="Contribution side",
        readonly=True,
        copy=True,
    )
