# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.helpdesk_segments.tests.common import RpcError, execute_kw


@tagged("post_install", "-at_install")
class TestRoutingTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["helpdesk.routing.rule"].search([]).action_archive()
        cls.tour_manager = new_test_user(
            cls.env,
            login="hsr_tour_routing_manager",
            name="Tour Routing Manager",
            groups="helpdesk_segments.group_helpdesk_manager",
        )
        cls.team = cls.env["helpdesk.routing.team"].create(
            {"name": "Tour Retention Specialists"}
        )
        cls.risky = cls.env["res.partner"].create(
            {
                "name": "Tour Risky Customer",
                "email": "risky@example.com",
                "category_id": [(0, 0, {"name": "Tour churn risk"})],
            }
        )
        cls.earlier = cls.env["helpdesk.routing.ticket"].create(
            {"name": "Tour: earlier complaint", "partner_id": cls.risky.id}
        )

    def test_manager_creates_rule_and_ticket_is_routed(self):
        self.start_tour(
            "/odoo/action-helpdesk_routing.helpdesk_routing_rule_action?debug=1",
            "helpdesk_routing_rule_tour",
            login="hsr_tour_routing_manager",
        )
        rule = self.env["helpdesk.routing.rule"].search([("name", "=", "Churn risk")])
        self.assertTrue(rule.active)
        self.assertEqual(rule.team_id, self.team)
        ticket = self.env["helpdesk.routing.ticket"].search(
            [("name", "=", "I am leaving you")]
        )
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.routing_log_ids.rule_id, rule)
        self.assertFalse(self.earlier.team_id, "the preview changed nothing")

    def _rpc(self, model, method, *args):
        return execute_kw(
            self, self.tour_manager, "hsr_tour_routing_manager", model, method, *args
        )

    def test_json_rpc_ticket_is_routed(self):
        self.env["helpdesk.routing.rule"].create(
            {
                "name": "RPC churn",
                "partner_domain": "[('category_id.name', '=', 'Tour churn risk')]",
                "team_id": self.team.id,
            }
        )
        ticket_id = self._rpc(
            "helpdesk.routing.ticket",
            "create",
            [{"name": "Over RPC", "partner_id": self.risky.id}],
        )[0]
        ticket = self.env["helpdesk.routing.ticket"].browse(ticket_id)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.routing_log_ids.rule_id.name, "RPC churn")

    def test_json_rpc_events_batch(self):
        event_ids = self._rpc(
            "helpdesk.routing.event",
            "create",
            [
                {
                    "partner_id": self.risky.id,
                    "type_code": "placed_order",
                    "value": 10.0,
                    "reference": "WEB-1",
                    "properties": {"source": "shop"},
                },
                {"partner_id": self.risky.id, "type_code": "refund_requested"},
            ],
        )
        events = self.env["helpdesk.routing.event"].browse(event_ids)
        self.assertEqual(
            events.mapped("type_id.code"), ["placed_order", "refund_requested"]
        )
        self.assertEqual(events[0].properties, {"source": "shop"})
        with self.assertRaises(RpcError) as error:
            self._rpc(
                "helpdesk.routing.event",
                "create",
                [{"partner_id": self.risky.id, "type_code": "nope"}],
            )
        self.assertEqual(error.exception.name, "odoo.exceptions.UserError")
