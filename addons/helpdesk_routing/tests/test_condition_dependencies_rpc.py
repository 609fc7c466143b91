# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.helpdesk_segments.tests.common import execute_kw


@tagged("post_install", "-at_install", "condition_language")
class TestConditionDependenciesRpc(HttpCase):
    """The reported case, over JSON-RPC: a manager deletes the demo customer
    field Churn risk (with its data) that the demo rule Churn risk reads;
    tickets are still created, and the rule is deactivated with the reason."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rpc_manager = new_test_user(
            cls.env,
            login="hsr_rpc_dep_manager",
            password="hsr_rpc_dep_manager",
            name="RPC Dependencies Manager",
            groups="helpdesk_segments.group_helpdesk_manager",
        )
        cls.rpc_agent = new_test_user(
            cls.env,
            login="hsr_rpc_dep_agent",
            password="hsr_rpc_dep_agent",
            name="RPC Dependencies Agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        cls.env.company.helpdesk_routing_enabled = True
        cls.churn_field = cls.env.ref(
            "helpdesk_segments.helpdesk_customer_field_demo_churn_risk"
        )
        cls.churn_rule = cls.env.ref(
            "helpdesk_routing.helpdesk_routing_rule_churn_risk"
        )
        cls.retention = cls.env.ref("helpdesk_routing.helpdesk_routing_team_retention")
        cls.customer = cls.env.ref("base.res_partner_12")

    def setUp(self):
        # registered first, so it runs last: the test deletes a field
        self.addCleanup(self._reset_registry)
        super().setUp()

    def _reset_registry(self):
        self.registry.setup_models(self.env.cr)
        self.registry.clear_all_caches()

    def _create_ticket(self):
        ticket_id = execute_kw(
            self,
            self.rpc_agent,
            "hsr_rpc_dep_agent",
            "helpdesk.routing.ticket",
            "create",
            [{"name": "Churn check", "partner_id": self.customer.id}],
        )[0]
        return self.env["helpdesk.routing.ticket"].browse(ticket_id)

    def test_delete_the_churn_field_over_rpc(self):
        self.assertEqual(self.customer.x_hs_churn_risk, "high")
        self.assertEqual(self._create_ticket().team_id, self.retention)
        # told before: the field's form shows the rule
        [values] = execute_kw(
            self,
            self.rpc_manager,
            "hsr_rpc_dep_manager",
            "helpdesk.customer.field",
            "read",
            self.churn_field.ids,
            fields=["used_by"],
        )
        self.assertIn("Churn risk", values["used_by"])
        action = execute_kw(
            self,
            self.rpc_manager,
            "hsr_rpc_dep_manager",
            "helpdesk.customer.field",
            "action_unlink_with_data",
            self.churn_field.ids,
        )
        self.assertEqual(action["tag"], "display_notification")
        self.churn_rule.invalidate_recordset()
        self.assertFalse(self.churn_rule.active)
        self.assertIn("Churn risk", self.churn_rule.warning)
        # ticket intake goes on: the ticket is created, by the other rules or
        # the fallback
        ticket = self._create_ticket()
        self.assertTrue(ticket.exists())
        self.assertNotEqual(ticket.team_id, self.retention)
