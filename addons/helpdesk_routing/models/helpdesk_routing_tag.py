# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from random import randint

from odoo import fields, models


class HelpdeskRoutingTag(models.Model):
    _name = "helpdesk.routing.tag"
    _inherit = ["helpdesk.input.mixin", "helpdesk.condition.target.mixin"]
    _description = "Support Ticket Tag"
    _order = "name"

    def _default_color(self):
        return randint(1, 11)

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: self._default_color())
    active = fields.Boolean(default=True)
    hs_tag_group_id = fields.Many2one(
        "helpdesk.tag.group",
        string="Tag Group",
        index="btree_not_null",
        ondelete="set null",
        help="Groups the tag with customer tags: its chips take the group's "
        "colours, and a group hidden from agents hides the tag from them.",
    )
    hs_background_color = fields.Char(
        related="hs_tag_group_id.background_color", string="Background Colour"
    )
    hs_font_color = fields.Char(
        related="hs_tag_group_id.font_color", string="Font Colour"
    )
    hs_hidden_from_agents = fields.Boolean(
        related="hs_tag_group_id.hidden_from_agents",
        store=True,
        string="Hidden from Agents",
        help="The tag's group is hidden from agents: only Helpdesk Managers see "
        "the tag.",
    )

    _sql_constraints = [
        ("name_unique", "unique(name)", "A ticket tag with this name already exists."),
    ]
