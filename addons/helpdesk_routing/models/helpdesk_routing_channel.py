# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HelpdeskRoutingChannel(models.Model):
    _name = "helpdesk.routing.channel"
    _inherit = ["helpdesk.input.mixin", "helpdesk.condition.target.mixin"]
    _description = "Support Ticket Channel"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical key of the channel, used by integrations (email, phone...).",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The channel code must be unique."),
    ]
