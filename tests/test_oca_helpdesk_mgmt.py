"""Our addons next to OCA's helpdesk_mgmt 18.0 (pinned wheel from PyPI,
installed by scripts/setup.sh), in databases of their own:

- both install orders (ours then theirs, theirs then ours, each in a second
  ``odoo -i`` call), with demo data, without errors (nor warnings about
  either, but in the install that runs helpdesk_mgmt's tests);
- both helpdesks keep working: an OCA ticket gets their default stage, number
  and team, one of ours is routed by a demo rule, the menus of both exist, the
  partner form renders with the fields of both;
- helpdesk_mgmt's own test suite (its Python classes, not the browser ones)
  passes with our addons installed;
- the two tell themselves apart: app menus, settings sections and model
  descriptions of different names, ticket references of different prefixes
  (SUP00001 ours, HT00001 theirs), one portal entry (ours hides itself);
  the customer status shows for customers, not for the company's contacts;
- each uninstalls in turn (theirs then ours, ours then theirs) without an
  ERROR about ours, and the other keeps working. helpdesk_mgmt's own
  uninstall logs ERROR lines about its tables when a ticket the users made
  points at its stages (its stage_id is ondelete="restrict" too): not ours,
  ignored.
"""

import json
import re

import pytest

from .odoo_cli import (
    OCA_HELPDESK_MGMT,
    OUR_ADDONS,
    TEST_RESULT,
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

# names that tell the two apart
def names_of(module):
    data = env["ir.model.data"].search(
        [("module", "=", module), ("model", "=", "ir.model")]
    )
    models = env["ir.model"].browse(data.mapped("res_id"))
    return sorted(
        models.filtered(lambda m: m.model.startswith("helpdesk.")).mapped("name")
    )

result["model_names"] = {
    module: names_of(module)
    for module in ("helpdesk_mgmt", "helpdesk_segments", "helpdesk_routing")
}
result["app_names"] = {
    xmlid: env.ref(xmlid).name
    for xmlid in (
        "helpdesk_mgmt.helpdesk_ticket_main_menu",
        "helpdesk_segments.helpdesk_menu_root",
    )
}
from lxml import etree
settings_view = aenv["res.config.settings"].get_view(view_type="form")
settings = etree.fromstring(settings_view["arch"])
result["settings_apps"] = {
    name: [node.get("string") for node in settings.xpath(f"//app[@name='{name}']")]
    for name in ("helpdesk_mgmt", "helpdesk_routing")
}
result["numbers"] = {"oca": oca.number, "ours": ours.number}
# one portal entry: the portal home views each module adds
portal_home = env.ref("portal.portal_my_home") | env.ref("portal.portal_docs_entry")
result["portal_views"] = {
    module: sorted(
        key for key in env["ir.ui.view"].search([
            ("key", "=like", module + ".%"),
            ("inherit_id", "in", portal_home.ids),
        ]).mapped("key")
    )
    for module in ("helpdesk_mgmt", "helpdesk_segments", "helpdesk_routing")
}
result["our_portal_card_shown"] = env["helpdesk.routing.ticket"]._hs_portal_card_shown()
result["customers"] = {
    "ticket customer": customer.hs_is_customer,
    "company's own partner": env.company.partner_id.hs_is_customer,
    "administrator": admin.partner_id.hs_is_customer,
}

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

# after the uninstall of either: the other helpdesk still files a ticket
CHECK_OCA_ALONE = """
ticket = env["helpdesk.ticket"].create({"name": "Here", "description": "<p>x</p>"})
stage = ticket.stage_id
print("HSR_RESULT", ticket.number, stage.get_external_id()[stage.id])
"""
CHECK_OURS_ALONE = """
ticket = env["helpdesk.routing.ticket"].create({
    "name": "Cancel my subscription",
    "partner_id": env.ref("base.res_partner_12").id,
})
print("HSR_RESULT", ticket.number, ticket.team_id.get_external_id()[ticket.team_id.id])
"""
# helpdesk_mgmt's own data clean-up errors: queries on its own tables
OCA_OWN_ERRORS = re.compile(r'"helpdesk_ticket(_[a-z]+)?"')


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

    names = result["model_names"]
    theirs, ours = set(names["helpdesk_mgmt"]), set(names["helpdesk_routing"])
    assert "Helpdesk Ticket" in theirs and "Support Ticket" in ours
    assert not theirs & (ours | set(names["helpdesk_segments"])), names
    assert result["app_names"] == {
        "helpdesk_mgmt.helpdesk_ticket_main_menu": "Helpdesk",
        "helpdesk_segments.helpdesk_menu_root": "Customer Support",
    }
    assert result["settings_apps"] == {
        "helpdesk_mgmt": ["Helpdesk"],
        "helpdesk_routing": ["Customer Support"],
    }
    assert re.fullmatch(r"HT\d{5}", result["numbers"]["oca"]), result["numbers"]
    assert re.fullmatch(r"SUP\d{5}", result["numbers"]["ours"]), result["numbers"]
    portal = result["portal_views"]
    assert portal["helpdesk_mgmt"] and not portal["helpdesk_segments"], portal
    # ours hides itself beside helpdesk_mgmt's: one Tickets card
    assert portal["helpdesk_routing"] == ["helpdesk_routing.portal_my_home_hs_tickets"]
    assert result["our_portal_card_shown"] is False
    assert result["customers"] == {
        "ticket customer": True,
        "company's own partner": False,
        "administrator": False,
    }


def _result_line(db, code):
    proc = db.shell(code)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("HSR_")]
    assert lines, proc.stdout + proc.stderr
    return lines[-1].split()[1:]


def _states(db, modules):
    with db.cursor() as cr:
        cr.execute(
            "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)",
            [sorted(modules)],
        )
        return dict(cr.fetchall())


def _install_both(db, first, second):
    # the routing of OCA tickets installs itself when both are there
    modules = set(OUR_ADDONS) | {OCA, "helpdesk_routing_mgmt"}
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

    # theirs uninstalled first: ours keeps routing; then ours
    database.uninstall([OCA], ignore=OCA_OWN_ERRORS)
    assert _states(database, [OCA]) == {OCA: "uninstalled"}
    number, team = _result_line(database, CHECK_OURS_ALONE)
    assert re.fullmatch(r"SUP\d{5}", number)
    assert team == "helpdesk_routing.helpdesk_routing_team_retention"
    database.uninstall(OUR_ADDONS)
    assert _states(database, OUR_ADDONS) == dict.fromkeys(OUR_ADDONS, "uninstalled")


def test_helpdesk_mgmt_first_then_ours(database):
    _install_both(database, [OCA], OUR_ADDONS)
    _check_both_helpdesks(database)

    # ours uninstalled first, one after the other: theirs keeps working
    for addon in ("helpdesk_routing", "helpdesk_segments"):
        database.uninstall([addon])
        assert _states(database, [addon]) == {addon: "uninstalled"}
        number, stage = _result_line(database, CHECK_OCA_ALONE)
        assert re.fullmatch(r"HT\d{5}", number)
        assert stage == "helpdesk_mgmt.helpdesk_ticket_stage_new"
    database.uninstall([OCA], ignore=OCA_OWN_ERRORS)
    assert _states(database, [OCA]) == {OCA: "uninstalled"}
