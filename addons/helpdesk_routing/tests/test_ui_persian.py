# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged

# The modules whose Persian model terms (menus, field labels, view arches,
# selection values) the tour reads; code terms come from the .po files.
TRANSLATED_MODULES = [
    "base",
    "web",
    "mail",
    "helpdesk_segments",
    "helpdesk_routing",
]


@tagged("post_install", "-at_install")
class TestPersianRtlTour(HttpCase):
    """A helpdesk manager working in Persian (right-to-left) edits a customer,
    checks a customer list and creates a routing rule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls.env["ir.module.module"].search(
            [("name", "in", TRANSLATED_MODULES)]
        )._update_translations(["fa_IR"])
        cls.manager = new_test_user(
            cls.env,
            login="hsr_tour_persian_manager",
            name="Tour Persian Manager",
            groups="helpdesk_segments.group_helpdesk_manager,base.group_partner_manager",
            lang="fa_IR",
        )
        cls.wholesale = cls.env.ref(
            "helpdesk_segments.helpdesk_customer_group_wholesale"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Persian Customer", "email": "persian@example.com"}
        )
        cls.env["res.partner"].create(
            [
                {"name": "Tour Persian Member One", "ref": "hs-fa-tour"},
                {"name": "Tour Persian Member Two", "ref": "hs-fa-tour"},
            ]
        )
        cls.customer_list = cls.env["helpdesk.customer.list"].create(
            {
                "name": "مشتریان ویژه تور فارسی",
                "domain": "[('ref', '=', 'hs-fa-tour')]",
                "sharing": "everyone",
            }
        )
        cls.customer_list.action_refresh()
        cls.team = cls.env["helpdesk.routing.team"].create({"name": "تیم تور فارسی"})

    def test_persian_manager_edits_customer_list_and_rule(self):
        # our fa.po is loaded: the terms the tour looks for are in Persian
        fa = self.env(context={"lang": "fa_IR"})
        self.assertEqual(
            fa.ref("helpdesk_segments.helpdesk_customer_list_menu").name,
            "لیست‌های مشتری",
        )
        self.assertEqual(
            fa.ref("helpdesk_routing.helpdesk_routing_rule_menu").name,
            "قوانین مسیریابی",
        )
        self.assertEqual(self.wholesale.with_env(fa).name, "عمده‌فروشی")
        self.assertEqual(self.env["res.lang"]._get_data(code="fa_IR").direction, "rtl")
        self.assertEqual(self.customer_list.member_count, 2)

        self.start_tour(
            "/odoo/action-helpdesk_segments.res_partner_action_helpdesk_customer",
            "helpdesk_persian_rtl_tour",
            login="hsr_tour_persian_manager",
        )

        self.env.invalidate_all()
        self.assertEqual(self.customer.hs_customer_group_id, self.wholesale)
        self.assertEqual(self.customer.x_hs_service_level, "gold")
        rule = (
            self.env["helpdesk.routing.rule"]
            .with_context(active_test=False)
            .search([("name", "=", "قانون تور فارسی")])
        )
        self.assertEqual(len(rule), 1)
        self.assertEqual(rule.destination, "team")
        self.assertEqual(rule.team_id, self.team)
        self.assertFalse(rule.active, "new rules start inactive")
        self.assertEqual(rule.create_uid, self.manager)
