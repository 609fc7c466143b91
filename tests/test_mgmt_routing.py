"""helpdesk_routing_mgmt (routing of OCA helpdesk_mgmt's tickets), in a
database of its own.

The bridge needs OCA's helpdesk_mgmt (the pinned wheel scripts/setup.sh
installs), which is not in the main test database's addons path, so
scripts/test.sh does not install it there. Here helpdesk_mgmt and our addons
are installed with demo data into a throwaway database (the bridge installs
itself: auto_install) and the bridge's tests run with Odoo's own test runner.
"""

import pytest

from .odoo_cli import (
    OCA_HELPDESK_MGMT,
    OUR_ADDONS,
    ThrowawayDatabase,
    installed_addon_parent,
)

BRIDGE = "helpdesk_routing_mgmt"


@pytest.fixture
def database(request):
    oca_parent = installed_addon_parent(*OCA_HELPDESK_MGMT, "helpdesk_mgmt")
    db = ThrowawayDatabase("hsr_hf_mgmt", extra_addons_paths=[oca_parent])
    request.addfinalizer(db.drop)
    return db


def test_mgmt_bridge_installs_and_its_tests_pass(database):
    database.run_addon_tests(
        ["helpdesk_mgmt", *OUR_ADDONS],
        f"/{BRIDGE}",
        r"TestMgmtRouting\.\w+",
        min_tests=10,
        timeout=1200,
    )
    database.assert_installed([BRIDGE, "helpdesk_mgmt", *OUR_ADDONS])
    # its .pot holds what Odoo exports (tests/test_i18n.py checks the .po
    # files against it; the main test database has no bridge to export from)
    exported, committed = database.exported_terms(BRIDGE)
    assert exported == committed, (
        "run odoo --i18n-export with the bridge installed and translate"
    )

    # the bridge alone: helpdesk_mgmt and our addons keep working without it
    database.uninstall([BRIDGE])
    with database.cursor() as cr:
        cr.execute("SELECT count(*) FROM helpdesk_routing_log WHERE ticket_id IS NULL")
        assert cr.fetchone()[0] == 0
    assert database.module_states([BRIDGE, "helpdesk_mgmt", *OUR_ADDONS]) == {
        BRIDGE: "uninstalled",
        **dict.fromkeys(("helpdesk_mgmt", *OUR_ADDONS), "installed"),
    }
