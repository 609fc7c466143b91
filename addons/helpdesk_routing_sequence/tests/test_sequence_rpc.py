# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.helpdesk_segments.tests.common import RpcError, execute_kw


@tagged("post_install", "-at_install", "hs_sequence")
class TestSequenceRpc(HttpCase):
    """Over the external API: agents read sequences and start a running one
    for customers; they cannot edit, run or stop sequences, nor write
    enrollments; managers run them; bad steps are refused with a clear
    message."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="hsq_rpc_agent",
            password="hsq_rpc_agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        cls.manager = new_test_user(
            cls.env,
            login="hsq_rpc_manager",
            password="hsq_rpc_manager",
            groups="helpdesk_segments.group_helpdesk_manager",
        )
        cls.tag = cls.env["res.partner.category"].create({"name": "RPC seq"})
        cls.customer = cls.env["res.partner"].create({"name": "RPC customer"})
        cls.template = cls.env["mail.template"].create(
            {
                "name": "RPC seq",
                "model_id": cls.env["ir.model"]._get_id("res.partner"),
                "subject": "Hi",
                "body_html": "<p>Hi</p>",
            }
        )
        cls.seq = cls.env["helpdesk.routing.sequence"].create(
            {
                "name": "RPC seq",
                "partner_tag_ids": [Command.link(cls.tag.id)],
                "step_ids": [
                    Command.create({"kind": "email", "template_id": cls.template.id})
                ],
            }
        )

    def _call(self, user, model, method, *args, **kwargs):
        return execute_kw(self, user, user.login, model, method, *args, **kwargs)

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model")
    def test_roles(self):
        Seq = "helpdesk.routing.sequence"
        names = self._call(self.agent, Seq, "search_read", [], fields=["name"])
        self.assertIn("RPC seq", [row["name"] for row in names])
        with self.assertRaises(RpcError) as error:
            self._call(self.agent, Seq, "write", [self.seq.id], {"name": "X"})
        self.assertEqual(error.exception.name, "odoo.exceptions.AccessError")
        with self.assertRaises(RpcError) as error:
            self._call(self.agent, Seq, "action_run", [self.seq.id])
        self.assertEqual(error.exception.name, "odoo.exceptions.AccessError")
        # a bad step: a clear message, no traceback
        with self.assertRaises(RpcError) as error:
            self._call(
                self.manager,
                Seq,
                "write",
                [self.seq.id],
                {"step_ids": [Command.create({"kind": "wait", "wait_amount": 0})]},
            )
        self.assertEqual(error.exception.name, "odoo.exceptions.ValidationError")
        self.assertIn("duration above zero", error.exception.message)
        self._call(self.manager, Seq, "action_run", [self.seq.id])
        self.seq.invalidate_recordset()
        self.assertEqual(self.seq.state, "running")
        # the agent starts it for a customer, through the wizard
        wizard = self._call(
            self.agent,
            "helpdesk.routing.sequence.enroll",
            "create",
            {
                "sequence_id": self.seq.id,
                "partner_ids": [Command.set(self.customer.ids)],
            },
        )
        self._call(
            self.agent, "helpdesk.routing.sequence.enroll", "action_start", [wizard]
        )
        enrollments = self._call(
            self.agent,
            "helpdesk.routing.sequence.enrollment",
            "search_read",
            [("sequence_id", "=", self.seq.id)],
            fields=["partner_id", "state"],
        )
        self.assertEqual(
            [(row["partner_id"][0], row["state"]) for row in enrollments],
            [(self.customer.id, "active")],
        )
        with self.assertRaises(RpcError) as error:
            self._call(
                self.agent,
                "helpdesk.routing.sequence.enrollment",
                "write",
                [enrollments[0]["id"]],
                {"state": "completed"},
            )
        self.assertEqual(error.exception.name, "odoo.exceptions.AccessError")
        with self.assertRaises(RpcError) as error:
            self._call(
                self.agent,
                "helpdesk.routing.sequence.enrollment",
                "create",
                {"sequence_id": self.seq.id, "partner_id": self.customer.id},
            )
        self.assertEqual(error.exception.name, "odoo.exceptions.AccessError")
