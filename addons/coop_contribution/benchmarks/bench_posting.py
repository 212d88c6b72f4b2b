#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Time posting customer invoices with coop_contribution against plain Odoo, and the monthly run.

    python addons/coop_contribution/benchmarks/bench_posting.py --config var/odoo.conf

Creates three databases from a template holding a French company (coop_tpl_demo):

- PREFIX_suite: l10n_fr_account and coop_contribution (its default rule, 10% of the
  invoiced turnover, posts one contribution entry per customer invoice);
- PREFIX_plain: l10n_fr_account alone (plain Odoo accounting);
- PREFIX_run: a copy of PREFIX_suite made before any data, for the monthly run.

The template was created with demo data: the demo flags of its modules are cleared
first so that --without-demo=all really installs the new modules without their demo data.

Posting: ACTIVITIES activities (in plain Odoo: as many analytic accounts, the lines
carrying the same 100% distribution that the suite gives them), then INVOICES draft
customer invoices of LINES lines (20% VAT) spread over them and over a year, created
before timing. Each measurement runs in its own process: it posts a few warm-up
invoices and rolls them back, then times action_post() on the invoices in batches of
SMALL_BATCH and, in another process, in one batch of INVOICES, flushing and emptying
the cache after each batch as a request would, and rolls back. It measures wall time
and CPU time (this process plus its PostgreSQL backend, read from /proc: steadier than
wall time on a machine shared with other work). Queries are counted over every cursor
(odoo.sql_db.sql_counter). A profile pass (unless --no-profile) posts again with each
query attributed to its statement and table and to the innermost line of the suite's
code on the stack that is not a mere super() call, to show which queries the suite adds.

