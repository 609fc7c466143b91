# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class HelpdeskRoutingTicketTest(models.TransientModel):
    """Test routing on helpdesk_mgmt's tickets too: the wizard of
    helpdesk_routing, fed by the bridge's router (``helpdesk.ticket``
    ``_hs_router``)."""

    _inherit = "helpdesk.routing.ticket.test"

    ticket_id = fields.Many2one(required=False)
    mgmt_ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Helpdesk ticket", ondelete="cascade"
    )
    mgmt_team_id = fields.Many2one(
        "helpdesk.ticket.team", string="Would go to Helpdesk team", readonly=True
    )

    @api.model
    def _ticket_fields(self):
        return {
            **super()._ticket_fields(),
            "helpdesk.ticket": ("mgmt_ticket_id", "mgmt_team_id"),
        }

    @api.model_create_multi
    def create(self, vals_list):
        # the wizard shows the ticket's name: only for tickets the user reads
        ticket_ids = {
            vals["mgmt_ticket_id"]
            for vals in vals_list
            if isinstance(vals, dict) and vals.get("mgmt_ticket_id")
        }
        if ticket_ids:
            self.env["helpdesk.ticket"].browse(list(ticket_ids)).check_access("read")
        return super().create(vals_list)
