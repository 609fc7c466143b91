"""helpdesk_routing_sale, in a database of its own.

The bridge pulls in ``sale`` and ``account``, whose own per-partner queries
would blur the query budgets the other addons' tests pin, so scripts/test.sh
does not install it in the main test database. Here it is installed with demo
data into a throwaway database and its tests run with Odoo's own test runner.
"""

import re

import pytest

from .odoo_cli import ThrowawayDatabase


@pytest.fixture
def database(request):
    db = ThrowawayDatabase("hsr_sale_bridge")
    request.addfinalizer(db.drop)
    return db


def test_sale_bridge_installs_and_its_tests_pass(database):
    proc = database.odoo(
        "-i",
        "helpdesk_routing_sale",
        "--test-enable",
        "--test-tags=/helpdesk_routing_sale",
        "--stop-after-init",
        "--log-level=info",
    )
    log = proc.stdout + proc.stderr
    problems = [
        line for line in log.splitlines() if re.search(r" (ERROR|CRITICAL) ", line)
    ]
    assert not problems, "\n".join(problems)
    ran = re.findall(r"Starting (TestSaleEvents\.\w+)", log)
    assert len(ran) >= 3, log[-3000:]
    with database.cursor() as cr:
        cr.execute(
            "SELECT name, state FROM ir_module_module "
            "WHERE name IN ('helpdesk_routing_sale', 'sale', 'helpdesk_routing')"
        )
        assert dict(cr.fetchall()) == dict.fromkeys(
            ("helpdesk_routing_sale", "sale", "helpdesk_routing"), "installed"
        )
