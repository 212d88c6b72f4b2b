# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields


def _coop_contribution_post_init(env):
    """Give each company with a chart of accounts its contribution journal, account and rule,
    then the contributions of what it posted since the start of the fiscal year: an existing
    database starts with its year's contributions, computed once."""
    env["res.company"]._coop_contribution_setup_all()
    today = fields.Date.context_today(env.user)
    for company in env["res.company"].search([("coop_contribution_journal_id", "!=", False)]):
        start = company.compute_fiscalyear_dates(today)["date_from"]
        env["coop.contribution"]._catch_up(company, start, today)
