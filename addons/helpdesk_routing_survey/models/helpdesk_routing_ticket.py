# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HelpdeskRoutingTicket(models.Model):
    _inherit = "helpdesk.routing.ticket"

    hs_survey_answer_ids = fields.One2many(
        "survey.user_input",
        "hs_ticket_id",
        string="Survey Answers",
        groups="survey.group_survey_user",
    )

    def _track_template(self, changes):
        """A stage asking for a rating whose matching policy sends a survey:
        the invitation goes out when the ticket reaches it (the rating email
        does not, see helpdesk.routing.rating.policy._rating_template)."""
        res = super()._track_template(changes)
        ticket = self[:1]
        if "stage_id" in changes and ticket and ticket._hs_asks_rating():
            policy = self.env["helpdesk.routing.rating.policy"]._match_ticket(ticket)
            if policy.action == "survey":
                policy._hs_send_survey(ticket)
        return res
