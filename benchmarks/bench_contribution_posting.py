#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Posting customer invoices with their contributions (coop_contribution), beside plain
Odoo posting the same invoices and as many two-line entries.

    python benchmarks/bench_contribution_posting.py --quick

Two databases copied from the template: PREFIX_suite (coop_contribution: its default
rule, 10% of the invoiced turnover, gives each customer invoice a coop.contribution and
its two-line entry, posted in one batch with the invoices) and PREFIX_plain (plain Odoo
accounting, with the suite's journal, internal account 186000 and a structure analytic
account). In each: ACTIVITIES activities (in plain Odoo as many analytic accounts, the
lines carrying the same 100% distribution the suite gives them), then INVOICES draft
customer invoices of LINES lines (20% VAT) spread over them and over a year. Each
measurement runs in its own process: it posts a few warm-up invoices and rolls them back,
then times posting in batches of each of BATCHES, flushing and emptying the cache after
each batch as a request would, and rolls back. The suite posts with action_post(); plain
Odoo with action_post() then, in one batch, one entry per invoice as the suite's: two
lines on 186000, 10% of the invoice's untaxed amount moved from its analytic account to
the structure's (no chatter message, follower or tracking). Printed: both times, their
ratio (target: at most 1.10), the extra queries per invoice at each batch size (target:
they do not grow with the batch), where the suite's time goes, and a query profile: each
query attributed to its statement and to the innermost line of the suite's code on the
stack that is not a mere super() call (--no-profile to skip).
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


def _posting(env, company, meter):
    """post(ids, batch): in the suite, action_post() (the contributions follow); in plain
    Odoo, action_post() then the invoices' entries in one batch (contribution.Entries).
    With the figures of plain Odoo's entries, added up as they are posted (None: suite)."""
    if contribution.is_suite(env):
        return lambda ids, batch: contribution.post_batches(env, ids, batch), None
    entries = contribution.Entries(env, company)
    # Each invoice's analytic account, read beforehand: the suite has it on the activity.
    invoices = env["account.move"].browse(_bench_ids(env, "WARMUP-") + _bench_ids(env, "BENCH-"))
    analytic = {
        invoice.id: int(next(iter(invoice.invoice_line_ids[:1].analytic_distribution)))
        for invoice in invoices
    }
    env.invalidate_all()
    totals = {}

    def contribute(posted):
        mark = meter.mark()
        entries.post(
            [
                entries.vals(
                    invoice.date,
                    f"Contribution: {invoice.name}",
                    invoice.company_currency_id.round(
                        invoice.amount_untaxed_signed * contribution.RATE / 100.0
                    ),
                    analytic[invoice.id],
                )
                for invoice in posted
            ]
        )
        harness.add_figures(totals, meter.since(mark))

    return (lambda ids, batch: contribution.post_batches(env, ids, batch, contribute)), totals


def _warm_up(env, post, batch):
    post(_bench_ids(env, "WARMUP-"), min(batch, WARMUP))
    env.cr.rollback()


def step_post(args):
    env, company = harness.environment(args)
    probes = harness.Probes(env, contribution.PROBES)
    meter = harness.Meter(env)
    post, entries = _posting(env, company, meter)
    ids = _bench_ids(env, "BENCH-")
    assert len(ids) == args.invoices, f"{len(ids)} draft invoices, {args.invoices} expected"
    _warm_up(env, post, args.batch)
    probes.reset()
    if entries is not None:
        entries.clear()
    mark = meter.mark()
    post(ids, args.batch)
    result = meter.since(mark)
    Move = env["account.move"]
    result["posted"] = Move.search_count([("id", "in", ids), ("state", "=", "posted")])
    if entries is None:
        result["contributions"] = env["coop.contribution"].search_count(
            [("source_move_id", "in", ids), ("state", "=", "posted")]
        )
        result["entries_posted"] = Move.search_count(
            [("coop_contribution_id.source_move_id", "in", ids), ("state", "=", "posted")]
        )
        result["probes"] = probes.stats
    else:
        result["entries_posted"] = Move.search_count(
            [("ref", "=like", "Contribution: %"), ("state", "=", "posted")]
        )
        result["entries"] = entries
    env.cr.rollback()
    return result


