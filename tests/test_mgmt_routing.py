"""helpdesk_routing_mgmt (routing of OCA helpdesk_mgmt's tickets), in a
database of its own.

The bridge needs OCA's helpdesk_mgmt (the pinned wheel scripts/setup.sh
installs), which is not in the main test database's addons path, so
scripts/test.sh does not install it there. Here helpdesk_mgmt and our addons
are installed with demo data into a throwaway database (the bridge installs
itself: auto_install) and the bridge's tests run with Odoo's own test runner.
"""

import os
import re

import polib
import pytest

from .odoo_cli import (
    OCA_HELPDESK_MGMT,
    OUR_ADDONS,
    REPO_ADDONS,
    ThrowawayDatabase,
    installed_addon_parent,
)
from .test_i18n import _key

BRIDGE = "helpdesk_routing_mgmt"
TEST_RESULT = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)


@pytest.fixture
def database(request):
    oca_parent = installed_addon_parent(*OCA_HELPDESK_MGMT, "helpdesk_mgmt")
    db = ThrowawayDatabase("hsr_hf_mgmt", extra_addons_paths=[oca_parent])
    request.addfinalizer(db.drop)
    return db


def test_mgmt_bridge_installs_and_its_tests_pass(database):
    proc = database.odoo(
        "-i",
        ",".join(["helpdesk_mgmt", *OUR_ADDONS]),
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
    ran = re.findall(r"Starting (TestMgmtRouting\.\w+)", log)
    assert len(ran) >= 10, log[-3000:]
    counts = TEST_RESULT.findall(log)
    if counts:
        assert counts[-1][:2] == ("0", "0"), log[-5000:]
    with database.cursor() as cr:
        cr.execute(
            "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)",
            [[BRIDGE, "helpdesk_mgmt", *OUR_ADDONS]],
        )
        assert dict(cr.fetchall()) == dict.fromkeys(
            (BRIDGE, "helpdesk_mgmt", *OUR_ADDONS), "installed"
        )
    # its .pot holds what Odoo exports (tests/test_i18n.py checks the .po
    # files against it; the main test database has no bridge to export from)
    exported = os.path.join(database.workdir, f"{BRIDGE}.pot")
    database.odoo(
        f"--i18n-export={exported}",
        f"--modules={BRIDGE}",
        "--stop-after-init",
        "--log-level=warn",
    )
    pot = os.path.join(REPO_ADDONS, BRIDGE, "i18n", f"{BRIDGE}.pot")
    assert {_key(e) for e in polib.pofile(exported)} == {
        _key(e) for e in polib.pofile(pot)
    }, "run odoo --i18n-export with the bridge installed and translate"

    # the bridge alone: helpdesk_mgmt and our addons keep working without it
    database.uninstall([BRIDGE])
    with database.cursor() as cr:
        cr.execute(
            "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)",
            [[BRIDGE, "helpdesk_mgmt", *OUR_ADDONS]],
        )
        states = dict(cr.fetchall())
        cr.execute("SELECT count(*) FROM helpdesk_routing_log WHERE ticket_id IS NULL")
        assert cr.fetchone()[0] == 0
    assert states == {
        BRIDGE: "uninstalled",
        **dict.fromkeys(("helpdesk_mgmt", *OUR_ADDONS), "installed"),
    }
