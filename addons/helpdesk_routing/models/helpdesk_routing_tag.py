# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from random import randint

from odoo import fields, models


class HelpdeskRoutingTag(models.Model):
    _name = "helpdesk.routing.tag"
    _description = "Helpdesk Ticket Tag"
    _order = "name"

    def _default_color(self):
        return randint(1, 11)

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: self._default_color())
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_unique", "unique(name)", "A ticket tag with this name already exists."),
    ]
