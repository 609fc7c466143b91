# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged

from .common import RpcError, execute_kw
from .customer_field_common import definitions_vals


@tagged("post_install", "-at_install")
class TestCustomerFieldJsonRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.defs = cls.env["helpdesk.customer.field"].create(definitions_vals(cls.env))
        cls.colors = cls.defs.filtered(lambda d: d.key == "t_colors").option_ids
        cls.flag_tag = cls.defs.filtered(lambda d: d.key == "t_flag").tag_id
        cls.agent = new_test_user(
            cls.env,
            login="hsr_rpc_agent",
            name="RPC Agent",
            groups="helpdesk_segments.group_helpdesk_agent,base.group_partner_manager",
        )

    def setUp(self):
        self.addCleanup(self.registry.setup_models, self.env.cr)
        super().setUp()

    def _rpc(self, model, method, *args, **kwargs):
        return execute_kw(
            self, self.agent, "hsr_rpc_agent", model, method, *args, **kwargs
        )

    def test_round_trip_every_type(self):
        values = {
            "name": "RPC customer",
            "x_hs_t_ref": "RP-1",
            "x_hs_t_notes": "a\nb",
            "x_hs_t_seats": 5,
            "x_hs_t_budget": 9.75,
            "x_hs_t_since": "2024-06-01",
            "x_hs_t_call": "2024-06-01 08:09:10",
            "x_hs_t_level": "very_high",
            "x_hs_t_colors": [[6, 0, self.colors.ids]],
            "x_hs_t_flag": True,
        }
        partner_id = self._rpc("res.partner", "create", values)
        fnames = [f for f in values if f.startswith("x_hs_")]
        [read] = self._rpc("res.partner", "read", [partner_id], fnames)
        expected = dict(values, x_hs_t_colors=self.colors.ids)
        for fname in fnames:
            self.assertEqual(read[fname], expected[fname], fname)
        partner = self.env["res.partner"].browse(partner_id)
        self.assertIn(self.flag_tag, partner.category_id)
        self._rpc(
            "res.partner",
            "write",
            [partner_id],
            {"x_hs_t_flag": False, "x_hs_t_seats": 6},
        )
        self.env.invalidate_all()
        self.assertNotIn(self.flag_tag, partner.category_id)
        self.assertEqual(partner.x_hs_t_seats, 6)
        found = self._rpc(
            "res.partner",
            "search",
            [("x_hs_t_level", "=", "very_high"), ("x_hs_t_seats", ">", 5)],
        )
        self.assertEqual(found, [partner_id])
        fields = self._rpc(
            "res.partner", "fields_get", ["x_hs_t_level"], attributes=["type"]
        )
        self.assertEqual(fields["x_hs_t_level"]["type"], "selection")
        # the pattern is enforced through RPC too, with a clear message
        with self.assertRaises(RpcError) as caught:
            self._rpc("res.partner", "write", [partner_id], {"x_hs_t_ref": "bad"})
        self.assertIn("Ref", caught.exception.message)
        self.assertEqual(partner.x_hs_t_ref, "RP-1")
