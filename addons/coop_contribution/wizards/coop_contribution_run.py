# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import date_utils, format_date


class CoopContributionRun(models.TransientModel):
    """Asks for a period; the contributions themselves compute what it owes."""

    _name = "coop.contribution.run"
    _description = "Contributions of a period"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    catch_up = fields.Boolean(
        help="Also give their contributions to the documents and payments of the period "
        "that have none (after installing into an existing database)."
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
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if values.get("catch_up"):
            today = fields.Date.context_today(self)
            company = self.env["res.company"].browse(values.get("company_id")) or self.env.company
            values["date_from"] = company.compute_fiscalyear_dates(today)["date_from"]
            values["date_to"] = today
        return values

    def action_run(self):
        self.ensure_one()
        contributions = self._run()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Contributions posted"),
            "res_model": "coop.contribution",
            "view_mode": "list,form",
            "domain": [("id", "in", contributions.ids)],
        }

    def _run(self):
        self.ensure_one()
        Contribution = self.env["coop.contribution"]
        if self.date_to < self.date_from:
            raise UserError(self.env._("The period ends before it starts."))
        company = self.company_id
        if self.catch_up:
            return Contribution._catch_up(
                company, self.date_from, self.date_to, self.activity_ids or None
            )
        months = Contribution._months(self.date_from, self.date_to)
        if not months or months[0][0] != self.date_from or months[-1][1] != self.date_to:
            raise UserError(
                self.env._(
                    "Margins and fixed fees are computed by whole months: start the period on "
                    "the first day of a month and end it on the last day of a month."
                )
            )
        lock = company._get_violated_lock_dates(
            self.date_to, False, company.coop_contribution_journal_id
        )
        if lock:
            raise UserError(
                self.env._(
                    "The period %(start)s – %(end)s is locked (%(lock)s): its contributions "
                    "are never changed.",
                    start=format_date(self.env, self.date_from),
                    end=format_date(self.env, self.date_to),
                    lock=company._format_lock_dates(lock),
                )
            )
        return Contribution._run_months(company, months, self.activity_ids or None)
