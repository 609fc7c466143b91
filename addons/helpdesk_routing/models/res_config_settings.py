# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    helpdesk_routing_enabled = fields.Boolean(
        related="company_id.helpdesk_routing_enabled", readonly=False
    )
    helpdesk_routing_fallback = fields.Selection(
        related="company_id.helpdesk_routing_fallback", readonly=False
    )
    helpdesk_routing_fallback_team_id = fields.Many2one(
        related="company_id.helpdesk_routing_fallback_team_id", readonly=False
    )
    helpdesk_routing_event_retention_days = fields.Integer(
        string="Keep customer events (days)",
        config_parameter="helpdesk_routing.event_retention_days",
        default=365,
    )

    @api.constrains("helpdesk_routing_fallback", "helpdesk_routing_fallback_team_id")
    def _check_helpdesk_routing_fallback(self):
        for settings in self:
            if (
                settings.helpdesk_routing_fallback == "team"
                and not settings.helpdesk_routing_fallback_team_id
            ):
                raise ValidationError(
                    self.env._("Choose the default team of the routing fallback.")
                )
