# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MailCommon

from .test_email_intake import INCOMING_EMAIL


@tagged("post_install", "-at_install")
class TestRoutingEmail(MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["helpdesk.routing.rule"].search([]).action_archive()
        cls.env.company.helpdesk_routing_fallback = "unassigned"
        Team = cls.env["helpdesk.routing.team"]
        cls.mail_team = Team.create({"name": "Mail Team", "alias_name": "hsr-route"})
        cls.returns = Team.create({"name": "Mail Returns"})
        cls.vip = Team.create({"name": "Mail VIP"})
        cls.alias_email = f"hsr-route@{cls.alias_domain}"
        cls.vip_customer = cls.env["res.partner"].create(
            {
                "name": "Vip Customer",
                "email": "vip.customer@example.com",
                "category_id": [(0, 0, {"name": "Mail VIP tag"})],
            }
        )

    def _email(self, email_from, subject):
        return self.format_and_process(
            INCOMING_EMAIL,
            email_from,
            self.alias_email,
            subject=subject,
            target_model="helpdesk.routing.ticket",
        )

    def test_alias_team_is_a_default(self):
        ticket = self._email('"Someone" <someone@example.com>', "No rule")
        self.assertEqual(ticket.team_id, self.mail_team)
        self.assertEqual(ticket.hs_alias_team_id, self.mail_team)
        self.assertTrue(ticket.routing_log_ids.is_fallback)
        self.assertEqual(ticket.routing_log_ids.destination, "team kept: Mail Team")

    def test_alias_condition_and_keywords(self):
        self.env["helpdesk.routing.rule"].create(
            {
                "name": "Broken parcels by email",
                "alias_team_id": self.mail_team.id,
                "keywords": "broken",
                "team_id": self.returns.id,
            }
        )
        ticket = self._email('"Someone" <someone@example.com>', "Parcel")
        self.assertEqual(ticket.team_id, self.returns)
        log = ticket.routing_log_ids
        self.assertEqual(log.rule_id.name, "Broken parcels by email")
        self.assertIn("Came through the email alias of Mail Team", log.explanation)
        self.assertIn("found: broken", log.explanation)
        note = ticket.message_ids.filtered(lambda m: "Routed to" in (m.body or ""))
        self.assertEqual(len(note), 1)

    def test_customer_rule_beats_alias(self):
        self.env["helpdesk.routing.rule"].create(
            {
                "name": "VIP",
                "partner_domain": "[('category_id.name', '=', 'Mail VIP tag')]",
                "team_id": self.vip.id,
            }
        )
        ticket = self._email('"Vip" <vip.customer@example.com>', "Help me")
        self.assertEqual(ticket.partner_id, self.vip_customer)
        self.assertEqual(ticket.team_id, self.vip)
