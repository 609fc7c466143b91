"""Upgrade both addons (``-u``) on a database full of data, then uninstall.

A database of its own with both addons and demo data gets customer field
definitions of every type with values on many customers, a customer list with
members, a routing rule with routed tickets and their logs, and the automation
rules shipped in data (noupdate) edited by a user. Their rows are snapshotted
in SQL; after ``-u helpdesk_segments,helpdesk_routing`` every row is identical.
Uninstalling then leaves the core partner data (every column left, every
customer, their tags) as it was.
"""

import json

import pytest

from .odoo_cli import OUR_ADDONS, ThrowawayDatabase
from .test_lifecycle import UNINSTALL, _module_states

FILL = """
import datetime
import random

rng = random.Random(20260418)
Field = env["helpdesk.customer.field"]
checkbox_tag = env["res.partner.category"].create({"name": "Upgrade checkbox"})
definitions = Field.create([
    {"name": "Upgrade char", "key": "up_char", "field_type": "char"},
    {"name": "Upgrade text", "key": "up_text", "field_type": "text"},
    {"name": "Upgrade integer", "key": "up_integer", "field_type": "integer"},
    {"name": "Upgrade float", "key": "up_float", "field_type": "float"},
    {"name": "Upgrade date", "key": "up_date", "field_type": "date"},
    {"name": "Upgrade datetime", "key": "up_datetime", "field_type": "datetime"},
    {"name": "Upgrade selection", "key": "up_selection", "field_type": "selection",
     "option_ids": [(0, 0, {"name": "Gold"}), (0, 0, {"name": "Silver"})]},
    {"name": "Upgrade multiselect", "key": "up_multiselect",
     "field_type": "multiselect",
     "option_ids": [(0, 0, {"name": n}) for n in ("Email", "Phone", "Chat")]},
    {"name": "Upgrade checkbox", "key": "up_checkbox", "field_type": "checkbox",
     "tag_id": checkbox_tag.id},
])
types = set(definitions.mapped("field_type"))
assert types == set(Field._fields["field_type"].get_values(env)), types
by_key = {d.key: d for d in definitions}
selection = by_key["up_selection"].option_ids.mapped("value")
multi = by_key["up_multiselect"].option_ids.ids
start = datetime.datetime(2025, 1, 1, 8, 30)
vals_list = []
for i in range(200):
    vals_list.append({
        "name": f"Upgrade customer {i}",
        "email": f"upgrade{i}@example.com",
        "is_company": i % 4 == 0,
        "x_hs_up_char": f"ref-{i:04d}",
        "x_hs_up_text": f"line one {i}\\nline two",
        "x_hs_up_integer": rng.randint(0, 100),
        "x_hs_up_float": round(rng.uniform(0, 5000), 2),
        "x_hs_up_date": (start + datetime.timedelta(days=i)).date(),
        "x_hs_up_datetime": start + datetime.timedelta(hours=7 * i),
        "x_hs_up_selection": selection[i % 2],
        "x_hs_up_multiselect": [(6, 0, rng.sample(multi, rng.randint(1, 3)))],
        "x_hs_up_checkbox": i % 3 == 0,
    })
partners = env["res.partner"].create(vals_list)
assert checkbox_tag in partners[0].category_id

customer_list = env["helpdesk.customer.list"].create({
    "name": "Upgrade: gold with a high score",
    "domain": str([("x_hs_up_selection", "=", selection[0]),
                   ("x_hs_up_integer", ">=", 30)]),
})
customer_list._refresh_members()
assert customer_list.member_ids, "the list has no members"
order = env.ref("helpdesk_routing.helpdesk_routing_event_type_placed_order")
env["helpdesk.routing.event"].create([
    {"partner_id": partner.id, "type_id": order.id, "occurred_at": start}
    for partner in partners[:30]
])
buyers = env["helpdesk.customer.list"].create({
    "name": "Upgrade: ordered once",
    "domain": "[]",
    "event_condition_ids": [(0, 0, {"type_id": order.id, "min_count": 1})],
})
buyers._refresh_members()
assert partners[:30] <= buyers.member_ids.partner_id, "event list not filled"

team = env["helpdesk.routing.team"].create({"name": "Upgrade gold team"})
rule = env["helpdesk.routing.rule"].create({
    "name": "Upgrade: gold customers",
    "sequence": 1,
    "partner_domain": str([("x_hs_up_selection", "=", selection[0])]),
    "team_id": team.id,
})
tickets = env["helpdesk.routing.ticket"].create([
    {"name": f"Upgrade ticket {i}", "partner_id": partner.id}
    for i, partner in enumerate(partners[:40])
])
routed = tickets.filtered(lambda t: t.team_id == team)
assert routed and rule in routed.routing_log_ids.rule_id, "no routed ticket"

# a manager edits the automation rules shipped in data (noupdate)
priority = env.ref("helpdesk_routing.base_automation_ticket_priority_customer")
priority.write({
    "name": "Helpdesk: priority customers (edited by a manager)",
    "filter_domain": "[('hs_priority_customer', '=', True), ('priority', '!=', '3')]",
})
priority.action_server_ids.write({"name": "Edited: high priority"})
env.ref("helpdesk_routing.base_automation_ticket_bad_rating").write(
    {"active": False}
)
env.cr.commit()
"""

