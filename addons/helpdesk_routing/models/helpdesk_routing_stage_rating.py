# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HelpdeskRoutingStage(models.Model):
    """Stages that ask the customer for a rating (as project task stages)."""

    _inherit = "helpdesk.routing.stage"

    rating_template_id = fields.Many2one(
        "mail.template",
        string="Rating Email Template",
        domain=[("model", "=", "helpdesk.routing.ticket")],
        help="When a ticket of a team with customer ratings reaches this stage, "
        "this email asks its customer to rate the support (in their language).",
    )
