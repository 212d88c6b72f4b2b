# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the two coop_contribution benchmarks share: activities (in plain Odoo, analytic
accounts of a plan of their own), customer invoices spread over them, posting in batches
as requests would, and plain Odoo's price of one posted two-line entry."""

import argparse
import datetime

from harness import Meter, default_year, environment

from odoo import Command

WARMUP = 10
CUSTOMERS = 20
PLAN = "Bench activities"
# Methods of account.move whose inclusive time and queries are measured (outermost call
# only), and the suite method they must be called from (None: anywhere).
PROBES = (
    ("_coop_check_activity", None),
    ("_coop_post_invoiced_contributions", None),
    ("_coop_post_contributions", None),
    ("create", "_coop_post_contributions"),
    ("_post", "_coop_post_contributions"),
)


def add_options(parser, activities):
    parser.add_argument("--year", type=int, default=default_year())
    parser.add_argument("--activities", type=int, default=activities)
    parser.add_argument("--no-profile", action="store_true", help="skip the query profile")
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)


def is_suite(env):
    return "coop.activity" in env


def journals(env, company):
    Journal = env["account.journal"]
    domain = Journal._check_company_domain(company)
    sale = Journal.search([*domain, ("type", "=", "sale")], limit=1)
    purchase = Journal.search([*domain, ("type", "=", "purchase")], limit=1)
    return sale, purchase


def customers(env, count=CUSTOMERS):
    return env["res.partner"].create(
        [{"name": f"Bench client {index:02d}", "is_company": True} for index in range(count)]
    )


def targets(env, company, count, code):
    """count active activities (suite) or analytic accounts (plain Odoo): [(activity, analytic)]."""
    if is_suite(env):
        activities = env["coop.activity"].create(
            [
                {"name": f"Bench activity {index:03d}", "code": f"{code}{index:03d}"}
                for index in range(count)
            ]
        )
        activities.action_activate()
        return [(activity, activity.analytic_account_id) for activity in activities]
    plan = env["account.analytic.plan"].create({"name": PLAN})
    accounts = env["account.analytic.account"].create(
        [
            {
                "name": f"Bench activity {index:03d}",
                "code": f"{code}{index:03d}",
                "plan_id": plan.id,
                "company_id": company.id,
            }
            for index in range(count)
        ]
    )
    return [(None, account) for account in accounts]


def invoice_vals(journal, partner, day, target, amounts, ref):
    """A customer invoice of one line per amount (the journal's income account, the company's
    sale tax), on the target's activity, or in plain Odoo on its analytic account at 100%."""
    activity, analytic = target
    company = journal.company_id
    line = {
        "quantity": 1,
        "account_id": journal.default_account_id.id,
        "tax_ids": [Command.set(company.account_sale_tax_id.ids)],
    }
    if activity is None:
        line["analytic_distribution"] = {str(analytic.id): 100}
    vals = {
        "move_type": "out_invoice",
        "journal_id": journal.id,
        "partner_id": partner.id,
        "invoice_date": day,
        "ref": ref,
        "invoice_line_ids": [
            Command.create(dict(line, name=f"{ref} line {index}", price_unit=amount))
            for index, amount in enumerate(amounts, 1)
        ],
    }
    if activity is not None:
        vals["coop_activity_id"] = activity.id
    return vals


def create_moves(env, vals_list, chunk=200):
    Move = env["account.move"].with_context(default_move_type="out_invoice")
    for start in range(0, len(vals_list), chunk):
        Move.create(vals_list[start : start + chunk])
        env.flush_all()
        env.invalidate_all()
    env.cr.execute("ANALYZE account_move; ANALYZE account_move_line")
    env.cr.commit()


def amount(index, line):
    return round(100 + (index * 7919 + line * 104729) % 190000 / 100.0, 2)


def post_batches(env, ids, batch):
    """Post the invoices ``ids`` in batches, each as a request would: flush, empty cache."""
    Move = env["account.move"]
    for start in range(0, len(ids), batch):
        Move.browse(ids[start : start + batch]).action_post()
        env.flush_all()
        env.invalidate_all()


def step_floor(args):
    """Plain Odoo's own price of the smallest posted entry: COUNT two-line journal entries
    (miscellaneous journal, each line on one of the bench's analytic accounts, no chatter
    message, follower or tracking: what the suite's contribution entry is), created and
    posted in batches of BATCH, as the suite's are."""
    env, company = environment(args)
    Journal, Account = env["account.journal"], env["account.account"]
    journal = Journal.search(
        [*Journal._check_company_domain(company), ("type", "=", "general")], limit=1
    )
    paid, received = (
        Account.search([*Account._check_company_domain(company), ("code", "=like", code)], limit=1)
        for code in ("628%", "706%")
    )
    analytics = (
        env["account.analytic.account"].search([("plan_id.name", "=", PLAN)], order="code").ids
    )
    day = datetime.date(args.year, 6, 30)
    Move = env["account.move"].with_context(
        mail_create_nolog=True, mail_create_nosubscribe=True, tracking_disable=True
    )

    def entry(index):
        value = round(amount(index, 0) / 10.0, 2)
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "date": day,
            "ref": f"FLOOR-{index:05d}",
            "line_ids": [
                Command.create(
                    {
                        "name": f"FLOOR-{index:05d}",
                        "account_id": account.id,
                        "balance": balance,
                        "analytic_distribution": {str(analytic): 100},
                    }
                )
                for account, balance, analytic in (
                    (paid, value, analytics[index % len(analytics)]),
                    (received, -value, analytics[0]),
                )
            ],
        }

    def post(count):
        for first in range(0, count, args.batch):
            Move.create([entry(i) for i in range(first, min(first + args.batch, count))])._post(
                soft=False
            )
            env.flush_all()
            env.invalidate_all()

    post(WARMUP)
    env.cr.rollback()
    meter = Meter(env)
    post(args.count)
    figures = meter.figures()
    env.cr.rollback()
    return figures
