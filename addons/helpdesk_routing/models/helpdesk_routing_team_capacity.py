# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HelpdeskRoutingTeamCapacity(models.Model):
    """The capacity of one agent in one team, when it differs from the
    team's (a part-timer, a team lead)."""

    _name = "helpdesk.routing.team.capacity"
    _description = "Helpdesk Team Member Capacity"
    _order = "team_id, user_id"

    team_id = fields.Many2one(
        "helpdesk.routing.team", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Agent",
        required=True,
        ondelete="cascade",
        domain=[("share", "=", False)],
    )
    max_open_tickets = fields.Integer(
        string="Maximum Open Tickets",
        required=True,
        default=5,
        help="0: this agent gets no new ticket of the team.",
    )

    _sql_constraints = [
        ("team_user_uniq", "unique(team_id, user_id)", "One capacity per agent."),
        (
            "max_open_positive",
            "CHECK(max_open_tickets >= 0)",
            "A capacity cannot be negative.",
        ),
    ]
