"""Our addons next to OCA's helpdesk_mgmt 18.0 (pinned wheel from PyPI,
installed by scripts/setup.sh), in databases of their own:

- both install orders (ours then theirs, theirs then ours, each in a second
  ``odoo -i`` call), with demo data, without errors (nor warnings about
  either, but in the install that runs helpdesk_mgmt's tests);
- both helpdesks keep working: an OCA ticket gets their default stage, number
  and team, one of ours is routed by a demo rule, the menus of both exist, the
  partner form renders with the fields of both;
- helpdesk_mgmt's own test suite (its Python classes, not the browser ones)
  passes with our addons installed.
"""

import json
import re

import pytest

from .odoo_cli import (
    OCA_HELPDESK_MGMT,
    OUR_ADDONS,
    ThrowawayDatabase,
    installed_addon_parent,
)

OCA = "helpdesk_mgmt"

CHECK_BOTH_HELPDESKS = """
import json

admin = env.ref("base.user_admin")
aenv = env(user=admin)
customer = env.ref("base.res_partner_12")
result = {}

oca = aenv["helpdesk.ticket"].create({
    "name": "Printer on fire (OCA helpdesk)",
    "description": "<p>Smoke everywhere</p>",
    "partner_id": customer.id,
    "user_id": admin.id,
})
result["oca_ticket"] = {
    "number": oca.number,
    "stage": oca.stage_id.get_external_id().get(oca.stage_id.id),
    "team_id": oca.team_id.id,
    "expected_team_id": admin.helpdesk_team_ids[:1].id,
    "partner_ticket_count": customer.helpdesk_ticket_count,
}

ours = aenv["helpdesk.routing.ticket"].create({
    "name": "Cancel my subscription (our helpdesk)",
    "partner_id": customer.id,
})
result["our_ticket"] = {
    "team": ours.team_id.get_external_id().get(ours.team_id.id),
    "rules": sorted(
        xmlid
        for xmlid in ours.routing_log_ids.rule_id.get_external_id().values()
    ),
}

menus = {}
for xmlid in (
    "helpdesk_mgmt.helpdesk_ticket_main_menu",
    "helpdesk_mgmt.helpdesk_ticket_menu",
    "helpdesk_segments.helpdesk_menu_root",
    "helpdesk_routing.helpdesk_routing_ticket_menu",
):
    menu = env.ref(xmlid, raise_if_not_found=False)
    menus[xmlid] = bool(menu) and menu.id in aenv["ir.ui.menu"]._visible_menu_ids()
result["menus"] = menus

views = aenv["res.partner"].get_views([(False, "form")])
arch = views["views"]["form"]["arch"]
result["partner_form"] = {
    name: f'name="{name}"' in arch
    for name in ("helpdesk_ticket_count_string", "hs_customer_group_id")
}
result["partner_form_fields"] = sorted(
    name
    for name in views["models"]["res.partner"]["fields"]
    if name in ("helpdesk_ticket_count_string", "hs_customer_group_id")
)
env.cr.commit()
print("HSR_RESULT " + json.dumps(result))
"""

TEST_RESULT = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)


def _warnings_about(proc, modules):
    return [
        line
        for line in (proc.stdout + proc.stderr).splitlines()
        if " WARNING " in line and any(module in line for module in modules)
    ]


@pytest.fixture
def database(request):
    oca_parent = installed_addon_parent(*OCA_HELPDESK_MGMT, OCA)
    db = ThrowawayDatabase("hsr_oca", extra_addons_paths=[oca_parent])
    request.addfinalizer(db.drop)
    return db


def _check_both_helpdesks(db):
    proc = db.shell(CHECK_BOTH_HELPDESKS)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("HSR_")]
    assert lines, proc.stdout + proc.stderr
    result = json.loads(lines[-1].split(" ", 1)[1])

    oca = result["oca_ticket"]
    assert oca["number"] not in ("/", "", None)
    assert oca["stage"] == "helpdesk_mgmt.helpdesk_ticket_stage_new"
    assert oca["team_id"] == oca["expected_team_id"]
    assert oca["partner_ticket_count"] >= 1

    ours = result["our_ticket"]
    assert ours["team"] == "helpdesk_routing.helpdesk_routing_team_retention"
    assert "helpdesk_routing.helpdesk_routing_rule_churn_risk" in ours["rules"]

    assert result["menus"] == dict.fromkeys(result["menus"], True)
    assert result["partner_form"] == {
        "helpdesk_ticket_count_string": True,
        "hs_customer_group_id": True,
    }
    assert result["partner_form_fields"] == [
        "helpdesk_ticket_count_string",
        "hs_customer_group_id",
    ]


def _install_both(db, first, second):
    modules = set(OUR_ADDONS) | {OCA}
    for batch in (first, second):
        proc = db.install(batch, demo=True)
        assert not _warnings_about(proc, ["helpdesk_"]), "\n".join(
            _warnings_about(proc, ["helpdesk_"])
        )
    with db.cursor() as cr:
        cr.execute(
            "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)",
            [sorted(modules)],
        )
        assert dict(cr.fetchall()) == dict.fromkeys(modules, "installed")


def test_ours_first_then_helpdesk_mgmt_and_its_own_tests(database):
    # helpdesk_mgmt's own suite runs as Odoo runs it, when it is installed
    # (at_install tests after the module, post_install ones after the whole
    # registry), into the database that has our addons already: both kinds
    # see our models. (Run later without -u, its at_install tests would run
    # while only the modules before helpdesk_mgmt in the graph are loaded:
    # creating a company then misses the defaults of our res.company fields.)
    # Without its browser classes (portal pages, a JS unit suite): with them
    # it took over 10 minutes on a loaded 2-core machine.
    proc = database.install(OUR_ADDONS, demo=True)
    assert not _warnings_about(proc, ["helpdesk_"]), "\n".join(
        _warnings_about(proc, ["helpdesk_"])
    )
    proc = database.odoo(
        "-i",
        OCA,
        "--test-enable",
        f"--test-tags=/{OCA},-/{OCA}:TestHelpdeskPortal,-/{OCA}:TestHelpdesMgmtJs",
        "--stop-after-init",
        "--log-level=info",
        timeout=900,
    )
    output = proc.stdout + proc.stderr
    counts = TEST_RESULT.findall(output)
    assert counts, output[-5000:]
    failed, errors, tests = (int(n) for n in counts[-1])
    failures = [line for line in output.splitlines() if " ERROR " in line]
    assert (failed, errors) == (0, 0), "\n".join(failures)
    assert tests >= 25, f"only {tests} tests of {OCA} ran"
    with database.cursor() as cr:
        cr.execute(
            "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)",
            [[OCA, *OUR_ADDONS]],
        )
        assert dict(cr.fetchall()) == dict.fromkeys([OCA, *OUR_ADDONS], "installed")
    _check_both_helpdesks(database)


def test_helpdesk_mgmt_first_then_ours(database):
    _install_both(database, [OCA], OUR_ADDONS)
    _check_both_helpdesks(database)
