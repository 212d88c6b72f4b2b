#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The monthly contribution run of coop_contribution, beside plain Odoo.

    python benchmarks/bench_contribution_run.py --quick

Two databases copied from the template: PREFIX_suite (coop_contribution) and PREFIX_plain
(plain Odoo accounting). In each: ACTIVITIES activities (in plain Odoo, analytic accounts)
with INVOICES_PER_ACTIVITY one-line invoices each over the year, posted in batches of
POST_BATCH, timed. In the suite, under a gross margin rule (13.5%, a fixed fee of 30 a
month, the purchase journal's expense account as production cost; the default invoiced
rule is archived, so posting creates no contribution). Then the monthly run of MONTH
(the wizard coop.contribution.run's _run(), that is coop.contribution._run_months():
a margin and a fixed-fee contribution per activity, their two-line entries created and
posted in one batch), timed, and run again (it posts only the difference: nothing),
beside plain Odoo posting as many two-line entries of the same shape in one batch
(contribution.Entries): both times and their ratio (target: at most 1.10).
"""

import datetime
import json

import contribution
import harness
from contribution import WARMUP
from harness import cpu_total, per, write

from odoo import Command
from odoo.tools import date_utils

GENERATED_PARAM = "coop_bench_contrib.generated_run"


def _gross_margin_rule(env, company, purchase):
    Rule = env["coop.contribution.rule"]
    Rule.search([("company_id", "=", company.id)]).write({"active": False})
    Rule.create(
        {
            "name": "Bench gross margin",
            "company_id": company.id,
            "scope": "company",
            "base": "margin",
            "rate": 13.5,
            "fixed_fee": 30.0,
            "cost_account_ids": [Command.set(purchase.default_account_id.ids)],
        }
    )


def step_generate(args):
    """Generate and post the year of invoices once; later calls return the same figures."""
    env, company = harness.environment(args)
    Param = env["ir.config_parameter"]
    if Param.get_param(GENERATED_PARAM):
        return json.loads(Param.get_param(GENERATED_PARAM))
    suite = contribution.is_suite(env)
    sale, purchase = contribution.journals(env, company)
    if suite:
        _gross_margin_rule(env, company, purchase)
    meter = harness.Meter(env)
    targets = contribution.targets(env, company, args.activities, "RUN")
    partners = contribution.customers(env)
    vals_list = []
    for month in range(1, args.invoices_per_activity + 1):
        for number, target in enumerate(targets):
            index = (month - 1) * len(targets) + number
            day = datetime.date(args.year, (month - 1) % 12 + 1, 1 + number % 28)
            vals_list.append(
                contribution.invoice_vals(
                    sale,
                    partners[index % len(partners)],
                    day,
                    target,
                    [contribution.amount(index, 0)],
                    f"RUN-{index:06d}",
                )
            )
    contribution.create_moves(env, vals_list, chunk=500)
    created = meter.figures()["seconds"]
    ids = (
        env["account.move"]
        .search([("ref", "=like", "RUN-%"), ("state", "=", "draft")], order="invoice_date, id")
        .ids
    )
    env.invalidate_all()
    seconds, cpu, queries = 0.0, 0.0, 0
    for start in range(0, len(ids), args.post_batch):
        meter = harness.Meter(env)
        contribution.post_batches(env, ids[start : start + args.post_batch], args.post_batch)
        figures = meter.figures()
        seconds, cpu = seconds + figures["seconds"], cpu + cpu_total(figures)
        queries += figures["queries"]
        env.cr.commit()
    result = {
        "activities": len(targets),
        "invoices": len(ids),
        "created_seconds": created,
        "post_seconds": seconds,
        "post_cpu": cpu,
        "post_queries": queries,
        "invoiced_contributions": env["coop.contribution"].search_count([("kind", "=", "invoiced")])
        if suite
        else 0,
    }
    Param.set_param(GENERATED_PARAM, json.dumps(result))
    env.cr.execute("ANALYZE account_move; ANALYZE account_move_line")
    env.cr.commit()
    return result


def _month(company, year, month):
    """The wizard's values for a whole month."""
    date_from = datetime.date(year, month, 1)
    return {
        "company_id": company.id,
        "date_from": date_from,
        "date_to": date_utils.end_of(date_from, "month"),
    }


def step_run(args):
    env, company = harness.environment(args)
    # Warm-up, as plain Odoo's entries have theirs (contribution.step_floor): another
    # month's run for a few activities, rolled back.
    Run, Activity = env["coop.contribution.run"], env["coop.activity"]
    activities = Activity.search([("kind", "=", "activity")], limit=WARMUP)
    Run.create(
        {**_month(company, args.year, args.month % 12 + 1), "activity_ids": activities.ids}
    )._run()
    env.flush_all()
    env.cr.rollback()
    vals = _month(company, args.year, args.month)
    date_from, date_to = vals["date_from"], vals["date_to"]
    run = Run.create(vals)
    env.flush_all()
    probes = harness.Probes(env, contribution.PROBES)
    results = []
    for _attempt in range(2):
        env.invalidate_all()
        probes.reset()
        meter = harness.Meter(env)
        contributions = run._run()
        env.flush_all()
        figures = meter.figures()
        kinds = contributions.mapped("kind")
        moves = contributions.move_ids
        assert set(moves.mapped("state")) <= {"posted"}, moves.mapped("state")
        results.append(
            {
                **figures,
                "contributions": len(contributions),
                "entries": len(moves),
                "lines": len(moves.line_ids),
                "margin": kinds.count("margin"),
                "fee": kinds.count("fee"),
                "probes": {name: list(stat) for name, stat in probes.stats.items()},
            }
        )
    activities = Activity.search_count(
        [("kind", "=", "activity"), ("state", "in", ("active", "suspended"))]
    )
    env.cr.rollback()
    result = {"period": f"{date_from} – {date_to}", "activities": activities, "runs": results}
    if not args.no_profile:
        run = Run.create(vals)
        env.flush_all()
        env.invalidate_all()
        with harness.QueryProfile() as profile:
            run._run()
            env.flush_all()
        env.cr.rollback()
        result["profile"] = [
            (origin, count, harness.source(origin))
            for origin, count in profile.origin.most_common(12)
        ]
    return result


