# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HelpdeskRoutingTeam(models.Model):
    """Customer ratings and acknowledgements of a team; the team is the
    ratings' parent (satisfaction figures per team, as projects do)."""

    _name = "helpdesk.routing.team"
    _inherit = ["helpdesk.routing.team", "rating.parent.mixin"]

    hs_rating_active = fields.Boolean(
        string="Customer Ratings",
        help="Ask the customers to rate the support when their ticket reaches a "
        "stage with a rating email template.",
    )
    hs_send_acknowledgement = fields.Boolean(
        string="Acknowledge New Tickets",
        default=True,
        help="Send the customer an acknowledgement with the ticket's reference "
        "when a ticket of the team is created from an email or the portal.",
    )
    hs_acknowledgement_template_id = fields.Many2one(
        "mail.template",
        string="Acknowledgement Email",
        domain=[("model", "=", "helpdesk.routing.ticket")],
        help="Leave empty to send the standard acknowledgement.",
    )

    def action_hs_open_ratings(self):
        """Stat button: the team's ratings."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_routing.rating_rating_action_helpdesk"
        )
        action["domain"] = [
            ("parent_res_model", "=", self._name),
            ("parent_res_id", "=", self.id),
        ]
        return action
