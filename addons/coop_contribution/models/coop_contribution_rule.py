# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.addons.coop_entrepreneur.models.res_partner import MEMBER_STATES
from odoo.exceptions import UserError, ValidationError

REVENUE_TYPES = ("income", "income_other")
# What a rule charges; frozen once it has charged (see CoopContributionRule.write).
FROZEN_FIELDS = {
    "base",
    "rate",
    "band_ids",
    "share_ids",
    "fixed_fee",
    "cost_account_ids",
    "company_id",
}
# Which documents a rule covers; documents follow a change (see CoopContributionRule.write).
SCOPE_FIELDS = {"date_from", "date_to", "active", "scope", "member_state", "activity_ids"}


class CoopContributionLevy(models.AbstractModel):
    """What a rule or one of its shares levies on a cumulative base."""

    _name = "coop.contribution.levy"
    _description = "Contribution levy"

    def _cumulative_amount(self, cumulative_base):
        """The amount due on a cumulative base of the fiscal year, before rounding."""
        self.ensure_one()
        return cumulative_base * self.rate / 100.0

    def _next_amount(self, done_base, done_amount, base):
        """The amount of one more ``base`` when ``done_base`` already contributed
        ``done_amount``: the levy on the new cumulative, rounded once, minus what was posted."""
        self.ensure_one()
        currency = self.company_id.currency_id
        # Bases are amounts of the currency: their sum is rounded, not left to float error.
        return currency.round(self._cumulative_amount(currency.round(done_base + base))) - (
            done_amount
        )


class CoopContributionRulePart(models.AbstractModel):
    """A band or a share: part of what a rule charges, frozen with it once it has charged."""

    _name = "coop.contribution.rule.part"
    _description = "Part of a contribution rule"

    @api.model_create_multi
    def create(self, vals_list):
        parts = super().create(vals_list)
        parts.rule_id._check_no_contribution()
        return parts

    def write(self, vals):
        self.rule_id._check_no_contribution()
        return super().write(vals)

    def unlink(self):
        self.rule_id._check_no_contribution()
        return super().unlink()


