# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

HEX_COLOR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")


class HelpdeskTagGroup(models.Model):
    _name = "helpdesk.tag.group"
    _inherit = ["helpdesk.input.mixin"]
    _description = "Customer Tag Group"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    background_color = fields.Char(
        help="Background colour of the group's tag chips, as #RRGGBB.",
    )
    font_color = fields.Char(
        help="Text colour of the group's tag chips, as #RRGGBB.",
    )
    hidden_from_agents = fields.Boolean(
        help="Only Helpdesk Managers can see this group and its tags. Agents and "
        "other internal users can neither see nor search them, and their edits "
        "of a customer's tags keep the hidden ones.",
    )
    tag_ids = fields.One2many("res.partner.category", "hs_tag_group_id", string="Tags")
    tag_count = fields.Integer(compute="_compute_tag_count", string="Tag Count")

    @api.depends("tag_ids")
    def _compute_tag_count(self):
        counts = dict(
            self.env["res.partner.category"]._read_group(
                [("hs_tag_group_id", "in", self.ids)],
                ["hs_tag_group_id"],
                ["__count"],
            )
        )
        for group in self:
            group.tag_count = counts.get(group, 0)

    @api.constrains("background_color", "font_color")
    def _check_colors(self):
        for group in self:
            for fname in ("background_color", "font_color"):
                value = group[fname]
                if value and not HEX_COLOR_RE.match(value):
                    raise ValidationError(
                        self.env._(
                            "The %(field)s of the tag group %(group)s must be a "
                            "colour written as #RRGGBB (for example #1F6FEB), "
                            "not %(value)s.",
                            field=self._fields[fname]._description_string(self.env),
                            group=group.name,
                            value=value,
                        )
                    )