Monthly run: RUN_ACTIVITIES activities, RUN_INVOICES one-line invoices each over the
year, posted in batches of RUN_POST_BATCH under a gross margin rule (13.5%, a fixed
fee of 30 a month, the purchase journal's expense account as production cost; the
default invoiced rule is archived, so posting creates no contribution), then the
period run (coop.contribution.run._run()) for one month, timed, and run again (it
posts only the difference: nothing). The databases are dropped at the end unless --keep.
"""

import argparse
import datetime
import json
import linecache
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL

WARMUP = 10
CUSTOMERS = 20
GENERATED_PARAM = "coop_bench_contrib.generated_run"
ADDONS = str(Path(__file__).resolve().parents[2]) + os.sep
BENCH_DIR = str(Path(__file__).resolve().parent) + os.sep
VERB = re.compile(r"\s*(\w+)")
TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)
# Methods of account.move whose inclusive time and queries are measured (outermost call
# only), and the suite method they must be called from (None: anywhere).
PROBES = (
    ("_coop_check_activity", None),
    ("_coop_post_invoiced_contributions", None),
    ("_coop_post_contributions", None),
    ("create", "_coop_post_contributions"),
    ("_post", "_coop_post_contributions"),
)


def _write(text=""):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _environment(args):
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    cr = registry.cursor()
    env = api.Environment(cr, SUPERUSER_ID, {})
    company = env.ref("base.main_company")
    assert company.chart_template == "fr", f"{company.name} has no French chart of accounts"
    return env(context={"allowed_company_ids": company.ids}), company


def _queries():
    return odoo.sql_db.sql_counter


def _is_suite(env):
    return "coop.activity" in env


def _journals(env, company):
    Journal = env["account.journal"]
    domain = Journal._check_company_domain(company)
    sale = Journal.search([*domain, ("type", "=", "sale")], limit=1)
    purchase = Journal.search([*domain, ("type", "=", "purchase")], limit=1)
    return sale, purchase


def _customers(env, count=CUSTOMERS):
    return env["res.partner"].create(
        [{"name": f"Bench client {index:02d}", "is_company": True} for index in range(count)]
    )


def _targets(env, company, count, code):
    """count active activities (suite) or analytic accounts (plain Odoo): [(activity, analytic)]."""
    if _is_suite(env):
        activities = env["coop.activity"].create(
            [
                {"name": f"Bench activity {index:03d}", "code": f"{code}{index:03d}"}
                for index in range(count)
            ]
        )
        activities.action_activate()
        return [(activity, activity.analytic_account_id) for activity in activities]
    plan = env["account.analytic.plan"].create({"name": "Bench activities"})
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


def _invoice_vals(journal, partner, day, target, amounts, income, tax, ref):
    activity, analytic = target
    line = {"quantity": 1, "account_id": income.id, "tax_ids": [Command.set(tax.ids)]}
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


def _create(env, vals_list, chunk=200):
    Move = env["account.move"].with_context(default_move_type="out_invoice")
    for start in range(0, len(vals_list), chunk):
        Move.create(vals_list[start : start + chunk])
        env.flush_all()
        env.invalidate_all()


def _amount(index, line):
    return round(100 + (index * 7919 + line * 104729) % 190000 / 100.0, 2)


def _post_batches(env, ids, batch):
    """Post the invoices ``ids`` in batches, each as a request would: flush, empty cache."""
    Move = env["account.move"]
    for start in range(0, len(ids), batch):
        Move.browse(ids[start : start + batch]).action_post()
        env.flush_all()
        env.invalidate_all()


def _bench_ids(env, prefix):
    return (
        env["account.move"]
        .search([("ref", "=like", f"{prefix}%"), ("state", "=", "draft")], order="ref")
        .ids
    )


def step_generate_posting(args):
    env, company = _environment(args)
    sale, _purchase = _journals(env, company)
    income, tax = sale.default_account_id, company.account_sale_tax_id
    started = time.perf_counter()
    targets = _targets(env, company, args.activities, "BENCH")
    partners = _customers(env)
    first = datetime.date(args.year, 1, 1)
    vals_list = []
    for index in range(WARMUP):
        vals_list.append(
            _invoice_vals(
                sale,
                partners[index % len(partners)],
                first,
                targets[index % len(targets)],
                [_amount(index, line) for line in range(args.lines)],
                income,
                tax,
                f"WARMUP-{index:05d}",
            )
        )
    for index in range(args.invoices):
        vals_list.append(
            _invoice_vals(
                sale,
                partners[index % len(partners)],
                first + datetime.timedelta(days=index * 365 // args.invoices),
                targets[index % len(targets)],
                [_amount(index, line) for line in range(args.lines)],
                income,
                tax,
                f"BENCH-{index:05d}",
            )
        )
    _create(env, vals_list)
    env.cr.execute("ANALYZE account_move; ANALYZE account_move_line")
    env.cr.commit()
    return {"invoices": args.invoices, "seconds": time.perf_counter() - started}


class _Probes:
    """Inclusive time and queries of the outermost calls of some suite methods."""

    def __init__(self, env):
        self.stats = {}
        self.depth = Counter()
        cls = env.registry["account.move"]
        for name, within in PROBES:
            label = f"{name} in {within}" if within else name
            self.stats[label] = [0.0, 0]
            setattr(cls, name, self._wrap(name, within, label, getattr(cls, name)))

    def _wrap(self, name, within, label, method):
        probes = self

        def wrapper(self, *args, **kwargs):
            if within and not probes.depth[within]:
                return method(self, *args, **kwargs)
            probes.depth[name] += 1
            started, queries = time.perf_counter(), _queries()
            try:
                return method(self, *args, **kwargs)
            finally:
                probes.depth[name] -= 1
                if not probes.depth[name]:
                    probes.stats[label][0] += time.perf_counter() - started
                    probes.stats[label][1] += _queries() - queries

        return wrapper

    def reset(self):
        for stat in self.stats.values():
            stat[0], stat[1] = 0.0, 0


class _Clock:
    """Wall time, and CPU time of this process and of its PostgreSQL backend (read from
    /proc when the server is on this machine, else None): on a machine shared with other
    work, CPU time is steadier than wall time."""

    def __init__(self, env):
        env.cr.execute("SELECT pg_backend_pid()")
        self.stat = f"/proc/{env.cr.fetchone()[0]}/stat"
        self.start = self._now()

    def _backend(self):
        try:
            with open(self.stat) as stat:
                values = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(values[11]) + int(values[12])) / os.sysconf("SC_CLK_TCK")

    def _now(self):
        return time.perf_counter(), time.process_time(), self._backend()

    def elapsed(self):
        wall, cpu, backend = self._now()
        start_wall, start_cpu, start_backend = self.start
        if backend is None or start_backend is None:
            return wall - start_wall, cpu - start_cpu, None
        return wall - start_wall, cpu - start_cpu, backend - start_backend


def step_post(args):
    env, company = _environment(args)
    suite = _is_suite(env)
    probes = _Probes(env) if suite else None
    warmup = _bench_ids(env, "WARMUP-")
    ids = _bench_ids(env, "BENCH-")
    assert len(ids) == args.invoices, f"{len(ids)} draft invoices, {args.invoices} expected"
    _post_batches(env, warmup, min(args.batch, WARMUP))
    env.cr.rollback()
    if probes:
        probes.reset()
    clock = _Clock(env)
    queries = _queries()
    _post_batches(env, ids, args.batch)
    queries = _queries() - queries
    seconds, cpu, cpu_db = clock.elapsed()
    Move = env["account.move"]
    posted = Move.search_count([("id", "in", ids), ("state", "=", "posted")])
    result = {
        "seconds": seconds,
        "cpu": cpu,
        "cpu_db": cpu_db,
        "queries": queries,
        "posted": posted,
    }
    if suite:
        result["contributions"] = Move.search_count(
            [("coop_contribution_source_id", "in", ids), ("state", "=", "posted")]
        )
        result["probes"] = probes.stats
    env.cr.rollback()
    return result


_SUITE_LINES = {}


def _suite_line(code, lineno):
    """True when this line of the suite's code does its own work, not just call super()."""
    key = (code.co_filename, lineno)
    if key not in _SUITE_LINES:
        name = code.co_filename
        _SUITE_LINES[key] = (
            name.startswith(ADDONS)
            and not name.startswith(BENCH_DIR)
            and "super()" not in linecache.getline(name, lineno)
        )
    return _SUITE_LINES[key]


