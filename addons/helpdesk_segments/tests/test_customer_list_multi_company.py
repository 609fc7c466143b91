# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .customer_list_common import CustomerListCase


@tagged("post_install", "-at_install")
class TestCustomerListMultiCompany(CustomerListCase):
    """Customer lists of two companies: a user of company A never sees the
    lists of company B, their members or their history; a list's members are
    the customers its company may see."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "HSL Company B"})
        cls.agent_a = new_test_user(
            cls.env,
            login="hsl_mc_agent_a",
            groups="helpdesk_segments.group_helpdesk_agent",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )
        cls.agent_b = new_test_user(
            cls.env,
            login="hsl_mc_agent_b",
            groups="helpdesk_segments.group_helpdesk_agent",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.manager_ab = new_test_user(
            cls.env,
            login="hsl_mc_manager_ab",
            groups="helpdesk_segments.group_helpdesk_manager",
            company_id=cls.company_a.id,
            company_ids=[Command.set((cls.company_a | cls.company_b).ids)],
        )
        cls.shared_customer, cls.customer_a, cls.customer_b = cls._partners(
            [
                {"name": "MC shared", "company_id": False},
                {"name": "MC of A", "company_id": cls.company_a.id},
                {"name": "MC of B", "company_id": cls.company_b.id},
            ]
        )
        cls.list_a = cls._list("[]", name="MC list A")
        cls.list_b = cls._list("[]", name="MC list B", company_id=cls.company_b.id)
        cls.list_all = cls._list("[]", name="MC list all", company_id=False)
        for customer_list in cls.list_a | cls.list_b | cls.list_all:
            customer_list._refresh_members()
        cls.all_lists = cls.list_a | cls.list_b | cls.list_all

    def test_default_company(self):
        self.assertEqual(self.list_a.company_id, self.company_a)
        new = self.List.with_user(self.agent_b).create({"name": "Mine", "domain": "[]"})
        self.assertEqual(new.company_id, self.company_b)

    def test_members_are_the_customers_of_the_list_company(self):
        test_customers = self.shared_customer | self.customer_a | self.customer_b
        self.assertEqual(
            self.list_a.member_ids.partner_id & test_customers,
            self.shared_customer | self.customer_a,
        )
        self.assertEqual(
            self.list_b.member_ids.partner_id & test_customers,
            self.shared_customer | self.customer_b,
        )
        self.assertEqual(
            self.list_all.member_ids.partner_id & test_customers, test_customers
        )
        # the cron refreshes every company's lists (as superuser) the same way
        self.customer_b.company_id = self.company_a
        (self.list_a | self.list_b).write({"stale": True})
        self.List._cron_refresh(batch_size=1000)
        self.assertIn(self.customer_b, self.list_a.member_ids.partner_id)
        self.assertNotIn(self.customer_b, self.list_b.member_ids.partner_id)

    def test_refresh_size_counts_the_list_company_only(self):
        """Whether a refresh runs at once or in the background depends on
        the members the list would have: customers of another company do
        not count."""
        self._partners(
            [{"name": f"MC B {i}", "company_id": self.company_b.id} for i in range(5)]
        )
        lst = self._list("[('name', 'ilike', 'MC ')]", name="MC size")
        expected = self.env["res.partner"].search_count(
            [
                ("name", "ilike", "MC "),
                ("company_id", "in", [False, self.company_a.id]),
            ]
        )
        self.assertEqual(lst._count_wanted_members(), expected)
        self.env["ir.config_parameter"].set_param(
            "helpdesk_segments.list_background_threshold", str(expected)
        )
        lst.action_refresh()
        self.assertEqual(lst.state, "ok", "refreshed at once")
        self.assertEqual(lst.member_count, expected)

    def test_user_of_company_a_does_not_see_company_b_lists(self):
        for user, visible in (
            (self.agent_a, self.list_a | self.list_all),
            (self.agent_b, self.list_b | self.list_all),
            (self.manager_ab, self.all_lists),
        ):
            with self.subTest(user=user.login):
                List = self.List.with_user(user)
                self.assertEqual(
                    List.search([("id", "in", self.all_lists.ids)]), visible
                )
                Member = self.env["helpdesk.customer.list.member"].with_user(user)
                self.assertEqual(
                    Member.search([("list_id", "in", self.all_lists.ids)]).list_id,
                    visible,
                )
                History = self.env["helpdesk.customer.list.history"].with_user(user)
                self.assertEqual(
                    History.search([("list_id", "in", self.all_lists.ids)]).list_id,
                    visible,
                )
                # the customer's lists only show the visible ones
                shared = self.shared_customer.with_user(user)
                self.assertEqual(shared.hs_customer_list_ids & self.all_lists, visible)
                self.assertEqual(
                    self.env["res.partner"]
                    .with_user(user)
                    .search([("hs_customer_list_ids", "in", self.list_b.ids)])
                    & self.shared_customer,
                    self.shared_customer
                    if self.list_b in visible
                    else self.env["res.partner"],
                )
        for action in ("read", "refresh", "export"):
            with self.subTest(action=action), self.assertRaises(AccessError):
                lst = self.list_b.with_user(self.agent_a)
                if action == "read":
                    lst.read(["name"])
                elif action == "refresh":
                    lst.action_refresh()
                else:
                    lst._export_csv_content()
        # only the allowed companies of the session count
        env_a = self.env(
            user=self.manager_ab,
            context=dict(self.env.context, allowed_company_ids=self.company_a.ids),
        )
        self.assertEqual(
            env_a["helpdesk.customer.list"].search([("id", "in", self.all_lists.ids)]),
            self.list_a | self.list_all,
        )

    def test_lists_of_another_company_cannot_be_combined(self):
        env = self.env(user=self.manager_ab)
        list_a = self.list_a.with_env(env)
        for field_name in ("include_list_ids", "exclude_list_ids"):
            with self.subTest(field=field_name), self.assertRaises(UserError):
                list_a.write({field_name: [Command.set(self.list_b.ids)]})
        with self.assertRaises(UserError):
            # a list of every company uses only lists of every company
            self.list_all.with_env(env).include_list_ids = self.list_a
        with self.assertRaises(UserError):
            # the owner must work in the list's company
            list_a.user_id = self.agent_b
        list_a.include_list_ids = self.list_all
        self.assertEqual(list_a.include_list_ids, self.list_all)
