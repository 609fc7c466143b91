"""Install and uninstall both addons on databases of their own.

- a database that already holds customers, without demo data: installing
  never rewrites existing partner data, and uninstalling leaves it intact;
- a fresh database with demo data: both addons install in one ``odoo -i``
  call and uninstall again without errors;
- the same with what users make (tickets with messages, customer events, a
  checkbox customer field on a demo tag): uninstalling helpdesk_routing, then
  helpdesk_segments, logs no ERROR (Odoo's data clean-up deletes our stages,
  event types and tags; the uninstall hooks first empty what points at them
  with ondelete="restrict") and leaves nothing of ours: no table, column,
  external id, sequence or parameter; the partners and the tags the users
  made stay.
"""

import pytest

from .odoo_cli import OUR_ADDONS, ThrowawayDatabase

CREATE_CUSTOMERS = """
partners = env["res.partner"].create([
    {
        "name": f"Existing customer {i}",
        "email": f"customer{i}@example.com",
        "is_company": i % 5 == 0,
        "phone": f"+33 1 23 45 {i:02d}",
        "comment": "<p>Notes kept by the previous system</p>",
        "category_id": [(0, 0, {"name": f"Legacy tag {i % 3}"})] if i % 2 else [],
    }
    for i in range(60)
])
partners[10:20].write({"parent_id": partners[0].id})
partners[20:25].action_archive()
env.cr.commit()
"""

# (tests/test_upgrade.py runs it too)
UNINSTALL = """
modules = env["ir.module.module"].search([("name", "in", %r)])
modules.button_immediate_uninstall()
env.cr.commit()
""" % (list(OUR_ADDONS),)

USER_DATA = """
customer = env.ref("base.res_partner_12")
ticket = env["helpdesk.routing.ticket"].create(
    {"name": "Made by a user", "partner_id": customer.id}
)
ticket.message_post(body="A reply", message_type="comment")
env["helpdesk.routing.event"].create({
    "partner_id": customer.id,
    "type_id": env.ref("helpdesk_routing.helpdesk_routing_event_type_placed_order").id,
})
env["helpdesk.customer.field"].create({
    "name": "Key account",
    "key": "key_account",
    "field_type": "checkbox",
    "tag_id": env.ref("helpdesk_segments.res_partner_category_status_key_account").id,
})
env["res.partner.category"].create({"name": "Made by a user"})
env.cr.commit()
print("HSR_USER_DATA_MADE")
"""


def _partner_snapshot(db, columns=None):
    """Every res_partner row (the given columns, default all) as text, by id.

    The partners of users (OdooBot, the administrator) get their write_date
    bumped when the addons add users to groups: the ORM recomputes their
    stored ``partner_share`` (to the same value). The customers' rows,
    write_date included, must not change at all.
    """
    with db.cursor() as cr:
        if columns is None:
            cr.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'res_partner' ORDER BY column_name"
            )
            columns = [row[0] for row in cr.fetchall()]
        cr.execute(
            "SELECT id FROM res_partner p WHERE NOT EXISTS "
            "(SELECT 1 FROM res_users u WHERE u.partner_id = p.id)"
        )
        customers = {row[0] for row in cr.fetchall()}
        cr.execute(
            "SELECT id, json_build_array(%s)::text FROM res_partner ORDER BY id"
            % ", ".join(
                f'"{c}"' for c in columns if c not in ("write_date", "write_uid")
            )
        )
        rows = dict(cr.fetchall())
        cr.execute(
            "SELECT id, write_date::text, write_uid FROM res_partner "
            "WHERE id = ANY(%s) ORDER BY id",
            [sorted(customers)],
        )
        return columns, rows, {row[0]: row[1:] for row in cr.fetchall()}


def _module_states(db):
    with db.cursor() as cr:
        cr.execute(
            "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)",
            [list(OUR_ADDONS)],
        )
        return dict(cr.fetchall())


@pytest.fixture
def database(request):
    db = ThrowawayDatabase("hsr_lifecycle")
    request.addfinalizer(db.drop)
    return db


def test_install_keeps_existing_customers_then_uninstalls(database):
    database.install(["contacts"], demo=False)
    database.shell(CREATE_CUSTOMERS)
    columns, rows, customer_stamps = _partner_snapshot(database)
    assert len(customer_stamps) >= 60
    before = (rows, customer_stamps)

    database.install(OUR_ADDONS, demo=False)
    assert _module_states(database) == dict.fromkeys(OUR_ADDONS, "installed")
    assert _partner_snapshot(database, columns)[1:] == tuple(before)

    database.uninstall(OUR_ADDONS)
    assert _module_states(database) == dict.fromkeys(OUR_ADDONS, "uninstalled")
    assert _partner_snapshot(database, columns)[1:] == tuple(before)


def _leftovers(db):
    """What of ours is still in the database."""
    queries = {
        "tables": "SELECT table_name FROM information_schema.tables "
        "WHERE table_name LIKE 'helpdesk%%'",
        "columns": "SELECT table_name || '.' || column_name "
        "FROM information_schema.columns WHERE table_name IN "
        "('res_partner', 'res_company', 'res_users', 'res_partner_category') "
        "AND (column_name LIKE 'hs\\_%%' OR column_name LIKE 'x\\_hs\\_%%' "
        "OR column_name LIKE 'helpdesk%%')",
        "external ids": "SELECT module || '.' || name FROM ir_model_data "
        "WHERE module = ANY(%(modules)s)",
        "models": "SELECT model FROM ir_model WHERE model LIKE 'helpdesk.%%'",
        "sequences": "SELECT code FROM ir_sequence WHERE code LIKE 'helpdesk%%'",
        "parameters": "SELECT key FROM ir_config_parameter WHERE key LIKE 'helpdesk%%'",
        "messages": "SELECT model FROM mail_message WHERE model LIKE 'helpdesk.%%'",
    }
    found = {}
    with db.cursor() as cr:
        for what, query in queries.items():
            cr.execute(query, {"modules": list(OUR_ADDONS)})
            found[what] = sorted(row[0] for row in cr.fetchall())
    return found


def test_install_with_demo_in_one_call_then_uninstall_each_in_turn(database):
    database.install(OUR_ADDONS, demo=True)
    assert _module_states(database) == dict.fromkeys(OUR_ADDONS, "installed")
    proc = database.shell(USER_DATA)
    assert "HSR_USER_DATA_MADE" in proc.stdout, proc.stdout + proc.stderr
    database.uninstall(["helpdesk_routing"])
    assert _module_states(database) == {
        "helpdesk_segments": "installed",
        "helpdesk_routing": "uninstalled",
    }
    database.uninstall(["helpdesk_segments"])
    assert _module_states(database) == dict.fromkeys(OUR_ADDONS, "uninstalled")
    assert _leftovers(database) == {
        "tables": [],
        "columns": [],
        "external ids": [],
        "models": [],
        "sequences": [],
        "parameters": [],
        "messages": [],
    }
    with database.cursor() as cr:
        cr.execute("SELECT name->>'en_US' FROM res_partner_category")
        tags = {row[0] for row in cr.fetchall()}
        cr.execute(
            "SELECT count(*) FROM res_partner p JOIN ir_model_data d "
            "ON d.model = 'res.partner' AND d.res_id = p.id "
            "WHERE d.module = 'base' AND d.name = 'res_partner_12'"
        )
        assert cr.fetchone() == (1,)  # the customer of the ticket and event
    assert "Made by a user" in tags
    assert "Key account" not in tags  # our demo tag
