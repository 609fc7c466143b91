# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SequenceCase


@tagged("post_install", "-at_install", "hs_sequence")
class TestSequenceAccess(SequenceCase):
    """Agents see and apply the sequences; only managers edit them. Agents
    see the enrollments of the customers they may see, of the sequences
    not started by a tag hidden from them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        hidden_group = cls.env["helpdesk.tag.group"].create(
            {"name": "Seq hidden", "hidden_from_agents": True}
        )
        cls.hidden_tag = cls.env["res.partner.category"].create(
            {"name": "Seq churn risk", "hs_tag_group_id": hidden_group.id}
        )
        cls.hidden_seq = cls._sequence(
            "Hidden",
            partner_tag_ids=[Command.set(cls.hidden_tag.ids)],
            ticket_tag_ids=[],
            list_ids=[],
        )
        cls.other_company = cls.env["res.company"].create({"name": "Seq Co 2"})
        cls.foreign = cls.env["res.partner"].create(
            {"name": "Foreign customer", "company_id": cls.other_company.id}
        )
        cls.customer.category_id = [
            Command.link(cls.tag.id),
            Command.link(cls.hidden_tag.id),
        ]
        cls.foreign.category_id = [Command.link(cls.tag.id)]

    def test_agent_reads_and_cannot_edit_sequences(self):
        Sequence = self.Sequence.with_user(self.agent)
        self.assertIn(self.seq, Sequence.search([]))
        self.assertNotIn(self.hidden_seq, Sequence.search([]))
        self.assertTrue(self.seq.with_user(self.agent).step_ids)
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.seq.with_user(self.agent).name = "Renamed"
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            Sequence.create({"name": "Mine"})
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.seq.step_ids[0].with_user(self.agent).wait_amount = 9
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.seq.with_user(self.agent).action_run()
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self.seq.with_user(self.agent).action_draft()

    def test_manager_edits_sequences(self):
        seq = self.Sequence.with_user(self.manager).create(
            {
                "name": "Manager's",
                "partner_tag_ids": [Command.link(self.tag.id)],
                "step_ids": [
                    Command.create({"kind": "email", "template_id": self.template.id})
                ],
            }
        )
        seq.action_run()
        self.assertEqual(seq.state, "running")
        # every customer with the tag started, whoever may see them
        self.assertEqual(
            set(seq.sudo().enrollment_ids.partner_id.ids),
            {self.customer.id, self.foreign.id},
        )

    def test_agent_sees_enrollments_of_customers_they_may_see(self):
        Enrollment = self.Enrollment.with_user(self.agent)
        visible = Enrollment.search([])
        self.assertIn(self._enrollments(self.customer), visible)
        # another company's customer, a sequence of a hidden tag
        self.assertNotIn(self._enrollments(self.foreign), visible)
        self.assertFalse(visible.filtered(lambda e: e.sequence_id == self.hidden_seq))
        self.assertTrue(self._enrollments(self.customer, self.hidden_seq))
        # the customer's form counts only those
        self.assertEqual(self.customer.with_user(self.agent).hs_sequence_count, 1)
        self.assertEqual(self.customer.with_user(self.manager).hs_sequence_count, 2)
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_model"),
        ):
            self._enrollments(self.customer).with_user(self.agent).action_stop()

    def test_agent_starts_a_running_sequence_by_hand(self):
        wizard = (
            self.env["helpdesk.routing.sequence.enroll"]
            .with_user(self.agent)
            .with_context(active_model="res.partner", active_ids=self.customer_2.ids)
            .create({"sequence_id": self.seq.id})
        )
        self.assertEqual(wizard.partner_ids, self.customer_2)
        wizard.action_start()
        enrollment = self._enrollments(self.customer_2)
        self.assertEqual(enrollment.trigger, "manual")
        # not a draft one, nor a customer they may not see
        draft = self._sequence("Draft", run=False)
        with self.assertRaisesRegex(Exception, "not running"):
            draft.with_user(self.agent)._hs_enroll(self.customer_2)
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.seq.with_user(self.agent)._hs_enroll(self.foreign)
        with (
            self.assertRaises(AccessError),
            mute_logger("odoo.addons.base.models.ir_rule"),
        ):
            self.hidden_seq.with_user(self.agent)._hs_enroll(self.customer_2)