def _origin():
    """The innermost line of the suite's code on the stack that is not a mere super() call
    (an override running Odoo's own method), else 'odoo'."""
    frame = sys._getframe(2)
    while frame is not None:
        if _suite_line(frame.f_code, frame.f_lineno):
            name = frame.f_code.co_filename[len(ADDONS) :]
            return f"{name}:{frame.f_lineno} {frame.f_code.co_name}"
        frame = frame.f_back
    return "odoo"


class _Profile:
    """Count every query by origin, by statement and by both, while active."""

    def __init__(self):
        self.origin, self.signature, self.both = Counter(), Counter(), Counter()
        self.execute = odoo.sql_db.Cursor.execute

    def __enter__(self):
        profile, execute = self, self.execute

        def counting_execute(self, query, params=None, log_exceptions=True):
            origin, signature = _origin(), _signature(query)
            profile.origin[origin] += 1
            profile.signature[signature] += 1
            profile.both[f"{origin}\t{signature}"] += 1
            return execute(self, query, params, log_exceptions)

        odoo.sql_db.Cursor.execute = counting_execute
        return self

    def __exit__(self, *exc):
        odoo.sql_db.Cursor.execute = self.execute

    def result(self):
        return {
            "origin": self.origin,
            "signature": self.signature,
            "both": self.both,
            "sources": {origin: _source(origin) for origin in self.origin},
        }


def _signature(query):
    code = query.code if isinstance(query, SQL) else query
    if isinstance(code, bytes):
        code = code.decode(errors="replace")
    verb = VERB.match(code)
    table = TABLE.search(code)
    return f"{verb.group(1).upper() if verb else '?'} {table.group(1) if table else ''}".strip()


def step_profile(args):
    env, _company = _environment(args)
    warmup = _bench_ids(env, "WARMUP-")
    ids = _bench_ids(env, "BENCH-")
    _post_batches(env, warmup, min(args.batch, WARMUP))
    env.cr.rollback()
    with _Profile() as profile:
        _post_batches(env, ids, args.batch)
    env.cr.rollback()
    return profile.result()


