# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.helpdesk_segments.tests.common import HelpdeskSegmentsCase


@tagged("post_install", "-at_install")
class TestSendSurvey(HelpdeskSegmentsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.surveyor = new_test_user(
            cls.env,
            login="hsr_surveyor",
            name="Surveyor",
            groups="helpdesk_segments.group_helpdesk_agent,survey.group_survey_user",
        )
        tag = cls.env["res.partner.category"].create({"name": "survey target"})
        cls.members = cls.env["res.partner"].create(
            [
                {"name": f"Survey customer {i}", "email": f"s{i}@example.com"}
                for i in range(2)
            ]
        )
        cls.members.category_id = tag
        cls.customer_list = cls.env["helpdesk.customer.list"].create(
            {
                "name": "Survey targets",
                "sharing": "everyone",
                "domain": f'[("category_id", "in", [{tag.id}])]',
            }
        )
        cls.customer_list._refresh_members()
        cls.survey = cls.env["survey.survey"].create(
            {
                "title": "Satisfaction",
                "access_mode": "token",
                "question_and_page_ids": [
                    (0, 0, {"title": "How happy are you?", "question_type": "text_box"})
                ],
            }
        )

    def test_send_survey_opens_invitation_with_members(self):
        customer_list = self.customer_list.with_user(self.surveyor)
        action = customer_list.action_send_survey()
        self.assertEqual(action["res_model"], "helpdesk.customer.list.survey")
        wizard = Form(
            self.env["helpdesk.customer.list.survey"]
            .with_user(self.surveyor)
            .with_context(**action["context"])
        )
        wizard.survey_id = self.survey
        invite_action = wizard.save().action_invite()
        self.assertEqual(invite_action["res_model"], "survey.invite")
        invite = Form(
            self.env["survey.invite"]
            .with_user(self.surveyor)
            .with_context(**invite_action["context"])
        ).save()
        self.assertEqual(invite.survey_id, self.survey)
        self.assertEqual(invite.partner_ids, self.members)

    def test_empty_list_and_access(self):
        empty = self.env["helpdesk.customer.list"].create(
            {"name": "Empty", "sharing": "everyone", "domain": '[("id", "=", 0)]'}
        )
        empty._refresh_members()
        wizard = self.env["helpdesk.customer.list.survey"].create(
            {"list_id": empty.id, "survey_id": self.survey.id}
        )
        with self.assertRaises(UserError):
            wizard.action_invite()
        with self.assertRaises(AccessError):
            self.env["helpdesk.customer.list.survey"].with_user(self.agent).create(
                {"list_id": self.customer_list.id, "survey_id": self.survey.id}
            )
