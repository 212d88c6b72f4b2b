# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each live contribution entry of 18.0.1 becomes a ``coop.contribution`` with the same base
and amount; its entry, which inflated classes 6 and 7, is reversed in the open period (a
posted entry is never edited) and the contribution is booked anew, neutral."""

import logging

from openupgradelib import openupgrade

from odoo import fields

_logger = logging.getLogger(__name__)


@openupgrade.migrate()
def migrate(env, version):
    # The monthly run now lives on the contributions (its cron record is noupdate).
    cron = env.ref("coop_contribution.ir_cron_contribution_month", raise_if_not_found=False)
    if cron:
        cron.write(
            {
                "model_id": env.ref("coop_contribution.model_coop_contribution").id,
                "code": "model._cron_run_open_months()",
            }
        )
    if not openupgrade.table_exists(env.cr, "coop_contribution_legacy"):
        return
    env["res.company"]._coop_contribution_setup_all()
    env.cr.execute("SELECT * FROM coop_contribution_legacy ORDER BY date, move_id")
    rows = env.cr.dictfetchall()
    Move = env["account.move"].sudo()
    Rule = env["coop.contribution.rule"].sudo().with_context(active_test=False)
    Activity = env["coop.activity"].sudo().with_context(active_test=False)
    today = fields.Date.context_today(env.user)
    reversals, vals_list = [], []
    for row in rows:
        move = Move.browse(row["move_id"])
        rule = Rule.browse(row["rule_id"]).exists()
        if not rule or not row["activity_id"]:
            _logger.warning(
                "Contribution entry %s has no rule or activity: left as it is", move.name
            )
            continue
        day = (
            move._get_accounting_date(today, False)
            if move.inalterable_hash or move._get_violated_lock_dates(move.date, False)
            else move.date
        )
        reversals.append((move, day))
        links = {
            "source_move_id": row["source_move_id"],
            "partial_id": row["partial_id"]
            and env["account.partial.reconcile"].browse(row["partial_id"]).exists().id,
            "period_start": row["period_start"],
            "period_end": row["period_end"],
        }
        vals = rule._prepare_contribution_vals(
            Activity.browse(row["activity_id"]),
            row["kind"],
            day,
            row["base"] or 0.0,
            **{name: value for name, value in links.items() if value},
        )
        vals["amount"] = row["amount"] or 0.0
        vals_list.append(vals)
    if reversals:
        Move.union(*(move for move, _day in reversals))._reverse_moves(
            [
                {"date": day, "ref": env._("Rebooked neutral: %s", move.ref or move.name)}
                for move, day in reversals
            ],
            cancel=True,
        )
    env["coop.contribution"]._create_and_post(vals_list)
    openupgrade.logged_query(env.cr, "DROP TABLE coop_contribution_legacy")
