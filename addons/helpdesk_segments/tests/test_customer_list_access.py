# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .customer_list_common import CustomerListCase


@tagged("post_install", "-at_install")
class TestCustomerListAccess(CustomerListCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_agent = new_test_user(
            cls.env,
            login="hsr_other_agent",
            name="Other Agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        cls._partners([{"name": "Access customer"}])
        cls.shared = cls._list("[]", name="Shared", user_id=cls.manager.id)
        cls.own = cls._list(
            "[]", name="Agent's own", sharing="private", user_id=cls.agent.id
        )
        cls.others = cls._list(
            "[]", name="Other's own", sharing="private", user_id=cls.other_agent.id
        )
        for customer_list in cls.shared | cls.own | cls.others:
            customer_list._refresh_members()

    def _visible(self, user):
        return self.List.with_user(user).search(
            [("id", "in", (self.shared | self.own | self.others).ids)]
        )

    def test_agent_sees_shared_and_own(self):
        self.assertEqual(self._visible(self.agent), self.shared | self.own)
        with self.assertRaises(AccessError):
            self.others.with_user(self.agent).read(["name"])
        Member = self.env["helpdesk.customer.list.member"].with_user(self.agent)
        self.assertEqual(
            Member.search(
                [("list_id", "in", (self.shared | self.own | self.others).ids)]
            ).list_id,
            self.shared | self.own,
        )
        History = self.env["helpdesk.customer.list.history"].with_user(self.agent)
        self.assertEqual(
            History.search(
                [("list_id", "in", (self.shared | self.own | self.others).ids)]
            ).list_id,
            self.shared | self.own,
        )
        # the partner field shows only the lists the user can see
        partner = self.own.member_ids.partner_id.with_user(self.agent)
        self.assertEqual(partner.hs_customer_list_ids, self.shared | self.own)

    def test_agent_edits_only_own_private_lists(self):
        own = self.own.with_user(self.agent)
        own.write({"name": "Renamed", "domain": "[('name', 'ilike', 'access')]"})
        self.assertEqual(self.own.name, "Renamed")
        own.action_refresh()
        created = self.List.with_user(self.agent).create(
            {"name": "Mine", "domain": "[]"}
        )
        self.assertEqual((created.user_id, created.sharing), (self.agent, "private"))
        with self.assertRaises(AccessError):
            self.shared.with_user(self.agent).write({"name": "Hijacked"})
        with self.assertRaises(AccessError):
            self.shared.with_user(self.agent).unlink()
        with self.assertRaises(AccessError):
            self.List.with_user(self.agent).create(
                {"name": "Shared by agent", "sharing": "everyone"}
            )
        with self.assertRaises(AccessError):
            own.write({"sharing": "everyone"})
        with self.assertRaises(AccessError):
            own.write({"user_id": self.other_agent.id})
        with self.assertRaises(AccessError):
            self.others.with_user(self.agent).write({"name": "Not mine"})
        # refreshing a shared list only reads its definition: allowed
        self.shared.with_user(self.agent).action_refresh()

    def test_nobody_writes_members_directly(self):
        member = self.own.member_ids[:1]
        for user in (self.agent, self.manager):
            with self.assertRaises(AccessError):
                member.with_user(user).write({"partner_id": member.partner_id.id})
            with self.assertRaises(AccessError):
                self.env["helpdesk.customer.list.member"].with_user(user).create(
                    {"list_id": self.own.id, "partner_id": member.partner_id.id}
                )
            with self.assertRaises(AccessError):
                member.with_user(user).unlink()

    def test_manager_edits_shared_lists(self):
        self.shared.with_user(self.manager).write({"name": "Renamed by manager"})
        created = self.List.with_user(self.manager).create(
            {"name": "Team list", "sharing": "everyone", "domain": "[]"}
        )
        self.assertEqual(created.sharing, "everyone")
        created.with_user(self.manager).unlink()
        self.assertEqual(self._visible(self.manager), self.shared)

    def test_employee_and_portal_have_no_access(self):
        for user in (self.employee, self.portal):
            with self.assertRaises(AccessError):
                self.List.with_user(user).search([])
            with self.assertRaises(AccessError):
                self.env["helpdesk.customer.list.member"].with_user(user).search([])
        partner = self.own.member_ids.partner_id.with_user(self.employee)
        self.assertFalse(partner.hs_customer_list_ids)
