# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Before something conditions use is deleted, its form says what uses it;
deleting it deactivates the rules and flags the lists and views that would
no longer work as written, with the reason."""

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .routing_common import RoutingCase


@tagged("post_install", "-at_install", "condition_language")
class TestConditionDependencies(RoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.List = cls.env["helpdesk.customer.list"]
        cls.View = cls.env["helpdesk.routing.view"]

    def setUp(self):
        # registered first, so it runs last: after the test's savepoint is
        # rolled back, reload the registry (the tests add and delete fields)
        self.addCleanup(self._reset_registry)
        super().setUp()

    def _reset_registry(self):
        self.registry.setup_models(self.env.cr)
        self.registry.clear_all_caches()

    def _churn_field(self):
        field = self.env["helpdesk.customer.field"].create(
            {
                "name": "Test churn",
                "key": "t_churn",
                "field_type": "selection",
                "option_ids": [
                    Command.create({"name": "Low", "sequence": 1}),
                    Command.create({"name": "High", "sequence": 2}),
                ],
            }
        )
        self.customer.x_hs_t_churn = "high"
        return field

    def test_deleting_a_customer_field(self):
        field = self._churn_field()
        by_customer = self._rule(
            name="High churn", partner_domain="[('x_hs_t_churn', '=', 'high')]"
        )
        by_ticket = self._rule(
            name="High churn tickets",
            sequence=5,
            ticket_domain="[('partner_id.x_hs_t_churn', 'in', ['high'])]",
        )
        other = self._rule(name="Other", sequence=20, priority_min="2")
        customer_list = self.List.create(
            {"name": "Churners", "domain": "[('x_hs_t_churn', '=', 'high')]"}
        )
        view = self.View.create(
            {"name": "Churners", "domain": "[('partner_id.x_hs_t_churn', '!=', False)]"}
        )
        self.assertEqual(self._ticket().team_id, self.team_c)
        # told before: the form lists what uses the field
        for name in ("High churn", "High churn tickets", "Churners"):
            self.assertIn(name, field.used_by)
        self.assertNotIn("Other", field.used_by)
        action = field.with_user(self.manager).action_unlink_with_data()
        self.assertEqual(action["tag"], "display_notification")
        self.assertIn("High churn tickets", action["params"]["message"])
        self.assertFalse(field.exists())
        # deactivated or flagged, with the reason
        for rule in (by_customer, by_ticket):
            self.assertFalse(rule.active)
            self.assertIn("Test churn", rule.warning)
        self.assertTrue(other.active)
        self.assertEqual(customer_list.state, "error")
        self.assertIn("Test churn", customer_list.error_message)
        self.assertIn("Test churn", view.warning)
        # tickets are still created and routed by the other rules; the view
        # shows the tickets placed into it
        ticket = self._ticket(priority="3")
        self.assertEqual(ticket.team_id, self.team_c)
        self.assertEqual(ticket.routing_log_ids.rule_id, other)
        self.assertEqual(view._get_domain(), [("view_ids", "in", view.id)])
        # a rule reading a field that no longer exists cannot be reactivated
        with self.assertRaises(ValidationError):
            by_customer.action_activate()

    def test_renaming_a_customer_field(self):
        field = self._churn_field()
        rule = self._rule(partner_domain="[('x_hs_t_churn', '=', 'high')]")
        field.key = "t_churn_score"
        self.assertFalse(rule.active)
        self.assertIn("x_hs_t_churn_score", rule.warning)
        rule.partner_domain = "[('x_hs_t_churn_score', '=', 'high')]"
        rule.action_activate()
        self.assertFalse(rule.warning)
        self.assertEqual(self._ticket().team_id, self.team_c)

    def test_deleting_a_field_no_condition_uses(self):
        field = self._churn_field()
        rule = self._rule(partner_domain="[('name', '=', 'x_hs_t_churn')]")
        self.assertFalse(field.used_by)
        action = field.action_unlink_with_data()
        self.assertEqual(action["type"], "ir.actions.act_window")
        self.assertTrue(rule.active)

    def test_deleting_a_customer_list(self):
        churners = self.List.create({"name": "Churners", "domain": "[]"})
        including = self.List.create(
            {
                "name": "Churners in Belgium",
                "domain": "[('country_id.code', '=', 'BE')]",
                "include_list_ids": [Command.set(churners.ids)],
            }
        )
        rule = self._rule(
            name="Churners first",
            partner_domain=f"[('hs_customer_list_ids', 'in', [{churners.id}])]",
        )
        self.assertIn("Churners first", churners.used_by)
        self.assertIn("Churners in Belgium", churners.used_by)
        churners.unlink()
        self.assertFalse(rule.active)
        self.assertIn("Churners", rule.warning)
        self.assertEqual(including.state, "error")
        self.assertIn("Churners", including.error_message)

    def test_deleting_an_event_type(self):
        event_type = self.env["helpdesk.routing.event.type"].create(
            {"name": "Test renewal", "code": "test_renewal"}
        )
        rule = self._rule(
            name="Renewed",
            event_condition_ids=[Command.create({"type_id": event_type.id})],
        )
        self.assertIn("Renewed", event_type.used_by)
        event_type.unlink()
        # without it, the rule would match every ticket
        self.assertFalse(rule.active)
        self.assertIn("Test renewal", rule.warning)
        self.assertFalse(self._ticket().team_id)

    def test_deleting_a_ticket_tag(self):
        matching = self._rule(
            name="Tagged refund", tag_ids=[Command.set(self.tag_refund.ids)]
        )
        adding = self._rule(
            name="Adds refund",
            sequence=20,
            add_tag_ids=[Command.set(self.tag_refund.ids)],
        )
        self.assertIn("Tagged refund", self.tag_refund.used_by)
        self.assertIn("Adds refund", self.tag_refund.used_by)
        self.tag_refund.unlink()
        self.assertFalse(matching.active)
        self.assertTrue(adding.active, "a rule adding the tag still routes")

    def test_deleting_a_customer_tag(self):
        customer_list = self.List.create(
            {
                "name": "Churn tag",
                "domain": f"[('category_id', 'in', {self.churn_tag.ids})]",
            }
        )
        rule = self._rule(
            name="Churn tag rule",
            partner_domain=f"[('category_id', 'in', {self.churn_tag.ids})]",
        )
        self.assertIn("Churn tag rule", self.churn_tag.hs_used_by)
        self.churn_tag.unlink()
        self.assertFalse(rule.active)
        self.assertEqual(customer_list.state, "error")

    def test_deleting_a_team_named_in_a_ticket_filter(self):
        team = self.Team.create({"name": "Test Team D"})
        rule = self._rule(name="From D", ticket_domain=f"[('team_id', '=', {team.id})]")
        routing = self._rule(name="To D", team_id=team.id)
        self.assertIn("To D", team.used_by)
        self.assertIn("From D", team.used_by)
        team.unlink()
        self.assertFalse(rule.active)
        self.assertFalse(routing.active)
        self.assertIn("Test Team D", routing.warning)

    def test_used_by_hides_what_the_user_cannot_read(self):
        mine = self.List.with_user(self.agent).create({"name": "Mine", "domain": "[]"})
        self.List.with_user(self.manager).create(
            {
                "name": "Secret manager list",
                "domain": "[]",
                "include_list_ids": [Command.set(mine.ids)],
            }
        )
        used_by = mine.with_user(self.agent).used_by
        self.assertTrue(used_by)
        self.assertNotIn("Secret manager list", used_by)
        self.assertIn("not visible to you", used_by)
        self.assertIn("Secret manager list", mine.with_user(self.manager).used_by)
