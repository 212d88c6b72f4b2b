# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What every benchmark shares: its databases, one process per measured step, and the
figures of a step (wall time, CPU time of Odoo and of its PostgreSQL backend, peak memory,
SQL queries) printed beside plain Odoo's.

A benchmark script builds its options with ``parser()``, lists its steps (functions of
``args`` returning a JSON-able dict) and hands both to ``main()`` with the function that
sets up its databases, runs its steps with ``run_step()`` and prints its report. Each step
runs in a new process of the same script (``--step NAME --database DB``): its peak memory
is its own and the previous step's cache does not help it.
"""

import argparse
import ast
import configparser
import datetime
import json
import linecache
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.module import adapt_version
from odoo.tools import SQL

ROOT = Path(__file__).resolve().parents[1]
ADDONS = f"{ROOT / 'addons'}{os.sep}"
# base, l10n_fr, a French company and l10n_fr_account, without demo data: plain Odoo.
TEMPLATE = "coop_bench_template"
# The benchmarks' own databases start with it: the harness may drop and rebuild them.
OWN = "coop_bench"
DB_NAME = re.compile(r"^[A-Za-z0-9_]+$")
LOG_ERROR = re.compile(r"^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ", re.MULTILINE)
VERB = re.compile(r"\s*(\w+)")
TABLE = re.compile(r'\b(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


def write(text=""):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def per(value, count):
    return value / count if count else 0.0


def cpu_total(result):
    """CPU time of Odoo plus its PostgreSQL backend (Odoo alone when the server is remote)."""
    return result["cpu"] + (result["cpu_db"] or 0.0)


def beside(label, figure, baseline, unit="s", baseline_label="plain Odoo"):
    """One figure, plain Odoo's beside it and their ratio."""
    write(
        f"  {label}: {figure:.2f} {unit}; {baseline_label}: {baseline:.2f} {unit}; "
        f"ratio {per(figure, baseline):.2f}"
    )


# Options and steps


def _odoo_bin():
    """ODOO_BIN, else the odoo command of the Python running this script, else PATH's."""
    sibling = Path(sys.executable).with_name("odoo")
    return os.environ.get("ODOO_BIN") or (str(sibling) if sibling.is_file() else "odoo")


def parser(doc, prefix):
    """The options every benchmark takes; the script adds its own."""
    parser = argparse.ArgumentParser(
        description=doc.splitlines()[0],
        epilog=f"Run it with the Python that runs Odoo, from anywhere; see {ROOT}/benchmarks/README.md.",
    )
    parser.add_argument("--config", default=str(ROOT / "var" / "odoo.conf"), help="Odoo config")
    parser.add_argument("--prefix", default=prefix, help="database name prefix")
    parser.add_argument(
        "--template", default=TEMPLATE, help="database the benchmark's databases are copied from"
    )
    parser.add_argument("--odoo-bin", default=_odoo_bin(), help="Odoo's odoo command")
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    parser.add_argument("--keep", action="store_true", help="do not drop the databases")
    parser.add_argument("--skip-setup", action="store_true", help="reuse kept databases")
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--batch", type=int, help=argparse.SUPPRESS)
    return parser


def main(parser, steps, run, quick=None):
    """Run one step (in a step's process) or the whole benchmark. With --quick, the
    ``quick`` values replace the defaults, not the options given."""
    parser.add_argument("--step", choices=sorted(steps), help=argparse.SUPPRESS)
    if "--quick" in sys.argv[1:]:
        parser.set_defaults(**(quick or {}))
    args = parser.parse_args()
    if args.step:
        write(json.dumps(steps[args.step](args), default=str))
        return
    for name in (args.prefix, args.template):
        if not DB_NAME.match(name):
            parser.error(f"{name}: a database name is made of letters, digits and _")
    write(
        f"{parser.description.rstrip('.')} ({os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.2f}{', quick' if args.quick else ''})"
    )
    run(args)