class CoopContributionRule(models.Model):
    _name = "coop.contribution.rule"
    _description = "Contribution rule"
    _inherit = ["mail.thread", "coop.contribution.levy"]
    _order = "company_id, scope desc, date_from desc, id"

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    scope = fields.Selection(
        [
            ("company", "Every activity (company default)"),
            ("member_state", "Activities of members in a state"),
            ("activity", "Chosen activities"),
        ],
        required=True,
        default="company",
        tracking=True,
        help="The most specific rule valid on a date applies: chosen activities first, then "
        "the member state, then the company default.",
    )
    member_state = fields.Selection(MEMBER_STATES, tracking=True)
    activity_ids = fields.Many2many("coop.activity", string="Activities", check_company=True)
    base = fields.Selection(
        [
            ("invoiced", "Turnover excl. VAT, invoiced"),
            ("collected", "Turnover excl. VAT, collected"),
            ("margin", "Gross margin"),
        ],
        required=True,
        default="invoiced",
        tracking=True,
        help="Invoiced: posted with each customer invoice. Collected: with each payment, pro "
        "rata. Gross margin: turnover excl. VAT minus production costs, by the period run.",
    )
    rate = fields.Float(
        "Rate (%)", digits=(5, 2), default=10.0, tracking=True, help="Rate up to the first band."
    )
    band_ids = fields.One2many("coop.contribution.band", "rule_id", string="Bands", copy=True)
    share_ids = fields.One2many(
        "coop.contribution.share",
        "rule_id",
        string="Other shares",
        copy=True,
        help="Other shares levied on the same base, each its own contribution and entry.",
    )
    fixed_fee = fields.Monetary(
        "Fixed monthly fee", tracking=True, help="Posted by the period run for each month."
    )
    cost_account_ids = fields.Many2many(
        "account.account",
        string="Production cost accounts",
        help="Gross margin base: what the activity's lines on these accounts cost is taken off "
        "its turnover (materials, goods for resale, subcontracting, mission expenses).",
    )
    date_from = fields.Date("Valid from", tracking=True)
    date_to = fields.Date("Valid to", tracking=True)

    @api.constrains("rate")
    def _check_rate(self):
        for rule in self:
            if not 0.0 <= rule.rate <= 100.0:
                raise ValidationError(
                    self.env._("The rate of %s must be between 0 and 100%%.", rule.name)
                )

    @api.constrains("cost_account_ids")
    def _check_cost_accounts(self):
        for rule in self:
            revenue = rule.cost_account_ids.filtered(lambda a: a.account_type in REVENUE_TYPES)
            if revenue:
                raise ValidationError(
                    self.env._(
                        "Production costs cannot be revenue accounts: remove %(accounts)s from %(rule)s.",
                        accounts=", ".join(revenue.mapped("display_name")),
                        rule=rule.name,
                    )
                )

    @api.constrains(
        "date_from", "date_to", "scope", "member_state", "activity_ids", "company_id", "active"
    )
    def _check_one_rule_per_scope(self):
        for rule in self.filtered("active"):
            if rule.date_from and rule.date_to and rule.date_to < rule.date_from:
                raise ValidationError(self.env._("%s ends before it starts.", rule.name))
            if rule.scope == "member_state" and not rule.member_state:
                raise ValidationError(self.env._("Choose the member state of %s.", rule.name))
            if rule.scope == "activity" and not rule.activity_ids:
                raise ValidationError(self.env._("Choose the activities of %s.", rule.name))
            domain = [
                ("id", "!=", rule.id),
                ("company_id", "=", rule.company_id.id),
                ("scope", "=", rule.scope),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", rule.date_from or "1900-01-01"),
                "|",
                ("date_from", "=", False),
                ("date_from", "<=", rule.date_to or "9999-12-31"),
            ]
            if rule.scope == "member_state":
                domain.append(("member_state", "=", rule.member_state))
            if rule.scope == "activity":
                domain.append(("activity_ids", "in", rule.activity_ids.ids))
            clash = self.search(domain, limit=1)
            if clash:
                raise ValidationError(
                    self.env._(
                        "%(rule)s and %(other)s apply to the same activities on the same dates: "
                        "end one before the other starts.",
                        rule=rule.name,
                        other=clash.name,
                    )
                )

    def _cumulative_amount(self, cumulative_base):
        """The contribution due on a cumulative base, before rounding (bands are progressive)."""
        self.ensure_one()
        if cumulative_base <= 0:
            return cumulative_base * self.rate / 100.0
        amount, floor, rate = 0.0, 0.0, self.rate
        for band in self.band_ids.sorted("threshold"):
            if cumulative_base <= band.threshold:
                break
            amount += (band.threshold - floor) * rate / 100.0
            floor, rate = band.threshold, band.rate
        return amount + (cumulative_base - floor) * rate / 100.0

    @api.model
    def _fiscal_year(self, company, day):
        dates = company.compute_fiscalyear_dates(day)
        return dates["date_from"], dates["date_to"]

    @api.model
    def _rule_for(self, activity, day, rules, exemptions):
        """The rule of an activity on a day among ``rules``, or None when one of
        ``exemptions`` covers the activity or a member on that day."""
        if exemptions._covers(activity, day):
            return None
        valid = rules.filtered(
            lambda r: (
                r.company_id == activity.company_id
                and (not r.date_from or r.date_from <= day)
                and (not r.date_to or r.date_to >= day)
            )
        )
        states = set(activity.sudo().member_ids.mapped("coop_member_state"))
        for candidate in (
            valid.filtered(lambda r: r.scope == "activity" and activity in r.activity_ids),
            valid.filtered(lambda r: r.scope == "member_state" and states == {r.member_state}),
            valid.filtered(lambda r: r.scope == "company"),
        ):
            if candidate:
                return candidate[0]
        return None

    @api.model
    @tools.ormcache()
    def _active_rule_ids(self):
        """Ids of the active rules of every company, in the rules' order: every posting
        looks them up, so they are kept in the registry's cache, cleared when a rule is
        made, goes, or changes what orders or selects it."""
        # A handful of rules per company.
        return tuple(self.sudo().with_context(active_test=True).search([]).ids)  # pylint: disable=no-search-all

    @api.model
    def _rules_for(self, activity_days):
        """{(activity, day): rule or None} for many activities and days, looked up with one
        query for the rules and one for the exemptions, whatever their number."""
        if not activity_days:
            return {}
        activities = self.env["coop.activity"].union(*(a for a, _day in activity_days))
        days = [day for _activity, day in activity_days]
        companies = activities.company_id
        rules = (
            self.sudo()
            .browse(self._active_rule_ids())
            .filtered(lambda r: r.company_id in companies)
            .with_env(self.env)
        )
        exemptions = self.env["coop.contribution.exemption"]._covering(
            activities, min(days), max(days)
        )
        return {
            (activity, day): self._rule_for(activity, day, rules, exemptions)
            for activity, day in activity_days
        }

    def _prepare_contribution_vals(self, activity, kind, day, base, **links):
        """The values of one contribution of ``activity`` under this rule, before its
        amount: the one way the three triggers (posting, payment, period run) describe
        what is due. A day a lock date protects moves to the first open day, and the
        contribution counts in that day's fiscal year."""
        self.ensure_one()
        company = self.company_id
        lock = company._get_violated_lock_dates(day, False, company.coop_contribution_journal_id)
        if lock:
            day = lock[-1][0] + timedelta(days=1)
        return {
            "company_id": company.id,
            "activity_id": activity.id,
            "rule_id": self.id,
            "kind": kind,
            "date": day,
            "fiscal_year": self._fiscal_year(company, day)[0],
            "base": base,
            **links,
        }

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self.env.registry.clear_cache()
        rules._follow()
        return rules

    def write(self, vals):
        """What a rule charges is fixed once it has charged: a change of rate, base, bands
        or fee takes a new rule from the day it applies, so the past stays as booked. A
        change of dates, scope or activities moves documents to the rule now valid on
        their date."""
        if set(vals) & FROZEN_FIELDS:
            self._check_no_contribution()
        before = [r._coverage() for r in self]
        res = super().write(vals)
        if set(vals) & (SCOPE_FIELDS | {"company_id"}):
            self.env.registry.clear_cache()
        if set(vals) & SCOPE_FIELDS:
            self._follow(before)
        return res

    def unlink(self):
        self._check_no_contribution()
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    def _coverage(self):
        """(activities, first day, last day) this rule covers: its chosen activities, or
        every activity of its company."""
        self.ensure_one()
        activities = (
            self.activity_ids
            if self.scope == "activity"
            else self.env["coop.activity"]
            .sudo()
            .search([("company_id", "=", self.company_id.id), ("kind", "=", "activity")])
        )
        return (activities.sudo(), self.date_from, self.date_to)

    def _follow(self, before=()):
        """The documents these rules covered (``before``) and cover follow them (see
        ``coop.contribution._follow_rules``)."""
        if self.env.context.get("coop_contribution_no_follow"):
            return
        for activities, date_from, date_to in list(before) + [r._coverage() for r in self]:
            self.env["coop.contribution"]._follow_rules(activities, date_from, date_to)

    def _check_no_contribution(self):
        used = self.env["coop.contribution"].sudo().search([("rule_id", "in", self.ids)], limit=1)
        if used:
            raise UserError(
                self.env._(
                    "%s has already charged contributions: end it the day before the change "
                    "and create a new rule from that day.",
                    used.rule_id.name,
                )
            )


