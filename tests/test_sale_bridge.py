"""helpdesk_routing_sale, in a database of its own.

The bridge pulls in ``sale`` and ``account``, whose own per-partner queries
would blur the query budgets the other addons' tests pin, so scripts/test.sh
does not install it in the main test database. Here it is installed with demo
data into a throwaway database and its tests run with Odoo's own test runner.
"""

import pytest

from .odoo_cli import ThrowawayDatabase


@pytest.fixture
def database(request):
    db = ThrowawayDatabase("hsr_sale_bridge")
    request.addfinalizer(db.drop)
    return db


def test_sale_bridge_installs_and_its_tests_pass(database):
    database.run_addon_tests(
        ["helpdesk_routing_sale"],
        "/helpdesk_routing_sale",
        r"TestSaleEvents\.\w+",
        min_tests=3,
    )
    database.assert_installed(["helpdesk_routing_sale", "sale", "helpdesk_routing"])
