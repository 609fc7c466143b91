# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestMacroTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tour_agent = new_test_user(
            cls.env,
            login="hsr_tour_macro_agent",
            name="Tour Macro Agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        cls.tag = cls.env["helpdesk.routing.tag"].create({"name": "Tour escalated"})
        cls.macro = cls.env["helpdesk.routing.macro"].create(
            {
                "name": "Tour escalate",
                "user_id": False,
                "priority": "3",
                "add_tag_ids": [Command.link(cls.tag.id)],
            }
        )
        cls.ticket = cls.env["helpdesk.routing.ticket"].create(
            {
                "name": "Tour: macro ticket",
                "user_id": cls.tour_agent.id,
                "partner_id": cls.env["res.partner"]
                .create({"name": "Tour Macro Customer", "email": "m@example.com"})
                .id,
            }
        )

    def test_agent_applies_a_macro(self):
        self.start_tour(
            f"/odoo/action-helpdesk_routing.helpdesk_routing_ticket_action/{self.ticket.id}",
            "helpdesk_routing_macro_tour",
            login="hsr_tour_macro_agent",
        )
        self.assertEqual(self.ticket.priority, "3")
        self.assertIn(self.tag, self.ticket.tag_ids)
        self.assertEqual(self.macro.usage_count, 1)
        self.assertEqual(self.ticket.write_uid, self.tour_agent)
