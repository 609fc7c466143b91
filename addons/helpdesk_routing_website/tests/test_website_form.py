# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.helpdesk_routing.tests.common import HelpdeskRoutingCase


@tagged("post_install", "-at_install", "hs_website")
class TestWebsiteForm(HttpCase, HelpdeskRoutingCase):
    """The public help form, over HTTP: visitors, portal users of two
    companies, bad and hostile input."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.web = cls.env.ref("helpdesk_routing.helpdesk_routing_channel_web_form")
        # routing: web requests go to team A
        cls.rule = cls.env["helpdesk.routing.rule"].create(
            {
                "name": "Web requests to team A",
                "team_id": cls.team_a.id,
                "channel_ids": [Command.set(cls.web.ids)],
            }
        )
        cls.company_b = cls.env["res.company"].create({"name": "HSR Web Company B"})
        cls.portal_a = new_test_user(
            cls.env, login="hsr_web_portal_a", groups="base.group_portal", name="Ann"
        )
        cls.portal_a.partner_id.email = "ann.web@example.com"
        cls.portal_b = new_test_user(
            cls.env,
            login="hsr_web_portal_b",
            groups="base.group_portal",
            name="Bea",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.portal_b.partner_id.email = "bea.web@example.com"
        cls.Partner = cls.env["res.partner"]

    def _form(self):
        response = self.url_open("/support/new")
        self.assertEqual(response.status_code, 200)
        return response

    def _post(self, data, csrf=True):
        if csrf:
            token = re.search(
                r'name="csrf_token" value="([^"]+)"', self._form().text
            ).group(1)
            data = dict(data, csrf_token=token)
        return self.url_open("/support/new", data=data)

    def _visitor_post(self, **values):
        data = {
            "name": "Vera Visitor",
            "email": "vera.visitor@example.com",
            "subject": "Parcel lost",
            "description": "It never came.",
        }
        data.update(values)
        return self._post(data)

    def _counts(self):
        return (
            self.Ticket.search_count([]),
            self.Partner.with_context(active_test=False).search_count([]),
        )

    # the page ------------------------------------------------------------
    def test_page_and_menu(self):
        response = self._form()
        self.assertIn("o_hs_website_ticket_form", response.text)
        self.assertIn('name="email"', response.text)
        menus = self.env["website.menu"].search([("url", "=", "/support/new")])
        website = self.env["website"].get_current_website()
        self.assertIn(website.menu_id, menus.parent_id)
        self.assertIn('href="/support/new"', self.url_open("/").text)

    # visitors --------------------------------------------------------------
    def test_visitor_new_customer(self):
        response = self._visitor_post(email="  Vera.Visitor@Example.com ")
        self.assertEqual(response.status_code, 200)
        ticket = self.Ticket.search([("name", "=", "Parcel lost")])
        self.assertEqual(len(ticket), 1)
        self.assertTrue(response.url.endswith("/support/thanks"))
        self.assertIn(ticket.number, response.text)
        # the ticket's link is for the customer's mailbox, not the visitor
        self.assertNotIn(ticket.access_token, response.text)
        customer = ticket.partner_id
        self.assertEqual(customer.name, "Vera Visitor")
        self.assertEqual(customer.email, "vera.visitor@example.com")
        self.assertEqual(ticket.channel_id, self.web)
        # routed like any ticket
        self.assertEqual(ticket.team_id, self.team_a)
        self.assertIn(self.rule, ticket.routing_log_ids.rule_id)
        # the acknowledgement, to the customer
        acks = ticket.message_ids.filtered(
            lambda m: ticket.number in (m.subject or "") and m.partner_ids
        )
        self.assertEqual(acks.partner_ids, customer)
        # the public user does not follow the ticket
        self.assertNotIn(
            self.env.ref("base.public_partner"), ticket.message_partner_ids
        )
        # a second request from the same address: the same customer
        self._visitor_post(subject="Second", email="vera.visitor@example.com")
        second = self.Ticket.search([("name", "=", "Second")])
        self.assertEqual(second.partner_id, customer)
        self.assertEqual(
            self.Partner.search_count([("email_normalized", "=", customer.email)]), 1
        )

    def test_visitor_existing_customer_without_account(self):
        self._visitor_post(name="Somebody Else", email="alice@example.com")
        ticket = self.Ticket.search([("name", "=", "Parcel lost")])
        # the existing customer, whose name is not changed by the visitor
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(self.customer.name, "Alice Customer")
        # and who is told by email
        acks = ticket.message_ids.filtered(
            lambda m: ticket.number in (m.subject or "") and m.partner_ids
        )
        self.assertEqual(acks.partner_ids, self.customer)

    def test_visitor_with_the_address_of_an_account(self):
        """A visitor cannot put a ticket into somebody's account: sign in."""
        before = self._counts()
        for email in (
            "ann.web@example.com",
            "ANN.WEB@example.com",
            "bea.web@example.com",
        ):
            with self.subTest(email=email):
                response = self._visitor_post(email=email)
                self.assertEqual(response.status_code, 400)
                self.assertIn("sign in", response.text)
                self.assertIn("/web/login?redirect=/support/new", response.text)
        # an internal user's address too, and an account of another company
        # whose contact belongs to that company only
        self.agent.partner_id.email = "agent.web@example.com"
        self.portal_b.partner_id.company_id = self.company_b
        for email in ("agent.web@example.com", "bea.web@example.com"):
            with self.subTest(email=email):
                response = self._visitor_post(email=email)
                self.assertEqual(response.status_code, 400)
        self.assertEqual(self._counts(), before)

    # signed-in customers ---------------------------------------------------
    def test_portal_users_of_two_companies(self):
        for user, subject in ((self.portal_a, "From Ann"), (self.portal_b, "From Bea")):
            with self.subTest(login=user.login):
                self.authenticate(user.login, user.login)
                form = self._form()
                self.assertIn("o_hs_website_signed_in", form.text)
                self.assertNotIn('name="email"', form.text)
                # name and email posted anyway are ignored
                response = self._post(
                    {
                        "subject": subject,
                        "description": "x",
                        "name": "Mallory",
                        "email": "alice@example.com",
                        "partner_id": str(self.customer.id),
                    }
                )
                self.assertEqual(response.status_code, 200)
                ticket = self.Ticket.search([("name", "=", subject)])
                self.assertEqual(ticket.partner_id, user.partner_id)
                self.assertEqual(ticket.channel_id, self.web)
                # and the customer follows it in their portal
                page = self.url_open("/my/support")
                self.assertIn(subject, page.text)
        self.assertEqual(self.customer.name, "Alice Customer")
        # each sees their own only
        self.authenticate(self.portal_a.login, self.portal_a.login)
        self.assertNotIn("From Bea", self.url_open("/my/support").text)

    # bad and hostile input ---------------------------------------------------
    def test_bad_input_nothing_saved(self):
        before = self._counts()
        cases = (
            ({"name": "  "}, "your name"),
            ({"name": "x" * 101}, "too long"),
            ({"email": "not-an-email"}, "valid email"),
            ({"email": "a@example.com, b@example.com"}, "valid email"),
            ({"email": "a@example.com\nBcc: b@example.com"}, "valid email"),
            ({"email": "x" * 250 + "@example.com"}, "valid email"),
            ({"email": "nul\x00@example.com"}, "valid email"),
            ({"subject": "   "}, "subject"),
            ({"subject": "x" * 201}, "too long"),
            ({"description": "y" * 10001}, "too long"),
            ({"subject": "nul\x00byte"}, "not filled in"),
        )
        for values, message in cases:
            with self.subTest(values=str(values)[:50]):
                response = self._visitor_post(**values)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
                self.assertIn("o_hs_website_error", response.text)
        # missing fields
        response = self._post({"subject": "No identity", "description": "x"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._counts(), before)

    def test_markup_is_text(self):
        self._visitor_post(
            name="<b>Vera</b>",
            subject="<img src=x onerror=alert(1)>",
            description="<script>alert(1)</script>",
        )
        ticket = self.Ticket.search(
            [("partner_id.email", "=", "vera.visitor@example.com")]
        )
        self.assertEqual(len(ticket), 1)
        self.assertNotIn("<script>", ticket.description)
        self.assertIn("&lt;script&gt;", ticket.description)
        response = self.url_open("/support/thanks")
        self.assertNotIn("<img src=x", response.text)

    def test_honeypot(self):
        before = self._counts()
        response = self._visitor_post(hs_website_url="http://spam.example.com")
        self.assertEqual(response.status_code, 400)
        self.assertIn("could not be sent", response.text)
        self.assertEqual(self._counts(), before)

    @mute_logger("odoo.http")
    def test_without_csrf(self):
        before = self._counts()
        response = self._post(
            {
                "name": "Forger",
                "email": "forger@example.com",
                "subject": "forged",
                "description": "x",
            },
            csrf=False,
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._counts(), before)

    def test_hourly_limit(self):
        self.env["ir.config_parameter"].set_param(
            "helpdesk_routing_website.hourly_limit", "2"
        )
        for index in range(2):
            response = self._visitor_post(subject=f"Limited {index}")
            self.assertEqual(response.status_code, 200)
        before = self._counts()
        # the same browser session, another address
        response = self._visitor_post(subject="Limited 3", email="other@example.com")
        self.assertEqual(response.status_code, 429)
        self.assertIn("too many requests", response.text)
        # another session (a robot without cookies), the same address
        self.authenticate(None, None)
        response = self._visitor_post(subject="Limited 4")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(self._counts(), before)

    def test_thanks_without_request(self):
        response = self.url_open("/support/thanks")
        self.assertTrue(response.url.endswith("/support/new"))


@tagged("post_install", "-at_install", "hs_website")
class TestWebsiteFormTour(HttpCase, HelpdeskRoutingCase):
    def test_visitor_tour(self):
        self.start_tour("/", "helpdesk_routing_website_tour", login=None)
        ticket = self.Ticket.search([("name", "=", "Website tour: broken kettle")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.partner_id.email, "tour.visitor@example.com")
        self.assertEqual(
            ticket.channel_id,
            self.env.ref("helpdesk_routing.helpdesk_routing_channel_web_form"),
        )
        self.assertIn("It stopped heating.", ticket.description)
