#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The three solidarity funds' balances (coop_funds) on a book of a million journal items,
beside Odoo's own grouped read of the same analytic lines.

    python benchmarks/bench_fund_balances.py --quick

One database copied from the template, PREFIX_suite, with coop_funds: ACTIVITIES
activities and the three funds, then LINES posted journal items generated with
INSERT ... SELECT generate_series (four lines per entry, one tagged with an activity,
with its analytic line as Odoo writes it on posting) and FUND_MOVES fund movements (two
lines on the internal funds account, one on a fund's analytic account, one on an
activity's). Each measure runs in its own process: the funds' figures
(``coop.fund._figures()``: balance, money in and out of the year, what approved requests
are promised; the dashboard's read), first call and median of REPEAT calls with the cache
emptied, beside plain Odoo's ``account.analytic.line._read_group`` of the funds' balances
(the floor). Target: under 50 ms.
"""

import harness
from harness import write

LINES_PER_MOVE = 4


def _insert_moves(env, prefix, count, params):
    """``count`` posted entries named PREFIX0000001…, spread over 2025."""
    env.cr.execute(
        """
        INSERT INTO account_move (name, date, journal_id, company_id, currency_id, state,
                                  move_type, auto_post, sequence_prefix, sequence_number,
                                  create_uid, create_date, write_uid, write_date)
        SELECT %(prefix)s || lpad(g::text, 7, '0'),
               DATE '2025-01-01' + ((g - 1) * 365 / %(count)s)::int,
               %(journal)s, %(company)s, %(currency)s, 'posted', 'entry', 'no', %(prefix)s, g,
               1, now(), 1, now()
          FROM generate_series(1, %(count)s) g
        """,
        {**params, "prefix": prefix, "count": count},
    )


def step_generate(args):
    env, company = harness.environment(args)
    Account = env["account.account"].with_company(company)
    domain = Account._check_company_domain(company)
    receivable = Account.search([*domain, ("account_type", "=", "asset_receivable")], limit=1)
    income = Account.search([*domain, ("account_type", "=", "income")], limit=1)
    vat = Account.search([*domain, ("code", "=like", "4457%")], limit=1)
    internal = company.coop_fund_account_id
    journal = company.coop_fund_journal_id
    activities = env["coop.activity"].create(
        [
            {"name": f"Bench activity {index}", "code": f"BENCH{index:03d}"}
            for index in range(args.activities)
        ]
    )
    activities.action_activate()
    funds = env["coop.fund"].create(
        [
            {"name": name, "code": code, "kind": kind}
            for name, code, kind in (
                ("Investissement", "BINV", "investment"),
                ("Secours", "BSEC", "relief"),
                ("Garantie", "BGAR", "guarantee"),
            )
        ]
    )
    env.flush_all()
    activity_column = env["coop.activity"]._coop_analytic_plan()._column_name()
    fund_column = funds._coop_funds_plan()._column_name()
    meter = harness.Meter(env)
    moves = args.lines // LINES_PER_MOVE
    params = {
        "moves": moves,
        "fund_moves": args.fund_moves,
        "journal": journal.id,
        "company": company.id,
        "currency": company.currency_id.id,
        "analytic": activities.analytic_account_id.ids,
        "count": len(activities),
        "funds": funds.analytic_account_id.ids,
        "receivable": receivable.id,
        "income": income.id,
        "vat": vat.id,
        "internal": internal.id,
    }
    # The book: invoices-like entries, their income line on an activity.
    _insert_moves(env, "BENCH/", moves, params)
    env.cr.execute(
        """
        INSERT INTO account_move_line (move_id, move_name, date, parent_state, journal_id,
                                       company_id, company_currency_id, currency_id,
                                       account_id, name, debit, credit, balance,
                                       amount_currency, display_type, analytic_distribution,
                                       create_uid, create_date, write_uid, write_date)
        SELECT m.id, m.name, m.date, 'posted', m.journal_id, m.company_id, m.currency_id,
               m.currency_id, acc.account_id, 'Ligne ' || k.n,
               greatest(acc.amount, 0), greatest(-acc.amount, 0), acc.amount, acc.amount,
               CASE k.n WHEN 1 THEN 'payment_term' WHEN 4 THEN 'tax' ELSE 'product' END,
               CASE WHEN k.n = 2 THEN jsonb_build_object(
                   (%(analytic)s::int[])[1 + m.sequence_number %% %(count)s]::text, 100) END,
               1, now(), 1, now()
          FROM account_move m
         CROSS JOIN LATERAL (SELECT 5 * (20 + (m.sequence_number * 7919) %% 20000) AS cents) c
         CROSS JOIN generate_series(1, 4) k(n)
         CROSS JOIN LATERAL (
               SELECT CASE k.n WHEN 1 THEN %(receivable)s WHEN 4 THEN %(vat)s
                      ELSE %(income)s END AS account_id,
                      CASE k.n WHEN 1 THEN c.cents * 6 / 5 WHEN 2 THEN -(c.cents / 2)
                               WHEN 3 THEN -(c.cents - c.cents / 2) ELSE -(c.cents / 5)
                      END / 100.0 AS amount) acc
         WHERE m.name LIKE 'BENCH/%%' AND m.company_id = %(company)s
        """,
        params,
    )
    items = env.cr.rowcount
    # The fund movements: two lines on the internal account, a fund's and an activity's.
    _insert_moves(env, "BFUND/", args.fund_moves, params)
    env.cr.execute(
        """
        INSERT INTO account_move_line (move_id, move_name, date, parent_state, journal_id,
                                       company_id, company_currency_id, currency_id,
                                       account_id, name, debit, credit, balance,
                                       amount_currency, display_type, analytic_distribution,
                                       create_uid, create_date, write_uid, write_date)
        SELECT m.id, m.name, m.date, 'posted', m.journal_id, m.company_id, m.currency_id,
               m.currency_id, %(internal)s, 'Mouvement de fonds', greatest(s.amount, 0),
               greatest(-s.amount, 0), s.amount, s.amount, 'product',
               jsonb_build_object(s.analytic::text, 100), 1, now(), 1, now()
          FROM account_move m
         CROSS JOIN LATERAL (
               SELECT ((m.sequence_number %% 40) + 1) * 10.0 * (CASE WHEN m.sequence_number %% 5 = 0
                      THEN -1 ELSE 1 END) AS amount) a
         CROSS JOIN LATERAL (VALUES
               (a.amount, (%(analytic)s::int[])[1 + m.sequence_number %% %(count)s]),
               (-a.amount, (%(funds)s::int[])[1 + m.sequence_number %% 3])) s(amount, analytic)
         WHERE m.name LIKE 'BFUND/%%' AND m.company_id = %(company)s
        """,
        params,
    )
    items += env.cr.rowcount
    # The analytic lines Odoo writes on posting: one per analytic share of a line.
    env.cr.execute(
        f"""
        INSERT INTO account_analytic_line (name, date, amount, company_id, currency_id,
                                           general_account_id, move_line_id, journal_id,
                                           category, unit_amount, {activity_column},
                                           {fund_column}, create_uid, create_date,
                                           write_uid, write_date)
        SELECT l.name, l.date, -l.balance, l.company_id, l.currency_id, l.account_id, l.id,
               l.journal_id, 'other', 0,
               CASE WHEN key::int = ANY(%(analytic)s::int[]) THEN key::int END,
               CASE WHEN key::int = ANY(%(funds)s::int[]) THEN key::int END,
               1, now(), 1, now()
          FROM account_move_line l, jsonb_object_keys(l.analytic_distribution) key
         WHERE l.company_id = %(company)s AND l.analytic_distribution IS NOT NULL
           AND (l.move_name LIKE 'BENCH/%%' OR l.move_name LIKE 'BFUND/%%')
        """,
        params,
    )
    analytic_lines = env.cr.rowcount
    env.cr.execute("ANALYZE account_move; ANALYZE account_move_line; ANALYZE account_analytic_line")
    env.cr.commit()
    return {
        "items": items,
        "analytic_lines": analytic_lines,
        "seconds": meter.figures()["seconds"],
    }


def _funds(env):
    return env["coop.fund"].search([("code", "in", ("BINV", "BSEC", "BGAR"))])


def step_suite(args):
    env, _company = harness.environment(args)
    funds = _funds(env)
    timed = harness.timed(env, funds._figures, args.repeat)
    timed["result"] = {
        funds.browse(key).code: round(value["balance"], 2) for key, value in timed["result"].items()
    }
    return timed


def step_floor(args):
    env, _company = harness.environment(args)
    funds = _funds(env)
    column = funds._coop_funds_plan()._column_name()

    def read():
        return env["account.analytic.line"]._read_group(
            [(column, "in", funds.analytic_account_id.ids)], [column], ["amount:sum"]
        )

    timed = harness.timed(env, read, args.repeat)
    timed["result"] = {account.code: round(amount, 2) for account, amount in timed["result"]}
    return timed


def run(args):
    databases = harness.create_databases(args, {"suite": "coop_funds"})
    database = databases["suite"]
    if not args.skip_setup:
        generated = harness.run_step(args, "generate", database)
        write(
            f"generated {generated['items']} posted journal items and "
            f"{generated['analytic_lines']} analytic lines in {generated['seconds']:.1f} s"
        )
    suite = harness.run_step(args, "suite", database)
    floor = harness.run_step(args, "floor", database)
    write(
        f"the three funds' figures (coop.fund._figures: balance, in and out of the year, "
        f"promised to approved requests): first call {suite['first'] * 1000:.1f} ms, median of "
        f"{args.repeat} {suite['median'] * 1000:.1f} ms, {suite['queries']} queries; "
        f"balances {suite['result']}"
    )
    write(
        f"plain Odoo, account.analytic.line._read_group of the funds' balances: first call "
        f"{floor['first'] * 1000:.1f} ms, median {floor['median'] * 1000:.1f} ms, "
        f"{floor['queries']} queries; {floor['result']}"
    )
    harness.beside("median", suite["median"] * 1000, floor["median"] * 1000, unit="ms")
    met = "met" if suite["median"] < 0.050 else "MISSED"
    write(f"  target: under 50 ms {met}")
    harness.drop_databases(args, databases.values())


if __name__ == "__main__":
    parser = harness.parser(__doc__, "coop_bench_funds")
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--fund-moves", type=int, default=6_000)
    parser.add_argument("--activities", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=7)
    harness.main(
        parser,
        {"generate": step_generate, "suite": step_suite, "floor": step_floor},
        run,
        quick={"lines": 20_000, "fund_moves": 600, "activities": 10},
    )
