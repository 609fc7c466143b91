# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import HelpdeskSegmentsCase


@tagged("post_install", "-at_install")
class TestCustomerApproval(HelpdeskSegmentsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Group = cls.env["helpdesk.customer.group"]
        cls.default_group = cls.env.ref(
            "helpdesk_segments.helpdesk_customer_group_default"
        )
        cls.open_group = Group.create({"name": "Test retail"})
        cls.approval_group = Group.create(
            {"name": "Test digital", "requires_approval": True}
        )
        cls.other_approval_group = Group.create(
            {"name": "Test B2B", "requires_approval": True}
        )

    def _signup(self, count=1, group=None, prefix="Signup"):
        return self.env["res.partner"].create(
            [
                {
                    "name": f"{prefix} {i}",
                    "email": f"{prefix.lower()}{i}@example.com",
                    "hs_signup_ip": f"192.0.2.{i % 250}",
                    "hs_requested_group_id": (group or self.approval_group).id,
                }
                for i in range(count)
            ]
        )

    def _log_bodies(self, partner):
        return partner.message_ids.filtered(
            lambda m: m.message_type == "notification"
        ).mapped("body")

    def test_signup_into_approval_group_is_pending(self):
        partner = self._signup()
        self.assertEqual(partner.hs_customer_status, "pending")
        self.assertEqual(partner.hs_customer_group_id, self.default_group)
        self.assertEqual(partner.hs_requested_group_id, self.approval_group)
        self.assertEqual(partner.hs_signup_ip, "192.0.2.0")

    def test_signup_by_write_is_pending(self):
        partner = self.env["res.partner"].create({"name": "Later signup"})
        partner.write({"hs_requested_group_id": self.approval_group.id})
        self.assertEqual(partner.hs_customer_status, "pending")
        self.assertEqual(partner.hs_customer_group_id, self.default_group)

    def test_signup_into_open_group_applies_at_once(self):
        partner = self._signup(group=self.open_group)
        self.assertEqual(partner.hs_customer_status, "active")
        self.assertEqual(partner.hs_customer_group_id, self.open_group)
        self.assertFalse(partner.hs_requested_group_id)
        other = self.env["res.partner"].create({"name": "Moves later"})
        other.write({"hs_requested_group_id": self.open_group.id})
        self.assertEqual(other.hs_customer_group_id, self.open_group)
        self.assertFalse(other.hs_requested_group_id)

    def test_approve_single(self):
        partner = self._signup()
        partner.with_user(self.manager).action_hs_approve()
        self.assertEqual(partner.hs_customer_status, "active")
        self.assertEqual(partner.hs_customer_group_id, self.approval_group)
        self.assertFalse(partner.hs_requested_group_id)
        bodies = self._log_bodies(partner)
        self.assertEqual(len(bodies), 1)
        self.assertIn("Customer approved by Helpdesk Manager", bodies[0])
        self.assertIn("Test digital", bodies[0])
        message = partner.message_ids[0]
        self.assertEqual(message.author_id, self.manager.partner_id)

    def test_approve_bulk_server_action(self):
        digital = self._signup(3, prefix="Digital")
        b2b = self._signup(2, group=self.other_approval_group, prefix="B2B")
        action = self.env.ref("helpdesk_segments.res_partner_action_server_hs_approve")
        self.assertEqual(action.binding_model_id.model, "res.partner")
        self.assertIn(
            self.env.ref("helpdesk_segments.group_helpdesk_manager"), action.groups_id
        )
        partners = digital | b2b
        action.with_user(self.manager).with_context(
            active_model="res.partner", active_ids=partners.ids
        ).run()
        self.assertEqual(set(partners.mapped("hs_customer_status")), {"active"})
        self.assertEqual(digital.hs_customer_group_id, self.approval_group)
        self.assertEqual(b2b.hs_customer_group_id, self.other_approval_group)
        self.assertFalse(partners.hs_requested_group_id)
        for partner in partners:
            self.assertEqual(len(self._log_bodies(partner)), 1, partner.name)

    def test_reject_single_and_bulk(self):
        partners = self._signup(3)
        partners[0].with_user(self.manager).action_hs_reject()
        self.assertEqual(partners[0].hs_customer_status, "inactive")
        self.assertFalse(partners[0].hs_requested_group_id)
        self.assertEqual(partners[0].hs_customer_group_id, self.default_group)
        self.assertIn("rejected", self._log_bodies(partners[0])[0])
        action = self.env.ref("helpdesk_segments.res_partner_action_server_hs_reject")
        action.with_user(self.manager).with_context(
            active_model="res.partner", active_ids=partners[1:].ids
        ).run()
        self.assertEqual(set(partners.mapped("hs_customer_status")), {"inactive"})
        self.assertEqual(partners.hs_customer_group_id, self.default_group)
        for partner in partners:
            self.assertEqual(len(self._log_bodies(partner)), 1, partner.name)

    def test_approve_not_pending_refused(self):
        pending = self._signup()
        active = self.env["res.partner"].create({"name": "Already active"})
        with self.assertRaisesRegex(UserError, "Already active"):
            (pending | active).with_user(self.manager).action_hs_approve()
        with self.assertRaises(UserError):
            active.with_user(self.manager).action_hs_reject()
        # nothing was changed by the refused batch
        self.assertEqual(pending.hs_customer_status, "pending")
        self.assertFalse(self._log_bodies(pending))

    def test_agent_cannot_approve_or_reject(self):
        partner = self._signup()
        for user in (self.agent, self.employee):
            with self.assertRaises(AccessError):
                partner.with_user(user).action_hs_approve()
            with self.assertRaises(AccessError):
                partner.with_user(user).action_hs_reject()
        with self.assertRaises(AccessError):
            partner.with_user(self.agent).write({"hs_customer_status": "active"})
        with self.assertRaises(AccessError):
            partner.with_user(self.agent).write({"hs_customer_status": "inactive"})
        # agents may not skip the approval by setting the group directly
        other = self.env["res.partner"].create({"name": "Direct"})
        with self.assertRaises(AccessError):
            other.with_user(self.agent).write(
                {"hs_customer_group_id": self.approval_group.id}
            )
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.agent).create(
                {"name": "Direct 2", "hs_customer_group_id": self.approval_group.id}
            )
        self.assertEqual(partner.hs_customer_status, "pending")
        self.assertEqual(other.hs_customer_group_id, self.default_group)
        # rewriting the group a customer already has (e.g. a re-import) is fine
        member = self.env["res.partner"].create(
            {"name": "Member", "hs_customer_group_id": self.approval_group.id}
        )
        member.with_user(self.agent).write(
            {"hs_customer_group_id": self.approval_group.id, "phone": "+1 555 0100"}
        )
        self.assertEqual(member.hs_customer_group_id, self.approval_group)
        # the server action is not even offered to agents
        action = self.env.ref("helpdesk_segments.res_partner_action_server_hs_approve")
        with self.assertRaises(AccessError):
            action.with_user(self.agent).with_context(
                active_model="res.partner", active_ids=partner.ids
            ).run()

    def test_agent_edits_status(self):
        partner = self.env["res.partner"].create({"name": "Agent managed"})
        as_agent = partner.with_user(self.agent)
        as_agent.write({"hs_customer_status": "blocked"})
        self.assertTrue(partner.hs_is_blocked)
        as_agent.write({"hs_customer_status": "inactive"})
        self.assertFalse(partner.hs_is_blocked)
        as_agent.write({"hs_customer_group_id": self.open_group.id})
        self.assertEqual(partner.hs_customer_group_id, self.open_group)
        # a signup request made by an agent still waits for a manager
        as_agent.write({"hs_requested_group_id": self.approval_group.id})
        self.assertEqual(partner.hs_customer_status, "pending")
        self.assertEqual(partner.hs_customer_group_id, self.open_group)

    def test_blocked_flag(self):
        partner = self.env["res.partner"].create(
            {"name": "Fraudster", "hs_customer_status": "blocked"}
        )
        self.assertTrue(partner.hs_is_blocked)
        self.assertIn(
            partner, self.env["res.partner"].search([("hs_is_blocked", "=", True)])
        )
        partner.hs_customer_status = "active"
        self.assertFalse(partner.hs_is_blocked)

    def test_status_and_group_tracking(self):
        partner = self.env["res.partner"].create({"name": "Tracked"})
        # records created in the same transaction are never tracked: end the
        # creation "transaction" first, as a commit would
        self.env.flush_all()
        self.env.cr.precommit.run()
        partner = partner.with_context(tracking_disable=False)
        partner.write(
            {
                "hs_customer_status": "blocked",
                "hs_customer_group_id": self.open_group.id,
            }
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        values = partner.message_ids.tracking_value_ids
        by_field = {value.field_id.name: value for value in values}
        self.assertIn("hs_customer_status", by_field)
        self.assertEqual(by_field["hs_customer_status"].old_value_char, "Active")
        self.assertEqual(by_field["hs_customer_status"].new_value_char, "Blocked")
        self.assertIn("hs_customer_group_id", by_field)
        self.assertEqual(
            by_field["hs_customer_group_id"].new_value_char, self.open_group.name
        )

    def _approve_query_count(self, count):
        partners = self._signup(count, prefix=f"Bulk{count}")
        partners = partners.with_user(self.manager)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        partners.action_hs_approve()
        self.env.flush_all()
        queries = self.cr.sql_log_count - before
        self.assertEqual(set(partners.mapped("hs_customer_status")), {"active"})
        return queries

    def test_bulk_approve_query_budget(self):
        # warm the registry caches (groups, subtypes, ...) once
        self._approve_query_count(5)
        small = self._approve_query_count(20)
        large = self._approve_query_count(200)
        # 10x the customers: a couple more SQL batches (of 100 rows) at most,
        # never a query per customer
        self.assertLessEqual(small, 40)
        self.assertLessEqual(large - small, 6, (small, large))
