# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCustomerFieldsTour(HttpCase):
    def setUp(self):
        # the tour adds a field: reload the registry once the test is rolled back
        self.addCleanup(self.registry.setup_models, self.env.cr)
        super().setUp()

    def test_manager_adds_dropdown_and_filters_customers(self):
        new_test_user(
            self.env,
            login="hsr_tour_manager",
            name="Tour Manager",
            groups="helpdesk_segments.group_helpdesk_manager,base.group_partner_manager",
        )
        one, two = self.env["res.partner"].create(
            [{"name": "Tour Customer One"}, {"name": "Tour Customer Two"}]
        )
        self.start_tour(
            "/odoo/action-helpdesk_segments.helpdesk_customer_field_action",
            "helpdesk_segments_customer_fields_tour",
            login="hsr_tour_manager",
        )
        definition = self.env["helpdesk.customer.field"].search(
            [("key", "=", "tour_gadget")]
        )
        self.assertEqual(definition.field_type, "selection")
        self.assertEqual(definition.option_ids.mapped("value"), ["alpha", "beta"])
        self.env.invalidate_all()
        self.assertEqual(one.x_hs_tour_gadget, "beta")
        self.assertFalse(two.x_hs_tour_gadget)
