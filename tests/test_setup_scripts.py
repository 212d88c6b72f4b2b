"""The setup scripts speak in one sentence when the platform is missing."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(snippet, tmp_path, **env):
    base = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "ODOO_HOME": str(tmp_path / "odoo")}
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


def test_suite_modules_lists_every_addon():
    result = subprocess.run(
        ["bash", "-c", "source setup/lib.sh && suite_modules"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ),
    )
    expected = sorted(p.parent.name for p in (ROOT / "addons").glob("*/__manifest__.py"))
    assert sorted(result.stdout.strip().split(",")) == expected
    assert "coop_entrepreneur" in expected
