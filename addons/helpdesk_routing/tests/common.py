# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import new_test_user

from odoo.addons.helpdesk_segments.tests.common import HelpdeskSegmentsCase


class HelpdeskRoutingCase(HelpdeskSegmentsCase):
    """Helpdesk users, two teams, stages and customers, created once per class.

    - ``team_a``: agents ``agent`` and ``agent_2``;
    - ``team_b``: agent ``agent_3`` only (``agent`` is not a member).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_2 = new_test_user(
            cls.env,
            login="hsr_agent_2",
            name="Helpdesk Agent 2",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        cls.agent_3 = new_test_user(
            cls.env,
            login="hsr_agent_3",
            name="Helpdesk Agent 3",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        cls.Ticket = cls.env["helpdesk.routing.ticket"]
        cls.Team = cls.env["helpdesk.routing.team"]
        cls.team_a = cls.Team.create(
            {
                "name": "Test Team A",
                "member_ids": [(6, 0, (cls.agent | cls.agent_2).ids)],
            }
        )
        cls.team_b = cls.Team.create(
            {"name": "Test Team B", "member_ids": [(6, 0, cls.agent_3.ids)]}
        )
        cls.stage_new = cls.env.ref("helpdesk_routing.helpdesk_routing_stage_new")
        cls.stage_progress = cls.env.ref(
            "helpdesk_routing.helpdesk_routing_stage_in_progress"
        )
        cls.stage_solved = cls.env.ref("helpdesk_routing.helpdesk_routing_stage_solved")
        cls.channel_email = cls.env.ref(
            "helpdesk_routing.helpdesk_routing_channel_email"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Alice Customer", "email": "alice@example.com"}
        )
        cls.customer_2 = cls.env["res.partner"].create(
            {"name": "Bob Customer", "email": "bob@example.com"}
        )

    @classmethod
    def _ticket(cls, **values):
        return cls.Ticket.create(
            dict({"name": "Ticket", "partner_id": cls.customer.id}, **values)
        )
