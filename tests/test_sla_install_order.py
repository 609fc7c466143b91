"""helpdesk_routing_sla installed on a helpdesk that already has tickets.

In a database of its own: helpdesk_routing is installed (with demo data) and
tickets are filed and answered; then helpdesk_routing_sla is installed. Its
``post_init_hook`` gives the open tickets their service level from their
history (clock from their creation, the agent's first public reply), logged
in the routing log like a new ticket's; closed tickets get none. (The hook's
cases in detail: ``addons/helpdesk_routing_sla/tests/test_sla_install.py``.)
"""

import json

import pytest

from .odoo_cli import ThrowawayDatabase

FILE_TICKETS = """
import json
partner = env["res.partner"].create(
    {"name": "Filed before SLA", "email": "before.sla@example.com"}
)
Ticket = env["helpdesk.routing.ticket"]
answered = Ticket.create({"name": "Answered before SLA", "partner_id": partner.id})
answered.with_user(env.ref("base.user_admin")).message_post(
    body="We are on it", message_type="comment", subtype_xmlid="mail.mt_comment"
)
waiting = Ticket.create({"name": "Waiting before SLA", "partner_id": partner.id})
closed = Ticket.create({"name": "Closed before SLA", "partner_id": partner.id})
closed.stage_id = env.ref("helpdesk_routing.helpdesk_routing_stage_solved")
env.cr.commit()
print("HSR_TICKETS " + json.dumps([answered.id, waiting.id, closed.id]))
"""


@pytest.fixture
def database(request):
    db = ThrowawayDatabase("hsr_sla_order")
    request.addfinalizer(db.drop)
    return db


def test_sla_installed_after_tickets_gives_them_their_service_level(database):
    database.install(["helpdesk_routing"], demo=True)
    proc = database.shell(FILE_TICKETS)
    line = next(
        line for line in proc.stdout.splitlines() if line.startswith("HSR_TICKETS ")
    )
    answered, waiting, closed = json.loads(line.split(" ", 1)[1])

    database.install(["helpdesk_routing_sla"], demo=True)

    with database.cursor() as cr:
        cr.execute(
            """SELECT t.id, p.name->>'en_US', t.sla_start_date = t.create_date,
                      t.sla_first_response_date, t.sla_status,
                      t.sla_first_response_deadline IS NOT NULL
               FROM helpdesk_routing_ticket t
               LEFT JOIN helpdesk_routing_sla_policy p ON p.id = t.sla_policy_id
               WHERE t.id = ANY(%s)""",
            [[answered, waiting, closed]],
        )
        rows = {row[0]: row[1:] for row in cr.fetchall()}
        cr.execute(
            """SELECT min(date) FROM mail_message
               WHERE model = 'helpdesk.routing.ticket' AND res_id = %s
                 AND message_type = 'comment'""",
            [answered],
        )
        reply_date = cr.fetchone()[0]
        cr.execute(
            """SELECT ticket_id, count(*) FROM helpdesk_routing_log
               WHERE trigger = 'sla' AND ticket_id = ANY(%s) GROUP BY ticket_id""",
            [[answered, waiting, closed]],
        )
        logged = dict(cr.fetchall())
        cr.execute(
            """SELECT count(*) FROM helpdesk_routing_ticket
               WHERE active AND NOT is_closed AND sla_start_date IS NULL"""
        )
        left = cr.fetchone()[0]

    # the demo policy for everyone else (8 h first response, 48 h resolution)
    policy, from_creation, first_reply, status, has_deadline = rows[answered]
    assert policy == "Everyone else"
    assert from_creation and has_deadline
    assert first_reply == reply_date
    assert status == "on_track"
    policy, from_creation, first_reply, status, has_deadline = rows[waiting]
    assert policy == "Everyone else" and from_creation and not first_reply
    assert status == "on_track"
    # closed before the install: no service level
    assert rows[closed] == (None, None, None, None, False)
    assert logged == {answered: 1, waiting: 1}
    # every open ticket, the demo ones too, has its clock
    assert left == 0
