# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tags of a group hidden from agents (customer tags and ticket tags) never
reach an agent, whatever the path: search, search_read, read of the records
holding them, read_group, export, name_search, and the same over JSON-RPC."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestHiddenTagsEveryPath(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.agent = new_test_user(
            env,
            login="hsr_ht_agent",
            password="hsr_ht_agent_pw",
            groups="helpdesk_segments.group_helpdesk_agent,base.group_allow_export",
        )
        cls.manager = new_test_user(
            env,
            login="hsr_ht_manager",
            password="hsr_ht_manager_pw",
            groups="helpdesk_segments.group_helpdesk_manager,base.group_allow_export",
        )
        Group = env["helpdesk.tag.group"]
        cls.group_visible = Group.create({"name": "HT visible group"})
        cls.group_hidden = Group.create(
            {"name": "HT secret group", "hidden_from_agents": True}
        )
        Category = env["res.partner.category"]
        cls.cat_visible = Category.create(
            {"name": "HT visible tag", "hs_tag_group_id": cls.group_visible.id}
        )
        cls.cat_hidden = Category.create(
            {"name": "HT secret tag", "hs_tag_group_id": cls.group_hidden.id}
        )
        Tag = env["helpdesk.routing.tag"]
        cls.tag_visible = Tag.create(
            {"name": "HT visible ticket tag", "hs_tag_group_id": cls.group_visible.id}
        )
        cls.tag_hidden = Tag.create(
            {"name": "HT secret ticket tag", "hs_tag_group_id": cls.group_hidden.id}
        )
        cls.customer = env["res.partner"].create(
            {
                "name": "HT customer",
                "category_id": [Command.set((cls.cat_visible | cls.cat_hidden).ids)],
            }
        )
        cls.team = env["helpdesk.routing.team"].create(
            {"name": "HT team", "member_ids": [Command.set(cls.agent.ids)]}
        )
        cls.ticket = env["helpdesk.routing.ticket"].create(
            {
                "name": "HT ticket",
                "team_id": cls.team.id,
                "partner_id": cls.customer.id,
                "tag_ids": [Command.set((cls.tag_visible | cls.tag_hidden).ids)],
            }
        )
        cls.secret_names = {"HT secret tag", "HT secret ticket tag", "HT secret group"}

    def assertNoSecret(self, value, msg=None):
        text = repr(value)
        for name in self.secret_names:
            self.assertNotIn(name, text, msg)

    # ------------------------------------------------------------------
    # ORM, as the agent
    # ------------------------------------------------------------------
    def test_orm_customer_tags(self):
        self.env.invalidate_all()
        Category = self.env["res.partner.category"].with_user(self.agent)
        Partner = self.env["res.partner"].with_user(self.agent)
        self.assertFalse(Category.search([("name", "like", "HT secret")]))
        self.assertFalse(Category.search_read([("id", "=", self.cat_hidden.id)]))
        self.assertFalse(Category.name_search("HT secret"))
        with self.assertRaises(AccessError):
            Category.browse(self.cat_hidden.id).read(["name"])
        values = Partner.browse(self.customer.id).read(["category_id"])
        self.assertEqual(values[0]["category_id"], self.cat_visible.ids)
        web = Partner.browse(self.customer.id).web_read(
            {"category_id": {"fields": {"display_name": {}}}, "hs_tag_group_ids": {}}
        )
        self.assertNoSecret(web)
        groups = Partner.read_group(
            [("id", "=", self.customer.id)], ["category_id"], ["category_id"]
        )
        self.assertEqual([g["category_id"][1] for g in groups], ["HT visible tag"])
        self.assertNoSecret(groups)
        partner = Partner.browse(self.customer.id)
        for columns in (
            ["name", "category_id"],
            ["category_id/name"],
            ["category_id/id"],
        ):
            exported = partner.export_data(columns)
            self.assertNoSecret(exported)
            self.assertEqual(len(exported["datas"]), 1, columns)
        self.assertIn("HT visible tag", repr(partner.export_data(["category_id"])))
        # searching by the hidden tag finds nothing
        self.assertFalse(Partner.search([("category_id", "in", self.cat_hidden.ids)]))
        self.assertFalse(Partner.search([("category_id", "ilike", "HT secret")]))

    def test_orm_ticket_tags(self):
        self.env.invalidate_all()
        Tag = self.env["helpdesk.routing.tag"].with_user(self.agent)
        Ticket = self.env["helpdesk.routing.ticket"].with_user(self.agent)
        self.assertFalse(Tag.search([("name", "like", "HT secret")]))
        self.assertFalse(Tag.name_search("HT secret"))
        with self.assertRaises(AccessError):
            Tag.browse(self.tag_hidden.id).read(["name"])
        ticket = Ticket.browse(self.ticket.id)
        self.assertEqual(ticket.read(["tag_ids"])[0]["tag_ids"], self.tag_visible.ids)
        web = ticket.web_read(
            {
                "tag_ids": {"fields": {"display_name": {}}},
                "partner_category_ids": {"fields": {"display_name": {}}},
            }
        )
        self.assertNoSecret(web)
        self.assertEqual(
            ticket.read(["partner_category_ids"])[0]["partner_category_ids"],
            self.cat_visible.ids,
        )
        groups = Ticket.read_group(
            [("id", "=", self.ticket.id)], ["tag_ids"], ["tag_ids"]
        )
        self.assertEqual([g["tag_ids"][1] for g in groups], ["HT visible ticket tag"])
        exported = ticket.export_data(
            ["name", "tag_ids", "tag_ids/name", "partner_category_ids/name"]
        )
        self.assertNoSecret(exported)
        self.assertFalse(Ticket.search([("tag_ids", "in", self.tag_hidden.ids)]))

    def test_sudo_filled_cache_does_not_leak(self):
        # a computation as superuser earlier in the same transaction (a
        # routing, an automation...) must not hand its values to the agent
        self.customer.sudo().read(["hs_tag_group_ids", "category_id"])
        self.ticket.sudo().read(["tag_ids", "partner_category_ids"])
        partner = self.customer.with_user(self.agent)
        self.assertEqual(partner.hs_tag_group_ids, self.group_visible)
        self.assertNoSecret(partner.read(["hs_tag_group_ids", "category_id"]))
        ticket = self.ticket.with_user(self.agent)
        self.assertNoSecret(ticket.read(["tag_ids", "partner_category_ids"]))

    def test_manager_sees_everything(self):
        self.env.invalidate_all()
        partner = self.customer.with_user(self.manager)
        self.assertEqual(partner.category_id, self.cat_visible | self.cat_hidden)
        self.assertEqual(
            self.ticket.with_user(self.manager).tag_ids,
            self.tag_visible | self.tag_hidden,
        )
        exported = partner.export_data(["category_id/name"])
        self.assertIn("HT secret tag", repr(exported))

    # ------------------------------------------------------------------
    # JSON-RPC, as the web client calls it
    # ------------------------------------------------------------------
    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_rpc(self):
        self.authenticate("hsr_ht_agent", "hsr_ht_agent_pw")
        answers = {
            "category search_read": self._call(
                "res.partner.category",
                "search_read",
                [[("name", "like", "HT ")]],
                {"fields": ["name", "hs_tag_group_id"]},
            ),
            "category name_search": self._call(
                "res.partner.category", "name_search", [], {"name": "HT"}
            ),
            "tag search_read": self._call(
                "helpdesk.routing.tag",
                "search_read",
                [[("name", "like", "HT ")]],
                {"fields": ["name"]},
            ),
            "tag name_search": self._call(
                "helpdesk.routing.tag", "name_search", [], {"name": "HT"}
            ),
            "tag group search_read": self._call(
                "helpdesk.tag.group", "search_read", [[]], {"fields": ["name"]}
            ),
            "partner web_search_read": self._call(
                "res.partner",
                "web_search_read",
                [],
                {
                    "domain": [("id", "=", self.customer.id)],
                    "specification": {
                        "category_id": {"fields": {"display_name": {}}},
                        "hs_tag_group_ids": {"fields": {"display_name": {}}},
                    },
                },
            ),
            "partner read": self._call(
                "res.partner", "read", [self.customer.ids, ["category_id"]]
            ),
            "partner web_read_group": self._call(
                "res.partner",
                "web_read_group",
                [],
                {
                    "domain": [("id", "=", self.customer.id)],
                    "fields": ["category_id"],
                    "groupby": ["category_id"],
                },
            ),
            "partner export_data": self._call(
                "res.partner",
                "export_data",
                [self.customer.ids, ["name", "category_id", "category_id/name"]],
            ),
            "ticket web_read": self._call(
                "helpdesk.routing.ticket",
                "web_read",
                [self.ticket.ids],
                {
                    "specification": {
                        "tag_ids": {"fields": {"display_name": {}}},
                        "partner_category_ids": {"fields": {"display_name": {}}},
                    }
                },
            ),
            "ticket web_read_group": self._call(
                "helpdesk.routing.ticket",
                "web_read_group",
                [],
                {
                    "domain": [("id", "=", self.ticket.id)],
                    "fields": ["tag_ids"],
                    "groupby": ["tag_ids"],
                },
            ),
            "ticket export_data": self._call(
                "helpdesk.routing.ticket",
                "export_data",
                [self.ticket.ids, ["tag_ids/name", "partner_category_ids/name"]],
            ),
        }
        for path, answer in answers.items():
            with self.subTest(path=path):
                self.assertNoSecret(answer, path)
        self.assertIn("HT visible tag", repr(answers["partner export_data"]))
        self.assertIn("HT visible ticket tag", repr(answers["ticket web_read"]))
        # reading a hidden tag directly is an AccessError
        with self.assertRaises(JsonRpcException) as caught, mute_logger("odoo.http"):
            self._call("res.partner.category", "read", [self.cat_hidden.ids, ["name"]])
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")
        with self.assertRaises(JsonRpcException) as caught, mute_logger("odoo.http"):
            self._call("helpdesk.routing.tag", "read", [self.tag_hidden.ids, ["name"]])
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")
