# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HelpdeskRoutingStage(models.Model):
    _inherit = "helpdesk.routing.stage"

    hs_sla_pause = fields.Boolean(
        string="Waiting for the customer",
        help="Tickets in this stage wait for the customer: their service level "
        "clocks stop, and their deadlines move by the working time spent here.",
    )
