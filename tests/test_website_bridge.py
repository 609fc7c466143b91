"""helpdesk_routing_website (the public help form), in a database of its own.

The bridge pulls in Odoo's ``website``, which changes what the other addons'
tests see: the portal pages get the website's layout, a ticket's query budget
grows by one query and the customer's signup preparation differs (see
docs/testing.md). So scripts/test.sh does not install it in the main test
database. Here it is installed with demo data into a
throwaway database, its tests (the browser tour included) run with Odoo's own
test runner, and its .pot is compared with what Odoo exports there.
"""

import os
import re

import polib
import pytest

from .odoo_cli import REPO_ADDONS, ThrowawayDatabase

BRIDGE = "helpdesk_routing_website"
TEST_RESULT = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)


@pytest.fixture
def database(request):
    db = ThrowawayDatabase("hsr_website_bridge")
    request.addfinalizer(db.drop)
    return db


def test_website_bridge_installs_and_its_tests_pass(database):
    proc = database.odoo(
        "-i",
        BRIDGE,
        "--test-enable",
        f"--test-tags=/{BRIDGE}",
        "--stop-after-init",
        "--log-level=info",
        timeout=1200,
    )
    log = proc.stdout + proc.stderr
    problems = [
        line for line in log.splitlines() if re.search(r" (ERROR|CRITICAL) ", line)
    ]
    assert not problems, "\n".join(problems)
    ran = re.findall(r"Starting (TestWebsiteForm\w*\.\w+)", log)
    assert len(ran) >= 12, log[-3000:]
    counts = TEST_RESULT.findall(log)
    if counts:
        assert counts[-1][:2] == ("0", "0"), log[-5000:]
    with database.cursor() as cr:
        cr.execute(
            "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)",
            [[BRIDGE, "website", "helpdesk_routing"]],
        )
        assert dict(cr.fetchall()) == dict.fromkeys(
            (BRIDGE, "website", "helpdesk_routing"), "installed"
        )
    # its translations: the .pot holds what Odoo exports (tests/test_i18n.py
    # checks the .po files against it)
    exported = os.path.join(database.workdir, f"{BRIDGE}.pot")
    database.odoo(
        f"--i18n-export={exported}", f"--modules={BRIDGE}", "--stop-after-init"
    )
    committed = os.path.join(REPO_ADDONS, BRIDGE, "i18n", f"{BRIDGE}.pot")

    def keys(path):
        return {(entry.msgctxt or "", entry.msgid) for entry in polib.pofile(path)}

    assert keys(exported) == keys(committed), (
        "Run scripts/i18n_export.sh and translate the new terms"
    )
