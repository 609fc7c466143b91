# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import ast

from odoo.tests import tagged

from .common import HelpdeskRoutingCase

ROUTING = "helpdesk_routing."


@tagged("post_install", "-at_install")
class TestViewsMenus(HelpdeskRoutingCase):
    def _visible_menu_xmlids(self, user):
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        return {menu.get("xmlid") for menu in menus.values()}

    def test_menus_by_role(self):
        agent_menus = self._visible_menu_xmlids(self.agent)
        working = {
            ROUTING + xmlid
            for xmlid in (
                "helpdesk_routing_ticket_menu",
                "helpdesk_routing_ticket_menu_all",
                "helpdesk_routing_ticket_menu_unassigned",
                "helpdesk_routing_ticket_menu_mine",
                "helpdesk_routing_view_menu_dashboard",
            )
        }
        config = {
            ROUTING + xmlid
            for xmlid in (
                "helpdesk_routing_team_menu",
                "helpdesk_routing_stage_menu",
                "helpdesk_routing_channel_menu",
                "helpdesk_routing_tag_menu",
                "helpdesk_routing_view_menu",
            )
        }
        self.assertTrue(working <= agent_menus)
        self.assertFalse(config & agent_menus)
        self.assertTrue(working | config <= self._visible_menu_xmlids(self.manager))
        self.assertFalse(working & self._visible_menu_xmlids(self.employee))

    def test_views_load_for_each_role(self):
        view_types = {
            "helpdesk.routing.ticket": [
                "kanban",
                "list",
                "form",
                "search",
                "pivot",
                "graph",
                "activity",
            ],
            "helpdesk.routing.view": ["kanban", "list", "form", "search"],
            "helpdesk.routing.team": ["list", "form", "search"],
            "helpdesk.routing.stage": ["list", "form", "search"],
            "helpdesk.routing.channel": ["list", "form", "search"],
            "helpdesk.routing.tag": ["list", "form", "search"],
        }
        for user in (self.agent, self.manager):
            for model, types in view_types.items():
                result = (
                    self.env[model]
                    .with_user(user)
                    .get_views([(False, view_type) for view_type in types])
                )
                self.assertEqual(set(result["views"]), set(types), model)
        preferences = self.env.ref("base.view_users_form_simple_modif")
        arch = (
            self.env["res.users"]
            .with_user(self.agent)
            .get_views([(preferences.id, "form")])["views"]["form"]["arch"]
        )
        self.assertIn("hs_helpdesk_unavailable", arch)

    def test_action_menus_open_the_right_tickets(self):
        ticket_free = self._ticket()
        ticket_team = self._ticket(team_id=self.team_a.id, user_id=self.agent.id)
        action = self.env.ref(ROUTING + "helpdesk_routing_ticket_action_unassigned")
        unassigned = self.Ticket.search(ast.literal_eval(action.domain))
        self.assertIn(ticket_free, unassigned)
        self.assertNotIn(ticket_team, unassigned)
        open_team = self.team_a.action_open_tickets()
        self.assertEqual(self.Ticket.search(open_team["domain"]), ticket_team)
        self.assertEqual(self.team_a.open_ticket_count, 1)
        self.assertEqual(self.team_a.unassigned_ticket_count, 0)
