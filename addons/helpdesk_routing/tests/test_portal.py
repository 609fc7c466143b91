# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import HelpdeskRoutingCase


@tagged("post_install", "-at_install", "hs_portal")
class TestPortal(HttpCase, HelpdeskRoutingCase):
    """The customers' tickets in the portal, over HTTP, for portal users of
    two companies, a company contact person and public visitors."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.company_b = cls.env["res.company"].create({"name": "HSR Portal Company B"})
        cls.acme = Partner.create({"name": "Acme Corp", "is_company": True})
        cls.portal_a = new_test_user(
            cls.env, login="hsr_portal_a", groups="base.group_portal", name="Ann Acme"
        )
        cls.portal_a.partner_id.write(
            {"parent_id": cls.acme.id, "email": "ann@acme.example.com"}
        )
        cls.portal_a2 = new_test_user(
            cls.env, login="hsr_portal_a2", groups="base.group_portal", name="Al Acme"
        )
        cls.portal_a2.partner_id.write(
            {"parent_id": cls.acme.id, "email": "al@acme.example.com"}
        )
        cls.boss = new_test_user(
            cls.env, login="hsr_portal_boss", groups="base.group_portal", name="Boss"
        )
        cls.boss.partner_id.write(
            {
                "parent_id": cls.acme.id,
                "email": "boss@acme.example.com",
                "hs_portal_company_tickets": True,
            }
        )
        cls.portal_b = new_test_user(
            cls.env,
            login="hsr_portal_b",
            groups="base.group_portal",
            name="Bea B",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.portal_b.partner_id.email = "bea@b.example.com"
        cls.team_company_b = cls.Team.create(
            {"name": "Company B Team", "company_id": cls.company_b.id}
        )
        cls.t_ann = cls._ticket(
            name="Ann printer jam", partner_id=cls.portal_a.partner_id.id
        )
        cls.t_al = cls._ticket(
            name="Al broken screen", partner_id=cls.portal_a2.partner_id.id
        )
        cls.t_other = cls._ticket(name="Alice lost parcel")
        cls.t_bea = cls._ticket(
            name="Bea invoice question",
            partner_id=cls.portal_b.partner_id.id,
            team_id=cls.team_company_b.id,
        )
        cls.all_tickets = cls.t_ann | cls.t_al | cls.t_other | cls.t_bea
        cls.internal_tag = cls.env["helpdesk.routing.tag"].create(
            {"name": "Internal escalation xyz"}
        )
        cls.t_ann.tag_ids = cls.internal_tag | cls.env.ref(
            "helpdesk_routing.helpdesk_routing_tag_rating_dissatisfied"
        )
        cls.t_ann.message_post(
            body="SECRET internal note",
            subtype_xmlid="mail.mt_note",
            message_type="comment",
        )
        cls.t_ann.message_post(
            body="Public answer to Ann",
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
        )

    def _visible(self, response):
        return {t for t in self.all_tickets if t.name in response.text}

    def test_list_matrix(self):
        expected = {
            "hsr_portal_a": self.t_ann,
            "hsr_portal_a2": self.t_al,
            "hsr_portal_boss": self.t_ann | self.t_al,
            "hsr_portal_b": self.t_bea,
        }
        for login, tickets in expected.items():
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open("/my/support")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self._visible(response), set(tickets))

    def test_contact_person_switch(self):
        self.authenticate("hsr_portal_boss", "hsr_portal_boss")
        self.assertEqual(
            self._visible(self.url_open("/my/support")), {self.t_ann, self.t_al}
        )
        # no longer the company's contact person: at once (cached rules)
        self.boss.partner_id.hs_portal_company_tickets = False
        self.assertEqual(self._visible(self.url_open("/my/support")), set())

    def test_detail_matrix(self):
        for login, own, others in (
            ("hsr_portal_a", self.t_ann, self.t_al | self.t_other | self.t_bea),
            ("hsr_portal_boss", self.t_al, self.t_other | self.t_bea),
            ("hsr_portal_b", self.t_bea, self.t_ann | self.t_other),
        ):
            self.authenticate(login, login)
            response = self.url_open(f"/my/support/{own.id}")
            self.assertEqual(response.status_code, 200)
            self.assertIn(own.name, response.text)
            for ticket in others:
                with self.subTest(login=login, ticket=ticket.name):
                    response = self.url_open(f"/my/support/{ticket.id}")
                    self.assertNotIn(ticket.name, response.text)
                    self.assertTrue(response.url.endswith("/my"))

    def test_public_visitor(self):
        self.authenticate(None, None)
        response = self.url_open("/my/support")
        self.assertIn("/web/login", response.url)
        self.assertNotIn(self.t_ann.name, response.text)
        response = self.url_open(f"/my/support/{self.t_ann.id}")
        self.assertNotIn(self.t_ann.name, response.text)
        response = self.url_open(f"/my/support/{self.t_ann.id}?access_token=wrong")
        self.assertNotIn(self.t_ann.name, response.text)
        # the link of the emails: the ticket's token
        self.t_ann._portal_ensure_token()
        response = self.url_open(self.t_ann.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.t_ann.name, response.text)
        # a token opens its own ticket only
        response = self.url_open(
            f"/my/support/{self.t_al.id}?access_token={self.t_ann.access_token}"
        )
        self.assertNotIn(self.t_al.name, response.text)
        # nor can a visitor open a ticket
        count = self.Ticket.search_count([])
        response = self.url_open(
            "/my/support/new", data={"subject": "anonymous", "description": "x"}
        )
        self.assertIn("/web/login", response.url)
        self.assertEqual(self.Ticket.search_count([]), count)

    def test_nothing_internal_shows(self):
        self.authenticate("hsr_portal_a", "hsr_portal_a")
        response = self.url_open(f"/my/support/{self.t_ann.id}")
        self.assertEqual(response.status_code, 200)
        for secret in (
            "Internal escalation xyz",
            "Rating: Dissatisfied",
            "SECRET internal note",
            self.agent.name,
        ):
            self.assertNotIn(secret, response.text)
        token = re.search(r'data-token="([^"]+)"', response.text).group(1)
        result = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {
                "thread_model": "helpdesk.routing.ticket",
                "thread_id": self.t_ann.id,
                "token": token,
            },
        )
        bodies = " ".join(
            str(message.get("body")) for message in result["data"]["mail.message"]
        )
        self.assertIn("Public answer to Ann", bodies)
        self.assertNotIn("SECRET", bodies)

    def test_own_rating_shows(self):
        token = self.t_al.sudo()._rating_get_access_token()
        self.t_al.sudo().rating_apply(5, token=token, feedback="Fixed fast")
        self.authenticate("hsr_portal_a2", "hsr_portal_a2")
        response = self.url_open(f"/my/support/{self.t_al.id}")
        self.assertIn("o_hs_portal_rating", response.text)
        self.assertIn("Fixed fast", response.text)
        # the rating tag stays hidden
        self.assertNotIn("Rating: Satisfied", response.text)

    @mute_logger("odoo.http")
    def test_no_rpc_access(self):
        self.authenticate("hsr_portal_a", "hsr_portal_a")
        with self.assertRaises(Exception) as error:
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "helpdesk.routing.ticket",
                    "method": "search_read",
                    "args": [[]],
                    "kwargs": {"fields": ["name", "tag_ids"]},
                },
            )
        self.assertIn("AccessError", str(error.exception))

    def test_reply_in_chatter(self):
        self.authenticate("hsr_portal_a", "hsr_portal_a")
        response = self.url_open(f"/my/support/{self.t_ann.id}")
        token = re.search(r'data-token="([^"]+)"', response.text).group(1)
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "helpdesk.routing.ticket",
                "thread_id": self.t_ann.id,
                "post_data": {"body": "Still jammed", "message_type": "comment"},
                "token": token,
            },
        )
        message = self.t_ann.message_ids[:1]
        self.assertIn("Still jammed", message.body)
        self.assertEqual(message.author_id, self.portal_a.partner_id)

    # new tickets -------------------------------------------------------
    def _csrf(self):
        response = self.url_open("/my/support/new")
        self.assertEqual(response.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _post_new(self, data):
        data = dict(data, csrf_token=self._csrf())
        return self.url_open("/my/support/new", data=data)

    def test_new_ticket(self):
        self.authenticate("hsr_portal_a", "hsr_portal_a")
        response = self._post_new(
            {
                "subject": "  Paper   tray missing ",
                "description": "<script>alert(1)</script> tray\nsecond line",
                # ignored: the customer is always the portal user
                "partner_id": str(self.customer.id),
                "user_id": str(self.agent.id),
            }
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.Ticket.search([("name", "=", "Paper tray missing")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.partner_id, self.portal_a.partner_id)
        self.assertEqual(
            ticket.channel_id,
            self.env.ref("helpdesk_routing.helpdesk_routing_channel_portal"),
        )
        self.assertNotIn("<script>", ticket.description)
        self.assertIn("&lt;script&gt;", ticket.description)
        self.assertIn(ticket.name, response.text)
        acks = ticket.message_ids.filtered(
            lambda m: ticket.number in (m.subject or "") and m.partner_ids
        )
        self.assertEqual(acks.partner_ids, self.portal_a.partner_id)

    def test_new_ticket_bad_input(self):
        self.authenticate("hsr_portal_a", "hsr_portal_a")
        count = self.Ticket.search_count([])
        for data, message in (
            ({"subject": "   ", "description": "x"}, "subject"),
            ({"description": "no subject at all"}, "subject"),
            ({"subject": "x" * 201, "description": "x"}, "too long"),
            ({"subject": "ok", "description": "y" * 10001}, "too long"),
            ({"subject": "nul\x00byte", "description": ""}, "not filled in"),
        ):
            with self.subTest(data=str(data)[:40]):
                response = self._post_new(data)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
        self.assertEqual(self.Ticket.search_count([]), count)

    @mute_logger("odoo.http")
    def test_new_ticket_without_csrf(self):
        self.authenticate("hsr_portal_a", "hsr_portal_a")
        count = self.Ticket.search_count([])
        response = self.url_open(
            "/my/support/new", data={"subject": "forged", "description": "x"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.Ticket.search_count([]), count)

    def test_home_card(self):
        self.authenticate("hsr_portal_a", "hsr_portal_a")
        response = self.url_open("/my")
        self.assertIn("/my/support", response.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["hs_ticket_count"]}
        )
        self.assertEqual(counters["hs_ticket_count"], 1)
        self.env["ir.config_parameter"].set_param(
            "helpdesk_routing.portal_tickets_card", "hide"
        )
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["hs_ticket_count"]}
        )
        self.assertEqual(counters["hs_ticket_count"], 0)
        # shown again, whatever other helpdesk is installed
        self.env["ir.config_parameter"].set_param(
            "helpdesk_routing.portal_tickets_card", "show"
        )
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["hs_ticket_count"]}
        )
        self.assertEqual(counters["hs_ticket_count"], 1)


@tagged("post_install", "-at_install", "hs_portal")
class TestPortalTour(HttpCase, HelpdeskRoutingCase):
    def test_customer_portal_flow(self):
        customer = new_test_user(
            self.env,
            login="hsr_portal_tour",
            groups="base.group_portal",
            name="Tour Portal Customer",
        )
        customer.partner_id.email = "tour.portal@example.com"
        self._ticket(name="Portal tour: old request", partner_id=customer.partner_id.id)
        self.start_tour("/my", "helpdesk_routing_portal_tour", login="hsr_portal_tour")
        ticket = self.Ticket.search([("name", "=", "Portal tour: lost parcel")])
        self.assertEqual(ticket.partner_id, customer.partner_id)
        self.assertIn("The parcel never arrived.", ticket.description)
        answer = ticket.message_ids.filtered(
            lambda m: "It was due on Monday." in (m.body or "")
        )
        self.assertEqual(answer.author_id, customer.partner_id)


@tagged("post_install", "-at_install", "hs_portal")
class TestPortalLinkInNotifications(HelpdeskRoutingCase):
    """The customer's portal link goes with the notifications the customer
    receives, not with an agent's assignment notification (Odoo prepares the
    customer's sign-up for each link: a write on the customer)."""

    def test_assignment_does_not_prepare_the_customers_signup(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "auth_signup.invitation_scope", "b2c"
        )
        customer = self.env["res.partner"].create(
            {"name": "Link customer", "email": "link@example.com"}
        )
        self.assertFalse(customer.signup_type)
        ticket = self.Ticket.with_context(
            tracking_disable=False, mail_auto_subscribe_no_notify=False
        ).create(
            {
                "name": "Assigned",
                "partner_id": customer.id,
                "team_id": self.team_a.id,
                "user_id": self.agent_2.id,
            }
        )
        self.assertTrue(ticket.user_id)
        self.assertFalse(customer.signup_type)
        # a message to the customer carries their link, sign-up prepared
        ticket.message_notify(
            partner_ids=customer.ids, body="For you", subject="For you"
        )
        self.assertEqual(customer.signup_type, "signup")
