"""helpdesk_routing_hr_holidays, in a database of its own.

The bridge pulls in ``hr_holidays`` (with ``hr`` and ``calendar``), a large
app the main test database does not need, so scripts/test.sh does not install
it there. Here it is installed with demo data into a throwaway database and
its tests run with Odoo's own test runner.
"""

import pytest

from .odoo_cli import ThrowawayDatabase


@pytest.fixture
def database(request):
    db = ThrowawayDatabase("hsr_hr_holidays_bridge")
    request.addfinalizer(db.drop)
    return db


def test_hr_holidays_bridge_installs_and_its_tests_pass(database):
    database.run_addon_tests(
        ["helpdesk_routing", "hr_holidays"],
        "/helpdesk_routing_hr_holidays",
        r"TestTimeOff\.\w+",
        min_tests=1,
    )
    database.assert_installed(
        ["helpdesk_routing_hr_holidays", "hr_holidays", "helpdesk_routing"]
    )
