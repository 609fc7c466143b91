# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.helpdesk_segments.tests.common import execute_kw


@tagged("post_install", "-at_install")
class TestTicketTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tour_agent = new_test_user(
            cls.env,
            login="hsr_tour_ticket_agent",
            name="Tour Ticket Agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        cls.ticket = cls.env["helpdesk.routing.ticket"].create(
            {
                "name": "Tour: printer on fire",
                "partner_id": cls.env["res.partner"]
                .create({"name": "Tour Customer", "email": "tour@example.com"})
                .id,
            }
        )

    def test_agent_assigns_unassigned_ticket_and_rates_it(self):
        self.start_tour(
            "/odoo", "helpdesk_routing_ticket_tour", login="hsr_tour_ticket_agent"
        )
        self.assertEqual(self.ticket.user_id, self.tour_agent)
        self.assertEqual(self.ticket.rating, "bad")
        self.assertFalse(self.ticket.team_id)
        # the automation rule "bad rating" flagged the customer
        customer = self.ticket.partner_id
        self.assertTrue(customer.x_hs_bad_rating_submitted)
        self.assertIn("bad_rating", customer.category_id.mapped("name"))
        self.assertEqual(
            self.ticket.tag_ids,
            self.env.ref("helpdesk_routing.helpdesk_routing_tag_bad_rating"),
        )

    def test_json_rpc_create(self):
        """Integrations create tickets with a plain create over JSON-RPC."""
        ticket_id = execute_kw(
            self,
            self.tour_agent,
            "hsr_tour_ticket_agent",
            "helpdesk.routing.ticket",
            "create",
            {"name": "Created over JSON-RPC"},
        )
        ticket = self.env["helpdesk.routing.ticket"].browse(ticket_id)
        self.assertEqual(ticket.name, "Created over JSON-RPC")
        self.assertRegex(ticket.number, r"^SUP\d{5}$")
        self.assertEqual(ticket.create_uid, self.tour_agent)
