#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Posting customer invoices with coop_contribution, beside plain Odoo.

    python benchmarks/bench_contribution_posting.py --quick

Two databases copied from the template: PREFIX_suite (coop_contribution: its default
rule, 10% of the invoiced turnover, posts one contribution entry per customer invoice)
and PREFIX_plain (plain Odoo accounting). In each: ACTIVITIES activities (in plain Odoo
as many analytic accounts, the lines carrying the same 100% distribution the suite gives
them), then INVOICES draft customer invoices of LINES lines (20% VAT) spread over them and
over a year. Each measurement runs in its own process: it posts a few warm-up invoices
and rolls them back, then times action_post() in batches of SMALL_BATCH or in one batch
of INVOICES, flushing and emptying the cache after each batch as a request would, and
rolls back. Then plain Odoo's own price of one more posted two-line entry per invoice
(--no-floor to skip), and a query profile: each query attributed to its statement and to
the innermost line of the suite's code on the stack that is not a mere super() call
(--no-profile to skip).
"""

import datetime
from collections import Counter

import contribution
import harness
from contribution import WARMUP
from harness import cpu_total, per, write


def _bench_ids(env, prefix):
    return (
        env["account.move"]
        .search([("ref", "=like", f"{prefix}%"), ("state", "=", "draft")], order="ref")
        .ids
    )


def step_generate(args):
    env, company = harness.environment(args)
    sale, _purchase = contribution.journals(env, company)
    meter = harness.Meter(env)
    targets = contribution.targets(env, company, args.activities, "BENCH")
    partners = contribution.customers(env)
    first = datetime.date(args.year, 1, 1)
    # Warm-up invoices on the first day, the measured ones spread over the year.
    invoices = [("WARMUP", index, first) for index in range(WARMUP)] + [
        ("BENCH", index, first + datetime.timedelta(days=index * 365 // args.invoices))
        for index in range(args.invoices)
    ]
    vals_list = [
        contribution.invoice_vals(
            sale,
            partners[index % len(partners)],
            day,
            targets[index % len(targets)],
            [contribution.amount(index, line) for line in range(args.lines)],
            f"{prefix}-{index:05d}",
        )
        for prefix, index, day in invoices
    ]
    contribution.create_moves(env, vals_list)
    return {"invoices": args.invoices, "seconds": meter.figures()["seconds"]}


def _warm_up(env, batch):
    contribution.post_batches(env, _bench_ids(env, "WARMUP-"), min(batch, WARMUP))
    env.cr.rollback()


def step_post(args):
    env, _company = harness.environment(args)
    suite = contribution.is_suite(env)
    probes = harness.Probes(env, "account.move", contribution.PROBES) if suite else None
    ids = _bench_ids(env, "BENCH-")
    assert len(ids) == args.invoices, f"{len(ids)} draft invoices, {args.invoices} expected"
    _warm_up(env, args.batch)
    if probes:
        probes.reset()
    meter = harness.Meter(env)
    contribution.post_batches(env, ids, args.batch)
    result = meter.figures()
    Move = env["account.move"]
    result["posted"] = Move.search_count([("id", "in", ids), ("state", "=", "posted")])
    if suite:
        result["contributions"] = Move.search_count(
            [("coop_contribution_source_id", "in", ids), ("state", "=", "posted")]
        )
        result["probes"] = probes.stats
    env.cr.rollback()
    return result


def step_profile(args):
    env, _company = harness.environment(args)
    ids = _bench_ids(env, "BENCH-")
    _warm_up(env, args.batch)
    with harness.QueryProfile() as profile:
        contribution.post_batches(env, ids, args.batch)
    env.cr.rollback()
    return profile.result()


def _report_posting(args, results):
    """results[(kind, batch)] = [measurement, ...]; the one of least CPU is kept."""
    big = args.invoices
    batches = (args.small_batch, big)
    best = {key: min(values, key=cpu_total) for key, values in results.items()}
    cpu_label = (
        "CPU Odoo+PostgreSQL" if all(r["cpu_db"] is not None for r in best.values()) else "CPU Odoo"
    )
    write()
    write(
        f"Posting {args.invoices} customer invoices of {args.lines} lines over "
        f"{args.activities} activities (action_post + flush; best of {args.repeat}):"
    )
    write(
        f"  {'batch':>5} | {'wall: plain':>11} {'suite':>8} {'extra':>7} | "
        f"{cpu_label + ': plain':>26} {'suite':>8} {'extra':>7} | "
        f"{'queries/invoice: plain':>22} {'suite':>6} {'extra':>6}"
    )
    extras = {}
    for batch in batches:
        plain, suite = best[("plain", batch)], best[("suite", batch)]
        wall = 100.0 * (suite["seconds"] - plain["seconds"]) / plain["seconds"]
        cpu = 100.0 * (cpu_total(suite) - cpu_total(plain)) / cpu_total(plain)
        plain_q, suite_q = per(plain["queries"], big), per(suite["queries"], big)
        extras[batch] = (wall, cpu, suite_q - plain_q)
        write(
            f"  {batch:>5} | {plain['seconds']:>9.2f} s {suite['seconds']:>6.2f} s {wall:>+6.1f}% | "
            f"{cpu_total(plain):>24.2f} s {cpu_total(suite):>6.2f} s {cpu:>+6.1f}% | "
            f"{plain_q:>22.2f} {suite_q:>6.2f} {suite_q - plain_q:>+6.2f}"
        )
    for batch in batches:
        harness.beside(
            f"CPU per invoice, batch {batch}, suite",
            1000 * per(cpu_total(best[("suite", batch)]), big),
            1000 * per(cpu_total(best[("plain", batch)]), big),
            unit="ms",
        )
    for batch in batches:
        suite = best[("suite", batch)]
        write(
            f"  suite, batch {batch}: {suite['contributions']} contribution entries posted, of which"
        )
        for name, (seconds, queries) in suite["probes"].items():
            write(
                f"    {name:<44} {seconds:>7.2f} s wall {per(queries, big):>7.2f} queries/invoice"
            )
    if args.repeat > 1:
        for key, values in sorted(results.items()):
            write(
                f"  {key[0]} batch {key[1]}: wall "
                + ", ".join(f"{r['seconds']:.2f}" for r in values)
                + " s; CPU "
                + ", ".join(f"{cpu_total(r):.2f}" for r in values)
                + " s"
            )
    worst_wall = max(extra[0] for extra in extras.values())
    worst_cpu = max(extra[1] for extra in extras.values())
    write(
        f"  extra time of the suite: {worst_wall:+.1f}% wall, {worst_cpu:+.1f}% CPU at worst "
        f"(target: under 15%) -> {'met' if max(worst_wall, worst_cpu) < 15 else 'MISSED'}"
    )
    small, large = extras[args.small_batch][2], extras[big][2]
    # Extra queries per invoice at batch b = per_invoice + per_batch / b.
    per_batch = (small - large) / (1 / args.small_batch - 1 / big)
    per_invoice = small - per_batch / args.small_batch
    write(
        f"  extra queries per invoice: {small:.2f} (batch {args.small_batch}) vs {large:.2f} "
        f"(batch {big}), i.e. {per_invoice:.2f} per invoice + {per_batch:.1f} per batch "
        f"(target: the same for both) -> "
        f"{'met' if abs(small - large) < 0.5 else 'MISSED'} as written (within 0.5); "
        f"{'they do not grow' if large <= small + 0.05 else 'they GROW'} with the batch"
    )


def _report_floor(args, results, floors):
    """Beside the suite's extra time per invoice: what one posted two-line entry costs in
    plain Odoo, and the 15% budget."""
    big = args.invoices
    write()
    write(
        f"Plain Odoo's smallest posted entry ({big} two-line entries with analytic "
        "distribution, no chatter; what a contribution entry is), beside the 15% budget:"
    )
    for batch in (args.small_batch, big):
        plain = min(results[("plain", batch)], key=cpu_total)
        suite = min(results[("suite", batch)], key=cpu_total)
        floor = floors[batch]
        invoice_ms = 1000 * per(cpu_total(plain), big)
        entry_ms = 1000 * per(cpu_total(floor), big)
        extra_ms = 1000 * per(cpu_total(suite) - cpu_total(plain), big)
        write(
            f"  batch {batch:>4}: plain invoice {invoice_ms:.1f} ms, plain two-line entry "
            f"{entry_ms:.1f} ms ({100 * entry_ms / invoice_ms:.0f}% of an invoice), "
            f"{per(floor['queries'], big):.2f} queries; the suite's extra {extra_ms:.1f} ms; "
            f"15% budget {0.15 * invoice_ms:.1f} ms (CPU Odoo+PostgreSQL per invoice)"
        )


def _report_profile(args, profiles, top=12):
    big = args.invoices
    batches = (args.small_batch, big)
    write()
    write(
        "Profile, suite: queries per invoice by the innermost line of the suite's code on "
        "the stack, super() calls excepted ('odoo': none, Odoo's own work):"
    )
    write(f"  {'batch ' + str(batches[0]):>10} {'batch ' + str(batches[1]):>10}  origin")
    small, large = profiles[("suite", batches[0])], profiles[("suite", batches[1])]
    origins = sorted(
        set(small["origin"]) | set(large["origin"]),
        key=lambda o: -max(small["origin"].get(o, 0), large["origin"].get(o, 0)),
    )
    for origin in origins[:top]:
        write(
            f"  {per(small['origin'].get(origin, 0), big):>10.2f} "
            f"{per(large['origin'].get(origin, 0), big):>10.2f}  {origin}  "
            f"{small['sources'].get(origin) or large['sources'].get(origin, '')}"
        )
    write()
    write("Profile: queries per invoice by statement, plain Odoo vs suite (largest differences):")
    write(
        f"  {'plain ' + str(batches[0]):>9} {'suite ' + str(batches[0]):>9} "
        f"{'plain ' + str(batches[1]):>11} {'suite ' + str(batches[1]):>11}  statement"
    )
    columns = [
        profiles[(kind, batch)]["signature"] for batch in batches for kind in ("plain", "suite")
    ]
    signatures = sorted(
        set().union(*columns),
        key=lambda s: (
            -max(
                abs(columns[1].get(s, 0) - columns[0].get(s, 0)),
                abs(columns[3].get(s, 0) - columns[2].get(s, 0)),
            )
        ),
    )
    for signature in signatures[:top]:
        values = [per(column.get(signature, 0), big) for column in columns]
        write(
            f"  {values[0]:>9.2f} {values[1]:>9.2f} {values[2]:>11.2f} {values[3]:>11.2f}  "
            f"{signature}"
        )
    write()
    write(
        "Profile: the suite's extra queries per invoice by origin and statement ('odoo' rows: "
        "suite minus plain Odoo), largest differences between the batch sizes first:"
    )
    write(
        f"  {'batch ' + str(batches[0]):>10} {'batch ' + str(batches[1]):>10}  statement / origin"
    )
    extras = []
    for batch in batches:
        suite, plain = profiles[("suite", batch)], profiles[("plain", batch)]
        extra = Counter(suite["both"])
        for signature, count in plain["signature"].items():
            extra[f"odoo\t{signature}"] -= count
        extras.append(extra)
    keys = sorted(
        set(extras[0]) | set(extras[1]),
        key=lambda k: -abs(extras[0].get(k, 0) - extras[1].get(k, 0)),
    )
    for key in keys[:top]:
        origin, signature = key.split("\t")
        write(
            f"  {per(extras[0].get(key, 0), big):>10.2f} {per(extras[1].get(key, 0), big):>10.2f}"
            f"  {signature:<36} {origin}"
        )
    write(
        f"  {per(sum(extras[0].values()), big):>10.2f} {per(sum(extras[1].values()), big):>10.2f}"
        "  total"
    )


def run(args):
    databases = harness.create_databases(args, {"suite": "coop_contribution", "plain": ""})
    kinds = list(databases.items())
    if not args.skip_setup:
        for database in databases.values():
            generated = harness.run_step(args, "generate", database)
            write(
                f"{database}: {generated['invoices']} draft invoices (+{WARMUP} for warm-up) "
                f"created in {generated['seconds']:.0f} s"
            )
    batches = (args.small_batch, args.invoices)
    results = {}
    for _repeat in range(args.repeat):
        for batch in batches:
            for kind, database in kinds:
                result = harness.run_step(args, "post", database, batch=batch)
                assert result["posted"] == args.invoices, result
                results.setdefault((kind, batch), []).append(result)
                write(
                    f"  posted {result['posted']} in batches of {batch} on {database}: "
                    f"{result['seconds']:.2f} s, {result['queries']} queries"
                )
    _report_posting(args, results)
    if not args.no_floor:
        floors = {
            batch: harness.run_step(
                args, "floor", databases["plain"], batch=batch, count=args.invoices
            )
            for batch in batches
        }
        _report_floor(args, results, floors)
    if not args.no_profile:
        profiles = {
            (kind, batch): harness.run_step(args, "profile", database, batch=batch)
            for batch in batches
            for kind, database in kinds
        }
        _report_profile(args, profiles)
    harness.drop_databases(args, databases.values())


if __name__ == "__main__":
    parser = harness.parser(__doc__, "coop_bench_posting")
    contribution.add_options(parser, activities=100)
    parser.add_argument("--invoices", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=3, help="lines per invoice")
    parser.add_argument("--small-batch", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1, help="timed posting measurements")
    parser.add_argument(
        "--no-floor", action="store_true", help="skip plain Odoo's two-line entry measure"
    )
    harness.main(
        parser,
        {
            "generate": step_generate,
            "post": step_post,
            "profile": step_profile,
            "floor": contribution.step_floor,
        },
        run,
        quick={"activities": 10, "invoices": 100},
    )
