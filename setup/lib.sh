#!/usr/bin/env bash
# Shared by setup/run and setup/test: find Odoo 18.0 and its Python, install the
# suite's Python dependencies there, start PostgreSQL, write a runtime config.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VAR="$ROOT/var"
CONF="$VAR/odoo.conf"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}"
export PGUSER="${PGUSER:-odoo}" PGPASSWORD="${PGPASSWORD:-odoo}"
# Where an Odoo installed by these scripts lives (outside the repository).
ODOO_HOME="${ODOO_HOME:-$HOME/.local/share/coop-odoo18}"
# Besides the suite, every database gets the French accounting localisation.
EXTRA_MODULES="l10n_fr_account"

die() {
    echo "ERROR: $*" >&2
    exit 2
}

log() { echo "==> $*"; }

# Every addon of the suite: each folder of addons/ with a manifest.
suite_modules() {
    local names=()
    for manifest in "$ROOT"/addons/*/__manifest__.py; do
        [ -f "$manifest" ] && names+=("$(basename "$(dirname "$manifest")")")
    done
    (IFS=,; echo "${names[*]}")
}

# Odoo from its official source into a virtual environment, when the internet allows.
install_odoo() {
    command -v git >/dev/null && command -v python3 >/dev/null || return 1
    git ls-remote --exit-code https://github.com/odoo/odoo refs/heads/18.0 >/dev/null 2>&1 || return 1
    log "Installing Odoo 18.0 from its official source into $ODOO_HOME"
    [ -d "$ODOO_HOME/src/.git" ] || git clone --quiet --depth 1 --branch 18.0 https://github.com/odoo/odoo "$ODOO_HOME/src" || return 1
    [ -x "$ODOO_HOME/venv/bin/python" ] || python3 -m venv "$ODOO_HOME/venv" || return 1
    echo 'setuptools<81' >"$ODOO_HOME/build-constraints.txt"
    "$ODOO_HOME/venv/bin/pip" install -q --upgrade pip 'setuptools<81' wheel || return 1
    "$ODOO_HOME/venv/bin/pip" install -q --build-constraint "$ODOO_HOME/build-constraints.txt" \
        -r "$ODOO_HOME/src/requirements.txt" || return 1
    "$ODOO_HOME/venv/bin/pip" install -q --build-constraint "$ODOO_HOME/build-constraints.txt" \
        --config-settings editable_mode=compat -e "$ODOO_HOME/src" || return 1
    ODOO_BIN="$ODOO_HOME/venv/bin/odoo"
}

# Sets ODOO_BIN and ODOO_PYTHON, or stops with one sentence.
find_odoo() {
    if [ -n "${ODOO_BIN:-}" ]; then
        [ -x "$ODOO_BIN" ] || die "ODOO_BIN=$ODOO_BIN is not an executable file: point it at Odoo 18.0's odoo command (or odoo-bin)."
    elif command -v odoo >/dev/null 2>&1; then
        ODOO_BIN=$(command -v odoo)
    elif [ -x "$ODOO_HOME/venv/bin/odoo" ]; then
        ODOO_BIN="$ODOO_HOME/venv/bin/odoo"
    elif ! install_odoo; then
        die "Odoo 18.0 was not found and could not be installed from its official source (no internet access): install it and put its 'odoo' command on PATH, or set ODOO_BIN to it."
    fi
    # The interpreter that runs Odoo is where the suite's dependencies go.
    local shebang
    shebang=$(head -n 1 "$ODOO_BIN")
    case "$shebang" in
        "#!/usr/bin/env "*) ODOO_PYTHON=$(command -v "${shebang#\#!/usr/bin/env }") ;;
        "#!"*) ODOO_PYTHON="${shebang#\#!}" ;;
        *) ODOO_PYTHON=python3 ;;
    esac
    ODOO_PYTHON="${ODOO_PYTHON_OVERRIDE:-$ODOO_PYTHON}"
    local serie
    serie=$("$ODOO_PYTHON" -c 'import odoo.release; print(odoo.release.serie)' 2>/dev/null) \
        || die "$ODOO_BIN does not run with an importable Odoo (its Python is $ODOO_PYTHON): reinstall Odoo 18.0 or set ODOO_BIN to a working odoo command."
    [ "$serie" = "18.0" ] || die "$ODOO_BIN is Odoo $serie, the suite needs Odoo 18.0: set ODOO_BIN to an Odoo 18.0 odoo command."
    export ODOO_BIN ODOO_PYTHON
}

# The suite's own Python dependencies, in Odoo's interpreter.
install_requirements() {
    if ! "$ODOO_PYTHON" -m pip install -q --disable-pip-version-check -r "$ROOT/requirements.txt" >"$VAR/pip.log" 2>&1; then
        cat "$VAR/pip.log" >&2
        die "the suite's Python dependencies (requirements.txt) could not be installed into $ODOO_PYTHON: install them there by hand with pip."
    fi
}

pg_up() { pg_isready -q -h "$PGHOST" -p "$PGPORT" >/dev/null 2>&1; }

# The local server's Unix socket folder, where the postgres superuser logs in by peer.
PG_SOCKET_DIR="${PG_SOCKET_DIR:-/var/run/postgresql}"

as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    elif sudo -n true 2>/dev/null; then
        (cd / && sudo -n -u postgres "$@")
    else
        return 1
    fi
}

# psql as the postgres superuser over the local socket: none of our connection
# settings (the role we are about to create, its password, TCP) may leak into it.
as_postgres_psql() {
    as_postgres env -u PGHOST -u PGUSER -u PGPASSWORD -u PGDATABASE -u PGSERVICE \
        PGPORT="$PGPORT" psql -h "$PG_SOCKET_DIR" -X "$@"
}

# PostgreSQL's server programs (pg_ctl), which Debian keeps off PATH.
pg_bindir() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    echo "${found:-$(dirname "$(command -v pg_ctl 2>/dev/null || echo /usr/bin/pg_ctl)")}"
}

# Starts the cluster in PGDATA when it is set, else the machine's clusters on PGPORT.
start_postgres() {
    if [ -n "${PGDATA:-}" ]; then
        as_postgres "$(pg_bindir)/pg_ctl" start -D "$PGDATA" -w -l "$PGDATA/server.log" \
            -o "-p $PGPORT -k $PG_SOCKET_DIR -c listen_addresses=$PGHOST" >/dev/null || true
    elif command -v pg_lsclusters >/dev/null; then
        pg_lsclusters -h | while read -r version cluster port _; do
            [ "$port" = "$PGPORT" ] || continue
            as_postgres pg_ctlcluster "$version" "$cluster" start || true
        done
    fi
}

# Starts PostgreSQL when nothing answers, and creates our role when it cannot log in.
ensure_postgres() {
    command -v pg_isready >/dev/null || die "PostgreSQL's client tools are missing: install PostgreSQL 15 (apt-get install postgresql)."
    if ! pg_up; then
        log "Starting PostgreSQL"
        start_postgres
        for _ in $(seq 30); do pg_up && break; sleep 1; done
        pg_up || die "PostgreSQL is not running on $PGHOST:$PGPORT and could not be started: start it yourself (or set PGDATA to its data folder), or set PGHOST/PGPORT."
    fi
    if ! psql -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then
        log "Creating the PostgreSQL role $PGUSER"
        as_postgres_psql -q -d postgres -v ON_ERROR_STOP=1 \
            -c "DO \$\$ BEGIN
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PGUSER') THEN
                    CREATE ROLE \"$PGUSER\" LOGIN CREATEDB PASSWORD '$PGPASSWORD';
                  ELSE
                    ALTER ROLE \"$PGUSER\" LOGIN CREATEDB PASSWORD '$PGPASSWORD';
                  END IF;
                END \$\$;" \
            || die "the PostgreSQL role $PGUSER could not be created: create it with CREATEDB and password, or set PGUSER/PGPASSWORD to an existing one."
        psql -d postgres -tAc 'SELECT 1' >/dev/null 2>&1 \
            || die "PostgreSQL refuses the role $PGUSER on $PGHOST:$PGPORT: check pg_hba.conf allows password logins there."
    fi
}

# Headless Chromium for the browser tests (tours), from Debian's package when missing.
ensure_chromium() {
    local browser
    for browser in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$browser" >/dev/null 2>&1 && return 0
    done
    log "Installing Chromium for the browser tests"
    local sudo=()
    [ "$(id -u)" = 0 ] || sudo=(sudo -n)
    { "${sudo[@]}" apt-get update -q && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q chromium; } \
        >"$VAR/chromium.log" 2>&1 \
        || { tail -20 "$VAR/chromium.log" >&2; die "Chromium could not be installed for the browser tests: install Debian's chromium package (apt-get install chromium)."; }
}

# wkhtmltopdf, which Odoo uses to print every PDF (invoices, the minutes, the register),
# from Debian's package when missing; without it Odoo offers the HTML only, so a failure
# is said, not fatal.
ensure_wkhtmltopdf() {
    command -v wkhtmltopdf >/dev/null 2>&1 && return 0
    log "Installing wkhtmltopdf for Odoo's PDF reports"
    local sudo=()
    [ "$(id -u)" = 0 ] || sudo=(sudo -n)
    { "${sudo[@]}" apt-get update -q && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q wkhtmltopdf; } \
        >"$VAR/wkhtmltopdf.log" 2>&1 \
        || echo "WARNING: wkhtmltopdf could not be installed (see $VAR/wkhtmltopdf.log): Odoo will print reports as HTML only; install Debian's wkhtmltopdf package." >&2
}

# A config with Odoo's own addons, ours, and the database settings.
write_config() {
    mkdir -p "$VAR"
    local core
    core=$("$ODOO_PYTHON" - <<'PY'
import os, odoo
root = os.path.dirname(os.path.abspath(odoo.__file__))
paths = [os.path.join(root, "addons"), os.path.join(os.path.dirname(root), "addons")]
print(",".join(p for p in paths if os.path.isfile(os.path.join(p, "account", "__manifest__.py"))
               or os.path.isfile(os.path.join(p, "web", "__manifest__.py"))))
PY
)
    cat >"$CONF" <<CONF
[options]
addons_path = ${core:+$core,}$ROOT/addons
data_dir = $VAR/data
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = $PGPASSWORD
http_interface = 127.0.0.1
http_port = ${ODOO_HTTP_PORT:-8069}
CONF
}

prepare() {
    mkdir -p "$VAR"
    find_odoo
    install_requirements
    ensure_postgres
    write_config
}

db_exists() { psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; }

# Odoo's log of a step must have no ERROR or CRITICAL line, and no demo data that Odoo
# gave up on (it says so in a mere WARNING and installs the module without it).
check_log() {
    local logfile=$1
    if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$logfile" >/dev/null; then
        grep -E -A15 '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$logfile" | head -60 >&2
        die "Odoo logged errors while installing (full log: $logfile)."
    fi
    if grep -E 'demo data failed to install' "$logfile" >/dev/null; then
        grep -E -B40 'demo data failed to install' "$logfile" | grep -E -A12 'Traceback|Error' | head -60 >&2
        die "Odoo could not load the demo data (full log: $logfile)."
    fi
}

odoo_step() {
    local logfile=$1
    shift
    : >"$logfile"
    if ! "$ODOO_BIN" -c "$CONF" --log-level=warn --logfile="$logfile" "$@"; then
        tail -40 "$logfile" >&2
        die "Odoo failed: $* (full log: $logfile)."
    fi
    check_log "$logfile"
}

# A new database: base and the French basics, a French company, then the suite.
create_database() {
    local db=$1 demo=$2 demo_flag=()
    [ "$demo" = demo ] || demo_flag=(--without-demo=all)
    log "Creating database $db ($demo)"
    odoo_step "$VAR/$db-base.log" -d "$db" -i base,l10n_fr --load-language=fr_FR "${demo_flag[@]}" --stop-after-init
    "$ODOO_BIN" shell -c "$CONF" -d "$db" --no-http --log-level=warn <"$ROOT/setup/french_company.py" >"$VAR/$db-company.log" 2>&1 \
        || { cat "$VAR/$db-company.log" >&2; die "the company of $db could not be made French."; }
    install_suite "$db" "${demo_flag[@]}"
}

install_suite() {
    local db=$1
    shift
    log "Installing the suite into $db"
    odoo_step "$VAR/$db-install.log" -d "$db" -i "$EXTRA_MODULES,$(suite_modules)" "$@" --stop-after-init
    # A new database has no planner statistics yet; without them PostgreSQL picks plans
    # that take minutes for Odoo's payment-state query on a thousand invoices.
    psql -d "$db" -qc "ANALYZE" >/dev/null 2>&1 || true
}