class CoopContributionBand(models.Model):
    _name = "coop.contribution.band"
    _description = "Contribution band"
    _inherit = ["coop.contribution.rule.part"]
    _order = "rule_id, threshold"

    rule_id = fields.Many2one(
        "coop.contribution.rule", required=True, ondelete="cascade", index=True
    )
    currency_id = fields.Many2one(related="rule_id.currency_id")
    threshold = fields.Monetary(
        "From",
        required=True,
        help="Cumulative base of the activity over the fiscal year above which this rate applies.",
    )
    rate = fields.Float("Rate (%)", digits=(5, 2), required=True)

    @api.constrains("threshold", "rate")
    def _check_band(self):
        for band in self:
            if not 0.0 <= band.rate <= 100.0:
                raise ValidationError(self.env._("A band's rate must be between 0 and 100%."))
            if band.threshold <= 0:
                raise ValidationError(
                    self.env._("A band starts above zero: the rule's own rate applies below.")
                )
            if (
                len(band.rule_id.band_ids.filtered(lambda b, t=band.threshold: b.threshold == t))
                > 1
            ):
                raise ValidationError(
                    self.env._(
                        "Two bands of %(rule)s start at %(threshold)s: bands must not overlap.",
                        rule=band.rule_id.name,
                        threshold=band.threshold,
                    )
                )


class CoopContributionShare(models.Model):
    _name = "coop.contribution.share"
    _description = "Contribution share"
    _inherit = ["coop.contribution.levy", "coop.contribution.rule.part"]
    _order = "rule_id, sequence, id"

    rule_id = fields.Many2one(
        "coop.contribution.rule", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="rule_id.company_id")
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    rate = fields.Float("Rate (%)", digits=(5, 2), required=True)
    destination = fields.Selection(
        [("internal", "Kept by the cooperative"), ("external", "Owed to an outside body")],
        required=True,
        default="internal",
    )
    expense_account_id = fields.Many2one(
        "account.account",
        string="Charged on",
        help="Expense account charged to the activity's analytic account.",
    )
    liability_account_id = fields.Many2one(
        "account.account", string="Owed on", help="Liability account of the outside body."
    )
    partner_id = fields.Many2one("res.partner", string="Outside body")

    @api.constrains("rate", "destination", "expense_account_id", "liability_account_id")
    def _check_share(self):
        for share in self:
            if not 0.0 <= share.rate <= 100.0:
                raise ValidationError(
                    self.env._("The rate of %s must be between 0 and 100%%.", share.name)
                )
            if share.destination == "external" and not (
                share.expense_account_id and share.liability_account_id
            ):
                raise ValidationError(
                    self.env._(
                        "%s is owed to an outside body: choose the expense account it is "
                        "charged on and the liability account it is owed on.",
                        share.name,
                    )
                )
