# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HelpdeskRoutingRatingPolicy(models.Model):
    _inherit = "helpdesk.routing.rating.policy"

    action = fields.Selection(
        selection_add=[("survey", "Send this survey")],
        ondelete={"survey": "set default"},
    )
    survey_id = fields.Many2one(
        "survey.survey",
        string="Survey",
        help="Sent instead of the rating email; each invitation's answers are "
        "linked to the ticket and its customer.",
    )

    @api.constrains("action", "survey_id")
    def _check_survey(self):
        for policy in self:
            if policy.action == "survey" and not policy.survey_id:
                raise ValidationError(
                    self.env._(
                        "The rating policy %(policy)s sends a survey: choose it.",
                        policy=policy.name,
                    )
                )

    def _hs_send_survey(self, ticket):
        """Invite the ticket's customer to the policy's survey, with an answer
        of their own linked to the ticket (Odoo's survey invitation email, in
        the customer's language)."""
        self.ensure_one()
        # sudo: surveys and their answers are managed by survey officers; the
        # policy (configuration) decided that this customer gets this survey
        survey = self.survey_id.sudo()
        partner = ticket.partner_id.sudo()
        answer = survey._create_answer(
            partner=partner, check_attempts=False, hs_ticket_id=ticket.id
        )
        invite = (
            self.env["survey.invite"]
            .sudo()
            .with_context(lang=partner.lang or self.env.lang)
            .create(
                {
                    "survey_id": survey.id,
                    "partner_ids": [fields.Command.set(partner.ids)],
                    "template_id": self.env.ref(
                        "survey.mail_template_user_input_invite"
                    ).id,
                }
            )
        )
        invite._send_mail(answer)
        return answer