def _report(args, generated, run, floor):
    suite, plain = generated["suite"], generated["plain"]
    invoices, activities = suite["invoices"], suite["activities"]
    first, again = run["runs"]
    write()
    write(
        f"Monthly run: {activities} activities, {invoices} one-line invoices over {args.year} "
        f"under a gross margin rule ({suite['invoiced_contributions']} invoiced "
        f"contributions); drafts created in {suite['created_seconds']:.0f} s"
    )
    harness.beside(
        f"posting the {invoices} invoices (batches of {args.post_batch}), CPU Odoo+PostgreSQL, suite",
        suite["post_cpu"],
        plain["post_cpu"],
    )
    write(
        f"  posting, suite: {suite['post_seconds']:.1f} s wall "
        f"({1000 * per(suite['post_seconds'], invoices):.1f} ms, "
        f"{per(suite['post_queries'], invoices):.1f} queries per invoice; plain Odoo "
        f"{per(plain['post_queries'], invoices):.1f}); one month's share: "
        f"{per(suite['post_seconds'] * activities, invoices):.1f} s wall"
    )
    write(
        f"  monthly run {run['period']} ({run['activities']} activities): "
        f"{first['contributions']} contributions ({first['margin']} margin, {first['fee']} "
        f"fixed fee), {first['entries']} entries of {first['lines']} lines, "
        f"{first['seconds']:.2f} s wall, {first['queries']} queries, "
        f"{1000 * per(first['seconds'], first['entries']):.1f} ms per entry; plain Odoo posted "
        f"{floor['posted']} two-line entries in one batch, {floor['queries']} queries"
    )
    for label, figure, baseline in (
        ("wall", first["seconds"], floor["seconds"]),
        ("CPU Odoo+PostgreSQL", cpu_total(first), cpu_total(floor)),
    ):
        ratio = per(figure, baseline)
        write(
            f"  monthly run, {label}: suite {figure:.2f} s; plain Odoo posting the same "
            f"{floor['posted']} entries {baseline:.2f} s; ratio {ratio:.2f} "
            f"(target 1.10: {'met' if ratio <= 1.10 else 'MISSED'})"
        )
    write(
        f"  run again (posts only the difference): {again['seconds']:.2f} s wall, "
        f"{again['queries']} queries, {again['contributions']} contributions, "
        f"{again['entries']} entries"
    )
    write(
        f"  the run takes {100 * per(first['seconds'], suite['post_seconds']):.1f}% of the wall "
        f"time of posting the year's invoices ({100 * per(cpu_total(first), suite['post_cpu']):.1f}% "
        f"of its CPU), {100 * per(first['seconds'] * invoices, suite['post_seconds'] * activities):.0f}% "
        "of posting one month's"
    )
    write("  where the run's time goes (outermost calls, inclusive):")
    labels, width = harness.probes_at_work(first["probes"])
    for name in labels:
        seconds, queries = first["probes"][name]
        write(f"    {name:<{width}} {seconds:>7.2f} s wall {queries:>7} queries")
    if run.get("profile"):
        write("  queries of the first run by origin (the suite's line that caused them):")
        for origin, count, source in run["profile"]:
            write(f"    {count:>7}  {origin}  {source}")


def run(args):
    databases = harness.create_databases(args, {"suite": "coop_contribution", "plain": ""})
    generated = {}
    for kind, database in databases.items():
        generated[kind] = harness.run_step(args, "generate", database)
        write(f"{database}: {generated[kind]['invoices']} invoices created and posted")
    result = harness.run_step(args, "run", databases["suite"])
    entries = max(result["runs"][0]["entries"], 1)
    floor = harness.run_step(args, "floor", databases["plain"], batch=entries, count=entries)
    assert floor["posted"] == entries, floor
    _report(args, generated, result, floor)
    harness.drop_databases(args, databases.values())


if __name__ == "__main__":
    parser = harness.parser(__doc__, "coop_bench_run")
    contribution.add_options(parser, activities=700)
    parser.add_argument("--invoices-per-activity", type=int, default=12)
    parser.add_argument("--post-batch", type=int, default=100)
    parser.add_argument("--month", type=int, default=6, help="month of the run")
    harness.main(
        parser,
        {"generate": step_generate, "run": step_run, "floor": contribution.step_floor},
        run,
        quick={"activities": 20, "post_batch": 40},
    )
