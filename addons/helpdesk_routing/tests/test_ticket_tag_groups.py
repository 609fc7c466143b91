# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged

from .common import HelpdeskRoutingCase


@tagged("post_install", "-at_install")
class TestTicketTagGroups(HelpdeskRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        TagGroup = cls.env["helpdesk.tag.group"]
        cls.group_colored = TagGroup.create(
            {
                "name": "Test ticket topics",
                "background_color": "#1F6FEB",
                "font_color": "#FFFFFF",
            }
        )
        cls.group_hidden = TagGroup.create(
            {"name": "Test escalations", "hidden_from_agents": True}
        )
        Tag = cls.env["helpdesk.routing.tag"]
        cls.tag_topic = Tag.create(
            {"name": "Test topic", "hs_tag_group_id": cls.group_colored.id}
        )
        cls.tag_hidden = Tag.create(
            {"name": "Test legal threat", "hs_tag_group_id": cls.group_hidden.id}
        )
        cls.tag_plain = Tag.create({"name": "Test plain"})

    def test_group_colours(self):
        self.assertEqual(self.tag_topic.hs_background_color, "#1F6FEB")
        self.assertEqual(self.tag_topic.hs_font_color, "#FFFFFF")
        self.assertFalse(self.tag_plain.hs_background_color)
        self.group_colored.background_color = "#000000"
        self.assertEqual(self.tag_topic.hs_background_color, "#000000")

    def test_hidden_group_hides_tags_from_agents(self):
        self.assertTrue(self.tag_hidden.hs_hidden_from_agents)
        self.assertFalse(self.tag_topic.hs_hidden_from_agents)
        ticket = self._ticket(
            tag_ids=[Command.set((self.tag_topic | self.tag_hidden).ids)]
        )
        Tag = self.env["helpdesk.routing.tag"]
        tags = self.tag_topic | self.tag_hidden | self.tag_plain
        domain = [("id", "in", tags.ids)]
        self.assertEqual(
            Tag.with_user(self.agent).search(domain), self.tag_topic | self.tag_plain
        )
        self.assertEqual(Tag.with_user(self.manager).search(domain), tags)
        # the relation cache is shared by the users of one transaction
        ticket.invalidate_recordset()
        self.assertEqual(ticket.with_user(self.agent).tag_ids, self.tag_topic)
        ticket.invalidate_recordset()
        self.assertEqual(
            ticket.with_user(self.manager).tag_ids, self.tag_topic | self.tag_hidden
        )
        # the group's flag drives the tag's (stored) flag
        self.group_hidden.hidden_from_agents = False
        self.assertEqual(Tag.with_user(self.agent).search(domain), tags)

    def test_agent_edit_keeps_hidden_tags(self):
        ticket = self._ticket(
            tag_ids=[Command.set((self.tag_topic | self.tag_hidden).ids)]
        )
        ticket.with_user(self.agent).write(
            {
                "tag_ids": [
                    Command.link(self.tag_plain.id),
                    Command.unlink(self.tag_topic.id),
                ]
            }
        )
        ticket.invalidate_recordset()
        self.assertEqual(ticket.tag_ids, self.tag_plain | self.tag_hidden)
        ticket.with_user(self.agent).write(
            {"tag_ids": [Command.set(self.tag_topic.ids)]}
        )
        ticket.invalidate_recordset()
        self.assertEqual(ticket.tag_ids, self.tag_topic | self.tag_hidden)

    def test_ticket_views_use_group_colours(self):
        for view_type in ("form", "list", "kanban"):
            arch = self.Ticket.with_user(self.agent).get_view(view_type=view_type)[
                "arch"
            ]
            self.assertIn(
                'name="tag_ids" widget="hs_many2many_tags"',
                arch.replace("\n", " ").replace("  ", " "),
                view_type,
            )