def step_profile(args):
    env, company = harness.environment(args)
    post, _entries = _posting(env, company, harness.Meter(env))
    ids = _bench_ids(env, "BENCH-")
    _warm_up(env, post, args.batch)
    with harness.QueryProfile() as profile:
        post(ids, args.batch)
    env.cr.rollback()
    return profile.result()


def _batches(args):
    return sorted({min(int(size), args.invoices) for size in args.batches.split(",")})


def _verdict(ratio):
    return "met" if ratio <= 1.10 else "MISSED"


def _report_posting(args, results):
    """results[(kind, batch)] = [measurement, ...]; the one of least CPU is kept."""
    big = args.invoices
    batches = _batches(args)
    best = {key: min(values, key=cpu_total) for key, values in results.items()}
    cpu_label = "CPU Odoo+PG" if all(r["cpu_db"] is not None for r in best.values()) else "CPU Odoo"
    write()
    write(
        f"Posting {big} customer invoices of {args.lines} lines over {args.activities} "
        f"activities: the suite (action_post, the contributions follow) vs plain Odoo "
        f"(action_post, then {big} two-line entries, one batch per batch of invoices); "
        f"flushed; best of {args.repeat}; ratio suite / plain, target at most 1.10:"
    )
    write(
        f"  {'batch':>5} | {'wall: suite':>11} {'plain':>8} {'ratio':>5} | "
        f"{cpu_label + ': suite':>18} {'plain':>8} {'ratio':>5} | "
        f"{'queries/invoice: suite':>22} {'plain':>6} {'extra':>6}"
    )
    extras = {}
    for batch in batches:
        plain, suite = best[("plain", batch)], best[("suite", batch)]
        plain_q, suite_q = per(plain["queries"], big), per(suite["queries"], big)
        extras[batch] = suite_q - plain_q
        write(
            f"  {batch:>5} | {suite['seconds']:>9.2f} s {plain['seconds']:>6.2f} s "
            f"{per(suite['seconds'], plain['seconds']):>5.2f} | "
            f"{cpu_total(suite):>16.2f} s {cpu_total(plain):>6.2f} s "
            f"{per(cpu_total(suite), cpu_total(plain)):>5.2f} | "
            f"{suite_q:>22.2f} {plain_q:>6.2f} {extras[batch]:>+6.2f}"
        )
    for batch in batches:
        plain, suite = best[("plain", batch)], best[("suite", batch)]
        wall = per(suite["seconds"], plain["seconds"])
        cpu = per(cpu_total(suite), cpu_total(plain))
        write(
            f"  batch {batch}: suite {suite['seconds']:.2f} s wall, {cpu_total(suite):.2f} s CPU; "
            f"plain Odoo {plain['seconds']:.2f} s wall, {cpu_total(plain):.2f} s CPU; ratio "
            f"{wall:.2f} wall ({_verdict(wall)}), {cpu:.2f} CPU ({_verdict(cpu)}; target 1.10)"
        )
    # Extra queries per invoice at batch b = per_invoice + per_batch / b.
    small, large = batches[0], batches[-1]
    per_batch = per(extras[small] - extras[large], 1 / small - 1 / large)
    grows = any(extras[b] > extras[a] + 0.05 for a, b in zip(batches, batches[1:], strict=False))
    write(
        "  extra queries per invoice, suite minus plain Odoo: "
        + ", ".join(f"{extras[batch]:+.2f} (batch {batch})" for batch in batches)
        + f", i.e. {extras[large] - per_batch / large:+.2f} per invoice {per_batch:+.1f} per "
        f"batch -> {'they GROW' if grows else 'they do not grow'} with the batch"
    )
    for batch in batches:
        plain, suite = best[("plain", batch)], best[("suite", batch)]
        entries = plain["entries"]
        write(
            f"  batch {batch}: the suite posted {suite['contributions']} contributions and "
            f"{suite['entries_posted']} entries; plain Odoo {plain['entries_posted']} entries, "
            f"in {entries['seconds']:.2f} s wall, {cpu_total(entries):.2f} s CPU, "
            f"{per(entries['queries'], big):.2f} queries/invoice "
            f"({100 * per(cpu_total(entries), cpu_total(plain)):.0f}% of its CPU)"
        )
    write(
        "  where the suite's time goes (outermost calls, inclusive; "
        "wall s and queries per invoice at each batch size):"
    )
    probes = {batch: best[("suite", batch)]["probes"] for batch in batches}
    called, width = harness.probes_at_work(*probes.values())
    write(f"    {'':<{width}}" + "".join(f" {'batch ' + str(batch):>17}" for batch in batches))
    for name in called:
        write(
            f"    {name:<{width}}"
            + "".join(
                f" {probes[b][name][0]:>7.2f} s {per(probes[b][name][1], big):>7.2f}"
                for b in batches
            )
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


def _columns(values):
    return " ".join(f"{value:>9.2f}" for value in values)


def _minus_plain(profiles, batch, counter, prefix=""):
    """The suite's queries counted by ``counter`` minus plain Odoo's by statement (these
    keyed as prefix + statement)."""
    extra = Counter(profiles[("suite", batch)][counter])
    for signature, count in profiles[("plain", batch)]["signature"].items():
        extra[prefix + signature] -= count
    return extra


def _report_profile(args, profiles, top=12):
    big = args.invoices
    batches = _batches(args)
    header = " ".join(f"{'batch ' + str(batch):>9}" for batch in batches)
    write()
    write(
        "Profile, suite: queries per invoice by the innermost line of the suite's code on "
        "the stack, super() calls excepted ('odoo': none, Odoo's own work):"
    )
    write(f"  {header}  origin")
    suites = [profiles[("suite", batch)] for batch in batches]
    origins = sorted(
        set().union(*(suite["origin"] for suite in suites)),
        key=lambda o: -max(suite["origin"].get(o, 0) for suite in suites),
    )
    for origin in origins[:top]:
        source = next((s["sources"][origin] for s in suites if s["sources"].get(origin)), "")
        write(
            f"  {_columns(per(s['origin'].get(origin, 0), big) for s in suites)}  "
            f"{origin}  {source}"
        )
    write()
    write(
        "Profile: the suite's extra queries per invoice by statement (suite minus plain "
        "Odoo), largest first:"
    )
    write(f"  {header}  statement")
    extras = [_minus_plain(profiles, batch, "signature") for batch in batches]
    signatures = sorted(
        set().union(*extras), key=lambda s: -max(abs(extra.get(s, 0)) for extra in extras)
    )
    for signature in signatures[:top]:
        write(f"  {_columns(per(extra.get(signature, 0), big) for extra in extras)}  {signature}")
    write(f"  {_columns(per(sum(extra.values()), big) for extra in extras)}  total")
    write()
    write(
        "Profile: the suite's extra queries per invoice by origin and statement ('odoo' rows: "
        "suite minus plain Odoo), largest differences between the batch sizes first:"
    )
    write(f"  {header}  statement / origin")
    extras = [_minus_plain(profiles, batch, "both", "odoo\t") for batch in batches]
    keys = sorted(
        set().union(*extras),
        key=lambda k: -(max(e.get(k, 0) for e in extras) - min(e.get(k, 0) for e in extras)),
    )
    for key in keys[:top]:
        origin, signature = key.split("\t")
        write(f"  {_columns(per(e.get(key, 0), big) for e in extras)}  {signature:<36} {origin}")


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
    results = {}
    for _repeat in range(args.repeat):
        for batch in _batches(args):
            for kind, database in kinds:
                result = harness.run_step(args, "post", database, batch=batch)
                assert result["posted"] == result["entries_posted"] == args.invoices, result
                results.setdefault((kind, batch), []).append(result)
                write(
                    f"  posted {result['posted']} in batches of {batch} on {database}: "
                    f"{result['seconds']:.2f} s, {result['queries']} queries"
                )
    _report_posting(args, results)
    if not args.no_profile:
        profiles = {
            (kind, batch): harness.run_step(args, "profile", database, batch=batch)
            for batch in _batches(args)
            for kind, database in kinds
        }
        _report_profile(args, profiles)
    harness.drop_databases(args, databases.values())


if __name__ == "__main__":
    parser = harness.parser(__doc__, "coop_bench_posting")
    contribution.add_options(parser, activities=100)
    parser.add_argument("--invoices", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=3, help="lines per invoice")
    parser.add_argument(
        "--batches", default="1,10,1000", help="batch sizes, at most INVOICES (one batch)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="timed posting measurements")
    harness.main(
        parser,
        {
            "generate": step_generate,
            "post": step_post,
            "profile": step_profile,
        },
        run,
        quick={"activities": 10, "invoices": 100, "batches": "1,10,100"},
    )
