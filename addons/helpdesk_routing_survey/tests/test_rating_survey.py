# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.helpdesk_routing.tests.common import HelpdeskRoutingCase


@tagged("post_install", "-at_install")
class TestRatingSurvey(HelpdeskRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.stage_solved.rating_template_id = cls.env.ref(
            "helpdesk_routing.mail_template_ticket_rating_request"
        )
        cls.team_a.hs_rating_active = True
        cls.survey = cls.env["survey.survey"].create(
            {"title": "How did we do?", "access_mode": "token"}
        )
        cls.tag = cls.env["helpdesk.routing.tag"].create({"name": "Survey policy"})
        cls.env["helpdesk.routing.rating.policy"].create(
            {
                "name": "Survey for tagged tickets",
                "tag_ids": [(6, 0, cls.tag.ids)],
                "action": "survey",
                "survey_id": cls.survey.id,
            }
        )

    def _solved_ticket(self, **values):
        ticket = self._ticket(team_id=self.team_a.id, **values)
        self.env.flush_all()
        self.env.cr.precommit.run()
        ticket.with_context(tracking_disable=False).write(
            {"stage_id": self.stage_solved.id}
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        ticket.invalidate_recordset()
        return ticket

    def test_policy_sends_survey(self):
        ticket = self._solved_ticket(tag_ids=[(6, 0, self.tag.ids)])
        answer = ticket.hs_survey_answer_ids
        self.assertEqual(len(answer), 1)
        self.assertEqual(answer.survey_id, self.survey)
        self.assertEqual(answer.partner_id, self.customer)
        mail = self.env["mail.mail"].search(
            [("body_html", "ilike", answer.access_token)]
        )
        self.assertEqual(mail.recipient_ids, self.customer)
        # no rating email besides
        self.assertFalse(ticket.rating_ids)
        # a second ticket of the same customer gets its own answer
        ticket_2 = self._solved_ticket(tag_ids=[(6, 0, self.tag.ids)])
        self.assertEqual(len(ticket_2.hs_survey_answer_ids), 1)
        self.assertNotEqual(ticket_2.hs_survey_answer_ids, answer)

    def test_other_tickets_get_the_rating_email(self):
        ticket = self._solved_ticket()
        self.assertFalse(ticket.hs_survey_answer_ids)
        self.assertTrue(ticket.rating_ids)

    def test_survey_required(self):
        with self.assertRaises(ValidationError):
            self.env["helpdesk.routing.rating.policy"].create(
                {"name": "No survey", "action": "survey"}
            )
