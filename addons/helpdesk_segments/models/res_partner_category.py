# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResPartnerCategory(models.Model):
    _inherit = "res.partner.category"

    hs_tag_group_id = fields.Many2one(
        "helpdesk.tag.group",
        string="Tag Group",
        index="btree_not_null",
        ondelete="set null",
    )
    hs_background_color = fields.Char(
        related="hs_tag_group_id.background_color", string="Background Colour"
    )
    hs_font_color = fields.Char(
        related="hs_tag_group_id.font_color", string="Font Colour"
    )
