# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class HelpdeskRoutingSkill(models.Model):
    _name = "helpdesk.routing.skill"
    _description = "Helpdesk Skill"
    _order = "kind, name, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        [("language", "Language"), ("product", "Product"), ("topic", "Topic")],
        required=True,
        default="topic",
    )
    lang = fields.Selection(
        selection="_get_lang_selection",
        string="Customer Language",
        help="Tickets of customers speaking this language need the skill.",
    )
    tag_ids = fields.Many2many(
        "helpdesk.routing.tag",
        "helpdesk_routing_skill_tag_rel",
        "skill_id",
        "tag_id",
        string="Ticket Tags",
        help="Tickets with one of these tags need the skill.",
    )
    agent_skill_ids = fields.One2many("helpdesk.routing.agent.skill", "skill_id")

    _sql_constraints = [
        ("lang_uniq", "unique(lang)", "A language has one skill only."),
    ]

    @api.model
    def _get_lang_selection(self):
        return self.env["res.lang"].get_installed()
