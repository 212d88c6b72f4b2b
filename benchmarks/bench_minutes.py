#!/usr/bin/env python3
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The minutes of a general assembly of 700 associés and 20 resolutions rendered as a PDF
(coop_governance), beside plain Odoo printing an invoice of as many lines.

    python benchmarks/bench_minutes.py --quick

Two databases copied from the template: PREFIX_suite with coop_governance, where ASSOCIATES
associés are notified of an assembly of RESOLUTIONS resolutions (through the ORM: the
attendance sheet and the notice), then five sevenths attend, one in seven of them by proxy,
and every one present or represented votes on every resolution (written in SQL, with the
counters the votes make; one resolution in four by secret ballot); and PREFIX_plain, plain
Odoo with a draft customer invoice of ASSOCIATES + RESOLUTIONS lines. Each measure runs in
its own process: the minutes' PDF (``ir.actions.report._render_qweb_pdf``: QWeb, then
wkhtmltopdf) and its QWeb HTML alone, first call and median of REPEAT; beside them the
invoice's PDF (``account.account_invoices``). wkhtmltopdf reads the report's style sheets
from Odoo's web server, as it does in production: the script starts one (``odoo
--http-port PORT``) on each database for its measure and stops it after. Without
wkhtmltopdf on the machine, only the HTML is measured, and the script says so.
Target: the minutes' PDF in under 10 seconds.
"""

import shutil
import subprocess
import time
import urllib.request
from datetime import date, timedelta

import harness
from harness import write


def step_generate(args):
    env, company = harness.environment(args)
    meter = harness.Meter(env)
    env["coop.assembly.rule"].create(
        {"company_id": company.id, "kind": "ordinary", "quorum_num": 1, "quorum_den": 4}
    )
    associates = (
        env["res.partner"]
        .with_context(coop_member_transition=True)
        .create(
            [
                {
                    "name": f"Associé·e {index:04d}",
                    "coop_member_state": "associate",
                    "coop_associate_date": date(2024, 6, 1),
                }
                for index in range(args.associates)
            ]
        )
    )
    today = date.today()
    assembly = env["coop.assembly"].create(
        {
            "name": "Assemblée générale ordinaire",
            "company_id": company.id,
            "date": today + timedelta(days=30),
            "agenda": "<p>Approbation des comptes, affectation du résultat, élections.</p>",
            "resolution_ids": [
                (
                    0,
                    0,
                    {
                        "sequence": number,
                        "name": f"Résolution n° {number}",
                        "text": "<p>L'assemblée générale approuve la proposition.</p>",
                        "secret": number % 4 == 0,
                    },
                )
                for number in range(1, args.resolutions + 1)
            ],
        }
    )
    assembly.action_notify(today)
    env.flush_all()
    attending = args.associates * 5 // 7
    represented = attending // 7
    params = {"assembly": assembly.id, "present": attending - represented, "voting": attending}
    # The sheet in order: the first ones present (one in three remote), then the proxies,
    # each given to a different associé present, then the absent.
    env.cr.execute(
        """
        WITH sheet AS (
            SELECT id, row_number() OVER (ORDER BY id) AS n
              FROM coop_assembly_attendee WHERE assembly_id = %(assembly)s)
        UPDATE coop_assembly_attendee a
           SET attendance = CASE WHEN s.n <= %(present)s AND s.n %% 3 = 0 THEN 'remote'
                                 WHEN s.n <= %(present)s THEN 'present'
                                 WHEN s.n <= %(voting)s THEN 'represented'
                                 ELSE 'absent' END,
               proxy_holder_id = CASE WHEN s.n > %(present)s AND s.n <= %(voting)s THEN
                   (SELECT h.id FROM sheet h WHERE h.n = s.n - %(present)s) END
          FROM sheet s WHERE s.id = a.id
        """,
        params,
    )
    env.cr.execute(
        """
        INSERT INTO coop_assembly_vote (resolution_id, attendee_id, voter_id, choice,
                                        create_uid, create_date, write_uid, write_date)
        SELECT r.id, a.id, coalesce(a.proxy_holder_id, a.id),
               (ARRAY['for', 'for', 'for', 'against', 'abstain'])[1 + (a.id + r.id) %% 5],
               1, now(), 1, now()
          FROM coop_assembly_resolution r
          JOIN coop_assembly_attendee a ON a.assembly_id = r.assembly_id
         WHERE r.assembly_id = %(assembly)s AND a.attendance <> 'absent'
        """,
        params,
    )
    votes = env.cr.rowcount
    env.cr.execute(
        """
        UPDATE coop_assembly_resolution r
           SET count_for = c.pro, count_against = c.con, count_abstain = c.abstain,
               count_blank = 0
          FROM (SELECT resolution_id, count(*) FILTER (WHERE choice = 'for') AS pro,
                       count(*) FILTER (WHERE choice = 'against') AS con,
                       count(*) FILTER (WHERE choice = 'abstain') AS abstain
                  FROM coop_assembly_vote GROUP BY resolution_id) c
         WHERE c.resolution_id = r.id AND r.assembly_id = %(assembly)s;
        UPDATE coop_assembly_vote v SET choice = NULL
          FROM coop_assembly_resolution r
         WHERE r.id = v.resolution_id AND r.secret AND r.assembly_id = %(assembly)s;
        UPDATE coop_assembly SET state = 'closed' WHERE id = %(assembly)s;
        """,
        params,
    )
    _serve_reports(env, args)
    env.cr.commit()
    return {
        "associates": len(associates),
        "votes": votes,
        "seconds": meter.figures()["seconds"],
    }


def step_generate_plain(args):
    env, company = harness.environment(args)
    meter = harness.Meter(env)
    partner = env["res.partner"].create({"name": "Client de la coopérative"})
    income = env["account.account"].search(
        [*env["account.account"]._check_company_domain(company), ("account_type", "=", "income")],
        limit=1,
    )
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": date.today(),
            "invoice_line_ids": [
                (
                    0,
                    0,
                    {
                        "name": f"Prestation n° {index:04d}",
                        "quantity": 1 + index % 3,
                        "price_unit": 25.0 + index % 40,
                        "account_id": income.id,
                    },
                )
                for index in range(args.associates + args.resolutions)
            ],
        }
    )
    _serve_reports(env, args)
    env.cr.commit()
    return {"lines": len(invoice.invoice_line_ids), "seconds": meter.figures()["seconds"]}


def _serve_reports(env, args):
    """wkhtmltopdf fetches the report's style sheets from this URL: the server the run
    starts for the measure."""
    env["ir.config_parameter"].sudo().set_param("report.url", f"http://127.0.0.1:{args.port}")


def _timed(env, call, repeat):
    timed = harness.timed(env, call, repeat)
    timed["bytes"] = len(timed.pop("result"))
    return timed


def _pdf_available():
    return bool(shutil.which("wkhtmltopdf"))


def step_suite(args):
    env, _company = harness.environment(args)
    assembly = env["coop.assembly"].search([("name", "=", "Assemblée générale ordinaire")])
    Report = env["ir.actions.report"]
    report = "coop_governance.report_assembly_minutes"
    result = {
        "html": _timed(env, lambda: Report._render_qweb_html(report, assembly.ids)[0], args.repeat)
    }
    if _pdf_available():
        result["pdf"] = _timed(
            env, lambda: Report._render_qweb_pdf(report, assembly.ids)[0], args.repeat
        )
    result["attendees"] = len(assembly.attendee_ids)
    result["resolutions"] = len(assembly.resolution_ids)
    return result


def step_plain(args):
    env, _company = harness.environment(args)
    invoice = env["account.move"].search([("move_type", "=", "out_invoice")], limit=1)
    Report = env["ir.actions.report"]
    report = "account.account_invoices"
    result = {
        "html": _timed(env, lambda: Report._render_qweb_html(report, invoice.ids)[0], args.repeat)
    }
    if _pdf_available():
        result["pdf"] = _timed(
            env, lambda: Report._render_qweb_pdf(report, invoice.ids)[0], args.repeat
        )
    return result


def _with_server(args, database, step):
    """Run ``step`` while an Odoo web server serves ``database`` on the run's port."""
    server = subprocess.Popen(
        [
            harness._odoo_bin(),
            "-c",
            args.config,
            "-d",
            database,
            "--db-filter",
            f"^{database}$",
            "--http-port",
            str(args.port),
            "--gevent-port",
            str(args.port + 1),
            "--workers",
            "0",
            "--max-cron-threads",
            "0",
            "--log-level",
            "warn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}/web/health", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        return harness.run_step(args, step, database)
    finally:
        server.terminate()
        server.wait(timeout=30)


def _line(label, figures):
    write(
        f"  {label}: first call {figures['first']:.2f} s, median {figures['median']:.2f} s "
        f"(CPU {figures['cpu']:.2f} s), {figures['queries']} queries, "
        f"{figures['bytes'] / 1024:.0f} KiB"
    )


def run(args):
    databases = harness.create_databases(args, {"suite": "coop_governance", "plain": ""})
    if not args.skip_setup:
        generated = harness.run_step(args, "generate", databases["suite"])
        write(
            f"an assembly of {generated['associates']} associés and {args.resolutions} "
            f"resolutions, {generated['votes']} votes, made in {generated['seconds']:.1f} s"
        )
        plain = harness.run_step(args, "generate_plain", databases["plain"])
        write(f"plain Odoo: a draft invoice of {plain['lines']} lines")
    if not _pdf_available():
        write("wkhtmltopdf is not on this machine: the QWeb HTML alone is measured")
    suite = _with_server(args, databases["suite"], "suite")
    plain = _with_server(args, databases["plain"], "plain")
    write(
        f"the minutes ({suite['attendees']} on the attendance sheet, "
        f"{suite['resolutions']} resolutions), median of {args.repeat}:"
    )
    _line("QWeb HTML", suite["html"])
    if "pdf" in suite:
        _line("PDF", suite["pdf"])
    write(f"plain Odoo, the invoice of {args.associates + args.resolutions} lines:")
    _line("QWeb HTML", plain["html"])
    if "pdf" in plain:
        _line("PDF", plain["pdf"])
    kind = "pdf" if "pdf" in suite else "html"
    harness.beside(f"{kind.upper()} median", suite[kind]["median"], plain[kind]["median"], unit="s")
    met = "met" if suite[kind]["median"] < 10 and suite[kind]["first"] < 10 else "MISSED"
    write(f"  target: the minutes in under 10 s (first call and median) {met}")
    harness.drop_databases(args, databases.values())


if __name__ == "__main__":
    parser = harness.parser(__doc__, "coop_bench_minutes")
    parser.add_argument("--associates", type=int, default=700)
    parser.add_argument("--resolutions", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--port", type=int, default=8169)
    harness.main(
        parser,
        {
            "generate": step_generate,
            "generate_plain": step_generate_plain,
            "suite": step_suite,
            "plain": step_plain,
        },
        run,
        quick={"associates": 70, "resolutions": 5, "repeat": 1},
    )
