# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged

from odoo.addons.mail.tests.common import MailCommon

INCOMING_EMAIL = """Return-Path: {return_path}
To: {to}
cc: {cc}
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Date: Fri, 10 Aug 2012 14:16:26 +0000
Message-ID: {msg_id}
{extra}
My parcel arrived broken, please help.
"""


@tagged("post_install", "-at_install")
class TestEmailIntake(MailCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["helpdesk.routing.team"].create(
            {"name": "Mail Team", "alias_name": "hsr-support"}
        )
        cls.alias_email = f"hsr-support@{cls.alias_domain}"
        cls.channel_email = cls.env.ref(
            "helpdesk_routing.helpdesk_routing_channel_email"
        )

    def test_team_alias(self):
        self.assertEqual(self.team.alias_model_id.model, "helpdesk.routing.ticket")
        self.assertIn(f"'team_id': {self.team.id}", self.team.alias_defaults)

    def test_new_customer_is_created(self):
        Partner = self.env["res.partner"]
        self.assertFalse(Partner.search([("email", "=", "new.customer@example.com")]))
        ticket = self.format_and_process(
            INCOMING_EMAIL,
            '"New Customer" <new.customer@example.com>',
            self.alias_email,
            subject="Broken parcel",
            target_model="helpdesk.routing.ticket",
        )
        self.assertEqual(len(ticket), 1)
        partner = ticket.partner_id
        self.assertEqual(partner.email, "new.customer@example.com")
        self.assertEqual(partner.name, "New Customer")
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.channel_id, self.channel_email)
        self.assertIn("parcel arrived broken", ticket.description)
        self.assertRegex(ticket.number, r"^SUP\d{5}$")
        self.assertIn(partner, ticket.message_partner_ids)
        email = ticket.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(email.author_id, partner)

    def test_existing_customer_is_matched(self):
        customer = self.env["res.partner"].create(
            {"name": "Known Customer", "email": "Known@Example.com"}
        )
        partner_count = self.env["res.partner"].search_count([])
        ticket = self.format_and_process(
            INCOMING_EMAIL,
            "known@example.com",
            self.alias_email,
            subject="Where is my order",
            cc="Colleague <colleague@example.com>",
            target_model="helpdesk.routing.ticket",
        )
        self.assertEqual(ticket.partner_id, customer)
        self.assertEqual(self.env["res.partner"].search_count([]), partner_count)
        self.assertIn("colleague@example.com", ticket.email_cc)

    def test_reply_goes_to_the_ticket(self):
        ticket = self.format_and_process(
            INCOMING_EMAIL,
            "known@example.com",
            self.alias_email,
            subject="First message",
            msg_id="<first-hsr@example.com>",
            target_model="helpdesk.routing.ticket",
        )
        self.format_and_process(
            INCOMING_EMAIL,
            "known@example.com",
            self.alias_email,
            subject="Re: First message",
            extra="In-Reply-To: <first-hsr@example.com>",
            target_model="helpdesk.routing.ticket",
        )
        self.assertEqual(
            self.env["helpdesk.routing.ticket"].search_count(
                [("partner_id", "=", ticket.partner_id.id)]
            ),
            1,
        )
        self.assertEqual(
            len(ticket.message_ids.filtered(lambda m: m.message_type == "email")), 2
        )


@tagged("post_install", "-at_install")
class TestTeamAliasDomain(TransactionCase):
    def test_first_alias_domain_reaches_the_team_aliases(self):
        """Every team has an alias (mail.alias.mixin), without a domain until
        one exists. The first alias domain created goes to every company and
        every alias without one, ours included, through mail's multi-company
        check, which reads the team owning each alias and its company. (Mail's
        own test set-up does this: run by a plain ``odoo --test-enable`` on an
        installed database, before helpdesk.routing.team is loaded, the check
        fails with a KeyError; see tests/stock_suites.py.)"""
        Company = self.env["res.company"].with_context(active_test=False)
        self.env["mail.alias"].search([]).alias_domain_id = False
        Company.search([]).alias_domain_id = False
        self.env["mail.alias.domain"].search([]).unlink()
        company_2 = Company.create({"name": "HSR alias company"})
        teams = self.env["helpdesk.routing.team"].create(
            [
                {"name": "HSR main company team", "alias_name": "hsr-main"},
                {"name": "HSR no alias name"},
                {"name": "HSR second company team", "company_id": company_2.id},
            ]
        )
        self.assertEqual(len(teams.alias_id), 3)
        self.assertFalse(teams.alias_id.alias_domain_id)
        domain = self.env["mail.alias.domain"].create({"name": "hsr.example.com"})
        self.assertEqual(teams.alias_id.alias_domain_id, domain)
        self.assertIn(company_2, domain.company_ids)
        self.assertEqual(teams[0].alias_email, "hsr-main@hsr.example.com")
