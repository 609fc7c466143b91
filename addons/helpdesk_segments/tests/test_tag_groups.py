# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError

from .tag_common import TagGroupsCase


class TestTagGroups(TagGroupsCase):
    def test_colours_must_be_hex(self):
        for bad in ("red", "#12345", "#1234567", "1F6FEB", "#GGGGGG", "#1F6FEB "):
            with self.subTest(colour=bad):
                with self.assertRaises(ValidationError) as caught:
                    self.group_region.write({"background_color": bad})
                self.assertIn("#RRGGBB", str(caught.exception))
                self.assertIn(bad, str(caught.exception))
                with self.assertRaises(ValidationError):
                    self.env["helpdesk.tag.group"].create(
                        {"name": "Bad", "font_color": bad}
                    )
        # Both cases (the colour widget writes lowercase) and no colour at all.
        self.group_region.write({"background_color": "#a1b2c3", "font_color": False})
        self.assertEqual(self.group_region.background_color, "#a1b2c3")
        self.assertFalse(self.group_region.font_color)

    def test_tags_follow_group_colours(self):
        self.assertEqual(self.tag_europe.hs_background_color, "#1F6FEB")
        self.assertEqual(self.tag_europe.hs_font_color, "#FFFFFF")
        self.assertFalse(self.tag_plain.hs_background_color)
        self.group_region.write(
            {"background_color": "#00AA55", "font_color": "#111111"}
        )
        self.assertEqual(
            (self.tag_europe | self.tag_asia).mapped("hs_background_color"),
            ["#00AA55", "#00AA55"],
        )
        self.assertEqual(self.tag_asia.hs_font_color, "#111111")
        self.assertTrue(
            self.env["res.partner.category"]._fields["hs_font_color"].readonly
        )
        # Moving a tag out of its group drops the colours.
        self.tag_asia.hs_tag_group_id = False
        self.assertFalse(self.tag_asia.hs_background_color)

    def test_tag_count(self):
        self.assertEqual(self.group_region.tag_count, 2)
        self.assertEqual(self.group_risk.tag_count, 2)
        self.assertEqual(self.group_region.tag_ids, self.tag_europe | self.tag_asia)

    def test_manager_configures_tag_groups(self):
        Group = self.env["helpdesk.tag.group"].with_user(self.manager)
        group = Group.create({"name": "Channel", "background_color": "#000000"})
        group.write({"hidden_from_agents": True, "tag_ids": [(0, 0, {"name": "Chat"})]})
        self.assertEqual(group.tag_ids.name, "Chat")
        tag = group.tag_ids
        group.unlink()
        self.assertFalse(group.exists())
        # Deleting a group keeps its tags, ungrouped and uncoloured.
        self.assertTrue(tag.exists())
        self.assertFalse(tag.hs_tag_group_id)
        self.assertFalse(tag.hs_background_color)

    def test_agents_and_employees_only_read_tag_groups(self):
        for user in (self.agent, self.employee):
            with self.subTest(user=user.login):
                Group = self.env["helpdesk.tag.group"].with_user(user)
                self.assertEqual(
                    Group.browse(self.group_region.id).read(["name"])[0]["name"],
                    "Test region",
                )
                with self.assertRaises(AccessError):
                    Group.create({"name": "Nope"})
                with self.assertRaises(AccessError):
                    Group.browse(self.group_region.id).write({"name": "Nope"})
                with self.assertRaises(AccessError):
                    Group.browse(self.group_region.id).unlink()
                with self.assertRaises(AccessError):
                    self.env["res.partner.category"].with_user(user).create(
                        {"name": "Nope", "hs_tag_group_id": self.group_risk.id}
                    )
        with self.assertRaises(AccessError):
            self.env["helpdesk.tag.group"].with_user(self.portal).search([])

    def test_export_tag_groups(self):
        groups = self.group_region | self.group_risk
        rows = groups.with_user(self.manager).export_data(
            [
                "name",
                "background_color",
                "font_color",
                "hidden_from_agents",
                "tag_ids/name",
            ]
        )["datas"]
        self.assertEqual(
            rows,
            [
                ["Test region", "#1F6FEB", "#FFFFFF", False, "Test Asia"],
                ["", "", "", "", "Test Europe"],
                ["Test risk", "#B42318", "#FFFFFF", True, "Test Churn"],
                ["", "", "", "", "Test Fraud"],
            ],
        )
        # An agent exports the visible group only.
        agent_groups = (
            self.env["helpdesk.tag.group"]
            .with_user(self.agent)
            .search([("id", "in", groups.ids)])
        )
        self.assertEqual(
            agent_groups.export_data(["name", "tag_ids/name"])["datas"],
            [["Test region", "Test Asia"], ["", "Test Europe"]],
        )

    def test_partner_views_colour_tags(self):
        views = (
            self.env["res.partner"]
            .with_user(self.agent)
            .get_views(
                [(False, "form"), (False, "list"), (False, "kanban"), (False, "search")]
            )
        )["views"]
        for view_type in ("form", "list", "kanban"):
            with self.subTest(view_type=view_type):
                self.assertIn('widget="hs_many2many_tags"', views[view_type]["arch"])
        search = views["search"]["arch"]
        self.assertIn('name="hs_tag_group_ids"', search)
        self.assertIn("'group_by': 'category_id'", search)

    def test_tag_groups_menu_for_managers_only(self):
        menu = self.env.ref("helpdesk_segments.helpdesk_tag_group_menu")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.manager)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.agent)._visible_menu_ids())
        self.assertEqual(
            menu.parent_id, self.env.ref("helpdesk_segments.helpdesk_menu_config")
        )
        self.assertEqual(menu.sequence, 35)