def step_generate_run(args):
    """Generate and post the year of invoices once; later calls return the same figures."""
    env, company = _environment(args)
    Param = env["ir.config_parameter"]
    if Param.get_param(GENERATED_PARAM):
        return json.loads(Param.get_param(GENERATED_PARAM))
    sale, purchase = _journals(env, company)
    income, tax = sale.default_account_id, company.account_sale_tax_id
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
    started = time.perf_counter()
    targets = _targets(env, company, args.run_activities, "RUN")
    partners = _customers(env)
    vals_list = []
    for month in range(1, args.run_invoices + 1):
        for number, target in enumerate(targets):
            index = (month - 1) * len(targets) + number
            day = datetime.date(args.year, (month - 1) % 12 + 1, 1 + number % 28)
            vals_list.append(
                _invoice_vals(
                    sale,
                    partners[index % len(partners)],
                    day,
                    target,
                    [_amount(index, 0)],
                    income,
                    tax,
                    f"RUN-{index:06d}",
                )
            )
    _create(env, vals_list, chunk=500)
    env.cr.execute("ANALYZE account_move; ANALYZE account_move_line")
    env.cr.commit()
    created = time.perf_counter() - started
    moves = env["account.move"].search(
        [("ref", "=like", "RUN-%"), ("state", "=", "draft")], order="invoice_date, id"
    )
    ids = moves.ids
    env.invalidate_all()
    seconds, cpu, queries = 0.0, 0.0, 0
    for start in range(0, len(ids), args.run_post_batch):
        clock, count = _Clock(env), _queries()
        _post_batches(env, ids[start : start + args.run_post_batch], args.run_post_batch)
        wall, own, backend = clock.elapsed()
        seconds, cpu = seconds + wall, cpu + own + (backend or 0.0)
        queries += _queries() - count
        env.cr.commit()
    invoiced = env["account.move"].search_count([("coop_contribution_kind", "=", "invoiced")])
    result = {
        "activities": len(targets),
        "invoices": len(ids),
        "created_seconds": created,
        "post_seconds": seconds,
        "post_cpu": cpu,
        "post_queries": queries,
        "invoiced_contributions": invoiced,
    }
    Param.set_param(GENERATED_PARAM, json.dumps(result))
    env.cr.execute("ANALYZE account_move; ANALYZE account_move_line")
    env.cr.commit()
    return result


def step_run(args):
    env, company = _environment(args)
    date_from = datetime.date(args.year, args.run_month, 1)
    date_to = (date_from + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    vals = {"company_id": company.id, "date_from": date_from, "date_to": date_to}
    run = env["coop.contribution.run"].create(vals)
    env.flush_all()
    probes = _Probes(env)
    results = []
    for _attempt in range(2):
        env.invalidate_all()
        probes.reset()
        clock, queries = _Clock(env), _queries()
        moves = run._run()
        env.flush_all()
        seconds, cpu, backend = clock.elapsed()
        results.append(
            {
                "seconds": seconds,
                "cpu": cpu + (backend or 0.0),
                "queries": _queries() - queries,
                "entries": len(moves),
                "margin": len(moves.filtered(lambda m: m.coop_contribution_kind == "margin")),
                "fee": len(moves.filtered(lambda m: m.coop_contribution_kind == "fee")),
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
        with _Profile() as profile:
            run._run()
            env.flush_all()
        env.cr.rollback()
        result["profile"] = [
            (origin, count, _source(origin)) for origin, count in profile.origin.most_common(12)
        ]
    return result


def step_floor(args):
    """Plain Odoo's own price of the smallest posted entry: as many two-line journal entries
    as invoices (miscellaneous journal, each line on one of the activities' analytic
    accounts, no chatter message, follower or tracking: what the suite's contribution entry
    is), created and posted in batches as the invoices are."""
    env, company = _environment(args)
    Journal, Account = env["account.journal"], env["account.account"]
    journal = Journal.search(
        [*Journal._check_company_domain(company), ("type", "=", "general")], limit=1
    )
    paid, received = (
        Account.search([*Account._check_company_domain(company), ("code", "=like", code)], limit=1)
        for code in ("628%", "706%")
    )
    analytics = (
        env["account.analytic.account"].search([("code", "=like", "BENCH%")], order="code").ids
    )
    day = datetime.date(args.year, 6, 30)
    Move = env["account.move"].with_context(
        mail_create_nolog=True, mail_create_nosubscribe=True, tracking_disable=True
    )

    def entry(index):
        amount = round(_amount(index, 0) / 10.0, 2)
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
                    (paid, amount, analytics[index % len(analytics)]),
                    (received, -amount, analytics[0]),
                )
            ],
        }

    def post(start, count):
        for first in range(start, start + count, args.batch):
            Move.create(
                [entry(i) for i in range(first, min(first + args.batch, start + count))]
            )._post(soft=False)
            env.flush_all()
            env.invalidate_all()

    post(0, WARMUP)
    env.cr.rollback()
    clock, queries = _Clock(env), _queries()
    post(0, args.invoices)
    queries = _queries() - queries
    seconds, cpu, cpu_db = clock.elapsed()
    env.cr.rollback()
    return {"seconds": seconds, "cpu": cpu, "cpu_db": cpu_db, "queries": queries}


