"""Install and uninstall both addons on databases of their own.

- a database that already holds customers, without demo data: installing
  never rewrites existing partner data, and uninstalling leaves it intact;
- a fresh database with demo data: both addons install in one ``odoo -i``
  call and uninstall again without errors.
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

UNINSTALL = """
modules = env["ir.module.module"].search([("name", "in", %r)])
modules.button_immediate_uninstall()
env.cr.commit()
""" % (list(OUR_ADDONS),)


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

    database.shell(UNINSTALL)
    assert _module_states(database) == dict.fromkeys(OUR_ADDONS, "uninstalled")
    assert _partner_snapshot(database, columns)[1:] == tuple(before)


def test_install_with_demo_in_one_call_then_uninstall(database):
    database.install(OUR_ADDONS, demo=True)
    assert _module_states(database) == dict.fromkeys(OUR_ADDONS, "installed")
    database.shell(UNINSTALL)
    assert _module_states(database) == dict.fromkeys(OUR_ADDONS, "uninstalled")
