"""helpdesk_routing_hr_holidays, in a database of its own.

The bridge pulls in ``hr_holidays`` (with ``hr`` and ``calendar``), a large
app the main test database does not need, so scripts/test.sh does not install
it there. Here it is installed with demo data into a throwaway database and
its tests run with Odoo's own test runner.
"""

import re

import pytest

from .odoo_cli import ThrowawayDatabase


@pytest.fixture
def database(request):
    db = ThrowawayDatabase("hsr_hr_holidays_bridge")
    request.addfinalizer(db.drop)
    return db


def test_hr_holidays_bridge_installs_and_its_tests_pass(database):
    proc = database.odoo(
        "-i",
        "helpdesk_routing,hr_holidays",
        "--test-enable",
        "--test-tags=/helpdesk_routing_hr_holidays",
        "--stop-after-init",
        "--log-level=info",
    )
    log = proc.stdout + proc.stderr
    problems = [
        line for line in log.splitlines() if re.search(r" (ERROR|CRITICAL) ", line)
    ]
    assert not problems, "\n".join(problems)
    ran = re.findall(r"Starting (TestTimeOff\.\w+)", log)
    assert len(ran) >= 1, log[-3000:]
    with database.cursor() as cr:
        cr.execute(
            "SELECT name, state FROM ir_module_module WHERE name IN "
            "('helpdesk_routing_hr_holidays', 'hr_holidays', 'helpdesk_routing')"
        )
        assert dict(cr.fetchall()) == dict.fromkeys(
            ("helpdesk_routing_hr_holidays", "hr_holidays", "helpdesk_routing"),
            "installed",
        )
