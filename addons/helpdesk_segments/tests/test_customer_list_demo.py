# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCustomerListDemo(TransactionCase):
    """The seeds' lists ship as demo data and hold the demo customers."""

    def _list(self, key):
        return self.env.ref(f"helpdesk_segments.helpdesk_customer_list_demo_{key}")

    def _members(self, key):
        customer_list = self._list(key)
        customer_list._refresh_members()
        self.assertEqual(customer_list.state, "ok", customer_list.error_message)
        return customer_list.member_ids.partner_id

    def test_seed_lists_hold_the_demo_customers(self):
        ref = self.env.ref
        self.assertIn(ref("base.res_partner_1"), self._members("product_line_a"))
        self.assertIn(ref("base.res_partner_2"), self._members("product_line_b"))
        self.assertIn(ref("base.res_partner_12"), self._members("product_line_c"))
        self.assertIn(ref("base.res_partner_2"), self._members("bad_rating"))
        iphone_15 = self._members("iphone_15")
        self.assertIn(ref("base.res_partner_address_1"), iphone_15)
        self.assertNotIn(ref("base.res_partner_address_3"), iphone_15)
        self.assertIn(ref("base.res_partner_address_1"), self._members("ios_17"))
        self.assertNotIn(ref("base.res_partner_address_3"), self._members("ios_17"))
        vip = self._members("vip_checkbox")
        self.assertEqual(vip, self._members("vip"), "checkbox and tag agree")

    def test_device_lists_are_grouped_by_model(self):
        phones = self._list("preferred_phone")
        self.assertEqual(phones.group_by_field_id.name, "x_hs_phone")
        self.assertEqual(
            self._list("preferred_tablet").group_by_field_id.name, "x_hs_tablet"
        )
        self.assertGreaterEqual(len(self._members("preferred_phone")), 2)
