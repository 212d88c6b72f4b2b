# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the two coop_contribution benchmarks share: activities (in plain Odoo, analytic
accounts of a plan of their own), customer invoices spread over them, posting in batches
as requests would, and plain Odoo posting what a contribution entry is: two lines on one
internal account, the amount moved from an activity's analytic account to the
structure's, in a journal of its own, created and posted in one batch."""

import argparse
import datetime

from harness import Meter, default_year, environment

from odoo import Command

WARMUP = 10
CUSTOMERS = 20
PLAN = "Bench activities"
# In plain Odoo, what the suite books its contribution entries with (res.company's
# _coop_contribution_setup): a general journal, the internal account 186000, and the
# structure's analytic account.
JOURNAL = {"name": "Contributions", "code": "CONTR", "type": "general"}
ACCOUNT = "186000"
STRUCTURE = "Bench structure"
# The suite's default rule: 10% of the invoiced turnover.
RATE = 10.0
# Where the suite's time goes: the inclusive time and queries of the outermost calls of
# these methods, as (model, method, the "model.method" they must be called from, or None:
# anywhere). A method a database lacks is left out.
PROBES = (
    ("account.move", "_coop_check_activity", None),
    ("coop.contribution", "_contribute_documents", None),
    ("account.move", "_coop_contributing_documents", "coop.contribution._contribute_documents"),
    ("coop.contribution.run", "_run", None),
    ("coop.contribution", "_run_months", None),
    ("coop.contribution", "_margins", None),
    ("coop.contribution.rule", "_rules_for", None),
    ("coop.contribution.rule", "_prepare_contribution_vals", None),
    ("coop.contribution", "_create_and_post", None),
    ("coop.contribution", "_live_totals", None),
    ("coop.contribution", "create", "coop.contribution._create_and_post"),
    ("coop.contribution", "_post_entries", None),
    ("coop.contribution", "_prepare_move_vals", None),
    ("account.move", "create", "coop.contribution._post_entries"),
    ("account.move", "_post", "coop.contribution._post_entries"),
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
    """count active activities (suite) or analytic accounts (plain Odoo, with what the
    suite's entries are booked with: see plain_books): [(activity, analytic)]."""
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
    plain_books(env, company, plan)
    return [(None, account) for account in accounts]


def plain_books(env, company, plan):
    """In plain Odoo, what the suite books its contribution entries with: a general
    journal of their own, the internal account and the structure's analytic account."""
    env["account.journal"].create(dict(JOURNAL, company_id=company.id))
    env["account.analytic.account"].create(
        {"name": STRUCTURE, "plan_id": plan.id, "company_id": company.id}
    )
    Account = env["account.account"]
    if not Account.search([*Account._check_company_domain(company), ("code", "=", ACCOUNT)]):
        Account.create(
            {
                "name": "Internal contributions",
                "code": ACCOUNT,
                "account_type": "liability_non_current",
                "company_ids": [Command.set(company.ids)],
            }
        )


class Entries:
    """Plain Odoo posting what the suite's contribution entry is (coop.contribution's
    _prepare_move_vals and _post_entries): two lines on the internal account, the amount
    debited on an activity's analytic account and credited on the structure's, created and
    posted in one batch, without chatter message, follower or tracking."""

    def __init__(self, env, company):
        Journal, Account = env["account.journal"], env["account.account"]
        self.journal = Journal.search(
            [*Journal._check_company_domain(company), ("code", "=", JOURNAL["code"])], limit=1
        )
        self.account = Account.search(
            [*Account._check_company_domain(company), ("code", "=", ACCOUNT)], limit=1
        )
        Analytic = env["account.analytic.account"]
        self.structure = Analytic.search([("name", "=", STRUCTURE)], limit=1)
        self.analytics = Analytic.search(
            [("plan_id.name", "=", PLAN), ("id", "!=", self.structure.id)], order="code"
        ).ids
        assert self.journal and self.account and self.structure, "no plain_books()"
        self.Move = env["account.move"].with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True, tracking_disable=True
        )

    def vals(self, day, ref, value, analytic):
        return {
            "move_type": "entry",
            "journal_id": self.journal.id,
            "company_id": self.journal.company_id.id,
            "date": day,
            "ref": ref,
            "line_ids": [
                Command.create(
                    {
                        "name": ref,
                        "account_id": self.account.id,
                        "balance": balance,
                        "analytic_distribution": {str(account): 100},
                    }
                )
                for account, balance in ((analytic, value), (self.structure.id, -value))
            ],
        }

    def post(self, vals_list):
        moves = self.Move.create(vals_list)
        moves._post(soft=False)
        return moves


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


def post_batches(env, ids, batch, contribute=None):
    """Post the invoices ``ids`` in batches, each as a request would: action_post (in
    plain Odoo then ``contribute(invoices)``: their contribution entries), flush, empty
    the cache."""
    Move = env["account.move"]
    for start in range(0, len(ids), batch):
        invoices = Move.browse(ids[start : start + batch])
        invoices.action_post()
        if contribute:
            contribute(invoices)
        env.flush_all()
        env.invalidate_all()


def step_floor(args):
    """Plain Odoo's own price of posting COUNT contribution entries (see Entries), created
    and posted in batches of BATCH, as the suite's are."""
    env, company = environment(args)
    entries = Entries(env, company)
    day = datetime.date(args.year, 6, 30)

    def post(count):
        for first in range(0, count, args.batch):
            entries.post(
                [
                    entries.vals(
                        day,
                        f"FLOOR-{index:05d}",
                        round(amount(index, 0) / 10.0, 2),
                        entries.analytics[index % len(entries.analytics)],
                    )
                    for index in range(first, min(first + args.batch, count))
                ]
            )
            env.flush_all()
            env.invalidate_all()

    post(WARMUP)
    env.cr.rollback()
    meter = Meter(env)
    post(args.count)
    figures = meter.figures()
    figures["posted"] = env["account.move"].search_count(
        [("journal_id", "=", entries.journal.id), ("state", "=", "posted")]
    )
    env.cr.rollback()
    return figures
