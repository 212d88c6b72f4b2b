#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The FEC export of coop_account_export, beside Odoo's generate_fec() and PostgreSQL's COPY.

    python benchmarks/bench_fec.py --quick

One database copied from the template, PREFIX_suite, with coop_account_export; LINES
posted journal items generated with INSERT ... SELECT generate_series (four lines per
entry, income lines tagged with activities). Each export of the year runs in its own
process, so that its peak resident memory is its own: the suite's FEC (named cursor,
streamed to a file, checked), Odoo's generate_fec() (l10n_fr_account: OFFSET pages, the
file in memory), PostgreSQL's COPY of the same 18 columns (the floor), and the suite's
XLSX analytic ledger over about LEDGER_LINES lines.
"""

import tempfile

import harness
from harness import cpu_total, write

from odoo.tools import SQL

LINES_PER_MOVE = 4
ACTIVITIES = 10


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
    env, company = harness.environment(args)
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
    meter = harness.Meter(env)
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
    return {"lines": count, "moves": moves, "seconds": meter.figures()["seconds"]}


def _measured(args, measure, lines=None):
    """Run measure(env, company, date_from, date_to) -> {figures} under a meter; what it
    wrote is rolled back."""
    env, company = harness.environment(args)
    date_from, date_to = _period(env, company, lines=lines)
    meter = harness.Meter(env)
    figures = measure(env, company, date_from, date_to)
    result = {**meter.figures(), **figures}
    env.cr.rollback()
    return result


def _export(kind):
    """The measure of the suite's export of that kind."""

    def measure(env, _company, date_from, date_to):
        export = env["coop.account.export"].create(
            {"export_kind": kind, "date_from": date_from, "date_to": date_to}
        )
        export.action_generate()
        return {
            "lines": export.line_count,
            "bytes": export.attachment_id.file_size,
            "state": export.state,
            "problems": (export.problems or "")[:300],
            "period": f"{date_from} - {date_to}",
        }

    return measure


def _odoo(env, _company, date_from, date_to):
    wizard = env["l10n_fr.fec.export.wizard"].create(
        {"date_from": date_from, "date_to": date_to, "test_file": True}
    )
    content = wizard.generate_fec()["file_content"]
    with tempfile.TemporaryFile() as stream:
        stream.write(content)
    return {"lines": content.count(b"\n"), "bytes": len(content)}


def _copy(env, company, date_from, date_to):
    export = env["coop.account.export"].new(
        {"company_id": company.id, "date_from": date_from, "date_to": date_to}
    )
    builder = env["coop.fec.builder"]
    query, aliases = builder._query(
        export,
        [*builder._base_domain(export), ("date", ">=", date_from), ("date", "<=", date_to)],
    )
    select = query.select(*builder._columns(export, query, aliases))
    copy = SQL("COPY (%s) TO STDOUT WITH (FORMAT csv, DELIMITER '|')", select)
    with tempfile.TemporaryFile() as stream:
        env.cr._obj.copy_expert(env.cr._obj.mogrify(copy.code, copy.params).decode(), stream)
        return {"bytes": stream.tell()}


def _line(label, result):
    extra = {
        key: result[key] for key in ("lines", "state", "problems", "period") if result.get(key)
    }
    write(
        f"{label}: {result['seconds']:.2f} s wall, {cpu_total(result):.2f} s CPU "
        f"Odoo+PostgreSQL, {result['queries']} queries, peak RSS {result['peak_mb']:.0f} MB "
        f"(after loading Odoo: {result['baseline_mb']:.0f} MB, increase "
        f"{result['peak_mb'] - result['baseline_mb']:.0f} MB), "
        f"{result.get('bytes', 0) / 1e6:.1f} MB written {extra}"
    )


def _met(condition):
    return "met" if condition else "MISSED"


def run(args):
    databases = harness.create_databases(args, {"suite": "coop_account_export"})
    database = databases["suite"]
    if not args.skip_setup:
        generated = harness.run_step(args, "generate", database)
        write(
            f"generated {generated['lines']} posted lines ({generated['moves']} entries) "
            f"with INSERT ... SELECT generate_series in {generated['seconds']:.1f} s"
        )
    results = {}
    for name, label in (
        ("ours", "coop_account_export FEC (COPY, streamed, checked)"),
        ("odoo", "(a) Odoo generate_fec() (OFFSET pages, in memory)"),
        ("copy", "(b) PostgreSQL COPY (SELECT 18 columns) TO STDOUT"),
        ("xlsx", f"XLSX analytic ledger (~{args.ledger_lines} lines)"),
    ):
        results[name] = harness.run_step(args, name, database)
        _line(label, results[name])
    ours, odoo, copy = results["ours"], results["odoo"], results["copy"]
    write()
    harness.beside("FEC wall time, ours", ours["seconds"], odoo["seconds"], baseline_label="Odoo")
    harness.beside(
        "FEC peak memory increase, ours",
        ours["peak_mb"] - ours["baseline_mb"],
        odoo["peak_mb"] - odoo["baseline_mb"],
        unit="MB",
        baseline_label="Odoo",
    )
    harness.beside("FEC wall time, ours", ours["seconds"], copy["seconds"], baseline_label="COPY")
    peak = max(result["peak_mb"] for result in (ours, results["xlsx"]))
    write(
        f"  targets: faster than Odoo {_met(ours['seconds'] < odoo['seconds'])}, within 3x of "
        f"COPY {_met(ours['seconds'] < 3 * copy['seconds'])}, peak under 500 MB {_met(peak < 500)}"
    )
    harness.drop_databases(args, databases.values())


if __name__ == "__main__":
    parser = harness.parser(__doc__, "coop_bench_fec")
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--ledger-lines", type=int, default=200_000)
    harness.main(
        parser,
        {
            "generate": step_generate,
            "ours": lambda args: _measured(args, _export("fec")),
            "odoo": lambda args: _measured(args, _odoo),
            "copy": lambda args: _measured(args, _copy),
            "xlsx": lambda args: _measured(args, _export("ledger_xlsx"), lines=args.ledger_lines),
        },
        run,
        quick={"lines": 20_000, "ledger_lines": 5_000},
    )
