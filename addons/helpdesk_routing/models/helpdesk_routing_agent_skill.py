# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

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

    @api.model_create_multi
    def create(self, vals_list):
        skills = super().create(vals_list)
        skills._hs_assign_queues()
        return skills

    def write(self, vals):
        res = super().write(vals)
        self._hs_assign_queues()
        return res

    def _hs_assign_queues(self):
        """An agent learnt a skill: the queues of their teams assigning by
        skill move on at once (superuser: the manager editing skills may not
        write those tickets; docs/security.md)."""
        if not self:
            return
        teams = (
            self.env["helpdesk.routing.team"]
            .sudo()
            .search(
                [
                    ("member_ids", "in", self.user_id.ids),
                    ("assign_by_skill", "=", True),
                    ("assignment_method", "!=", "none"),
                ]
            )
        )
        teams._hs_assign_queue()