def run_step(args, name, database, **options):
    """Run a step in its own process of this script, with this run's options."""
    command = [sys.executable, os.path.abspath(sys.argv[0]), *sys.argv[1:]]
    command += ["--step", name, "--database", database]
    for option, value in options.items():
        command += [f"--{option.replace('_', '-')}", str(value)]
    started = time.perf_counter()
    process = subprocess.run(command, capture_output=True, text=True, check=False)
    if process.returncode:
        write(f"step {name} on {database} failed:\n{process.stderr[-4000:]}")
        sys.exit(process.returncode)
    result = json.loads(process.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - started
    return result


# Databases


def _pg_environ(args):
    """The environment of PostgreSQL's clients: the server and role of Odoo's config."""
    options = configparser.ConfigParser(interpolation=None)
    options.read(args.config)
    environ = dict(os.environ, PGOPTIONS="-c client_min_messages=warning")
    for key, variable in (
        ("db_host", "PGHOST"),
        ("db_port", "PGPORT"),
        ("db_user", "PGUSER"),
        ("db_password", "PGPASSWORD"),
    ):
        value = options.get("options", key, fallback="")
        if value and value != "False":
            environ[variable] = value
    return environ, options.get("options", "data_dir", fallback="")


def _filestore(args, database):
    """The database's filestore folder, or None when the config names no data_dir."""
    _environ, data_dir = _pg_environ(args)
    return Path(data_dir, "filestore", database) if data_dir and data_dir != "False" else None


def _pg(args, *command, capture=False):
    environ, _data_dir = _pg_environ(args)
    process = subprocess.run(command, env=environ, check=True, capture_output=capture, text=True)
    return process.stdout


def _exists(args, database):
    query = f"SELECT 1 FROM pg_database WHERE datname = '{database}'"
    return _pg(args, "psql", "-d", "postgres", "-tAc", query, capture=True).strip() == "1"


def suite_addons():
    """{addon: version} of the suite's addons (each folder of addons/ with a manifest), the
    version written as Odoo records it once installed."""
    return {
        manifest.parent.name: adapt_version(ast.literal_eval(manifest.read_text())["version"])
        for manifest in sorted((ROOT / "addons").glob("*/__manifest__.py"))
    }


def installed_suite(args, database):
    """{addon: version recorded} of the suite's addons installed (or half) in the database."""
    names = ", ".join(f"'{name}'" for name in suite_addons())
    query = (
        "SELECT name, latest_version FROM ir_module_module WHERE name IN "
        f"({names}) AND state NOT IN ('uninstalled', 'uninstallable')"
    )
    rows = _pg(args, "psql", "-d", database, "-tAF", "|", "-c", query, capture=True)
    return dict(row.split("|", 1) for row in rows.splitlines() if row)


def _drop(args, database):
    _pg(args, "dropdb", "--if-exists", database)
    if _filestore(args, database):
        shutil.rmtree(_filestore(args, database), ignore_errors=True)


def ensure_template(args):
    """Create the config and the template with setup/lib.sh when either is missing: a
    French company with Odoo's French accounting and none of the suite's addons. A
    template of the benchmarks' own (named coop_bench...) that holds some of the suite's
    addons, as an older harness or a hand may have left it (an older coop_contribution,
    say), is dropped and built again: the plain databases are copies of it."""
    if Path(args.config).is_file() and _exists(args, args.template):
        held = installed_suite(args, args.template)
        if not held:
            return
        described = ", ".join(f"{name} {version}" for name, version in sorted(held.items()))
        if not args.template.startswith(OWN):
            sys.exit(
                f"{args.template} holds the suite's {described}: a template must be plain Odoo "
                f"(base, l10n_fr, l10n_fr_account); pass another --template."
            )
        write(f"{args.template} holds the suite's {described}: dropped, to be built again")
        _drop(args, args.template)
    write(f"creating {args.template} with setup/lib.sh (Odoo, PostgreSQL, var/odoo.conf)")
    # create_database installs l10n_fr_account with the suite's addons: here without them.
    script = (
        "source setup/lib.sh && prepare && "
        f"{{ db_exists {args.template} || {{ "
        'suite_modules() { echo "$EXTRA_MODULES"; }; '
        f"create_database {args.template} nodemo; }}; }}"
    )
    environ = dict(os.environ)
    if shutil.which(args.odoo_bin):
        environ["ODOO_BIN"] = shutil.which(args.odoo_bin)
    if subprocess.run(["bash", "-c", script], cwd=ROOT, env=environ, check=False).returncode:
        sys.exit(f"{args.template} could not be created (see setup/lib.sh's message above).")
    if not Path(args.config).is_file():
        sys.exit(f"{args.config} does not exist: setup/lib.sh wrote {ROOT / 'var' / 'odoo.conf'}.")


def update_stale(args, database):
    """Update the suite's addons of a kept database whose recorded version is not their
    manifest's (the code changed since the database was made)."""
    versions = suite_addons()
    stale = sorted(
        name
        for name, version in installed_suite(args, database).items()
        if version != versions[name]
    )
    if stale:
        seconds = install(args, database, ",".join(stale), update=True)
        write(f"{database}: {', '.join(stale)} updated to the code's version in {seconds:.0f} s")


def install(args, database, modules, update=False):
    """Install (or update) modules without demo data; fail on any ERROR or CRITICAL line
    of the log."""
    started = time.perf_counter()
    process = subprocess.run(
        [
            args.odoo_bin,
            *("-c", args.config, "-d", database, "-u" if update else "-i", modules),
            *("--without-demo=all", "--stop-after-init", "--log-level=warn"),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=_pg_environ(args)[0],
    )
    if process.returncode or LOG_ERROR.search(process.stderr):
        write(f"installing {modules} into {database} failed:\n{process.stderr[-4000:]}")
        sys.exit(process.returncode or 1)
    return time.perf_counter() - started


def create_databases(args, modules):
    """{kind: modules} → {kind: PREFIX_kind}, each copied from the template and given its
    modules (none: plain Odoo), unless --skip-setup."""
    names = {kind: f"{args.prefix}_{kind}" for kind in modules}
    if args.skip_setup:
        for name in names.values():
            update_stale(args, name)
        return names
    ensure_template(args)
    for kind, name in names.items():
        _pg(args, "dropdb", "--if-exists", name)
        _pg(args, "createdb", "-T", args.template, name)
        source, target = _filestore(args, args.template), _filestore(args, name)
        if source and source.is_dir():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target)
        if modules[kind]:
            seconds = install(args, name, modules[kind])
            write(
                f"{name}: copied from {args.template}, {modules[kind]} installed in {seconds:.0f} s"
            )
        else:
            write(f"{name}: copied from {args.template} (plain Odoo)")
    return names


def drop_databases(args, names):
    """Drop the databases and their filestores, unless --keep."""
    if args.keep:
        return
    for name in names:
        _drop(args, name)
    write(f"databases {', '.join(names)} dropped")


# Inside a step


def environment(args):
    """A superuser environment on the step's database, in its French main company."""
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    env = api.Environment(registry.cursor(), SUPERUSER_ID, {})
    company = env.ref("base.main_company")
    assert company.chart_template == "fr", f"{company.name} has no French chart of accounts"
    return env(context={"allowed_company_ids": company.ids}), company


def timed(env, call, repeat):
    """call() once, then ``repeat`` times more, the record cache emptied before each:
    the first call's time and queries, the median of the others (wall and CPU time), their
    largest number of queries, and what the first call returned."""
    meter = Meter(env)
    timings, result = [], None
    for index in range(repeat + 1):
        env.invalidate_all()
        mark = meter.mark()
        output = call()
        if index == 0:
            result = output
        timings.append(meter.since(mark))
    rest = timings[1:] or timings
    return {
        "first": timings[0]["seconds"],
        "first_queries": timings[0]["queries"],
        "median": statistics.median(t["seconds"] for t in rest),
        "cpu": statistics.median(t["cpu"] for t in rest),
        "queries": max(t["queries"] for t in rest),
        "result": result,
    }


def default_year():
    return datetime.date.today().year - 1


def peak_mb():
    """Peak resident memory of this process: a step's own, as it runs in its own process."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Meter:
    """From its creation: wall time, CPU time of this process and of its PostgreSQL backend
    (read from /proc when the server is on this machine, else None: on a machine shared
    with other work, CPU time is steadier than wall time), SQL queries over every cursor
    and peak memory. ``mark()`` and ``since()`` measure a part of the work the same way,
    without a query of their own."""

    def __init__(self, env):
        env.cr.execute("SELECT pg_backend_pid()")
        self._stat = f"/proc/{env.cr.fetchone()[0]}/stat"
        self._baseline_mb = peak_mb()
        self._start = self._now()

    def _backend(self):
        try:
            with open(self._stat) as stat:
                values = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(values[11]) + int(values[12])) / os.sysconf("SC_CLK_TCK")

    def _now(self):
        return time.perf_counter(), time.process_time(), self._backend(), odoo.sql_db.sql_counter

    def mark(self):
        return self._now()

    def since(self, mark):
        """{seconds, cpu, cpu_db, queries} from a mark to now."""
        wall, cpu, backend, queries = self._now()
        start_wall, start_cpu, start_backend, start_queries = mark
        return {
            "seconds": wall - start_wall,
            "cpu": cpu - start_cpu,
            "cpu_db": None if None in (backend, start_backend) else backend - start_backend,
            "queries": queries - start_queries,
        }

    def figures(self):
        return {**self.since(self._start), "baseline_mb": self._baseline_mb, "peak_mb": peak_mb()}


def add_figures(total, figures):
    """Add figures of since() into total (a dict, empty at first)."""
    for key, value in figures.items():
        if value is None or total.get(key, 0) is None:
            total[key] = None
        else:
            total[key] = total.get(key, 0) + value
    return total


class Probes:
    """Inclusive time and queries of the outermost calls of some methods: probes are
    (model, method, the "model.method" it must be called from, or None: anywhere). A model
    or method the database does not have is left out."""

    def __init__(self, env, probes):
        self.stats = {}
        self.depth = Counter()  # by label: only the outermost call is counted
        self.active = Counter()  # by "model.method": for the probes called from it
        for model, name, within in probes:
            if model not in env.registry or not hasattr(env.registry[model], name):
                continue
            cls, key = env.registry[model], f"{model}.{name}"
            label = f"{key} in {within}" if within else key
            self.stats[label] = [0.0, 0]
            setattr(cls, name, self._wrap(key, within, label, getattr(cls, name)))

    def _wrap(self, key, within, label, method):
        probes = self

        def wrapper(self, *args, **kwargs):
            if within and not probes.active[within]:
                return method(self, *args, **kwargs)
            probes.depth[label] += 1
            probes.active[key] += 1
            started, queries = time.perf_counter(), odoo.sql_db.sql_counter
            try:
                return method(self, *args, **kwargs)
            finally:
                probes.active[key] -= 1
                probes.depth[label] -= 1
                if not probes.depth[label]:
                    probes.stats[label][0] += time.perf_counter() - started
                    probes.stats[label][1] += odoo.sql_db.sql_counter - queries

        return wrapper

    def reset(self):
        for stat in self.stats.values():
            stat[0], stat[1] = 0.0, 0


def probes_at_work(*stats):
    """The labels of the probes that ran a query or 5 ms in any of these stats (JSON
    copies of Probes.stats), and their width."""
    labels = [
        label
        for label in stats[0]
        if any(stat[label][1] or stat[label][0] >= 0.005 for stat in stats)
    ]
    return labels, max(map(len, labels), default=0)


_SUITE_LINES = {}


def _suite_line(code, lineno):
    """True when this line of the suite's code does its own work, not just call super()."""
    key = (code.co_filename, lineno)
    if key not in _SUITE_LINES:
        name = code.co_filename
        _SUITE_LINES[key] = name.startswith(ADDONS) and "super()" not in linecache.getline(
            name, lineno
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


def _signature(query):
    code = query.code if isinstance(query, SQL) else query
    if isinstance(code, bytes):
        code = code.decode(errors="replace")
    verb = VERB.match(code)
    table = TABLE.search(code)
    return f"{verb.group(1).upper() if verb else '?'} {table.group(1) if table else ''}".strip()


def source(origin):
    """The source line of an origin 'path:line function'."""
    if origin == "odoo":
        return ""
    path, line = origin.split(" ")[0].rsplit(":", 1)
    return linecache.getline(ADDONS + path, int(line)).strip()[:70]


class QueryProfile:
    """While active, count every query by its origin (the suite's line that caused it), by
    its statement (verb and table) and by both."""

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
            "sources": {origin: source(origin) for origin in self.origin},
        }