STEPS = {
    "generate_posting": step_generate_posting,
    "post": step_post,
    "profile": step_profile,
    "generate_run": step_generate_run,
    "run": step_run,
    "floor": step_floor,
}


def _run_step(args, name, database, batch=None):
    command = [
        sys.executable,
        os.path.abspath(__file__),
        "--config",
        args.config,
        "--step",
        name,
        "--database",
        database,
        "--year",
        str(args.year),
        "--activities",
        str(args.activities),
        "--invoices",
        str(args.invoices),
        "--lines",
        str(args.lines),
        "--run-activities",
        str(args.run_activities),
        "--run-invoices",
        str(args.run_invoices),
        "--run-post-batch",
        str(args.run_post_batch),
        "--run-month",
        str(args.run_month),
        "--batch",
        str(batch or args.small_batch),
        *(["--no-profile"] if args.no_profile else []),
    ]
    started = time.perf_counter()
    process = subprocess.run(command, capture_output=True, text=True, check=False)
    if process.returncode:
        _write(f"step {name} on {database} failed:\n{process.stderr[-4000:]}")
        sys.exit(process.returncode)
    result = json.loads(process.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - started
    return result


def _pg(args):
    environ = dict(os.environ, PGPASSWORD=os.environ.get("PGPASSWORD", "odoo"))
    return ["-h", args.db_host, "-U", args.db_user], environ


def _createdb(args, database, template):
    connection, environ = _pg(args)
    subprocess.run(["dropdb", *connection, "--if-exists", database], check=True, env=environ)
    subprocess.run(["createdb", *connection, "-T", template, database], check=True, env=environ)


def _install(args, database, modules):
    connection, environ = _pg(args)
    if not args.demo:
        # The template's modules carry demo=True, which new modules inherit whatever
        # --without-demo says: clear it so that they install without demo data.
        subprocess.run(
            [
                "psql",
                *connection,
                "-q",
                "-d",
                database,
                "-c",
                "UPDATE ir_module_module SET demo = false",
            ],
            check=True,
            env=environ,
        )
    started = time.perf_counter()
    subprocess.run(
        [
            args.odoo_bin,
            "-c",
            args.config,
            "-d",
            database,
            "-i",
            modules,
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
        env=environ,
        capture_output=True,
    )
    return time.perf_counter() - started


def _dropdb(args, database):
    connection, environ = _pg(args)
    subprocess.run(["dropdb", *connection, "--if-exists", database], check=True, env=environ)


def _per(value, count):
    return value / count if count else 0.0


def _cpu_total(result):
    return result["cpu"] + (result["cpu_db"] or 0.0)


def _report_posting(args, results):
    """results[(kind, batch)] = [measurement, ...]; the fastest of the repeats is kept."""
    big = args.invoices
    batches = (args.small_batch, big)
    best = {key: min(values, key=_cpu_total) for key, values in results.items()}
    cpu_label = (
        "CPU Odoo+PostgreSQL" if all(r["cpu_db"] is not None for r in best.values()) else "CPU Odoo"
    )
    _write()
    _write(
        f"Posting {args.invoices} customer invoices of {args.lines} lines over "
        f"{args.activities} activities (action_post + flush; best of {args.repeat}):"
    )
    _write(
        f"  {'batch':>5} | {'wall: plain':>11} {'suite':>8} {'extra':>7} | "
        f"{cpu_label + ': plain':>26} {'suite':>8} {'extra':>7} | "
        f"{'queries/invoice: plain':>22} {'suite':>6} {'extra':>6}"
    )
    extras = {}
    for batch in batches:
        plain, suite = best[("plain", batch)], best[("suite", batch)]
        wall = 100.0 * (suite["seconds"] - plain["seconds"]) / plain["seconds"]
        cpu = 100.0 * (_cpu_total(suite) - _cpu_total(plain)) / _cpu_total(plain)
        plain_q, suite_q = _per(plain["queries"], big), _per(suite["queries"], big)
        extras[batch] = (wall, cpu, suite_q - plain_q)
        _write(
            f"  {batch:>5} | {plain['seconds']:>9.2f} s {suite['seconds']:>6.2f} s {wall:>+6.1f}% | "
            f"{_cpu_total(plain):>24.2f} s {_cpu_total(suite):>6.2f} s {cpu:>+6.1f}% | "
            f"{plain_q:>22.2f} {suite_q:>6.2f} {suite_q - plain_q:>+6.2f}"
        )
    _write(
        f"  per invoice: plain {1000 * _per(best[('plain', big)]['seconds'], big):.1f} ms, "
        f"suite {1000 * _per(best[('suite', big)]['seconds'], big):.1f} ms (wall, batch {big})"
    )
    for batch in batches:
        suite = best[("suite", batch)]
        _write(
            f"  suite, batch {batch}: {suite['contributions']} contribution entries posted, of which"
        )
        for name, (seconds, queries) in suite["probes"].items():
            _write(
                f"    {name:<44} {seconds:>7.2f} s wall {_per(queries, big):>7.2f} queries/invoice"
            )
    if args.repeat > 1:
        for key, values in sorted(results.items()):
            _write(
                f"  {key[0]} batch {key[1]}: wall "
                + ", ".join(f"{r['seconds']:.2f}" for r in values)
                + " s; CPU "
                + ", ".join(f"{_cpu_total(r):.2f}" for r in values)
                + " s"
            )
    worst_wall = max(extra[0] for extra in extras.values())
    worst_cpu = max(extra[1] for extra in extras.values())
    _write(
        f"  extra time of the suite: {worst_wall:+.1f}% wall, {worst_cpu:+.1f}% CPU at worst "
        f"(target: under 15%) -> {'met' if max(worst_wall, worst_cpu) < 15 else 'MISSED'}"
    )
    small, large = extras[args.small_batch][2], extras[big][2]
    # Extra queries per invoice at batch b = per_invoice + per_batch / b.
    per_batch = (small - large) / (1 / args.small_batch - 1 / big)
    per_invoice = small - per_batch / args.small_batch
    _write(
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
    _write()
    _write(
        f"Plain Odoo's smallest posted entry ({big} two-line entries with analytic "
        "distribution, no chatter; what a contribution entry is), beside the 15% budget:"
    )
    for batch in (args.small_batch, big):
        plain = min(results[("plain", batch)], key=_cpu_total)
        suite = min(results[("suite", batch)], key=_cpu_total)
        floor = floors[batch]
        invoice_ms = 1000 * _per(_cpu_total(plain), big)
        entry_ms = 1000 * _per(_cpu_total(floor), big)
        extra_ms = 1000 * _per(_cpu_total(suite) - _cpu_total(plain), big)
        _write(
            f"  batch {batch:>4}: plain invoice {invoice_ms:.1f} ms, plain two-line entry "
            f"{entry_ms:.1f} ms ({100 * entry_ms / invoice_ms:.0f}% of an invoice), "
            f"{_per(floor['queries'], big):.2f} queries; the suite's extra {extra_ms:.1f} ms; "
            f"15% budget {0.15 * invoice_ms:.1f} ms (CPU Odoo+PostgreSQL per invoice)"
        )


def _source(origin):
    """The source line of an origin 'path:line function'."""
    if origin == "odoo":
        return ""
    path, line = origin.split(" ")[0].rsplit(":", 1)
    return linecache.getline(ADDONS + path, int(line)).strip()[:70]


def _report_profile(args, profiles, top=12):
    big = args.invoices
    batches = (args.small_batch, big)
    _write()
    _write(
        "Profile, suite: queries per invoice by the innermost line of the suite's code on "
        "the stack, super() calls excepted ('odoo': none, Odoo's own work):"
    )
    _write(f"  {'batch ' + str(batches[0]):>10} {'batch ' + str(batches[1]):>10}  origin")
    small, large = profiles[("suite", batches[0])], profiles[("suite", batches[1])]
    origins = sorted(
        set(small["origin"]) | set(large["origin"]),
        key=lambda o: -max(small["origin"].get(o, 0), large["origin"].get(o, 0)),
    )
    for origin in origins[:top]:
        _write(
            f"  {_per(small['origin'].get(origin, 0), big):>10.2f} "
            f"{_per(large['origin'].get(origin, 0), big):>10.2f}  {origin}  "
            f"{small['sources'].get(origin) or large['sources'].get(origin, '')}"
        )
    _write()
    _write("Profile: queries per invoice by statement, plain Odoo vs suite (largest differences):")
    _write(
        f"  {'plain ' + str(batches[0]):>9} {'suite ' + str(batches[0]):>9} "
        f"{'plain ' + str(batches[1]):>11} {'suite ' + str(batches[1]):>11}  statement"
    )
    columns = [
        profiles[(kind, batch)]["signature"] for batch in batches for kind in ("plain", "suite")
    ]
    signatures = set().union(*columns)
    signatures = sorted(
        signatures,
        key=lambda s: (
            -max(
                abs(columns[1].get(s, 0) - columns[0].get(s, 0)),
                abs(columns[3].get(s, 0) - columns[2].get(s, 0)),
            )
        ),
    )
    for signature in signatures[:top]:
        values = [_per(column.get(signature, 0), big) for column in columns]
        _write(
            f"  {values[0]:>9.2f} {values[1]:>9.2f} {values[2]:>11.2f} {values[3]:>11.2f}  "
            f"{signature}"
        )
    _write()
    _write(
        "Profile: the suite's extra queries per invoice by origin and statement ('odoo' rows: "
        "suite minus plain Odoo), largest differences between the batch sizes first:"
    )
    _write(
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
        _write(
            f"  {_per(extras[0].get(key, 0), big):>10.2f} {_per(extras[1].get(key, 0), big):>10.2f}"
            f"  {signature:<36} {origin}"
        )
    _write(
        f"  {_per(sum(extras[0].values()), big):>10.2f} {_per(sum(extras[1].values()), big):>10.2f}"
        "  total"
    )


def _report_run(args, generated, run):
    invoices, activities = generated["invoices"], generated["activities"]
    post_wall, post_cpu = generated["post_seconds"], generated.get("post_cpu", 0.0)
    first, again = run["runs"]
    _write()
    _write(
        f"Monthly run: {activities} activities, {invoices} one-line invoices over {args.year} "
        f"under a gross margin rule ({generated['invoiced_contributions']} invoiced "
        f"contributions); drafts created in {generated['created_seconds']:.0f} s"
    )
    _write(
        f"  posting the {invoices} invoices (batches of {args.run_post_batch}): "
        f"{post_wall:.1f} s wall, {post_cpu:.1f} s CPU "
        f"({1000 * _per(post_wall, invoices):.1f} ms, "
        f"{_per(generated['post_queries'], invoices):.1f} queries per invoice); "
        f"one month's share: {_per(post_wall * activities, invoices):.1f} s wall"
    )
    _write(
        f"  period run {run['period']} ({run['activities']} activities): "
        f"{first['seconds']:.1f} s wall, {first['cpu']:.1f} s CPU, {first['queries']} queries, "
        f"{first['entries']} entries ({first['margin']} margin, {first['fee']} fixed fee), "
        f"{1000 * _per(first['seconds'], first['entries']):.0f} ms per entry"
    )
    _write(
        f"  run again (posts only the difference): {again['seconds']:.1f} s wall, "
        f"{again['queries']} queries, {again['entries']} entries"
    )
    _write(
        f"  the run takes {100 * _per(first['seconds'], post_wall):.1f}% of the wall time of "
        f"posting the year's invoices ({100 * _per(first['cpu'], post_cpu):.1f}% of its CPU), "
        f"{100 * _per(first['seconds'] * invoices, post_wall * activities):.0f}% of posting "
        f"one month's"
    )
    for name, (seconds, queries) in first["probes"].items():
        if queries:
            _write(f"    {name:<44} {seconds:>7.2f} s wall {queries:>7} queries")
    if run.get("profile"):
        _write("  queries of the first run by origin (as in the posting profile):")
        for origin, count, source in run["profile"]:
            _write(f"    {count:>7}  {origin}  {source}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="var/odoo.conf")
    parser.add_argument("--prefix", default="coop_bench_contrib", help="database name prefix")
    parser.add_argument("--template", default="coop_tpl_demo")
    parser.add_argument("--year", type=int, default=datetime.date.today().year - 1)
    parser.add_argument("--activities", type=int, default=100)
    parser.add_argument("--invoices", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=3, help="lines per invoice")
    parser.add_argument("--small-batch", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1, help="timed posting measurements")
    parser.add_argument("--run-activities", type=int, default=700)
    parser.add_argument("--run-invoices", type=int, default=12, help="invoices per activity")
    parser.add_argument("--run-post-batch", type=int, default=100)
    parser.add_argument("--run-month", type=int, default=6)
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    parser.add_argument("--no-profile", action="store_true", help="skip the query profile")
    parser.add_argument("--no-run", action="store_true", help="skip the monthly run")
    parser.add_argument(
        "--no-floor", action="store_true", help="skip plain Odoo's two-line entry measure"
    )
    parser.add_argument("--demo", action="store_true", help="let the modules load demo data")
    parser.add_argument("--db-host", default="127.0.0.1")
    parser.add_argument("--db-user", default="odoo")
    parser.add_argument("--odoo-bin", default="odoo")
    parser.add_argument("--keep", action="store_true", help="do not drop the databases")
    parser.add_argument("--skip-setup", action="store_true", help="reuse generated databases")
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        _write(json.dumps(STEPS[args.step](args), default=str))
        return
    if args.quick:
        args.activities, args.invoices = 10, 100
        args.run_activities, args.run_post_batch = 20, 40
    suite_db, plain_db, run_db = (f"{args.prefix}_{kind}" for kind in ("suite", "plain", "run"))
    _write(
        f"coop_contribution posting benchmark ({os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.2f})"
    )
    if not args.skip_setup:
        _createdb(args, suite_db, args.template)
        seconds = _install(args, suite_db, "l10n_fr_account,coop_contribution")
        _write(f"{suite_db}: l10n_fr_account and coop_contribution installed in {seconds:.0f} s")
        if not args.no_run:
            _createdb(args, run_db, suite_db)
            _write(f"{run_db}: copied from {suite_db}")
        _createdb(args, plain_db, args.template)
        seconds = _install(args, plain_db, "l10n_fr_account")
        _write(f"{plain_db}: l10n_fr_account installed in {seconds:.0f} s")
        for database in (suite_db, plain_db):
            generated = _run_step(args, "generate_posting", database)
            _write(
                f"{database}: {generated['invoices']} draft invoices (+{WARMUP} for warm-up) "
                f"created in {generated['seconds']:.0f} s"
            )
    results = {}
    for _repeat in range(args.repeat):
        for batch in (args.small_batch, args.invoices):
            for kind, database in (("suite", suite_db), ("plain", plain_db)):
                result = _run_step(args, "post", database, batch)
                assert result["posted"] == args.invoices, result
                results.setdefault((kind, batch), []).append(result)
                _write(
                    f"  posted {result['posted']} in batches of {batch} on {database}: "
                    f"{result['seconds']:.2f} s, {result['queries']} queries"
                )
    _report_posting(args, results)
    if not args.no_floor:
        floors = {
            batch: _run_step(args, "floor", plain_db, batch)
            for batch in (args.small_batch, args.invoices)
        }
        _report_floor(args, results, floors)
    if not args.no_profile:
        profiles = {}
        for batch in (args.small_batch, args.invoices):
            for kind, database in (("suite", suite_db), ("plain", plain_db)):
                profiles[(kind, batch)] = _run_step(args, "profile", database, batch)
        _report_profile(args, profiles)
    if not args.no_run:
        generated = _run_step(args, "generate_run", run_db)
        run = _run_step(args, "run", run_db)
        _report_run(args, generated, run)
    if not args.keep:
        for database in (suite_db, plain_db, run_db):
            _dropdb(args, database)
        _write(f"databases {suite_db}, {plain_db}, {run_db} dropped")


if __name__ == "__main__":
    main()
