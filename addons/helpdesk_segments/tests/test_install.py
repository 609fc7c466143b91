# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import HelpdeskSegmentsCase


@tagged("post_install", "-at_install")
class TestInstall(HelpdeskSegmentsCase):
    def test_module_installed(self):
        module = self.env["ir.module.module"].search(
            [("name", "=", "helpdesk_segments")]
        )
        self.assertEqual(module.state, "installed")
        self.assertEqual(module.latest_version, "18.0.1.2.0")

    def test_groups_chain(self):
        agent = self.env.ref("helpdesk_segments.group_helpdesk_agent")
        manager = self.env.ref("helpdesk_segments.group_helpdesk_manager")
        self.assertIn(agent, manager.implied_ids)
        self.assertIn(self.env.ref("base.group_user"), agent.implied_ids)
        self.assertTrue(
            self.manager.has_group("helpdesk_segments.group_helpdesk_agent")
        )
        self.assertFalse(
            self.agent.has_group("helpdesk_segments.group_helpdesk_manager")
        )
        self.assertFalse(
            self.employee.has_group("helpdesk_segments.group_helpdesk_agent")
        )

    def test_admin_is_manager(self):
        admin = self.env.ref("base.user_admin")
        self.assertTrue(admin.has_group("helpdesk_segments.group_helpdesk_manager"))

    def _visible_menu_xmlids(self, user):
        menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        return {menu.get("xmlid") for menu in menus.values()}

    def test_menu_visibility_by_role(self):
        root = "helpdesk_segments.helpdesk_menu_root"
        customers = "helpdesk_segments.res_partner_menu_helpdesk_customer"
        config = "helpdesk_segments.helpdesk_menu_config"
        manager_menus = self._visible_menu_xmlids(self.manager)
        self.assertTrue({root, customers, config} <= manager_menus)
        agent_menus = self._visible_menu_xmlids(self.agent)
        self.assertTrue({root, customers} <= agent_menus)
        self.assertNotIn(config, agent_menus)
        self.assertNotIn(root, self._visible_menu_xmlids(self.employee))
