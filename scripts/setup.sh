#!/usr/bin/env bash
# Sets up this machine to run and test the addons, in one command:
#   - Debian packages the tests need (Chromium for the browser tests, the
#     PostgreSQL client), when missing and when run as root, and rtlcss
#     (npm) for the right-to-left (Persian) layouts;
#   - Odoo 18.0: used as it is when the Python in $PYTHON (default python3)
#     already imports it; otherwise installed from Odoo's official 18.0 source
#     (git clone of the 18.0 branch into $ODOO_HOME, then pip), which needs the
#     network; without either it stops and says what to do;
#   - the pinned test and lint tools of requirements-dev.txt;
#   - OCA's helpdesk_mgmt 18.0 (pinned wheel from PyPI, without its dependencies)
#     for the side-by-side test, into $HSR_OCA_ADDONS_DIR (see scripts/lib.sh).
# Safe to run again: it only installs what is missing.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

ODOO_HOME=${ODOO_HOME:-$HOME/odoo-18.0}
ODOO_GIT_URL=${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}

apt_install() {
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        die "Missing system packages: $*. Install them with your package manager (as root: apt-get install $*) and run this again."
    fi
    say "Installing Debian packages: $*"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Odoo's pinned requirements (cbor2 5.4.2, ...) do not build with setuptools 81+.
pip_with_build_constraint() {
    local constraints
    constraints=$(mktemp)
    echo 'setuptools<81' >"$constraints"
    PIP_CONSTRAINT="$constraints" "$PYTHON" -m pip install "$@"
    rm -f "$constraints"
}

is_odoo18_checkout() {
    [ -f "$1/odoo/release.py" ] && grep -q "version_info = (18, 0" "$1/odoo/release.py"
}

install_odoo() {
    if is_odoo18_checkout "$ODOO_HOME"; then
        say "Using the Odoo 18.0 source already at $ODOO_HOME"
    elif command -v git >/dev/null 2>&1 &&
        timeout 60 git ls-remote --exit-code --heads "$ODOO_GIT_URL" 18.0 >/dev/null 2>&1; then
        say "Cloning Odoo 18.0 from $ODOO_GIT_URL into $ODOO_HOME"
        git clone --depth 1 --branch 18.0 "$ODOO_GIT_URL" "$ODOO_HOME"
    else
        die "Odoo 18.0 is not installed for $PYTHON, and its official source could not be
downloaded from $ODOO_GIT_URL (no network access?). Do one of these, then run
scripts/setup.sh again:
  - install Odoo 18.0 for this Python, so that '$PYTHON -c \"import odoo\"' works
    (https://www.odoo.com/documentation/18.0/administration/on_premise/source.html),
    or point PYTHON at a Python that has it: PYTHON=/path/to/python scripts/setup.sh;
  - or put a checkout of Odoo's official 18.0 branch at $ODOO_HOME
    (or set ODOO_HOME to where it is);
  - or skip the local set-up and run the addons with 'docker compose up' (README)."
    fi
    local missing=()
    for pkg in libldap2-dev libsasl2-dev libpq-dev; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ] && command -v dpkg >/dev/null 2>&1; then
        apt_install "${missing[@]}"
    fi
    say "Installing Odoo 18.0's Python requirements"
    pip_with_build_constraint -r "$ODOO_HOME/requirements.txt"
    say "Installing Odoo 18.0 from $ODOO_HOME"
    pip_with_build_constraint --no-deps -e "$ODOO_HOME"
}

# 1. System packages.
missing=()
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
[ -n "$(find_chrome)" ] || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
# rtlcss: Odoo mirrors its stylesheets with it for right-to-left languages
# (Persian); without it the Persian screens keep a left-to-right layout.
if ! command -v rtlcss >/dev/null 2>&1; then
    command -v npm >/dev/null 2>&1 || apt_install npm
    say "Installing rtlcss (npm) for right-to-left layouts"
    npm install --global --silent rtlcss@4.3.0 >/dev/null
fi

# 2. Odoo 18.0.
version=$(odoo_version || true)
if [ "$version" = "18.0" ]; then
    say "Odoo 18.0 is already installed: $("$PYTHON" -c 'import odoo, os; print(os.path.dirname(odoo.__file__))')"
elif [ -n "$version" ]; then
    die "$PYTHON imports Odoo $version, but these addons need Odoo 18.0. Point PYTHON at a Python with Odoo 18.0 (PYTHON=/path/to/python scripts/setup.sh)."
else
    install_odoo
    [ "$(odoo_version || true)" = "18.0" ] || die "Odoo 18.0 was installed but $PYTHON still cannot import it."
fi

# 3. Test and lint tools.
say "Installing the pinned test and lint tools (requirements-dev.txt)"
"$PYTHON" -m pip install --quiet -r requirements-dev.txt

# 3b. OCA's helpdesk_mgmt, for tests/test_oca_helpdesk_mgmt.py. Its wheel
# requires odoo==18.0.*, which pip cannot satisfy for an Odoo installed from
# source: --no-deps (it needs only Odoo's mail and portal). Not into
# site-packages: its odoo/addons/ folder (no __init__.py) there would shadow an
# editable Odoo ("import odoo" would find an empty namespace package). The test
# finds it with importlib.metadata there or in site-packages.
if HSR_OCA_ADDONS_DIR="$HSR_OCA_ADDONS_DIR" OCA_HELPDESK_MGMT="$OCA_HELPDESK_MGMT" "$PYTHON" - <<'PY'
import importlib.metadata as metadata
import os
import sys

name, version = os.environ["OCA_HELPDESK_MGMT"].split("==")
paths = [os.environ["HSR_OCA_ADDONS_DIR"], *sys.path]
found = {dist.version for dist in metadata.distributions(name=name, path=paths)}
sys.exit(0 if version in found else 1)
PY
then
    say "OCA's helpdesk_mgmt is already installed ($OCA_HELPDESK_MGMT)"
else
    say "Installing OCA's helpdesk_mgmt ($OCA_HELPDESK_MGMT) into $HSR_OCA_ADDONS_DIR"
    "$PYTHON" -m pip install --quiet --no-deps --upgrade --target "$HSR_OCA_ADDONS_DIR" "$OCA_HELPDESK_MGMT"
fi

# 4. Check what the tests need.
"$PYTHON" -c "import websocket" || die "websocket-client is not importable: Odoo would skip the browser tests."
say "Ready: Odoo $(odoo_version), Chromium at $(find_chrome). Run the tests with: scripts/test.sh"
