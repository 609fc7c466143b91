# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..adapter import mgmt_router


class HelpdeskRoutingRulePreview(models.TransientModel):
    """The rule preview also on helpdesk_mgmt's last tickets, when the rule
    applies to them and the user reads them."""

    _inherit = "helpdesk.routing.rule.preview"

    def _ticket_models(self):
        models_ = super()._ticket_models()
        if self.env["helpdesk.ticket"].has_access("read") and mgmt_router(
            self.env
        ).adapter.applicable_rules(self.rule_id):
            models_.append("helpdesk.ticket")
        return models_

    @api.model
    def _line_values(self, ticket):
        if ticket._name != "helpdesk.ticket":
            return super()._line_values(ticket)
        return {"mgmt_ticket_id": ticket.id, "mgmt_actual_team_id": ticket.team_id.id}


class HelpdeskRoutingRulePreviewLine(models.TransientModel):
    _inherit = "helpdesk.routing.rule.preview.line"

    mgmt_ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Helpdesk ticket", readonly=True
    )
    mgmt_actual_team_id = fields.Many2one(
        "helpdesk.ticket.team", string="Actual Helpdesk team", readonly=True
    )
