# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import RpcError, execute_kw


@tagged("post_install", "-at_install")
class TestTagsOverHttp(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="hsr_tags_agent",
            name="Tags Agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        cls.manager = new_test_user(
            cls.env,
            login="hsr_tags_manager",
            name="Tags Manager",
            groups="helpdesk_segments.group_helpdesk_manager",
        )
        Group = cls.env["helpdesk.tag.group"]
        Tag = cls.env["res.partner.category"]
        region = Group.create(
            {
                "name": "UI region",
                "background_color": "#1F6FEB",
                "font_color": "#FFFFFF",
            }
        )
        risk = Group.create(
            {
                "name": "UI risk",
                "background_color": "#B42318",
                "hidden_from_agents": True,
            }
        )
        cls.tag_visible = Tag.create(
            {"name": "UI Europe", "hs_tag_group_id": region.id}
        )
        cls.tag_hidden = Tag.create({"name": "UI churn", "hs_tag_group_id": risk.id})
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "UI tagged customer",
                "category_id": [Command.set((cls.tag_visible | cls.tag_hidden).ids)],
            }
        )

    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_agent_json_rpc(self):
        self.authenticate("hsr_tags_agent", "hsr_tags_agent")
        tag_ids = (self.tag_visible | self.tag_hidden).ids
        found = self._call_kw(
            "res.partner.category",
            "search_read",
            [[("id", "in", tag_ids)]],
            {"fields": ["name"]},
        )
        self.assertEqual([tag["name"] for tag in found], ["UI Europe"])
        with self.assertRaises(JsonRpcException) as caught:
            self._call_kw(
                "res.partner.category", "read", [self.tag_hidden.ids, ["name"]]
            )
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")
        partner = self._call_kw(
            "res.partner", "read", [self.customer.ids, ["category_id"]]
        )
        self.assertEqual(partner[0]["category_id"], self.tag_visible.ids)
        names = self._call_kw("res.partner.category", "name_search", ["UI "])
        self.assertEqual([name for __, name in names], ["UI Europe"])
        # The external API (/jsonrpc) enforces the same rules.
        result = execute_kw(
            self,
            self.agent,
            "hsr_tags_agent",
            "res.partner.category",
            "search_count",
            [("id", "in", tag_ids)],
        )
        self.assertEqual(result, 1)
        with self.assertRaises(RpcError) as caught:
            execute_kw(
                self,
                self.agent,
                "hsr_tags_agent",
                "res.partner.category",
                "read",
                self.tag_hidden.ids,
                ["name"],
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")

    def test_manager_json_rpc(self):
        self.authenticate("hsr_tags_manager", "hsr_tags_manager")
        partner = self._call_kw(
            "res.partner", "read", [self.customer.ids, ["category_id"]]
        )
        self.assertEqual(
            set(partner[0]["category_id"]), {self.tag_visible.id, self.tag_hidden.id}
        )
        result = execute_kw(
            self,
            self.manager,
            "hsr_tags_manager",
            "res.partner.category",
            "read",
            self.tag_hidden.ids,
            ["name"],
        )
        self.assertEqual(result[0]["name"], "UI churn")

    def test_tour_coloured_tag_chips(self):
        self.start_tour(
            "/odoo/action-helpdesk_segments.res_partner_action_helpdesk_customer/%d"
            % self.customer.id,
            "helpdesk_segments_tag_colors_tour",
            login="hsr_tags_agent",
        )
