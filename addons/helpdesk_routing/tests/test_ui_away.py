# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAwayTour(HttpCase):
    def test_agent_switches_away_and_back_from_the_user_menu(self):
        agent = new_test_user(
            self.env,
            login="hsr_tour_away_agent",
            name="Tour Away Agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        team = self.env["helpdesk.routing.team"].create(
            {
                "name": "Tour away team",
                "member_ids": [(6, 0, agent.ids)],
                "assignment_method": "fewest_open",
                "max_open_tickets": 5,
                "absent_ticket_policy": "queue",
            }
        )
        ticket = self.env["helpdesk.routing.ticket"].create(
            {"name": "Tour away ticket", "team_id": team.id}
        )
        self.assertEqual(ticket.user_id, agent)
        self.start_tour(
            "/odoo", "helpdesk_routing_away_tour", login="hsr_tour_away_agent"
        )
        # away sent the ticket back to the queue; back took it again
        self.assertFalse(agent.hs_helpdesk_unavailable)
        self.assertEqual(ticket.user_id, agent)
        log = ticket.routing_log_ids.filtered(lambda r: r.trigger == "assign")
        self.assertEqual(len(log), 2)
