# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command

from .common import HelpdeskSegmentsCase


class TagGroupsCase(HelpdeskSegmentsCase):
    """Two coloured tag groups (one hidden from agents), their tags and a
    customer carrying a visible, an ungrouped and a hidden tag."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Agents and managers edit and export customers in these tests: give
        # them Odoo's standard "Contact Creation" and "Export" rights.
        (cls.agent | cls.manager).write(
            {
                "groups_id": [
                    Command.link(cls.env.ref("base.group_partner_manager").id),
                    Command.link(cls.env.ref("base.group_allow_export").id),
                ]
            }
        )
        Group = cls.env["helpdesk.tag.group"]
        Tag = cls.env["res.partner.category"]
        cls.group_region = Group.create(
            {
                "name": "Test region",
                "background_color": "#1F6FEB",
                "font_color": "#FFFFFF",
            }
        )
        cls.group_risk = Group.create(
            {
                "name": "Test risk",
                "background_color": "#B42318",
                "font_color": "#FFFFFF",
                "hidden_from_agents": True,
            }
        )
        cls.tag_europe = Tag.create(
            {"name": "Test Europe", "hs_tag_group_id": cls.group_region.id}
        )
        cls.tag_asia = Tag.create(
            {"name": "Test Asia", "hs_tag_group_id": cls.group_region.id}
        )
        cls.tag_plain = Tag.create({"name": "Test plain tag"})
        cls.tag_churn = Tag.create(
            {"name": "Test Churn", "hs_tag_group_id": cls.group_risk.id}
        )
        cls.tag_fraud = Tag.create(
            {"name": "Test Fraud", "hs_tag_group_id": cls.group_risk.id}
        )
        cls.hidden_tags = cls.tag_churn | cls.tag_fraud
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Tagged customer",
                "category_id": [
                    Command.set((cls.tag_europe | cls.tag_plain | cls.tag_churn).ids)
                ],
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other customer", "category_id": [Command.set(cls.tag_asia.ids)]}
        )
        cls.all_test_tags = (
            cls.tag_europe | cls.tag_asia | cls.tag_plain | cls.hidden_tags
        )
