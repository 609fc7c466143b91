# shellcheck shell=bash
# Shared helpers of scripts/setup.sh and scripts/test.sh (sourced, not run).

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}

# OCA's helpdesk_mgmt (tests/test_oca_helpdesk_mgmt.py installs it next to our
# addons): pinned wheel, installed by scripts/setup.sh into a folder of its own.
OCA_HELPDESK_MGMT="odoo-addon-helpdesk_mgmt==18.0.1.19.5"
HSR_OCA_ADDONS_DIR=${HSR_OCA_ADDONS_DIR:-$HOME/.local/share/helpdesk-segments/oca-addons}

say() { printf '\n==> %s\n' "$*"; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

# Prints the version of the Odoo importable by $PYTHON ("18.0"), or nothing.
odoo_version() {
    "$PYTHON" - <<'PY' 2>/dev/null
import odoo.release
print("%s.%s" % odoo.release.version_info[:2])
PY
}

# Prints Odoo's own addons directories, comma separated, for the Odoo that
# $PYTHON imports: odoo/addons inside the package, plus the addons/ folder
# beside it in a source checkout (installed packages and the odoo:18.0 image
# keep every addon inside the package).
odoo_addons_path() {
    "$PYTHON" - <<'PY'
import os
import odoo

pkg = os.path.dirname(os.path.abspath(odoo.__file__))
paths = [os.path.join(pkg, "addons")]
checkout = os.path.join(os.path.dirname(pkg), "addons")
if os.path.isfile(os.path.join(checkout, "web", "__manifest__.py")):
    paths.insert(0, checkout)
print(",".join(paths))
PY
}

# Prints the path of a Chromium/Chrome Odoo can drive, or nothing.
find_chrome() {
    local bin
    for bin in google-chrome chromium chromium-browser google-chrome-stable; do
        if command -v "$bin" >/dev/null 2>&1; then
            command -v "$bin"
            return 0
        fi
    done
    return 0
}
