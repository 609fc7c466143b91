# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.helpdesk_segments.tests.common import RpcError, execute_kw


@tagged("post_install", "-at_install")
class TestMacrosRpc(HttpCase):
    """An integration applies a macro over JSON-RPC as an agent: the agent's
    rights hold there as in the UI."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rpc_agent = new_test_user(
            cls.env,
            login="hsr_rpc_macro_agent",
            password="hsr_rpc_macro_agent",
            name="RPC Macro Agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        cls.team = cls.env["helpdesk.routing.team"].create(
            {"name": "RPC Macro Team", "member_ids": [Command.set(cls.rpc_agent.ids)]}
        )
        cls.other_team = cls.env["helpdesk.routing.team"].create(
            {"name": "RPC Macro Other Team"}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "RPC Macro Customer", "email": "rpc.macro@example.com"}
        )
        cls.macro = cls.env["helpdesk.routing.macro"].create(
            {"name": "RPC urgent", "user_id": False, "priority": "3"}
        )
        cls.foreign_macro = cls.env["helpdesk.routing.macro"].create(
            {"name": "RPC someone else's", "user_id": cls.env.ref("base.user_admin").id}
        )

    def _rpc(self, model, method, *args, **kwargs):
        return execute_kw(
            self, self.rpc_agent, "hsr_rpc_macro_agent", model, method, *args, **kwargs
        )

    def test_apply_over_rpc(self):
        ticket = self.env["helpdesk.routing.ticket"].create(
            {
                "name": "RPC ticket",
                "partner_id": self.customer.id,
                "team_id": self.team.id,
            }
        )
        wizard_id = self._rpc(
            "helpdesk.routing.macro.apply",
            "create",
            {"macro_id": self.macro.id, "ticket_ids": [Command.set(ticket.ids)]},
        )
        preview = self._rpc(
            "helpdesk.routing.macro.apply", "read", [wizard_id], ["preview"]
        )[0]["preview"]
        self.assertIn("Priority: Urgent", preview)
        self._rpc("helpdesk.routing.macro.apply", "action_apply", [wizard_id])
        self.assertEqual(ticket.priority, "3")
        self.assertEqual(self.macro.usage_count, 1)

    def test_agent_rights_over_rpc(self):
        # another agent's personal macro cannot be read nor applied
        with self.assertRaises(RpcError) as caught:
            self._rpc(
                "helpdesk.routing.macro", "read", [self.foreign_macro.id], ["name"]
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        # nor a ticket of a team the agent does not see
        hidden = self.env["helpdesk.routing.ticket"].create(
            {
                "name": "Not yours",
                "partner_id": self.customer.id,
                "team_id": self.other_team.id,
                "user_id": self.env.ref("base.user_admin").id,
            }
        )
        with self.assertRaises(RpcError) as caught:
            wizard_id = self._rpc(
                "helpdesk.routing.macro.apply",
                "create",
                {"macro_id": self.macro.id, "ticket_ids": [Command.set(hidden.ids)]},
            )
            self._rpc("helpdesk.routing.macro.apply", "action_apply", [wizard_id])
        # the agent's record rules leave the wizard without the ticket
        self.assertEqual(caught.exception.name, "odoo.exceptions.UserError")
        self.assertEqual(hidden.priority, "1")
