# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HelpdeskRoutingStage(models.Model):
    _name = "helpdesk.routing.stage"
    _inherit = ["helpdesk.input.mixin"]
    _description = "Support Ticket Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="Folded stages are collapsed in the kanban view of the tickets.",
    )
    is_closing = fields.Boolean(
        string="Closing Stage",
        help="Tickets in this stage are considered closed (solved or cancelled); "
        "entering it sets their closing date.",
    )
    team_ids = fields.Many2many(
        "helpdesk.routing.team",
        "helpdesk_routing_stage_team_rel",
        "stage_id",
        "team_id",
        string="Teams",
        help="Teams using this stage. Leave empty to use it for every team.",
    )
    description = fields.Text(translate=True)

    def _filter_for_team(self, team):
        """The stages of self usable by team (no query: self is prefetched)."""
        return self.filtered(lambda s: not s.team_ids or team in s.team_ids)
