# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCustomerListTour(HttpCase):
    def test_build_refresh_export_vip_list(self):
        new_test_user(
            self.env,
            login="hsr_tour_list_manager",
            name="Tour Manager",
            groups="helpdesk_segments.group_helpdesk_manager,base.group_partner_manager",
        )
        vip = self.env["res.partner.category"].create({"name": "vip"})
        self.env["res.partner"].create(
            [
                {
                    "name": "Tour VIP One",
                    "ref": "hs-list-tour",
                    "category_id": [(6, 0, vip.ids)],
                },
                {
                    "name": "Tour VIP Two",
                    "ref": "hs-list-tour",
                    "category_id": [(6, 0, vip.ids)],
                },
                {"name": "Tour Regular", "ref": "hs-list-tour"},
            ]
        )
        self.start_tour(
            "/odoo/action-helpdesk_segments.helpdesk_customer_list_action?debug=1",
            "helpdesk_segments_customer_list_tour",
            login="hsr_tour_list_manager",
        )
        customer_list = self.env["helpdesk.customer.list"].search(
            [("name", "=", "VIP customers tour")]
        )
        self.assertEqual(customer_list.state, "ok")
        self.assertEqual(
            sorted(customer_list.member_ids.partner_id.mapped("name")),
            ["Tour VIP One", "Tour VIP Two"],
        )
