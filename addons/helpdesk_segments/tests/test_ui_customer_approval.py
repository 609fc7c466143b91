# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCustomerApprovalTour(HttpCase):
    def test_manager_approves_pending_customer(self):
        new_test_user(
            self.env,
            login="hsr_tour_manager",
            name="Tour Manager",
            groups="helpdesk_segments.group_helpdesk_manager,base.group_partner_manager",
        )
        group = self.env["helpdesk.customer.group"].create(
            {"name": "Tour approval group", "requires_approval": True}
        )
        partner = self.env["res.partner"].create(
            {
                "name": "Tour Pending Customer",
                "email": "tour.pending@example.com",
                "hs_requested_group_id": group.id,
            }
        )
        self.assertEqual(partner.hs_customer_status, "pending")
        self.start_tour(
            "/odoo",
            "helpdesk_segments_customer_approval_tour",
            login="hsr_tour_manager",
        )
        self.assertEqual(partner.hs_customer_status, "active")
        self.assertEqual(partner.hs_customer_group_id, group)
        self.assertFalse(partner.hs_requested_group_id)
