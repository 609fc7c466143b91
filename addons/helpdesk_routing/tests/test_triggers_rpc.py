# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.helpdesk_segments.tests.common import execute_kw


@tagged("post_install", "-at_install")
class TestTriggersRpc(HttpCase):
    """Integrations create and rate tickets over JSON-RPC: the automation
    rules run for them as for the UI."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rpc_agent = new_test_user(
            cls.env,
            login="hsr_rpc_trigger_agent",
            password="hsr_rpc_trigger_agent",
            name="RPC Trigger Agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        cls.special_agent = new_test_user(
            cls.env,
            login="hsr_rpc_special_agent",
            name="RPC Special Agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        cls.team = cls.env["helpdesk.routing.team"].create(
            {
                "name": "RPC Team",
                "member_ids": [(6, 0, cls.rpc_agent.ids)],
                "special_agent_ids": [(6, 0, cls.special_agent.ids)],
            }
        )
        cls.vip = cls.env["res.partner"].create(
            {
                "name": "RPC VIP",
                "email": "rpc.vip@example.com",
                "x_hs_average_annual_spend": 2500.0,
            }
        )
        cls.bad_rating_tag = cls.env.ref(
            "helpdesk_routing.helpdesk_routing_tag_bad_rating"
        )

    def _rpc(self, method, *args):
        return execute_kw(
            self,
            self.rpc_agent,
            "hsr_rpc_trigger_agent",
            "helpdesk.routing.ticket",
            method,
            *args,
        )

    def test_create_and_rate_over_rpc(self):
        ticket_id = self._rpc(
            "create",
            [{"name": "Over RPC", "partner_id": self.vip.id, "team_id": self.team.id}],
        )[0]
        ticket = self.env["helpdesk.routing.ticket"].browse(ticket_id)
        self.assertEqual(ticket.create_uid, self.rpc_agent)
        self.assertEqual(ticket.priority, "2")
        self.assertIn(self.special_agent.partner_id, ticket.message_partner_ids)
        self.assertFalse(self.vip.x_hs_bad_rating_submitted)

        self._rpc("write", [ticket_id], {"rating": "bad_comment"})
        ticket.invalidate_recordset()
        self.vip.invalidate_recordset()
        self.assertEqual(ticket.tag_ids, self.bad_rating_tag)
        self.assertTrue(self.vip.x_hs_bad_rating_submitted)
        self.assertIn("bad_rating", self.vip.category_id.mapped("name"))

    def test_create_rated_ticket_without_customer_over_rpc(self):
        [ticket_id] = self._rpc("create", [{"name": "Anonymous", "rating": "bad"}])
        ticket = self.env["helpdesk.routing.ticket"].browse(ticket_id)
        self.assertEqual(ticket.tag_ids, self.bad_rating_tag)
        self.assertEqual(ticket.priority, "1")
