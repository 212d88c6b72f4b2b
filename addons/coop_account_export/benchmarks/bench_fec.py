#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Time the suite's FEC export against Odoo's generate_fec() and PostgreSQL's COPY.

    python addons/coop_account_export/benchmarks/bench_fec.py \\
        --config var/odoo.conf --database coop_bench_fec --lines 1000000

Creates the database from a template holding a French company (coop_tpl_demo),
installs l10n_fr_account and coop_account_export, generates LINES posted journal
items with INSERT ... SELECT generate_series (four lines per entry, income lines
tagged with activities), then runs each measured step in its own process so that
its peak resident memory (getrusage ru_maxrss) is its own. The database is dropped
at the end unless --keep.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

LINES_PER_MOVE = 4
ACTIVITIES = 10


def _write(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _environment(args):
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    cr = registry.cursor()
    env = api.Environment(cr, SUPERUSER_ID, {})
    company = env["res.company"].search([("chart_template", "=", "fr")], limit=1)
    return env(context={"allowed_company_ids": company.ids}), company


def _period(env, company, lines=None):
    """The year of generated lines; with lines, the end date that gives about that many."""
    env.cr.execute(
        "SELECT min(date), max(date) FROM account_move WHERE name LIKE 'BENCH/%%' "
        "AND company_id = %s",
        [company.id],
    )
    date_from, date_to = env.cr.fetchone()
    if lines:
        env.cr.execute(
            """SELECT date FROM (
                   SELECT date, sum(count(*)) OVER (ORDER BY date) AS running
                     FROM account_move_line WHERE company_id = %s AND date >= %s
                    GROUP BY date) d
                WHERE running >= %s ORDER BY date LIMIT 1""",
            [company.id, date_from, lines],
        )
        date_to = (env.cr.fetchone() or [date_to])[0]
    return date_from, date_to


def step_generate(args):
    env, company = _environment(args)
    Account = env["account.account"].with_company(company)
    domain = Account._check_company_domain(company)
    receivable = Account.search([*domain, ("account_type", "=", "asset_receivable")], limit=1)
    income = Account.search([*domain, ("account_type", "=", "income")], limit=1)
    vat = Account.search([*domain, ("code", "=like", "4457%")], limit=1)
    journal = env["account.journal"].search(
        [*env["account.journal"]._check_company_domain(company), ("type", "=", "general")],
        limit=1,
    )
    activities = env["coop.activity"].create(
        [
            {"name": f"Bench activity {index}", "code": f"BENCH{index:02d}"}
            for index in range(ACTIVITIES)
        ]
    )
    activities.action_activate()
    analytic = activities.analytic_account_id.ids
    partner = env["res.partner"].create({"name": "Bench client"})
    env.flush_all()
    moves = args.lines // LINES_PER_MOVE
    started = time.perf_counter()
    env.cr.execute(
        """
        INSERT INTO account_move (name, date, journal_id, company_id, currency_id, state,
                                  move_type, auto_post, sequence_prefix, sequence_number,
                                  partner_id, ref, create_uid, create_date, write_uid,
                                  write_date)
        SELECT 'BENCH/' || lpad(g::text, 7, '0'),
               DATE '2025-01-01' + ((g - 1) * 365 / %(moves)s)::int,
               %(journal)s, %(company)s, %(currency)s, 'posted', 'entry', 'no', 'BENCH/', g,
               %(partner)s, CASE WHEN g %% 3 = 0 THEN 'F-' || g END, 1, now(), 1, now()
          FROM generate_series(1, %(moves)s) g
        """,
        {
            "moves": moves,
            "journal": journal.id,
            "company": company.id,
            "currency": company.currency_id.id,
            "partner": partner.id,
        },
    )
    # Amounts in cents, multiples of 5 so that 20% VAT is exact.
    env.cr.execute(
        """
        INSERT INTO account_move_line (move_id, move_name, date, parent_state, journal_id,
                                       company_id, company_currency_id, currency_id,
                                       account_id, partner_id, name, debit, credit, balance,
                                       amount_currency, amount_residual,
                                       amount_residual_currency, display_type,
                                       analytic_distribution, create_uid, create_date,
                                       write_uid, write_date)
        SELECT m.id, m.name, m.date, 'posted', m.journal_id, m.company_id, m.currency_id,
               m.currency_id, acc.account_id,
               CASE WHEN k.n = 1 THEN m.partner_id END,
               'Prestation ' || m.sequence_number || ' ligne ' || k.n,
               greatest(acc.amount, 0), greatest(-acc.amount, 0), acc.amount, acc.amount,
               CASE WHEN k.n = 1 THEN acc.amount ELSE 0 END,
               CASE WHEN k.n = 1 THEN acc.amount ELSE 0 END,
               CASE k.n WHEN 1 THEN 'payment_term' WHEN 4 THEN 'tax' ELSE 'product' END,
               CASE k.n
                   WHEN 2 THEN jsonb_build_object(
                       (%(analytic)s::int[])[1 + m.sequence_number %% %(count)s]::text, 100)
                   WHEN 3 THEN jsonb_build_object(
                       (%(analytic)s::int[])[1 + (m.sequence_number + 1) %% %(count)s]::text, 60,
                       (%(analytic)s::int[])[1 + (m.sequence_number + 2) %% %(count)s]::text, 40)
               END,
               1, now(), 1, now()
          FROM account_move m
         CROSS JOIN LATERAL (SELECT 5 * (20 + (m.sequence_number * 7919) %% 20000) AS cents) c
         CROSS JOIN generate_series(1, 4) k(n)
         CROSS JOIN LATERAL (
               SELECT CASE k.n WHEN 1 THEN %(receivable)s WHEN 4 THEN %(vat)s
                      ELSE %(income)s END AS account_id,
                      CASE k.n
                          WHEN 1 THEN c.cents * 6 / 5
                          WHEN 2 THEN -(c.cents / 2)
                          WHEN 3 THEN -(c.cents - c.cents / 2)
                          ELSE -(c.cents / 5)
                      END / 100.0 AS amount
               ) acc
         WHERE m.name LIKE 'BENCH/%%' AND m.company_id = %(company)s
        """,
        {
            "analytic": analytic,
            "count": len(analytic),
            "receivable": receivable.id,
            "income": income.id,
            "vat": vat.id,
            "company": company.id,
        },
    )
    count = env.cr.rowcount
    env.cr.execute("ANALYZE account_move; ANALYZE account_move_line")
    env.cr.commit()
    return {"lines": count, "moves": moves, "seconds": time.perf_counter() - started}


class _Measure:
    """One measured step: its environment and period, then its time and peak memory."""

    def __init__(self, args, lines=None):
        self.env, self.company = _environment(args)
        self.date_from, self.date_to = _period(self.env, self.company, lines=lines)
        self._baseline = _peak_mb()
        self._started = time.perf_counter()
        self._seconds = None

    def stop(self):
        self._seconds = time.perf_counter() - self._started

    def result(self, **figures):
        """The step's figures with its time and memory; what the step wrote is rolled back."""
        result = {
            "seconds": self._seconds,
            **figures,
            "baseline_mb": self._baseline,
            "peak_mb": _peak_mb(),
        }
        self.env.cr.rollback()
        return result


def _export(measure, kind):
    """Generate an export of the measured period, then stop the clock."""
    export = measure.env["coop.account.export"].create(
        {"export_kind": kind, "date_from": measure.date_from, "date_to": measure.date_to}
    )
    export.action_generate()
    measure.stop()
    return export


def step_ours(args):
    measure = _Measure(args)
    export = _export(measure, "fec")
    return measure.result(
        lines=export.line_count,
        bytes=export.attachment_id.file_size,
        state=export.state,
        problems=(export.problems or "")[:300],
    )


def step_odoo(args):
    measure = _Measure(args)
    wizard = measure.env["l10n_fr.fec.export.wizard"].create(
        {"date_from": measure.date_from, "date_to": measure.date_to, "test_file": True}
    )
    content = wizard.generate_fec()["file_content"]
    with tempfile.TemporaryFile() as stream:
        stream.write(content)
    measure.stop()
    return measure.result(lines=content.count(b"\n"), bytes=len(content))


def step_copy(args):
    measure = _Measure(args)
    env, date_from, date_to = measure.env, measure.date_from, measure.date_to
    export = env["coop.account.export"].new(
        {"company_id": measure.company.id, "date_from": date_from, "date_to": date_to}
    )
    query, aliases = export._fec_query(
        [
            *export._fec_base_domain(),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]
    )
    select = query.select(*export._fec_columns(query, aliases))
    copy = SQL("COPY (%s) TO STDOUT WITH (FORMAT csv, DELIMITER '|')", select)
    with tempfile.TemporaryFile() as stream:
        env.cr._obj.copy_expert(env.cr._obj.mogrify(copy.code, copy.params).decode(), stream)
        size = stream.tell()
    measure.stop()
    return measure.result(bytes=size)


def step_xlsx(args):
    measure = _Measure(args, lines=args.ledger_lines)
    export = _export(measure, "ledger_xlsx")
    return measure.result(
        lines=export.line_count,
        bytes=export.attachment_id.file_size,
        period=f"{measure.date_from} - {measure.date_to}",
    )


STEPS = {
    "generate": step_generate,
    "ours": step_ours,
    "odoo": step_odoo,
    "copy": step_copy,
    "xlsx": step_xlsx,
}


def _run_step(args, name):
    command = [
        sys.executable,
        os.path.abspath(__file__),
        "--config",
        args.config,
        "--database",
        args.database,
        "--lines",
        str(args.lines),
        "--ledger-lines",
        str(args.ledger_lines),
        "--step",
        name,
    ]
    started = time.perf_counter()
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result = json.loads(output.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - started
    return result


def _environ():
    return dict(os.environ, PGPASSWORD=os.environ.get("PGPASSWORD", "odoo"))


def _pg(args, command, *arguments):
    """Run a PostgreSQL client (dropdb, createdb) on the benchmark's server."""
    subprocess.run(
        [command, "-h", args.db_host, "-U", args.db_user, *arguments],
        check=True,
        env=_environ(),
    )


def _prepare(args):
    _pg(args, "dropdb", "--if-exists", args.database)
    _pg(args, "createdb", "-T", args.template, args.database)
    started = time.perf_counter()
    subprocess.run(
        [
            args.odoo_bin,
            "-c",
            args.config,
            "-d",
            args.database,
            "-i",
            "l10n_fr_account,coop_account_export",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
        env=_environ(),
    )
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="var/odoo.conf")
    parser.add_argument("--database", default="coop_bench_fec")
    parser.add_argument("--template", default="coop_tpl_demo")
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--ledger-lines", type=int, default=200_000)
    parser.add_argument("--db-host", default="127.0.0.1")
    parser.add_argument("--db-user", default="odoo")
    parser.add_argument("--odoo-bin", default="odoo")
    parser.add_argument("--keep", action="store_true", help="do not drop the database")
    parser.add_argument("--skip-setup", action="store_true", help="reuse a generated database")
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        _write(json.dumps(STEPS[args.step](args), default=str))
        return
    if not args.skip_setup:
        seconds = _prepare(args)
        _write(f"database {args.database}: created and installed in {seconds:.1f} s")
        generated = _run_step(args, "generate")
        _write(
            f"generated {generated['lines']} posted lines ({generated['moves']} entries) "
            f"with INSERT ... SELECT generate_series in {generated['seconds']:.1f} s"
        )
    results = {}
    for name, label in (
        ("ours", "coop_account_export FEC (named cursor, streamed, checked)"),
        ("odoo", "(a) Odoo generate_fec() (OFFSET pages, in memory)"),
        ("copy", "(b) PostgreSQL COPY (SELECT 18 columns) TO STDOUT"),
        ("xlsx", f"XLSX analytic ledger (~{args.ledger_lines} lines)"),
    ):
        results[name] = result = _run_step(args, name)
        extra = {
            key: result[key] for key in ("lines", "state", "problems", "period") if result.get(key)
        }
        _write(
            f"{label}: {result['seconds']:.2f} s, peak RSS {result['peak_mb']:.0f} MB "
            f"(process after loading Odoo: {result['baseline_mb']:.0f} MB, "
            f"increase {result['peak_mb'] - result['baseline_mb']:.0f} MB), "
            f"{result.get('bytes', 0) / 1e6:.1f} MB written {extra}"
        )
    ours, odoo, copy = (
        results["ours"]["seconds"],
        results["odoo"]["seconds"],
        results["copy"]["seconds"],
    )
    _write(
        f"ours vs Odoo: {odoo / ours:.2f}x faster; ours vs COPY: {ours / copy:.2f}x "
        f"(target: faster than Odoo, within 3x of COPY, peak under 500 MB)"
    )
    if not args.keep:
        _pg(args, "dropdb", "--if-exists", args.database)
        _write(f"database {args.database} dropped")


if __name__ == "__main__":
    main()
