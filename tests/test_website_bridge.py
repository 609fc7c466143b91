"""helpdesk_routing_website (the public help form), in a database of its own.

The bridge pulls in Odoo's ``website``, which changes what the other addons'
tests see: the portal pages get the website's layout, a ticket's query budget
grows by one query and the customer's signup preparation differs (see
docs/testing.md). So scripts/test.sh does not install it in the main test
database. Here it is installed with demo data into a
throwaway database, its tests (the browser tour included) run with Odoo's own
test runner, and its .pot is compared with what Odoo exports there.
"""

import pytest

from .odoo_cli import ThrowawayDatabase

BRIDGE = "helpdesk_routing_website"


@pytest.fixture
def database(request):
    db = ThrowawayDatabase("hsr_website_bridge")
    request.addfinalizer(db.drop)
    return db


def test_website_bridge_installs_and_its_tests_pass(database):
    database.run_addon_tests(
        [BRIDGE], f"/{BRIDGE}", r"TestWebsiteForm\w*\.\w+", min_tests=12, timeout=1200
    )
    database.assert_installed([BRIDGE, "website", "helpdesk_routing"])
    # its translations: the .pot holds what Odoo exports (tests/test_i18n.py
    # checks the .po files against it)
    exported, committed = database.exported_terms(BRIDGE)
    assert exported == committed, (
        "Run scripts/i18n_export.sh and translate the new terms"
    )
