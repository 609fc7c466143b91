# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger


@tagged("post_install", "-at_install", "hs_sla")
class TestSlaRpc(HttpCase):
    """Integrations create tickets over JSON-RPC as an agent: the ticket gets
    its service level; the agent reads it, cannot write it nor the
    policies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rpc_agent = new_test_user(
            cls.env,
            login="hsr_rpc_sla_agent",
            password="hsr_rpc_sla_agent",
            name="RPC SLA Agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        cls.team = cls.env["helpdesk.routing.team"].create(
            {"name": "RPC SLA Team", "member_ids": [(6, 0, cls.rpc_agent.ids)]}
        )
        cls.policy = cls.env["helpdesk.routing.sla.policy"].create(
            {
                "name": "RPC SLA",
                "sequence": -50,
                "team_ids": [(6, 0, cls.team.ids)],
                "first_response_hours": 2,
                "resolution_hours": 10,
            }
        )

    def _rpc(self, model, method, *args):
        return self.make_jsonrpc_request(
            "/jsonrpc",
            {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    self.env.cr.dbname,
                    self.rpc_agent.id,
                    "hsr_rpc_sla_agent",
                    model,
                    method,
                    list(args),
                ],
            },
        )

    def test_rpc(self):
        ticket_id = self._rpc(
            "helpdesk.routing.ticket",
            "create",
            {"name": "Over RPC", "team_id": self.team.id},
        )
        [ticket] = self._rpc(
            "helpdesk.routing.ticket",
            "read",
            [ticket_id],
            ["sla_policy_id", "sla_status", "sla_deadline"],
        )
        self.assertEqual(ticket["sla_policy_id"][0], self.policy.id)
        self.assertEqual(ticket["sla_status"], "on_track")
        self.assertTrue(ticket["sla_deadline"])
        [log] = self._rpc(
            "helpdesk.routing.log",
            "search_read",
            [("ticket_id", "=", ticket_id), ("trigger", "=", "sla")],
            ["explanation", "sla_policy_id"],
        )
        self.assertIn("Team is RPC SLA Team", log["explanation"])
        with mute_logger("odoo.http"):
            with self.assertRaises(JsonRpcException) as error:
                self._rpc(
                    "helpdesk.routing.ticket",
                    "write",
                    [ticket_id],
                    {"sla_status": "met"},
                )
            self.assertIn("AccessError", str(error.exception))
            with self.assertRaises(JsonRpcException) as error:
                self._rpc(
                    "helpdesk.routing.sla.policy",
                    "write",
                    [self.policy.id],
                    {"first_response_hours": 100},
                )
            self.assertIn("AccessError", str(error.exception))
        self.assertEqual(self.policy.first_response_hours, 2)
