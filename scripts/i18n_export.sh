#!/usr/bin/env bash
# Refreshes the translation files of every addon, in one command:
#   1. installs every addon of addons/ (as scripts/test.sh does, demo data
#      included) into a throwaway database;
#   2. exports each addon's terms to addons/<addon>/i18n/<addon>.pot (addons
#      without a translatable term get none);
#   3. merges each existing addons/<addon>/i18n/<lang>.po with its new .pot
#      (gettext's msgmerge, without fuzzy matching: new terms come out empty
#      and tests/test_i18n.py fails until they are translated).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

[ "$(odoo_version || true)" = "18.0" ] || die "$PYTHON cannot import Odoo 18.0. Run scripts/setup.sh first."
command -v msgmerge >/dev/null 2>&1 || die "msgmerge is missing: install gettext."

SEPARATE_ADDONS="helpdesk_routing_sale helpdesk_routing_mgmt helpdesk_routing_hr_holidays helpdesk_routing_website"
ADDONS=$(cd addons && ls -d */ | tr -d / | while read -r a; do
    [ -f "$a/__manifest__.py" ] && [[ " $SEPARATE_ADDONS " != *" $a "* ]] && echo "$a"
done | paste -sd, -)

DB=hsr_i18n_$(date +%Y%m%d%H%M%S)_$$
WORK=$(mktemp -d)
trap 'for d in "$DB" $(printf "${DB}_%s " $SEPARATE_ADDONS); do dropdb --if-exists "$d" >/dev/null 2>&1 || true; done; rm -rf "$WORK"' EXIT
cat >"$WORK/odoo.conf" <<CONF
[options]
addons_path = $(odoo_addons_path),$REPO_ROOT/addons
data_dir = $WORK/data
max_cron_threads = 0
without_demo = False
CONF

say "Installing $ADDONS into $DB"
"$PYTHON" -m odoo -c "$WORK/odoo.conf" -d "$DB" -i "$ADDONS" --stop-after-init --log-level=warn

export_terms() { # <database> <addon>
    local db=$1 addon=$2
    pot="addons/$addon/i18n/$addon.pot"
    tmp="$WORK/$addon.pot"
    "$PYTHON" -m odoo -c "$WORK/odoo.conf" -d "$db" --i18n-export="$tmp" \
        --modules="$addon" --stop-after-init --log-level=warn
    if ! grep -q '^msgid "[^"]' "$tmp"; then
        echo "$addon: no translatable term"
        return
    fi
    mkdir -p "addons/$addon/i18n"
    cp "$tmp" "$pot"
    for po in "addons/$addon/i18n/"*.po; do
        [ -e "$po" ] || continue
        msgmerge --quiet --update --no-fuzzy-matching --backup=none "$po" "$pot"
        msgattrib --no-obsolete --output-file="$po" "$po"
    done
    echo "$addon: $(grep -c '^msgid "[^"]' "$pot") terms"
}

for addon in ${ADDONS//,/ }; do
    export_terms "$DB" "$addon"
done

# The separate bridges that carry translations, each installed (with what it
# pulls in) into a database of its own, as their tests in tests/ do.
for addon in $SEPARATE_ADDONS; do
    [ -d "addons/$addon/i18n" ] || continue
    say "Installing $addon into ${DB}_$addon"
    "$PYTHON" -m odoo -c "$WORK/odoo.conf" -d "${DB}_$addon" -i "$addon" --stop-after-init --log-level=warn
    export_terms "${DB}_$addon" "$addon"
    dropdb --if-exists "${DB}_$addon" >/dev/null 2>&1 || true
done
