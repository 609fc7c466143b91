# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

LEVELS = [("1", "Basic"), ("2", "Good"), ("3", "Expert")]


class HelpdeskRoutingAgentSkill(models.Model):
    _name = "helpdesk.routing.agent.skill"
    _description = "Helpdesk Agent Skill"
    _order = "user_id, skill_id"

    user_id = fields.Many2one(
        "res.users",
        string="Agent",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("share", "=", False)],
    )
    skill_id = fields.Many2one(
        "helpdesk.routing.skill", required=True, index=True, ondelete="cascade"
    )
    kind = fields.Selection(related="skill_id.kind")
    level = fields.Selection(LEVELS, required=True, default="2")

    _sql_constraints = [
        ("user_skill_uniq", "unique(user_id, skill_id)", "An agent has a skill once."),
    ]
