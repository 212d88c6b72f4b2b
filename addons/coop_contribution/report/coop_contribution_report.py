# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.account_move import CONTRIBUTION_KINDS


class CoopContributionReport(models.Model):
    """One row per posted contribution entry, its amount read from the activity's line."""

    _name = "coop.contribution.report"
    _description = "Contributions"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "move_id"
    _depends = {
        "account.move": [
            "state",
            "date",
            "company_id",
            "coop_activity_id",
            "coop_contribution_kind",
            "coop_contribution_rule_id",
            "coop_contribution_source_id",
            "coop_contribution_base",
            "partner_id",
        ],
        "account.move.line": ["balance", "move_id", "coop_contribution_side"],
    }

    move_id = fields.Many2one("account.move", string="Entry", readonly=True)
    activity_id = fields.Many2one("coop.activity", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(readonly=True)
    kind = fields.Selection(CONTRIBUTION_KINDS, readonly=True)
    rule_id = fields.Many2one("coop.contribution.rule", readonly=True)
    source_id = fields.Many2one("account.move", string="Document", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    base = fields.Monetary(readonly=True)
    amount = fields.Monetary(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT m.id, m.id AS move_id, m.coop_activity_id AS activity_id, m.company_id,
                           m.date, m.coop_contribution_kind AS kind,
                           m.coop_contribution_rule_id AS rule_id,
                           m.coop_contribution_source_id AS source_id, src.partner_id,
                           m.coop_contribution_base AS base, l.balance AS amount
                      FROM account_move m
                      JOIN account_move_line l ON l.move_id = m.id AND l.coop_contribution_side = 'activity'
                 LEFT JOIN account_move src ON src.id = m.coop_contribution_source_id
                     WHERE m.state = 'posted' AND m.coop_contribution_kind IS NOT NULL
                )
                """,
                SQL.identifier(self._table),
            )
        )
