# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import ast

from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import HelpdeskSegmentsCase


@tagged("post_install", "-at_install")
class TestCustomerDefinition(HelpdeskSegmentsCase):
    """Customers are every contact but the company's own contacts, the
    partners of internal users (and employees, vendors with their apps); the
    customer status, approval and profile show for customers only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.company_partner = cls.env.company.partner_id
        cls.colleague = Partner.create(
            {"name": "Our accountant", "parent_id": cls.company_partner.id}
        )
        cls.other_company = cls.env["res.company"].create({"name": "Sister Co"})
        cls.customer_company = Partner.create({"name": "Acme", "is_company": True})
        cls.customer_contact = Partner.create(
            {"name": "Wile E.", "parent_id": cls.customer_company.id}
        )
        cls.walk_in = Partner.create({"name": "Wrote in by email"})
        cls.archived_user = cls.employee.copy({"login": "hsr_former_employee"})
        cls.archived_user.action_archive()

    def _customers(self, partners):
        return partners.filtered("hs_is_customer")

    def test_who_is_a_customer(self):
        customers = (
            self.customer_company
            | self.customer_contact
            | self.walk_in
            | self.portal.partner_id
        )
        not_customers = (
            self.company_partner
            | self.colleague
            | self.other_company.partner_id
            | self.manager.partner_id
            | self.agent.partner_id
            | self.employee.partner_id
            | self.archived_user.partner_id
        )
        everyone = (customers | not_customers).with_user(self.agent)
        everyone.invalidate_recordset(["hs_is_customer"])
        self.assertEqual(self._customers(everyone), customers)
        # the search says the same, for an agent too
        Partner = self.env["res.partner"].with_user(self.agent)
        found = Partner.search(
            [("id", "in", everyone.ids), ("hs_is_customer", "=", True)]
        )
        self.assertEqual(found, customers)
        found = Partner.search(
            [("id", "in", everyone.ids), ("hs_is_customer", "!=", True)]
        )
        self.assertEqual(found, not_customers)
        found = Partner.search(
            [("id", "in", everyone.ids), ("hs_is_customer", "=", False)]
        )
        self.assertEqual(found, not_customers)
        with self.assertRaises(UserError):
            Partner.search([("hs_is_customer", "in", [True])])

    def test_vendors_and_employees_when_their_apps_are_installed(self):
        Partner = self.env["res.partner"]
        if "supplier_rank" in Partner._fields:
            vendor = Partner.create({"name": "Paper supplier", "supplier_rank": 1})
            both = Partner.create(
                {"name": "Buys and sells", "supplier_rank": 1, "customer_rank": 1}
            )
            self.assertFalse(vendor.hs_is_customer)
            self.assertTrue(both.hs_is_customer)
        if "employee_ids" in Partner._fields:
            contact = Partner.create({"name": "Employee without a user"})
            self.env["hr.employee"].create(
                {"name": contact.name, "work_contact_id": contact.id}
            )
            contact.invalidate_recordset(["hs_is_customer"])
            self.assertFalse(contact.hs_is_customer)
        self.assertTrue(self.walk_in.hs_is_customer)

    def test_new_contact_follows_its_company(self):
        with Form(self.env["res.partner"]) as form:
            form.name = "New colleague"
            self.assertTrue(form.hs_is_customer)
            form.parent_id = self.company_partner
            self.assertFalse(form.hs_is_customer)
            form.parent_id = self.customer_company
            self.assertTrue(form.hs_is_customer)

    def test_form_shows_customer_status_for_customers_only(self):
        arch = etree.fromstring(
            self.env["res.partner"]
            .with_user(self.agent)
            .get_view(view_type="form")["arch"]
        )
        for xpath in (
            "//group[@name='hs_customer']",
            "//header//field[@name='hs_customer_status']",
        ):
            node = arch.xpath(xpath)
            self.assertTrue(node, xpath)
            self.assertIn("not hs_is_customer", node[0].get("invisible"), xpath)
        self.assertTrue(arch.xpath("//field[@name='hs_is_customer']"))

    def test_customer_profile_for_customers_only(self):
        self.env["helpdesk.customer.field"].create(
            {"name": "Loyalty number", "key": "loyalty", "field_type": "char"}
        )
        arch = etree.fromstring(
            self.env["res.partner"].get_view(view_type="form")["arch"]
        )
        page = arch.xpath("//page[@name='hs_customer_profile']")
        self.assertTrue(page)
        self.assertEqual(page[0].get("invisible"), "not hs_is_customer")

    def test_customers_menu_shows_customers_with_a_filter_to_remove(self):
        action = self.env.ref("helpdesk_segments.res_partner_action_helpdesk_customer")
        context = ast.literal_eval(action.context)
        self.assertEqual(context.get("search_default_hs_customers"), 1)
        search = etree.fromstring(
            self.env["res.partner"].get_view(view_type="search")["arch"]
        )
        node = search.xpath("//filter[@name='hs_customers']")
        self.assertTrue(node)
        self.assertEqual(node[0].get("domain"), "[('hs_is_customer', '=', True)]")
