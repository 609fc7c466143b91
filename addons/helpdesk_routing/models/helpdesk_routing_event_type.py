# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HelpdeskRoutingEventType(models.Model):
    _name = "helpdesk.routing.event.type"
    _inherit = ["helpdesk.input.mixin", "helpdesk.condition.target.mixin"]
    _description = "Customer Event Type"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical code integrations send as type_code, e.g. placed_order.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of an event type must be unique."),
    ]
