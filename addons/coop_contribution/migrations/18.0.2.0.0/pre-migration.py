# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""18.0.1 kept contributions as flagged journal entries (628600 / 706900). Set aside what
each live one said before the update drops those fields; post-migration turns them into
``coop.contribution`` records and rebooks them neutral."""

from openupgradelib import openupgrade


@openupgrade.migrate()
def migrate(env, version):
    openupgrade.logged_query(env.cr, "DROP VIEW IF EXISTS coop_contribution_report")
    if not openupgrade.column_exists(env.cr, "account_move", "coop_contribution_kind"):
        return
    # Live: posted, not a reversal, not reversed (18.0.1 undid a contribution by reversal).
    openupgrade.logged_query(
        env.cr,
        """
        CREATE TABLE coop_contribution_legacy AS
        SELECT m.id AS move_id, m.date, m.coop_activity_id AS activity_id,
               m.coop_contribution_kind AS kind, m.coop_contribution_rule_id AS rule_id,
               m.coop_contribution_source_id AS source_move_id,
               m.coop_contribution_partial_id AS partial_id, m.coop_contribution_base AS base,
               m.coop_contribution_date_from AS period_start,
               m.coop_contribution_date_to AS period_end,
               (SELECT SUM(l.balance) FROM account_move_line l
                 WHERE l.move_id = m.id AND l.coop_contribution_side = 'activity') AS amount
          FROM account_move m
         WHERE m.state = 'posted' AND m.coop_contribution_kind IS NOT NULL
           AND m.reversed_entry_id IS NULL
           AND NOT EXISTS (
                SELECT 1 FROM account_move r
                 WHERE r.reversed_entry_id = m.id AND r.state = 'posted')
        """,
    )
