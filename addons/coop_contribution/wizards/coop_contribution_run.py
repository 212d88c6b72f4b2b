# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, date_utils, format_date

_logger = logging.getLogger(__name__)


class CoopContributionRun(models.TransientModel):
    _name = "coop.contribution.run"
    _description = "Contributions on gross margin and fixed fees for a period"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(
        required=True,
        default=lambda self: date_utils.start_of(
            date_utils.subtract(fields.Date.today(), months=1), "month"
        ),
    )
    date_to = fields.Date(
        required=True,
        default=lambda self: date_utils.end_of(
            date_utils.subtract(fields.Date.today(), months=1), "month"
        ),
    )
    activity_ids = fields.Many2many(
        "coop.activity", string="Activities", help="Leave empty for every activity of the company."
    )

    @api.model
    def _cron_last_month(self):
        last_month = date_utils.subtract(fields.Date.context_today(self), months=1)
        for company in self.env["res.company"].search(
            [("coop_contribution_journal_id", "!=", False)]
        ):
            run = self.create(
                {
                    "company_id": company.id,
                    "date_from": date_utils.start_of(last_month, "month"),
                    "date_to": date_utils.end_of(last_month, "month"),
                }
            )
            try:
                run._run()
            except UserError as error:
                _logger.warning("Contributions of %s not run: %s", company.name, error)

    def action_run(self):
        self.ensure_one()
        moves = self._run()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Contributions posted"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", moves.ids)],
        }

    def _run(self):
        """Post, per activity, what its margin and fixed fee owe for the period minus what
        earlier runs posted for it: running again posts only the difference."""
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(self.env._("The period ends before it starts."))
        company = self.company_id
        lock = company._get_violated_lock_dates(
            self.date_to, False, company.coop_contribution_journal_id
        )
        if lock:
            raise UserError(
                self.env._(
                    "The period %(start)s – %(end)s is locked (%(lock)s): its contributions are never changed.",
                    start=format_date(self.env, self.date_from),
                    end=format_date(self.env, self.date_to),
                    lock=company._format_lock_dates(lock),
                )
            )
        activities = self.activity_ids or self.env["coop.activity"].search(
            [
                ("company_id", "=", company.id),
                ("kind", "=", "activity"),
                ("state", "in", ("active", "suspended")),
            ]
        )
        Rule = self.env["coop.contribution.rule"].sudo()
        rules = Rule._rules_for([(activity, self.date_to) for activity in activities])
        chosen = {activity: rules[(activity, self.date_to)] for activity in activities}
        margins = self._margins(chosen)
        posted = self._posted()
        months = Rule._month_count(self.date_from, self.date_to)
        Move = self.env["account.move"].with_company(company)
        no_document = self.env["account.move"]
        margin_plans, fee_plans = [], []
        for activity, rule in chosen.items():
            # An exempt activity owes nothing: what was posted for the period is given back.
            margin = margins.get(activity.id, 0.0) if rule and rule.base == "margin" else 0.0
            done_margin = posted["margin"].get(activity.id, 0.0)
            if rule and not company.currency_id.is_zero(margin - done_margin):
                margin_plans.append(
                    (activity, no_document, rule, margin - done_margin, self.date_to)
                )
            fee = rule.fixed_fee * months if rule else 0.0
            done_fee = posted["fee"].get(activity.id, 0.0)
            if rule and not company.currency_id.is_zero(fee - done_fee):
                fee_plans.append((activity, no_document, rule, fee - done_fee, self.date_to))
        period = (self.date_from, self.date_to)
        return Move._coop_post_contributions(
            "margin", margin_plans, period
        ) | Move._coop_post_contributions("fee", fee_plans, period)

    def _margins(self, chosen):
        """Gross margin of each activity over the period: turnover excl. VAT minus the lines
        on its rule's production cost accounts, from posted lines."""
        Account = self.env["coop.activity.account"].sudo()
        domain = [
            ("activity_id", "in", [a.id for a in chosen]),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
        ]
        margins = defaultdict(float)
        for activity, account, turnover, result in Account._read_group(
            domain, ["activity_id", "account_id"], ["turnover:sum", "result:sum"]
        ):
            rule = chosen.get(activity)
            margins[activity.id] += turnover
            if rule and account in rule.cost_account_ids:
                margins[activity.id] += result  # result is minus the cost
        return margins

    def _posted(self):
        """The base earlier runs posted for exactly this period: {kind: {activity id: base}}."""
        self.env["account.move"].flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT m.coop_contribution_kind, m.coop_activity_id, SUM(m.coop_contribution_base)
                  FROM account_move m
                 WHERE m.state = 'posted' AND m.coop_contribution_kind IN ('margin', 'fee')
                   AND m.coop_contribution_date_from = %s AND m.coop_contribution_date_to = %s
                   AND m.company_id = %s
                 GROUP BY m.coop_contribution_kind, m.coop_activity_id
                """,
                self.date_from,
                self.date_to,
                self.company_id.id,
            )
        )
        posted = {"margin": {}, "fee": {}}
        for kind, activity_id, base in rows:
            posted[kind][activity_id] = base or 0.0
        return posted
