"""coop_contribution 18.0.1.0.0 → 18.0.2.0.0 on a database holding posted contributions."""

import configparser
import io
import json
import os
import subprocess
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The last commit where coop_contribution was 18.0.1.0.0 (contributions as flagged entries).
LEGACY_COMMIT = "93463d2"


def _odoo_bin():
    return subprocess.run(
        ["bash", "-c", 'source setup/lib.sh && find_odoo >/dev/null && echo "$ODOO_BIN"'],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def _legacy_addon(tmp_path):
    """coop_contribution as it landed in 18.0.1.0.0, from the repository's history."""
    archive = subprocess.run(
        ["git", "archive", LEGACY_COMMIT, "addons/coop_contribution"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if archive.returncode:
        pytest.skip(f"commit {LEGACY_COMMIT} is not in this clone: {archive.stderr.decode()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(tmp_path, filter="data")
    return tmp_path / "addons"


class Odoo:
    """The odoo command on one database, optionally with another addons path."""

    def __init__(self, db, tmp_path):
        self.db, self.log = db, tmp_path / "odoo.log"
        self.bin = _odoo_bin()
        self.conf = ROOT / "var" / "odoo.conf"
        parser = configparser.ConfigParser()
        parser.read(self.conf)
        self.addons_path = parser["options"]["addons_path"]

    def _run(self, command, stdin=None):
        result = subprocess.run(
            command, input=stdin, capture_output=True, text=True, timeout=900, check=False, cwd=ROOT
        )
        output = result.stdout + result.stderr + (self.log.read_text() if self.log.exists() else "")
        assert result.returncode == 0, output[-4000:]
        assert " ERROR " not in output and " CRITICAL " not in output, output[-4000:]
        return result.stdout

    def _options(self, addons_path):
        options = ["-c", str(self.conf), "-d", self.db, "--log-level=warn"]
        return options + ([f"--addons-path={addons_path}"] if addons_path else [])

    def step(self, *args, addons_path=None):
        self.log.unlink(missing_ok=True)
        command = [self.bin, *self._options(addons_path), f"--logfile={self.log}", *args]
        return self._run(command + ["--stop-after-init"])

    def shell(self, script, addons_path=None):
        self.log.unlink(missing_ok=True)
        command = [self.bin, "shell", *self._options(addons_path), "--no-http"]
        out = self._run(command, stdin=(ROOT / script).read_text())
        results = [line for line in out.splitlines() if line.startswith("RESULT ")]
        assert results, out[-4000:]
        return json.loads(results[-1][len("RESULT ") :])


@pytest.fixture
def database(tmp_path):
    db = f"coop_migration_{os.getpid()}"
    yield db
    subprocess.run(["dropdb", "--if-exists", "--force", db], check=False, capture_output=True)


def test_update_from_18_0_1_keeps_the_amounts_and_makes_the_ledger_neutral(tmp_path, database):
    legacy = _legacy_addon(tmp_path / "legacy")
    odoo = Odoo(database, tmp_path)
    legacy_path = f"{legacy},{odoo.addons_path}"
    odoo.step("-i", "base,l10n_fr", "--without-demo=all", addons_path=legacy_path)
    odoo._run(
        [odoo.bin, "shell", *odoo._options(legacy_path), "--no-http"],
        stdin=(ROOT / "setup" / "french_company.py").read_text(),
    )
    odoo.step(
        "-i", "l10n_fr_account,coop_contribution", "--without-demo=all", addons_path=legacy_path
    )
    before = odoo.shell("tests/migration/legacy_scenario.py", addons_path=legacy_path)
    # 10% of 1,000 - 200 + 333.33 for the joinery, of 2,500 for the web studio.
    assert before["contributions"] == {"BOIS": 113.33, "WEB": 250.0}
    odoo.step("-u", "coop_contribution")
    after = odoo.shell("tests/migration/check_migrated.py")
    assert after["contributions"] == before["contributions"]
    assert after["activity_account"] == before["activity_account"] == before["contributions"]
    assert after["records"] == after["with_entry"] == 4
    assert after["cron"] == "model._cron_run_open_months()"
    # The old entries are reversed: 628600 and 706900 net to zero, as does the internal
    # account the contributions are now booked on.
    assert after["ledger"] == {"628600": 0.0, "706900": 0.0, "186000": 0.0}
    for numbers in after["numbering"].values():
        assert numbers == list(range(1, len(numbers) + 1))
