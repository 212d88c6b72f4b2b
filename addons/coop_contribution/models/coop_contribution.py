# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict
from datetime import date, timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import date_utils, format_date

_logger = logging.getLogger(__name__)

CONTRIBUTION_KINDS = [
    ("invoiced", "Invoiced turnover"),
    ("collected", "Collected turnover"),
    ("margin", "Gross margin"),
    ("fee", "Fixed fee"),
    ("adjustment", "Adjustment"),
]
# Kinds whose amount is the rule's rate (with its bands) on the fiscal year's cumulative base.
RATE_KINDS = ("invoiced", "collected", "margin", "adjustment")
RUN_KINDS = ("margin", "fee")
# Kinds that levy the rule's other shares on the same base.
SHARED_KINDS = ("invoiced", "collected", "margin")


class CoopContribution(models.Model):
    """What one activity owes the cooperative for one document, payment or month.

    Kept beside the journal entry it posts, the way ``hr.expense`` keeps expenses: the
    amounts are stored here, the entry books them. The entry is neutral in the general
    ledger (both lines on the company's internal contribution account) and moves the
    amount from the activity's analytic account to the structure's. A contribution that
    no longer counts is reversed, never deleted.
    """

    _name = "coop.contribution"
    _description = "Contribution"
    _order = "date desc, id desc"

    name = fields.Char(
        readonly=True, help="Its label, also the entry's reference, written when it is made."
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    activity_id = fields.Many2one("coop.activity", required=True, readonly=True, index=True)
    rule_id = fields.Many2one(
        "coop.contribution.rule", required=True, readonly=True, ondelete="restrict"
    )
    share_id = fields.Many2one(
        "coop.contribution.share",
        readonly=True,
        ondelete="restrict",
        help="Empty for the rule's own contribution; else the other share it levies.",
    )
    kind = fields.Selection(CONTRIBUTION_KINDS, required=True, readonly=True)
    date = fields.Date(required=True, readonly=True, index=True)
    fiscal_year = fields.Date(
        required=True,
        readonly=True,
        help="First day of the fiscal year whose cumulative base this contribution counts in.",
    )
    period_start = fields.Date("Month from", readonly=True, index="btree_not_null")
    period_end = fields.Date("Month to", readonly=True)
    source_move_id = fields.Many2one(
        "account.move",
        string="Document",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="The customer invoice, credit note or receipt this contribution comes from.",
    )
    partner_id = fields.Many2one(related="source_move_id.partner_id", string="Customer")
    partial_id = fields.Many2one(
        "account.partial.reconcile",
        string="Payment matching",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    base = fields.Monetary(readonly=True)
    amount = fields.Monetary(readonly=True)
    state = fields.Selection(
        [("posted", "Counted"), ("reversed", "Reversed")],
        required=True,
        default="posted",
        readonly=True,
        index=True,
    )
    move_ids = fields.One2many(
        "account.move", "coop_contribution_id", string="Journal entries", readonly=True
    )
    move_id = fields.Many2one(
        "account.move", compute="_compute_move_id", string="Journal entry", store=False
    )

    @api.model
    def _label(self, vals, dates):
        """The label of the contribution of ``vals``; ``dates`` memoizes formatted dates and
        the kinds' labels over a batch (a month's run formats the same two dates for every
        activity)."""
        Rule = self.env["coop.contribution.rule"].sudo()
        share = self.env["coop.contribution.share"].sudo().browse(vals.get("share_id"))
        levy = share.name or Rule.browse(vals["rule_id"]).name
        if vals.get("source_move_id"):
            return self.env._(
                "Contribution %(rule)s: %(document)s",
                rule=levy,
                document=self.env["account.move"].sudo().browse(vals["source_move_id"]).name,
            )
        if "kinds" not in dates:
            dates["kinds"] = dict(self._fields["kind"]._description_selection(self.env))
        kind = dates["kinds"][vals["kind"]]
        if vals.get("period_start"):
            for day in (vals["period_start"], vals["period_end"]):
                if day not in dates:
                    dates[day] = format_date(self.env, day)
            return self.env._(
                "Contribution %(rule)s (%(kind)s) %(start)s – %(end)s",
                rule=levy,
                kind=kind,
                start=dates[vals["period_start"]],
                end=dates[vals["period_end"]],
            )
        return self.env._("Contribution %(rule)s (%(kind)s)", rule=levy, kind=kind)

    @api.depends("move_ids")
    def _compute_move_id(self):
        for contribution in self:
            contribution.move_id = contribution.move_ids.filtered(
                lambda m: not m.reversed_entry_id
            )[:1]

    # Creating and posting

    @api.model
    def _create_and_post(self, vals_list):
        """Create the contributions of ``vals_list`` (from the rule's
        :meth:`~CoopContributionRule._prepare_contribution_vals`) and post their entries.

        The amount of a rate kind is the rule on the activity's new cumulative base of the
        fiscal year, rounded once, minus what its live contributions already amount to, so
        that they always add up to the rule on the year's whole base. Nothing is created for
        a zero base and amount; a zero amount posts no entry. Each contribution of the rule
        brings one of each of its other shares, on the same base."""
        Rule = self.env["coop.contribution.rule"].sudo()
        Share = self.env["coop.contribution.share"].sudo()
        vals_list = [
            shared
            for vals in vals_list
            for shared in [vals]
            + [
                dict(vals, share_id=share.id)
                for share in Rule.browse(vals["rule_id"]).share_ids
                if vals["kind"] in SHARED_KINDS and "amount" not in vals
            ]
        ]
        keys = {
            self._key(vals)
            for vals in vals_list
            if vals["kind"] in RATE_KINDS and "amount" not in vals
        }
        totals = self._live_totals(keys)
        to_create, dates = [], {}
        for vals in vals_list:
            rule = Rule.browse(vals["rule_id"])
            levy = Share.browse(vals.get("share_id")) or rule
            currency = rule.company_id.currency_id
            if "amount" in vals:
                amount = vals["amount"]
            elif vals["kind"] in RATE_KINDS:
                key = self._key(vals)
                done_base, done_amount = totals[key]
                amount = levy._next_amount(done_base, done_amount, vals["base"])
                totals[key] = (done_base + vals["base"], done_amount + amount)
            else:
                amount = currency.round(vals["base"])
            if currency.is_zero(amount) and currency.is_zero(vals["base"]):
                continue
            to_create.append(dict(vals, amount=amount, name=self._label(vals, dates)))
        contributions = self.sudo().create(to_create)
        contributions._post_entries()
        return contributions.with_env(self.env)

    @api.model
    def _key(self, vals):
        return (
            vals["activity_id"],
            vals["rule_id"],
            vals.get("share_id") or False,
            fields.Date.to_date(vals["fiscal_year"]),
        )

    @api.model
    def _live_totals(self, keys):
        """{(activity id, rule id, share id or False, fiscal year): (base, amount)} of the
        live contributions of the rate kinds, from the stored amounts, in one grouped query."""
        totals = defaultdict(lambda: (0.0, 0.0))
        if not keys:
            return totals
        groups = self.sudo()._read_group(
            [
                ("state", "=", "posted"),
                ("kind", "in", RATE_KINDS),
                ("activity_id", "in", list({key[0] for key in keys})),
                ("rule_id", "in", list({key[1] for key in keys})),
                ("share_id", "in", list({key[2] for key in keys})),
                ("fiscal_year", "in", list({key[3] for key in keys})),
            ],
            ["activity_id", "rule_id", "share_id", "fiscal_year:day"],
            ["base:sum", "amount:sum"],
        )
        for activity, rule, share, year, base, amount in groups:
            totals[(activity.id, rule.id, share.id or False, fields.Date.to_date(year))] = (
                base,
                amount,
            )
        return totals

    def _post_entries(self):
        """Post, in one batch, the journal entry of each contribution with an amount."""
        todo = self.filtered(lambda c: not c.currency_id.is_zero(c.amount))
        if not todo:
            return self.env["account.move"]
        return self.env["account.move"]._coop_post_internal_entries(
            [contribution._prepare_move_vals() for contribution in todo]
        )

    def _prepare_move_vals(self):
        """The contribution's entry: the same internal account debited on the activity's
        analytic account and credited on the structure's, so the general ledger nets to
        zero and only the analytic split moves."""
        self.ensure_one()
        company = self.company_id
        account = company.coop_contribution_account_id
        journal = company.coop_contribution_journal_id
        structure = company.coop_structure_activity_id
        if not (account and journal and structure):
            raise UserError(
                self.env._(
                    "Set the contributions journal and internal account of %s in the "
                    "Cooperative settings before posting contributions.",
                    company.name,
                )
            )
        share, no_partner = self.share_id, self.env["res.partner"]
        giver = self.activity_id.analytic_account_id
        if share.destination == "external":
            # Owed to an outside body: a real charge of the activity and a real debt.
            lines = [
                (share.expense_account_id, self.amount, giver, no_partner),
                (share.liability_account_id, -self.amount, False, share.partner_id),
            ]
        else:
            lines = [
                (account, self.amount, giver, no_partner),
                (account, -self.amount, self._receiving_analytic_account(), no_partner),
            ]
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "company_id": company.id,
            "date": self.date,
            "ref": self.name,
            "coop_activity_id": self.activity_id.id,
            "coop_contribution_id": self.id,
            "line_ids": [
                Command.create(
                    {
                        "name": self.name,
                        "account_id": line_account.id,
                        "balance": balance,
                        "analytic_distribution": analytic and {str(analytic.id): 100},
                        "partner_id": partner.id,
                    }
                )
                for line_account, balance, analytic, partner in lines
            ],
        }

    def _receiving_analytic_account(self):
        """The analytic account a contribution kept inside the cooperative is credited on:
        the structure's (coop_funds gives a fund its share)."""
        self.ensure_one()
        return self.company_id.coop_structure_activity_id.analytic_account_id

    # Corrections

    def _reverse(self):
        """Take these contributions out of the count: their entry is reversed (on its own
        date, or the first open one when a lock date protects it), never deleted, so that
        the Contributions journal's numbering stays continuous. Then the other contributions
        of their year are brought back to the rule on the year's remaining base."""
        live = self.filtered(lambda c: c.state == "posted").sudo()
        if not live:
            return
        live.move_id.with_context(coop_contribution_reversal=True)._coop_reverse_internal_entries(
            "coop_contribution_id"
        )
        live.state = "reversed"
        live.filtered(lambda c: c.kind in RATE_KINDS)._settle()

    def _settle(self):
        """Post, for the years of these contributions, the difference between the rule on
        each year's live base and what its live contributions amount to: after a correction
        under bands or cumulative rounding, the year is exact at once."""
        keys = {}
        for contribution in self:
            key = (
                contribution.activity_id.id,
                contribution.rule_id.id,
                contribution.share_id.id,
                contribution.fiscal_year,
            )
            keys.setdefault(key, contribution)
        totals = self._live_totals(set(keys))
        vals_list = []
        for key, contribution in keys.items():
            rule = contribution.rule_id.sudo()
            levy = contribution.share_id.sudo() or rule
            base, amount = totals[key]
            currency = rule.company_id.currency_id
            due = currency.round(levy._cumulative_amount(currency.round(base)))
            if currency.compare_amounts(due, amount):
                vals = rule._prepare_contribution_vals(
                    contribution.activity_id,
                    "adjustment",
                    contribution.date,
                    0.0,
                    share_id=contribution.share_id.id,
                )
                vals["amount"] = due - amount
                vals_list.append(vals)
        return self._create_and_post(vals_list)

    # The three triggers

    @api.model
    def _contribute_documents(self, documents, just_posted=False):
        """The contributions of posted customer documents on the invoiced base: the rule and
        exemption are those of the document's date, or, for a credit note, of the invoice
        it reverses. A document counts once: those already counted are skipped, unless
        they were ``just_posted`` (resetting a document reversed its contributions)."""
        documents = documents._coop_contributing_documents()
        if not documents:
            return self.browse()
        if not just_posted:
            counted = self.sudo().search(
                [
                    ("source_move_id", "in", documents.ids),
                    ("kind", "=", "invoiced"),
                    ("state", "=", "posted"),
                ]
            )
            documents -= counted.source_move_id
        documents = documents.sorted(lambda m: (m.date, m.id))
        Rule = self.env["coop.contribution.rule"].sudo()
        rules = Rule._rules_for([document._coop_rule_key() for document in documents])
        vals_list = []
        for document in documents:
            rule = rules[document._coop_rule_key()]
            if rule and rule.base == "invoiced":
                vals_list.append(
                    rule._prepare_contribution_vals(
                        document.coop_activity_id,
                        "invoiced",
                        document.date,
                        document.amount_untaxed_signed,
                        source_move_id=document.id,
                    )
                )
        return self._create_and_post(vals_list)

    @api.model
    def _contribute_collections(self, documents, partials):
        """The contributions of what payments settled of these documents, on the collected
        base: each document's untaxed amount times the share of it paid, minus what its live
        contributions already took, so that several payments add up to the document. The
        rule is the document's (see :meth:`_contribute_documents`)."""
        documents = documents._coop_contributing_documents()
        if not documents:
            return self.browse()
        Rule = self.env["coop.contribution.rule"].sudo()
        rules = Rule._rules_for([document._coop_rule_key() for document in documents])
        documents = documents.filtered(
            lambda d: rules[d._coop_rule_key()] and rules[d._coop_rule_key()].base == "collected"
        )
        if not documents:
            return self.browse()
        done = defaultdict(float)
        for document, base in self.sudo()._read_group(
            [
                ("source_move_id", "in", documents.ids),
                ("kind", "=", "collected"),
                ("state", "=", "posted"),
                ("share_id", "=", False),
            ],
            ["source_move_id"],
            ["base:sum"],
        ):
            done[document.id] = base
        vals_list = []
        for document in documents:
            receivables = document.line_ids.filtered(
                lambda ln: ln.account_type == "asset_receivable"
            )
            total = sum(receivables.mapped("amount_currency"))
            if not total:
                continue
            paid = 1.0 - sum(receivables.mapped("amount_residual_currency")) / total
            due = document.company_currency_id.round(document.amount_untaxed_signed * paid)
            base = due - done[document.id]
            if document.company_currency_id.is_zero(base):
                continue
            matched = receivables.matched_debit_ids | receivables.matched_credit_ids
            partial = (matched & partials) or matched
            day = max(partial.mapped("max_date")) if partial else fields.Date.context_today(self)
            rule = rules[document._coop_rule_key()]
            vals_list.append(
                rule._prepare_contribution_vals(
                    document.coop_activity_id,
                    "collected",
                    day,
                    base,
                    source_move_id=document.id,
                    partial_id=partial[-1:].id,
                )
            )
        return self._create_and_post(vals_list)

    @api.model
    def _follow_rules(self, activities, date_from=None, date_to=None):
        """After a rule or an exemption changed: the documents of these activities dated
        between the two dates (or whose reversed invoice is) get the contributions of the
        rule now valid on their date. Those made under another rule, or now exempt, are
        reversed; what is missing is made anew. What a lock date protects stays as booked."""
        for company in activities.company_id:
            lock = company._get_violated_lock_dates(
                date.max, False, company.coop_contribution_journal_id
            )
            if lock and (not date_from or date_from <= lock[-1][0]):
                date_from = lock[-1][0] + timedelta(days=1)
        domain = [
            ("coop_activity_id", "in", activities.ids),
            ("state", "=", "posted"),
            ("move_type", "in", ("out_invoice", "out_refund", "out_receipt")),
        ]
        for field, operator, day in (("date", ">=", date_from), ("date", "<=", date_to)):
            if day:
                domain += [
                    "|",
                    (field, operator, day),
                    (f"reversed_entry_id.{field}", operator, day),
                ]
        documents = self.env["account.move"].sudo().search(domain, order="date, id")
        if not documents:
            return self.browse()
        Rule = self.env["coop.contribution.rule"].sudo()
        rules = Rule._rules_for([document._coop_rule_key() for document in documents])
        rule_of = {document: rules[document._coop_rule_key()] for document in documents}
        documents.coop_contribution_ids.filtered(
            lambda c: (
                c.state == "posted"
                and c.kind in ("invoiced", "collected")
                and (
                    c.rule_id != rule_of[c.source_move_id]
                    or c.kind != rule_of[c.source_move_id].base
                )
            )
        )._reverse()
        return self._contribute_documents(documents) | self._contribute_collections(
            documents, self.env["account.partial.reconcile"]
        )

    @api.model
    def _run_months(self, company, months, activities=None):
        """Post, per activity and month, what its gross margin and fixed fee owe minus what
        its live contributions for that month already took: running a month again, or a
        quarter after its months, posts only the difference (documents posted late, an
        exemption decided since, which gives back what was taken)."""
        if not months:
            return self.browse()
        activities = activities or self.env["coop.activity"].search(
            [
                ("company_id", "=", company.id),
                ("kind", "=", "activity"),
                ("state", "in", ("active", "suspended")),
            ]
        )
        Rule = self.env["coop.contribution.rule"].sudo()
        rules = Rule._rules_for([(activity, end) for activity in activities for _s, end in months])
        margins = self._margins(rules, months)
        done = defaultdict(dict)
        for activity, start, kind, rule, base in self.sudo()._read_group(
            [
                ("state", "=", "posted"),
                ("kind", "in", RUN_KINDS),
                ("share_id", "=", False),
                ("activity_id", "in", activities.ids),
                ("period_start", "in", [start for start, _end in months]),
            ],
            ["activity_id", "period_start:day", "kind", "rule_id"],
            ["base:sum"],
        ):
            done[(activity.id, fields.Date.to_date(start))][(kind, rule)] = base
        vals_list = []
        for start, end in months:
            for activity in activities:
                rule = rules[(activity, end)]
                due = defaultdict(float)
                if rule and rule.base == "margin":
                    due[("margin", rule)] = margins[(activity.id, start)]
                if rule and rule.fixed_fee:
                    due[("fee", rule)] = rule.fixed_fee
                taken = done[(activity.id, start)]
                for kind, r in set(due) | set(taken):
                    base = due.get((kind, r), 0.0) - taken.get((kind, r), 0.0)
                    if not company.currency_id.is_zero(base):
                        vals_list.append(
                            r._prepare_contribution_vals(
                                activity, kind, end, base, period_start=start, period_end=end
                            )
                        )
        return self._create_and_post(vals_list)

    @api.model
    def _cron_run_open_months(self):
        """Run every month of the fiscal year up to last month that no lock date protects:
        a document posted late into a month already run is charged on the next run."""
        last_month = date_utils.subtract(fields.Date.context_today(self), months=1)
        for company in (
            self.env["res.company"].sudo().search([("coop_contribution_journal_id", "!=", False)])
        ):
            start = company.compute_fiscalyear_dates(last_month)["date_from"]
            months = [
                month
                for month in self._months(start, date_utils.end_of(last_month, "month"))
                if not company._get_violated_lock_dates(
                    month[1], False, company.coop_contribution_journal_id
                )
            ]
            try:
                self._run_months(company, months)
            except UserError as error:
                _logger.warning("Contributions of %s not run: %s", company.name, error)

    @api.model
    def _margins(self, rules, months):
        """{(activity id, month start): gross margin}: turnover excl. VAT minus the lines on
        the production cost accounts of the activity's rule, from posted lines."""
        margins = defaultdict(float)
        activity_ids = list({activity.id for activity, _day in rules})
        groups = (
            self.env["coop.activity.account"]
            .sudo()
            ._read_group(
                [
                    ("activity_id", "in", activity_ids),
                    ("date", ">=", months[0][0]),
                    ("date", "<=", months[-1][1]),
                ],
                ["activity_id", "account_id", "date:month"],
                ["turnover:sum", "result:sum"],
            )
        )
        ends = dict(months)
        for activity, account, month, turnover, result in groups:
            start = fields.Date.to_date(month)
            if start not in ends:
                continue
            rule = rules.get((activity, ends[start]))
            margins[(activity.id, start)] += turnover
            if rule and account in rule.cost_account_ids:
                margins[(activity.id, start)] += result  # result is minus the cost
        return margins

    @api.model
    def _months(self, date_from, date_to):
        """The whole months between two dates, as (first day, last day)."""
        months, day = [], date_utils.start_of(date_from, "month")
        if day < date_from:
            day = date_utils.add(day, months=1)
        while date_utils.end_of(day, "month") <= date_to:
            months.append((day, date_utils.end_of(day, "month")))
            day = date_utils.add(day, months=1)
        return months

    @api.model
    def _catch_up(self, company, date_from, date_to, activities=None):
        """Compute, exactly once, what is missing between two dates: the contributions of
        posted documents and payments that have none (posted before the addon was installed,
        or while a rule was missing), then the margin and fee runs of the whole months,
        except those a lock date protects."""
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        Move = self.env["account.move"].sudo()
        domain = [
            ("company_id", "=", company.id),
            ("state", "=", "posted"),
            ("move_type", "in", ("out_invoice", "out_refund", "out_receipt")),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
            ("coop_activity_id", "!=", False),
        ]
        if activities:
            domain.append(("coop_activity_id", "in", activities.ids))
        documents = Move.search(domain, order="date, id")
        contributions = self._contribute_documents(documents)
        contributions |= self._contribute_collections(
            documents, self.env["account.partial.reconcile"]
        )
        months = [
            (start, end)
            for start, end in self._months(date_from, date_to)
            if not company._get_violated_lock_dates(
                end, False, company.coop_contribution_journal_id
            )
        ]
        return contributions | self._run_months(company, months, activities)

    # Views

    def action_open_move(self):
        self.ensure_one()
        return self.move_id._get_records_action() if self.move_id else False
