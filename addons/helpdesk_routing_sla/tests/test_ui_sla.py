# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "hs_sla")
class TestSlaTour(HttpCase):
    """An agent finds a ticket's service level in the list, on the form, on
    the Service level tab and, explained, on the Routing tab."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tour_agent = new_test_user(
            cls.env,
            login="hsr_tour_sla_agent",
            name="Tour SLA Agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        team = cls.env["helpdesk.routing.team"].create(
            {"name": "Tour SLA Team", "member_ids": [(6, 0, cls.tour_agent.ids)]}
        )
        cls.env["helpdesk.routing.sla.policy"].create(
            {
                "name": "Tour SLA",
                "sequence": -10,
                "team_ids": [(6, 0, team.ids)],
                "first_response_hours": 400,
                "resolution_hours": 800,
            }
        )
        cls.ticket = cls.env["helpdesk.routing.ticket"].create(
            {
                "name": "Tour: SLA ticket",
                "team_id": team.id,
                "user_id": cls.tour_agent.id,
                "priority": "3",
            }
        )

    def test_agent_sees_the_service_level(self):
        self.assertEqual(self.ticket.sla_status, "on_track")
        self.start_tour(
            "/odoo", "helpdesk_routing_sla_tour", login="hsr_tour_sla_agent"
        )