# tables whose every row must survive the upgrade unchanged
TABLES = (
    "helpdesk_customer_field",
    "helpdesk_customer_field_option",
    "helpdesk_customer_field_template",
    "helpdesk_customer_group",
    "helpdesk_customer_list",
    "helpdesk_customer_list_member",
    "helpdesk_customer_list_history",
    "helpdesk_tag_group",
    "helpdesk_routing_rule",
    "helpdesk_routing_rule_event_condition",
    "helpdesk_customer_list_event_condition",
    "helpdesk_routing_event",
    "helpdesk_routing_log",
    "helpdesk_routing_ticket",
    "helpdesk_routing_team",
    "base_automation",
    "res_partner_res_partner_category_rel",
)


def _rows(cr, table, order="t"):
    cr.execute(f"SELECT row_to_json(t)::text FROM {table} t ORDER BY {order}")
    return [json.loads(row[0]) for row in cr.fetchall()]


def _snapshot(db):
    """Every row of our tables, of the customer field relations, of the
    automation rules' server actions and of res_partner (the partners of
    users excepted: their write_date moves when users join groups, see
    test_lifecycle)."""
    with db.cursor() as cr:
        cr.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_name LIKE 'x\\_hs\\_field\\_%\\_rel'"
        )
        relations = sorted(row[0] for row in cr.fetchall())
        snapshot = {
            table: _rows(cr, table, "t" if table.endswith("_rel") else "id")
            for table in (*TABLES, *relations)
        }
        cr.execute(
            "SELECT row_to_json(a)::text FROM ir_act_server a "
            "WHERE a.base_automation_id IS NOT NULL ORDER BY id"
        )
        snapshot["ir_act_server"] = [json.loads(r[0]) for r in cr.fetchall()]
        cr.execute(
            "SELECT row_to_json(p)::text FROM res_partner p WHERE NOT EXISTS "
            "(SELECT 1 FROM res_users u WHERE u.partner_id = p.id) ORDER BY id"
        )
        snapshot["res_partner"] = [json.loads(r[0]) for r in cr.fetchall()]
    return snapshot


def _ours(cr, model):
    """Ids of the records of ``model`` created by our addons' data."""
    cr.execute(
        "SELECT res_id FROM ir_model_data WHERE model = %s AND module = ANY(%s)",
        [model, list(OUR_ADDONS)],
    )
    return {row[0] for row in cr.fetchall()}


@pytest.fixture
def database(request):
    db = ThrowawayDatabase("hsr_upgrade")
    request.addfinalizer(db.drop)
    return db


def test_upgrade_keeps_data_then_uninstall_keeps_core_partners(database):
    database.install(OUR_ADDONS, demo=True)
    database.shell(FILL)
    before = _snapshot(database)
    assert len(before["res_partner"]) >= 200
    assert before["helpdesk_customer_list_member"]
    assert before["helpdesk_routing_log"]
    assert len([t for t in before if t.startswith("x_hs_field_")]) == 1
    edited = {row["id"]: row for row in before["base_automation"]}
    assert any(
        "edited by a manager" in json.dumps(row["name"]) for row in edited.values()
    )
    assert any(not row["active"] for row in edited.values())

    proc = database.odoo("-u", ",".join(OUR_ADDONS), "--stop-after-init")
    problems = [
        line
        for line in (proc.stdout + proc.stderr).splitlines()
        if " ERROR " in line or " CRITICAL " in line
    ]
    assert not problems, "\n".join(problems)
    after = _snapshot(database)
    assert after.keys() == before.keys()
    for table, rows in before.items():
        assert after[table] == rows, f"{table} changed by the upgrade"

    # the partners, users and tags of our data go with the addons
    with database.cursor() as cr:
        partners_ours = _ours(cr, "res.partner")
        cr.execute(
            "SELECT partner_id FROM res_users WHERE id = ANY(%s)",
            [sorted(_ours(cr, "res.users"))],
        )
        partners_ours |= {row[0] for row in cr.fetchall()}
        tags_ours = _ours(cr, "res.partner.category")
    database.shell(UNINSTALL)
    assert _module_states(database) == dict.fromkeys(OUR_ADDONS, "uninstalled")
    with database.cursor() as cr:
        partners = {
            row["id"]: row
            for row in _rows(cr, "res_partner", "id")
            if row["id"] not in partners_ours
        }
        tags = _rows(cr, "res_partner_res_partner_category_rel")
    kept = {
        row["id"]: {column: row[column] for column in next(iter(partners.values()))}
        for row in before["res_partner"]
        if row["id"] not in partners_ours
    }
    assert not [c for c in next(iter(partners.values())) if c.startswith("x_hs_")]
    user_partners = set(partners) - set(kept)
    assert {pid: partners[pid] for pid in partners if pid not in user_partners} == (
        kept
    )
    assert [t for t in tags if t["partner_id"] not in partners_ours] == [
        t
        for t in before["res_partner_res_partner_category_rel"]
        if t["partner_id"] not in partners_ours and t["category_id"] not in tags_ours
    ]
