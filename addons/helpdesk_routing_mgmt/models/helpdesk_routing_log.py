# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HelpdeskRoutingLog(models.Model):
    _inherit = "helpdesk.routing.log"

    # a row is about one of our tickets or one of helpdesk_mgmt's
    ticket_id = fields.Many2one(required=False)
    mgmt_ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Helpdesk ticket", index=True, ondelete="cascade"
    )
