#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The activity's account (coop_entrepreneur) on a book of a million journal items, beside
Odoo's own grouped read of the same analytic lines.

    python benchmarks/bench_activity_account.py --quick

One database copied from the template, PREFIX_suite, with coop_entrepreneur: ACTIVITIES
activities (created and activated with the ORM, each with its analytic account), then a
year (YEAR) of posted journal items, about LINES of them, written with INSERT ... SELECT
generate_series as Odoo would have posted them: customer invoices (two thirds of the
documents) and vendor bills of the activities (a receivable or payable line, one or two
income or expense lines on the activity's analytic account, a VAT line), one salary entry
per activity and month (641100 on the activity, 421000), and a payment for half of the
invoices and bills (a tenth of them paid by half): its entry (the receivable or payable
line and the outstanding receipts or payments line) and the partial reconciliation of
the two receivable or payable lines, their residuals and reconciled flags set; and the
analytic line of each journal item on an activity, as Odoo writes it on posting. Then
VACUUM ANALYZE.

Each measure runs in its own process, first call and median of REPEAT calls with the
cache emptied, and its queries: the figures of the activity's account
(``coop.activity.account._figures_by_activity``) of one activity over the year, of every
activity over the year and of every activity over a month (MONTH); beside each, plain
Odoo's ``account.analytic.line._read_group`` of the same activities and period on the
Activities plan's column (the floor). Targets: one activity's year under 20 ms, every
activity's year under 150 ms, each within 3 times its floor.
"""

from calendar import monthrange
from datetime import date

import harness
from harness import write

# A document has its receivable or payable line, one or two (every other document)
# income or expense lines and a VAT line; half of them a payment entry of two lines.
LINES_PER_DOCUMENT = 1 + 1.5 + 1 + 0.5 * 2
# Each activity's salary entries: one a month, two lines each.
SALARY_LINES = 12 * 2
CODE = "BENCH"
TARGETS = {"one": 0.020, "all": 0.150}
FLOOR_RATIO = 3

INSERT_MOVE = """
    INSERT INTO account_move (name, date, invoice_date, invoice_date_due, journal_id,
                              company_id, currency_id, state, move_type, auto_post,
                              sequence_prefix, sequence_number, partner_id,
                              commercial_partner_id, coop_activity_id, ref,
                              amount_untaxed, amount_tax, amount_total, amount_residual,
                              amount_untaxed_signed, amount_untaxed_in_currency_signed,
                              amount_tax_signed, amount_total_signed,
                              amount_total_in_currency_signed, amount_residual_signed,
                              payment_state, invoice_currency_rate, posted_before, checked,
                              create_uid, create_date, write_uid, write_date)
"""
INSERT_LINE = """
    INSERT INTO account_move_line (move_id, move_name, date, invoice_date, date_maturity,
                                   parent_state, journal_id, company_id,
                                   company_currency_id, currency_id, account_id, partner_id,
                                   ref, name, sequence, display_type, quantity, price_unit,
                                   price_subtotal, price_total, tax_base_amount, debit,
                                   credit, balance, amount_currency, amount_residual,
                                   amount_residual_currency, reconciled,
                                   analytic_distribution, create_uid, create_date,
                                   write_uid, write_date)
"""


def _account(env, company, code):
    Account = env["account.account"].with_company(company)
    account = Account.search(
        [*Account._check_company_domain(company), ("code", "=like", f"{code}%")],
        order="code",
        limit=1,
    )
    assert account, f"no account {code}% in the chart of {company.name}"
    return account


def _outstanding(env, company, kind, code):
    """The company's outstanding receipts (debit) or payments (credit) account."""
    account = env.ref(f"account.{company.id}_account_journal_payment_{kind}_account_id", False)
    return account or _account(env, company, code)


def _journal(env, company, kind):
    Journal = env["account.journal"]
    return Journal.search(
        [*Journal._check_company_domain(company), ("type", "=", kind)], order="id", limit=1
    )


def _insert_documents(cr, move_type, count, params):
    """``count`` posted customer invoices or vendor bills of the year with their lines,
    spread over the activities in turn; paid ones (half, one in ten by half) carry their
    residual and payment state, and have their payment entry reconciled with them.
    Returns (journal items, documents, partial reconciliations)."""
    # sign: the receivable line's (+1: invoice) or the payable line's (-1: bill) balance.
    sale = move_type == "out_invoice"
    doc = {
        **params,
        "move_type": move_type,
        "count": count,
        "prefix": f"B{'INV' if sale else 'BILL'}/{params['year']}/",
        "journal": params["sale_journal" if sale else "purchase_journal"],
        "partners": params["customers" if sale else "suppliers"],
        "sign": 1 if sale else -1,
        "multiplier": 7919 if sale else 6841,
        "spread": 19_997 if sale else 7_993,
        "counterpart": params["receivable" if sale else "payable"],
        "line": params["income" if sale else "expense"],
        "vat": params["vat_collected" if sale else "vat_deductible"],
        "label": "Prestation" if sale else "Achat",
    }
    # Amounts in cents, multiples of 5 so that 20% VAT is exact. Whether a document is paid
    # and has two lines comes from a hash of its number, not from its activity's turn.
    cr.execute(
        INSERT_MOVE
        + """
        SELECT %(prefix)s || lpad(g::text, 6, '0'), d.day, d.day, d.day + 30, %(journal)s,
               %(company)s, %(currency)s, 'posted', %(move_type)s, 'no', %(prefix)s, g,
               p.id, p.id, (%(activities)s::int[])[1 + g %% %(activity_count)s], NULL,
               a.untaxed * 0.01, a.tax * 0.01, a.total * 0.01, (a.total - a.paid) * 0.01,
               %(sign)s * a.untaxed * 0.01, %(sign)s * a.untaxed * 0.01,
               %(sign)s * a.tax * 0.01, %(sign)s * a.total * 0.01,
               %(sign)s * a.total * 0.01, %(sign)s * (a.total - a.paid) * 0.01,
               CASE WHEN a.paid = 0 THEN 'not_paid' WHEN a.paid < a.total THEN 'partial'
                    ELSE 'paid' END,
               1, true, true, %(uid)s, now(), %(uid)s, now()
          FROM generate_series(1, %(count)s) g
         CROSS JOIN LATERAL (SELECT make_date(%(year)s, 1, 1)
                             + ((g - 1) * 365 / %(count)s)::int AS day) d
         CROSS JOIN LATERAL (SELECT (%(partners)s::int[])[1 + g %% cardinality(%(partners)s)]
                             AS id) p
         CROSS JOIN LATERAL (SELECT 5 * (20 + (g * %(multiplier)s) %% %(spread)s)::bigint
                             AS untaxed) u
         CROSS JOIN LATERAL (
               SELECT u.untaxed, u.untaxed / 5 AS tax, u.untaxed * 6 / 5 AS total,
                      CASE WHEN abs(hashint4(g)) %% 4 NOT IN (0, 1) THEN 0
                           WHEN abs(hashint4(g)) %% 20 = 1 THEN u.untaxed * 6 / 10
                           ELSE u.untaxed * 6 / 5 END AS paid) a
        """,
        doc,
    )
    cr.execute("ANALYZE account_move")
    # Lines: 1 receivable/payable, 2 and 3 (every other document) income/expense on the
    # activity, 4 VAT; balances of the move's sign.
    cr.execute(
        INSERT_LINE
        + """
        SELECT m.id, m.name, m.date, m.invoice_date,
               CASE WHEN k.n = 1 THEN m.invoice_date_due END, 'posted', m.journal_id,
               m.company_id, m.currency_id, m.currency_id, l.account_id, m.partner_id, m.ref,
               l.name, k.n * 10, l.display_type,
               CASE WHEN k.n IN (2, 3) THEN 1 END,
               CASE WHEN k.n IN (2, 3) THEN abs(l.amount) END,
               CASE WHEN k.n IN (2, 3) THEN abs(l.amount) END,
               CASE WHEN k.n IN (2, 3) THEN round(abs(l.amount) * 1.2, 2) END,
               CASE WHEN k.n = 4 THEN m.amount_untaxed ELSE 0 END,
               greatest(l.amount, 0), greatest(-l.amount, 0), l.amount, l.amount,
               CASE WHEN k.n = 1 THEN %(sign)s * m.amount_residual ELSE 0 END,
               CASE WHEN k.n = 1 THEN %(sign)s * m.amount_residual ELSE 0 END,
               k.n = 1 AND m.amount_residual = 0,
               CASE WHEN k.n IN (2, 3) THEN jsonb_build_object(act.analytic_account_id::text, 100)
               END,
               %(uid)s, now(), %(uid)s, now()
          FROM account_move m
          JOIN coop_activity act ON act.id = m.coop_activity_id
         CROSS JOIN LATERAL (SELECT round(m.amount_untaxed * 100)::bigint AS untaxed,
                             abs(hashint4(m.sequence_number)) / 20 %% 2 = 1 AS two) c
         CROSS JOIN LATERAL (SELECT CASE WHEN c.two THEN c.untaxed / 2 ELSE c.untaxed END
                             AS first) f
         CROSS JOIN generate_series(1, 4) k(n)
         CROSS JOIN LATERAL (
               SELECT CASE k.n WHEN 1 THEN %(counterpart)s WHEN 4 THEN %(vat)s
                      ELSE %(line)s END AS account_id,
                      CASE k.n WHEN 1 THEN '' WHEN 4 THEN 'TVA 20 %%'
                      ELSE %(label)s || ' ' || m.sequence_number || ' ligne ' || (k.n - 1)
                      END AS name,
                      CASE k.n WHEN 1 THEN 'payment_term' WHEN 4 THEN 'tax' ELSE 'product'
                      END AS display_type,
                      %(sign)s * CASE k.n
                          WHEN 1 THEN m.amount_total
                          WHEN 2 THEN -f.first * 0.01
                          WHEN 3 THEN -(c.untaxed - f.first) * 0.01
                          ELSE -m.amount_tax
                      END AS amount) l
         WHERE m.journal_id = %(journal)s AND m.sequence_prefix = %(prefix)s
           AND m.company_id = %(company)s AND (k.n <> 3 OR c.two)
        """,
        doc,
    )
    lines = cr.rowcount
    cr.execute("ANALYZE account_move_line")
    # The payments: an entry in the bank journal for each paid document, named after it.
    doc["pay_prefix"] = f"B{'PAYC' if sale else 'PAYS'}/{params['year']}/"
    doc["outstanding"] = params["outstanding_receipts" if sale else "outstanding_payments"]
    cr.execute(
        INSERT_MOVE
        + """
        SELECT %(pay_prefix)s || lpad(d.sequence_number::text, 6, '0'), p.day, NULL, NULL,
               %(bank_journal)s, d.company_id, d.currency_id, 'posted', 'entry', 'no',
               %(pay_prefix)s, d.sequence_number, d.partner_id, d.partner_id, NULL, d.name,
               0, 0, p.paid, 0, 0, 0, 0, p.paid, p.paid, 0, 'not_paid', 1, true, true,
               %(uid)s, now(), %(uid)s, now()
          FROM account_move d
         CROSS JOIN LATERAL (SELECT least(d.date + 10 + d.sequence_number %% 30,
                                          make_date(%(year)s, 12, 31)) AS day,
                                    d.amount_total - d.amount_residual AS paid) p
         WHERE d.journal_id = %(journal)s AND d.sequence_prefix = %(prefix)s
           AND d.company_id = %(company)s AND d.amount_residual < d.amount_total
        """,
        doc,
    )
    cr.execute("ANALYZE account_move")
    # Its lines: 1 the receivable/payable (reconciled with the document's), 2 outstanding.
    cr.execute(
        INSERT_LINE
        + """
        SELECT m.id, m.name, m.date, NULL, m.date, 'posted', m.journal_id, m.company_id,
               m.currency_id, m.currency_id, l.account_id, m.partner_id, m.ref, l.name,
               k.n * 10, 'product', NULL, NULL, NULL, NULL, 0,
               greatest(l.amount, 0), greatest(-l.amount, 0), l.amount, l.amount,
               CASE WHEN k.n = 2 THEN l.amount ELSE 0 END,
               CASE WHEN k.n = 2 THEN l.amount ELSE 0 END,
               k.n = 1, NULL, %(uid)s, now(), %(uid)s, now()
          FROM account_move m
         CROSS JOIN generate_series(1, 2) k(n)
         CROSS JOIN LATERAL (
               SELECT CASE k.n WHEN 1 THEN %(counterpart)s ELSE %(outstanding)s END
                      AS account_id,
                      'Paiement ' || m.ref AS name,
                      CASE k.n WHEN 1 THEN -%(sign)s ELSE %(sign)s END * m.amount_total
                      AS amount) l
         WHERE m.journal_id = %(bank_journal)s AND m.sequence_prefix = %(pay_prefix)s
           AND m.company_id = %(company)s
        """,
        doc,
    )
    lines += cr.rowcount
    cr.execute("ANALYZE account_move_line")
    # The partial reconciliation of the document's receivable/payable line with the
    # payment's: the debit side is the invoice's line, or the payment's for a bill.
    cr.execute(
        """
        INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id, amount,
                                               debit_amount_currency,
                                               credit_amount_currency, max_date,
                                               company_id, debit_currency_id,
                                               credit_currency_id, create_uid, create_date,
                                               write_uid, write_date)
        SELECT CASE WHEN %(sign)s = 1 THEN dl.id ELSE pl.id END,
               CASE WHEN %(sign)s = 1 THEN pl.id ELSE dl.id END,
               p.amount_total, p.amount_total, p.amount_total, greatest(p.date, d.date),
               p.company_id, p.currency_id, p.currency_id, %(uid)s, now(), %(uid)s, now()
          FROM account_move p
          JOIN account_move d ON d.journal_id = %(journal)s AND d.sequence_prefix = %(prefix)s
               AND d.sequence_number = p.sequence_number
          JOIN account_move_line dl ON dl.move_id = d.id AND dl.display_type = 'payment_term'
          JOIN account_move_line pl ON pl.move_id = p.id AND pl.account_id = %(counterpart)s
         WHERE p.journal_id = %(bank_journal)s AND p.sequence_prefix = %(pay_prefix)s
           AND p.company_id = %(company)s
        """,
        doc,
    )
    return lines, count, cr.rowcount


def _insert_salaries(cr, params):
    """One posted salary entry per activity and month: 641100 debited on the activity's
    analytic account, 421000 credited. Returns the number of journal items."""
    prefix = f"BSAL/{params['year']}/"
    salary = {**params, "prefix": prefix}
    cr.execute(
        INSERT_MOVE
        + """
        SELECT %(prefix)s || lpad(s.number::text, 6, '0'), s.day, NULL, NULL,
               %(general_journal)s, %(company)s, %(currency)s, 'posted', 'entry', 'no',
               %(prefix)s, s.number, NULL, NULL, NULL, 'Salaires ' || to_char(s.day, 'MM/YYYY'),
               0, 0, s.amount, 0, 0, 0, 0, s.amount, s.amount, 0, 'not_paid', 1, true, true,
               %(uid)s, now(), %(uid)s, now()
          FROM generate_series(1, %(activity_count)s) a(i)
         CROSS JOIN generate_series(1, 12) mo(month)
         CROSS JOIN LATERAL (
               SELECT (a.i - 1) * 12 + mo.month AS number,
                      (make_date(%(year)s, mo.month, 1) + interval '1 month - 1 day')::date
                      AS day,
                      1200 + (a.i * 37 + mo.month * 11) %% 2000 AS amount) s
        """,
        salary,
    )
    cr.execute("ANALYZE account_move")
    cr.execute(
        INSERT_LINE
        + """
        SELECT m.id, m.name, m.date, NULL, NULL, 'posted', m.journal_id, m.company_id,
               m.currency_id, m.currency_id, l.account_id, NULL, m.ref, m.ref, k.n * 10,
               'product', NULL, NULL, NULL, NULL, 0,
               greatest(l.amount, 0), greatest(-l.amount, 0), l.amount, l.amount,
               CASE WHEN k.n = 2 AND l.reconcile THEN l.amount ELSE 0 END,
               CASE WHEN k.n = 2 AND l.reconcile THEN l.amount ELSE 0 END,
               false,
               CASE WHEN k.n = 1 THEN jsonb_build_object(
                   (%(analytic)s::int[])[(m.sequence_number - 1) / 12 + 1]::text, 100) END,
               %(uid)s, now(), %(uid)s, now()
          FROM account_move m
         CROSS JOIN generate_series(1, 2) k(n)
         CROSS JOIN LATERAL (
               SELECT CASE k.n WHEN 1 THEN %(salary)s ELSE %(salary_payable)s END
                      AS account_id,
                      %(salary_payable_reconcile)s AS reconcile,
                      CASE k.n WHEN 1 THEN 1 ELSE -1 END * m.amount_total AS amount) l
         WHERE m.journal_id = %(general_journal)s AND m.sequence_prefix = %(prefix)s
           AND m.company_id = %(company)s
        """,
        salary,
    )
    return cr.rowcount


def step_generate(args):
    env, company = harness.environment(args)
    activities = env["coop.activity"].create(
        [
            {"name": f"Bench activity {index}", "code": f"{CODE}{index:03d}"}
            for index in range(args.activities)
        ]
    )
    activities.action_activate()
    partners = env["res.partner"].create(
        [{"name": f"Bench client {index}"} for index in range(100)]
        + [{"name": f"Bench supplier {index}"} for index in range(30)]
    )
    env.flush_all()
    column = env["coop.activity"]._coop_analytic_plan()._column_name()
    salary_payable = _account(env, company, "421")
    params = {
        "year": args.year,
        "uid": env.uid,
        "company": company.id,
        "currency": company.currency_id.id,
        "activities": activities.ids,
        "analytic": activities.analytic_account_id.ids,
        "activity_count": len(activities),
        "customers": partners[:100].ids,
        "suppliers": partners[100:].ids,
        "sale_journal": _journal(env, company, "sale").id,
        "purchase_journal": _journal(env, company, "purchase").id,
        "general_journal": _journal(env, company, "general").id,
        "bank_journal": _journal(env, company, "bank").id,
        "receivable": _account(env, company, "411").id,
        "payable": _account(env, company, "401").id,
        "income": _account(env, company, "706").id,
        "expense": _account(env, company, "604").id,
        "vat_collected": _account(env, company, "44571").id,
        "vat_deductible": _account(env, company, "44566").id,
        "salary": _account(env, company, "641100").id,
        "salary_payable": salary_payable.id,
        "salary_payable_reconcile": salary_payable.reconcile,
        "outstanding_receipts": _outstanding(env, company, "debit", "512002").id,
        "outstanding_payments": _outstanding(env, company, "credit", "512003").id,
    }
    cr = env.cr
    cr.execute("SELECT coalesce(max(id), 0) FROM account_move_line")
    first_line = cr.fetchone()[0]
    meter = harness.Meter(env)
    documents = max(0, round((args.lines - SALARY_LINES * len(activities)) / LINES_PER_DOCUMENT))
    invoices = documents * 2 // 3
    items, counts = 0, {}
    for move_type, count in (("out_invoice", invoices), ("in_invoice", documents - invoices)):
        lines, made, paid = _insert_documents(cr, move_type, count, params)
        items += lines
        counts[move_type] = {"documents": made, "paid": paid}
    items += _insert_salaries(cr, params)
    cr.execute("ANALYZE account_move_line")
    # The analytic lines Odoo writes on posting: one per analytic share of a line.
    cr.execute(
        f"""
        INSERT INTO account_analytic_line (name, date, amount, company_id, currency_id,
                                           general_account_id, journal_id, move_line_id,
                                           partner_id, user_id, ref, unit_amount, category,
                                           {column}, create_uid, create_date,
                                           write_uid, write_date)
        SELECT coalesce(nullif(l.name, ''), '/'), l.date,
               round(-l.balance * d.value::numeric * 0.01, 2), l.company_id,
               l.company_currency_id, l.account_id, l.journal_id, l.id, l.partner_id,
               %(uid)s, l.ref, coalesce(l.quantity, 0),
               CASE m.move_type WHEN 'out_invoice' THEN 'invoice'
                                WHEN 'in_invoice' THEN 'vendor_bill' ELSE 'other' END,
               d.key::int, %(uid)s, now(), %(uid)s, now()
          FROM account_move_line l
          JOIN account_move m ON m.id = l.move_id
         CROSS JOIN LATERAL jsonb_each_text(l.analytic_distribution) d
         WHERE l.id > %(first_line)s AND l.analytic_distribution IS NOT NULL
        """,
        {**params, "first_line": first_line},
    )
    analytic_lines = cr.rowcount
    _fill_partials(env)
    cr.execute("SELECT count(*) FROM account_partial_reconcile")
    partials = cr.fetchone()[0]
    written = meter.figures()["seconds"]
    env.cr.commit()
    # VACUUM cannot run in a transaction: the connection in autocommit, for once.
    connection = cr._cnx
    connection.autocommit = True
    try:
        cr.execute(
            "VACUUM ANALYZE account_move, account_move_line, account_analytic_line, "
            "account_partial_reconcile"
        )
    finally:
        connection.autocommit = False
    return {
        "items": items,
        "counts": counts,
        "salaries": 12 * len(activities),
        "analytic_lines": analytic_lines,
        "partials": partials,
        "seconds": written,
        "vacuum_seconds": meter.figures()["seconds"] - written,
    }


def _fill_partials(env):
    """The suite's columns of each partial (the activity of the document on each side and
    its collected turnover), written by the suite's own method, as when Odoo makes the
    partial."""
    env["account.partial.reconcile"]._coop_write_all_settlements()


def _period(args, scope):
    if scope == "month":
        return date(args.year, args.month, 1), date(
            args.year, args.month, monthrange(args.year, args.month)[1]
        )
    return date(args.year, 1, 1), date(args.year, 12, 31)


def _activities(env, scope):
    activities = env["coop.activity"].search([("code", "=like", f"{CODE}%")], order="code")
    return activities[:1] if scope == "one" else activities


def step_suite(args, scope):
    env, _company = harness.environment(args)
    activities = _activities(env, scope)
    date_from, date_to = _period(args, scope)
    Account = env["coop.activity.account"]
    ids = activities.ids
    timed = harness.timed(
        env, lambda: Account._figures_by_activity(ids, date_from, date_to), args.repeat
    )
    codes = dict(zip(activities.ids, activities.mapped("code"), strict=True))
    timed["result"] = {
        codes[key]: {figure: round(amount or 0.0, 2) for figure, amount in figures.items()}
        for key, figures in timed["result"].items()
    }
    timed["activities"] = len(ids)
    return timed


def step_floor(args, scope):
    env, _company = harness.environment(args)
    activities = _activities(env, scope)
    date_from, date_to = _period(args, scope)
    column = env["coop.activity"]._coop_analytic_plan()._column_name()
    accounts = activities.analytic_account_id
    match = (column, "=", accounts.id) if scope == "one" else (column, "in", accounts.ids)
    Line = env["account.analytic.line"]

    def read():
        return Line._read_group(
            [match, ("date", ">=", date_from), ("date", "<=", date_to)],
            [column],
            ["amount:sum"],
        )

    timed = harness.timed(env, read, args.repeat)
    timed["result"] = {account.code: round(amount, 2) for account, amount in timed["result"]}
    return timed


SCOPES = {
    "one": "one activity, the year",
    "all": "every activity, the year",
    "month": "every activity, one month",
}


def _queries(count):
    return f"{count} quer{'y' if count == 1 else 'ies'}"


def _report(args, scope, suite, floor):
    date_from, date_to = _period(args, scope)
    write(
        f"{SCOPES[scope]} ({suite['activities']} activit"
        f"{'y' if suite['activities'] == 1 else 'ies'}, {date_from} to {date_to}):"
    )
    write(
        f"  coop.activity.account._figures_by_activity: first call {suite['first'] * 1000:.1f} "
        f"ms ({_queries(suite['first_queries'])}), median of {args.repeat} "
        f"{suite['median'] * 1000:.1f} ms ({_queries(suite['queries'])})"
    )
    write(
        f"  plain Odoo, account.analytic.line._read_group on the Activities plan: first call "
        f"{floor['first'] * 1000:.1f} ms ({_queries(floor['first_queries'])}), median "
        f"{floor['median'] * 1000:.1f} ms ({_queries(floor['queries'])})"
    )
    harness.beside(
        "median",
        suite["median"] * 1000,
        floor["median"] * 1000,
        unit="ms",
        baseline_label="Odoo's _read_group",
    )
    results, figures = suite["result"], list(next(iter(suite["result"].values()), {}))
    totals = {
        figure: round(sum(values[figure] for values in results.values()), 2) for figure in figures
    }
    if scope == "one":
        write(f"  figures: {results}")
    else:
        write(f"  totals of the {len(results)} activities' figures: {totals}")
    # The activities' result is their analytic lines' sum: the floor's, to the cent.
    differ = sorted(
        code
        for code in set(results) | set(floor["result"])
        if abs(results.get(code, {}).get("result", 0.0) - floor["result"].get(code, 0.0)) > 0.005
    )
    write(
        f"  result = the analytic lines' sum, activity by activity: "
        f"{'yes' if not differ else 'NO, for ' + ', '.join(differ[:10])}"
        f" (total {totals.get('result', 0.0):.2f}; analytic lines "
        f"{sum(floor['result'].values()):.2f})"
    )
    checks = []
    if scope in TARGETS:
        limit = TARGETS[scope]
        met = suite["median"] < limit
        checks.append(f"under {limit * 1000:.0f} ms {'met' if met else 'MISSED'}")
    ratio = harness.per(suite["median"], floor["median"])
    met = ratio <= FLOOR_RATIO
    checks.append(f"within {FLOOR_RATIO}x of the floor ({ratio:.2f}) {'met' if met else 'MISSED'}")
    write(f"  targets: {', '.join(checks)}")


def run(args):
    databases = harness.create_databases(args, {"suite": "coop_entrepreneur"})
    database = databases["suite"]
    if args.skip_setup:
        # The view is made by the addon's init(): update it, to measure the code's.
        seconds = harness.install(args, database, "coop_entrepreneur", update=True)
        write(
            f"{database}: coop_entrepreneur updated (its view as the code makes it) in {seconds:.0f} s"
        )
    else:
        made = harness.run_step(args, "generate", database)
        counts = made["counts"]
        write(
            f"generated {made['items']} posted journal items over {args.activities} activities "
            f"in {args.year}: {counts['out_invoice']['documents']} customer invoices and "
            f"{counts['in_invoice']['documents']} vendor bills "
            f"({counts['out_invoice']['paid'] + counts['in_invoice']['paid']} paid, each with "
            f"its payment entry and partial reconciliation), {made['salaries']} salary "
            f"entries; {made['analytic_lines']} analytic lines; in {made['seconds']:.1f} s, "
            f"VACUUM ANALYZE {made['vacuum_seconds']:.1f} s"
        )
    for scope in SCOPES:
        suite = harness.run_step(args, f"suite_{scope}", database)
        floor = harness.run_step(args, f"floor_{scope}", database)
        _report(args, scope, suite, floor)
    harness.drop_databases(args, databases.values())


if __name__ == "__main__":
    parser = harness.parser(__doc__, "coop_bench_activity")
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--activities", type=int, default=700)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--month", type=int, default=6)
    parser.add_argument("--repeat", type=int, default=3)
    steps = {"generate": step_generate}
    for name in SCOPES:
        steps[f"suite_{name}"] = lambda args, scope=name: step_suite(args, scope)
        steps[f"floor_{name}"] = lambda args, scope=name: step_floor(args, scope)
    harness.main(parser, steps, run, quick={"lines": 50_000, "activities": 50})
