"""The setup scripts start the platform from nothing, and speak in one sentence when it is missing."""

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(snippet, tmp_path, **env):
    base = {
        "PATH": "/usr/sbin:/usr/bin:/sbin:/bin",
        "HOME": str(tmp_path),
        "ODOO_HOME": str(tmp_path / "odoo"),
    }
    return subprocess.run(
        ["bash", "-c", f"source setup/lib.sh && {snippet}"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_missing_odoo_gives_one_sentence(tmp_path):
    result = _run("find_odoo", tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ERROR: Odoo 18.0 was not found")
    assert "put its 'odoo' command on PATH, or set ODOO_BIN" in lines[0]
    assert "Traceback" not in result.stdout + result.stderr


def test_wrong_odoo_bin_gives_one_sentence(tmp_path):
    result = _run("find_odoo", tmp_path, ODOO_BIN=str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"ERROR: ODOO_BIN={tmp_path / 'nowhere'} is not an executable file: point it at "
        "Odoo 18.0's odoo command (or odoo-bin)."
    ]


def _lib_output(function):
    """What a function of setup/lib.sh prints, in this process's environment."""
    return subprocess.run(
        ["bash", "-c", f"source setup/lib.sh && {function}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ),
    ).stdout.strip()


def test_suite_modules_lists_every_addon():
    expected = sorted(p.parent.name for p in (ROOT / "addons").glob("*/__manifest__.py"))
    assert sorted(_lib_output("suite_modules").split(",")) == expected
    assert "coop_entrepreneur" in expected


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(*command):
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", *command],
        cwd="/",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.fixture
def stopped_cluster():
    """A throwaway PostgreSQL cluster, stopped, with no role but postgres: a bare machine."""
    if os.geteuid() != 0:
        pytest.skip("making a PostgreSQL cluster as the postgres user needs root")
    bindir = _lib_output("pg_bindir")
    folder = Path(tempfile.mkdtemp(prefix="coop-pg-"))
    shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    # Debian's own authentication: peer for local logins, passwords over TCP.
    _as_postgres(
        f"{bindir}/initdb",
        "-D",
        str(data),
        "-U",
        "postgres",
        "--auth-local=peer",
        "--auth-host=scram-sha-256",
    )
    try:
        yield {"folder": folder, "data": data, "port": _free_port(), "bindir": bindir}
    finally:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", f"{bindir}/pg_ctl", "stop", "-D", str(data)],
            cwd="/",
            capture_output=True,
            check=False,
            timeout=120,
        )
        shutil.rmtree(folder, ignore_errors=True)


def test_setup_starts_postgres_and_creates_its_role_from_nothing(stopped_cluster, tmp_path):
    port = str(stopped_cluster["port"])
    env = {
        "PGPORT": port,
        "PGUSER": "coop_bare",
        "PGPASSWORD": "s3cret-bare",
        "PGDATA": str(stopped_cluster["data"]),
        "PG_SOCKET_DIR": str(stopped_cluster["folder"]),
    }
    down = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", port], check=False)
    assert down.returncode != 0, "the throwaway cluster must start stopped"

    result = _run(
        "ensure_postgres && psql -d postgres -tAc 'SELECT current_user, rolcreatedb "
        "FROM pg_roles WHERE rolname = current_user'",
        tmp_path,
        **env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "==> Starting PostgreSQL",
        "==> Creating the PostgreSQL role coop_bare",
        "coop_bare|t",
    ]
    # The role logs in over TCP with its password, and a second run has nothing to do.
    again = _run("ensure_postgres && createdb coop_bare_db && echo created", tmp_path, **env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.splitlines() == ["created"]


def test_install_log_with_failed_demo_data_is_refused(tmp_path):
    log = tmp_path / "install.log"
    log.write_text(
        "2026-11-30 19:58:22,600 5562 INFO db odoo.modules.loading: loading coop_x\n"
        "Traceback (most recent call last):\n"
        "odoo.tools.convert.ParseError: while parsing demo.xml:6\n"
        "2026-11-30 19:58:22,688 5562 WARNING db odoo.modules.loading: Module coop_x demo "
        "data failed to install, installed without demo data\n"
    )
    result = _run(f"check_log {log}", tmp_path)
    assert result.returncode == 2
    assert f"ERROR: Odoo could not load the demo data (full log: {log})." in result.stderr
    assert "ParseError: while parsing demo.xml:6" in result.stderr
    log.write_text("2026-11-30 19:58:22,600 5562 WARNING db odoo.modules: a warning\n")
    assert _run(f"check_log {log}", tmp_path).returncode == 0
