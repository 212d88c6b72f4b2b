#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The monthly contribution run of coop_contribution, beside plain Odoo.

    python benchmarks/bench_contribution_run.py --quick

Two databases copied from the template: PREFIX_suite (coop_contribution) and PREFIX_plain
(plain Odoo accounting). In each: ACTIVITIES activities (in plain Odoo, analytic accounts)
with INVOICES_PER_ACTIVITY one-line invoices each over the year, posted in batches of
POST_BATCH, timed. In the suite, under a gross margin rule (13.5%, a fixed fee of 30 a
month, the purchase journal's expense account as production cost; the default invoiced
rule is archived, so posting creates no contribution). Then the period run
(coop.contribution.run._run()) for MONTH, timed, and run again (it posts only the
difference: nothing), beside plain Odoo posting as many two-line entries in one batch.
"""

import datetime
import json

import contribution
import harness
from harness import cpu_total, per, write

from odoo import Command

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
        "invoiced_contributions": env["account.move"].search_count(
            [("coop_contribution_kind", "=", "invoiced")]
        )
        if suite
        else 0,
    }
    Param.set_param(GENERATED_PARAM, json.dumps(result))
    env.cr.execute("ANALYZE account_move; ANALYZE account_move_line")
    env.cr.commit()
    return result


def step_run(args):
    env, company = harness.environment(args)
    date_from = datetime.date(args.year, args.month, 1)
    date_to = (date_from + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    vals = {"company_id": company.id, "date_from": date_from, "date_to": date_to}
    run = env["coop.contribution.run"].create(vals)
    env.flush_all()
    probes = harness.Probes(env, "account.move", contribution.PROBES)
    results = []
    for _attempt in range(2):
        env.invalidate_all()
        probes.reset()
        meter = harness.Meter(env)
        moves = run._run()
        env.flush_all()
        figures = meter.figures()
        kinds = moves.mapped("coop_contribution_kind")
        results.append(
            {
                **figures,
                "entries": len(moves),
                "margin": kinds.count("margin"),
                "fee": kinds.count("fee"),
                "probes": {name: list(stat) for name, stat in probes.stats.items()},
            }
        )
    activities = env["coop.activity"].search_count(
        [("kind", "=", "activity"), ("state", "in", ("active", "suspended"))]
    )
    env.cr.rollback()
    result = {"period": f"{date_from} – {date_to}", "activities": activities, "runs": results}
    if not args.no_profile:
        run = env["coop.contribution.run"].create(vals)
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
        f"  period run {run['period']} ({run['activities']} activities): "
        f"{first['seconds']:.1f} s wall, {first['queries']} queries, "
        f"{first['entries']} entries ({first['margin']} margin, {first['fee']} fixed fee), "
        f"{1000 * per(first['seconds'], first['entries']):.0f} ms per entry"
    )
    harness.beside(
        f"period run, CPU Odoo+PostgreSQL for {first['entries']} entries",
        cpu_total(first),
        cpu_total(floor),
        baseline_label=f"plain Odoo posting {first['entries']} two-line entries",
    )
    write(
        f"  run again (posts only the difference): {again['seconds']:.1f} s wall, "
        f"{again['queries']} queries, {again['entries']} entries"
    )
    write(
        f"  the run takes {100 * per(first['seconds'], suite['post_seconds']):.1f}% of the wall "
        f"time of posting the year's invoices ({100 * per(cpu_total(first), suite['post_cpu']):.1f}% "
        f"of its CPU), {100 * per(first['seconds'] * invoices, suite['post_seconds'] * activities):.0f}% "
        "of posting one month's"
    )
    for name, (seconds, queries) in first["probes"].items():
        if queries:
            write(f"    {name:<44} {seconds:>7.2f} s wall {queries:>7} queries")
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
