# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.tests import tagged

from .common import HelpdeskSegmentsCase


@tagged("post_install", "-at_install")
class TestCustomerViews(HelpdeskSegmentsCase):
    def _arch(self, user, view_type, view_ref=False):
        views = (
            self.env["res.partner"].with_user(user).get_views([(view_ref, view_type)])
        )
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_customers_action_uses_own_list(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_segments.res_partner_action_helpdesk_customer"
        )
        list_view = self.env.ref(
            "helpdesk_segments.res_partner_view_list_helpdesk_customer"
        )
        self.assertEqual(action["views"][0], (list_view.id, "list"))
        # the generic partner list stays the default list of res.partner
        self.assertNotEqual(
            self.env["res.partner"].get_views([(False, "list")])["views"]["list"]["id"],
            list_view.id,
        )

    def test_customers_list_columns_and_actions(self):
        list_view = self.env.ref(
            "helpdesk_segments.res_partner_view_list_helpdesk_customer"
        )
        for user, is_manager in ((self.agent, False), (self.manager, True)):
            arch = self._arch(user, "list", list_view.id)
            fields = {node.get("name") for node in arch.iter("field")}
            self.assertTrue(
                {
                    "complete_name",
                    "email",
                    "hs_customer_group_id",
                    "hs_customer_status",
                    "category_id",
                    "hs_signup_ip",
                    "create_date",
                }
                <= fields,
                user.login,
            )
            status = arch.find(".//field[@name='hs_customer_status']")
            self.assertEqual(status.get("widget"), "badge")
            tags = arch.find(".//field[@name='category_id']")
            self.assertEqual(tags.get("widget"), "hs_many2many_tags")
            self.assertEqual(arch.get("decoration-danger"), "hs_is_blocked")
            mass_mail = self.env.ref("mail.action_partner_mass_mail")
            buttons = {node.get("name") for node in arch.iter("button")}
            self.assertIn(str(mass_mail.id), buttons)
            self.assertEqual("action_hs_approve" in buttons, is_manager)
            self.assertEqual("action_hs_reject" in buttons, is_manager)

    def test_bound_actions(self):
        bindings = (
            self.env["ir.actions.actions"]
            .with_user(self.manager)
            .get_bindings("res.partner")
        )
        names = {action["name"] for action in bindings.get("action", [])}
        self.assertTrue(
            {"Approve customers", "Reject customers", "Send email"} <= names
        )
        agent_bindings = (
            self.env["ir.actions.actions"]
            .with_user(self.agent)
            .get_bindings("res.partner")
        )
        agent_names = {action["name"] for action in agent_bindings.get("action", [])}
        self.assertNotIn("Approve customers", agent_names)
        self.assertIn("Send email", agent_names)

    def test_search_filters_and_group_by(self):
        arch = self._arch(self.agent, "search")
        filters = {node.get("name"): node for node in arch.iter("filter")}
        for name, status in (
            ("hs_status_pending", "pending"),
            ("hs_status_active", "active"),
            ("hs_status_inactive", "inactive"),
            ("hs_status_blocked", "blocked"),
        ):
            self.assertIn(f"'{status}'", filters[name].get("domain"))
        for name, field in (
            ("hs_group_by_customer_group", "hs_customer_group_id"),
            ("hs_group_by_customer_status", "hs_customer_status"),
            ("hs_group_by_tags", "category_id"),
        ):
            self.assertIn(field, filters[name].get("context"))
        groups = (
            self.env["res.partner"]
            .with_user(self.agent)
            .read_group([], ["hs_customer_status"], ["hs_customer_status"])
        )
        self.assertTrue(groups)

    def test_partner_form(self):
        for user, is_manager in ((self.agent, False), (self.manager, True)):
            arch = self._arch(user, "form")
            buttons = {node.get("name") for node in arch.iter("button")}
            self.assertEqual("action_hs_approve" in buttons, is_manager, user.login)
            self.assertEqual("action_hs_reject" in buttons, is_manager, user.login)
            fields = {node.get("name") for node in arch.iter("field")}
            self.assertTrue(
                {"hs_customer_group_id", "hs_customer_status", "hs_signup_ip"} <= fields
            )
            ribbons = [
                node
                for node in arch.iter("widget")
                if node.get("name") == "web_ribbon" and node.get("title") == "Blocked"
            ]
            self.assertEqual(len(ribbons), 1)
            self.assertEqual(ribbons[0].get("invisible"), "not hs_is_blocked")
