# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import HelpdeskSegmentsCase


@tagged("post_install", "-at_install")
class TestCustomerGroup(HelpdeskSegmentsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Group = cls.env["helpdesk.customer.group"]
        cls.default_group = cls.env.ref(
            "helpdesk_segments.helpdesk_customer_group_default"
        )
        cls.wholesale = cls.Group.create({"name": "Test wholesale"})

    def test_data_default_group(self):
        self.assertTrue(self.default_group.is_default)
        self.assertEqual(
            self.Group.search([("is_default", "=", True)]), self.default_group
        )

    def test_new_partner_gets_default_group(self):
        partner = self.env["res.partner"].create({"name": "Fresh customer"})
        self.assertEqual(partner.hs_customer_group_id, self.default_group)
        self.assertEqual(partner.hs_customer_status, "active")
        self.assertFalse(partner.hs_is_blocked)
        explicit = self.env["res.partner"].create(
            {"name": "Reseller", "hs_customer_group_id": self.wholesale.id}
        )
        self.assertEqual(explicit.hs_customer_group_id, self.wholesale)

    def test_context_default_wins(self):
        partner = (
            self.env["res.partner"]
            .with_context(default_hs_customer_group_id=self.wholesale.id)
            .create({"name": "From the group's smart button"})
        )
        self.assertEqual(partner.hs_customer_group_id, self.wholesale)

    def _create_query_count(self, count):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        partners = self.env["res.partner"].create(
            [
                {"name": f"Batch{count} {i}", "email": f"b{count}.{i}@example.com"}
                for i in range(count)
            ]
        )
        self.env.flush_all()
        queries = self.cr.sql_log_count - before
        self.assertEqual(partners.hs_customer_group_id, self.default_group)
        return queries

    def test_default_group_lookup_is_batched(self):
        self._create_query_count(5)  # warm-up
        small = self._create_query_count(20)
        large = self._create_query_count(200)
        # creating partners is a hot path: the default group is looked up once
        # per batch, so 10x the partners costs a few more SQL batches only
        self.assertLessEqual(large - small, 6, (small, large))

    def test_existing_partners_not_backfilled(self):
        # base demo partners existed before helpdesk_segments was installed
        for xmlid in (
            "base.res_partner_1",
            "base.res_partner_12",
            "base.partner_admin",
        ):
            self.assertFalse(self.env.ref(xmlid).hs_customer_group_id, xmlid)
        # the install hook leaves the group column alone
        self.env["res.partner"]._init_column("hs_customer_group_id")
        self.assertFalse(self.env.ref("base.res_partner_1").hs_customer_group_id)

    def test_single_default_group(self):
        self.wholesale.is_default = True
        self.assertTrue(self.wholesale.is_default)
        self.assertFalse(self.default_group.is_default)
        self.assertEqual(self.Group.search([("is_default", "=", True)]), self.wholesale)
        new_default = self.Group.create({"name": "New default", "is_default": True})
        self.assertEqual(self.Group.search([("is_default", "=", True)]), new_default)
        partner = self.env["res.partner"].create({"name": "After switch"})
        self.assertEqual(partner.hs_customer_group_id, new_default)

    def test_default_group_cannot_be_removed(self):
        with self.assertRaises(ValidationError):
            self.default_group.is_default = False
        with self.assertRaises(ValidationError):
            self.default_group.action_archive()
        with self.assertRaises(UserError):
            self.default_group.unlink()
        with self.assertRaises(ValidationError):
            self.Group.create(
                [
                    {"name": "Twin 1", "is_default": True},
                    {"name": "Twin 2", "is_default": True},
                ]
            )
        with self.assertRaises(ValidationError):
            self.default_group.requires_approval = True
        self.assertTrue(self.default_group.is_default)

    def test_group_with_customers_cannot_be_deleted(self):
        self.env["res.partner"].create(
            {"name": "Member", "hs_customer_group_id": self.wholesale.id}
        )
        with self.assertRaises(UserError):
            self.wholesale.unlink()
        archived_only = self.Group.create({"name": "Archived members"})
        self.env["res.partner"].create(
            {
                "name": "Archived member",
                "hs_customer_group_id": archived_only.id,
                "active": False,
            }
        )
        with self.assertRaises(UserError):
            archived_only.unlink()
        empty = self.Group.create({"name": "Empty"})
        empty.unlink()
        self.assertFalse(empty.exists())

    def test_customer_count_and_smart_button(self):
        partners = self.env["res.partner"].create(
            [
                {"name": f"Wholesale {i}", "hs_customer_group_id": self.wholesale.id}
                for i in range(3)
            ]
        )
        self.assertEqual(self.wholesale.customer_count, 3)
        action = self.wholesale.action_view_customers()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), partners)
        self.assertEqual(
            action["context"]["default_hs_customer_group_id"], self.wholesale.id
        )

    def test_access_per_role(self):
        for user in (self.manager, self.agent, self.employee):
            groups = self.Group.with_user(user).search([])
            self.assertIn(self.default_group, groups, user.login)
            self.assertTrue(self.default_group.with_user(user).name)
        for user in (self.agent, self.employee, self.portal):
            with self.assertRaises(AccessError):
                self.Group.with_user(user).create({"name": f"By {user.login}"})
            with self.assertRaises(AccessError):
                self.wholesale.with_user(user).write({"name": "Renamed"})
            with self.assertRaises(AccessError):
                self.wholesale.with_user(user).unlink()
        with self.assertRaises(AccessError):
            self.Group.with_user(self.portal).search([])
        group = self.Group.with_user(self.manager).create({"name": "By manager"})
        group.write({"name": "Renamed by manager"})
        group.unlink()
        self.assertFalse(group.exists())
        # the partner fields are internal only
        portal_partner = self.portal.partner_id.with_user(self.portal)
        with self.assertRaises(AccessError):
            portal_partner.read(["hs_customer_group_id"])
        with self.assertRaises(AccessError):
            portal_partner.read(["hs_signup_ip"])

    def test_menu_for_managers_only(self):
        def menus(user):
            data = self.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
            return {menu.get("xmlid") for menu in data.values()}

        xmlid = "helpdesk_segments.helpdesk_customer_group_menu"
        self.assertIn(xmlid, menus(self.manager))
        self.assertNotIn(xmlid, menus(self.agent))
