# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.tests import HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import HelpdeskRoutingCase

RAW_EMAIL = """From: {email_from}
To: {to}
Subject: {subject}
Message-ID: <{msg_id}@example.com>
MIME-Version: 1.0
{headers}Content-Type: text/plain; charset=utf-8

My order never arrived.
"""


class RatingCase(HelpdeskRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # tracking sends the rating requests and posts the acknowledgements
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.template = cls.env.ref(
            "helpdesk_routing.mail_template_ticket_rating_request"
        )
        cls.stage_solved.rating_template_id = cls.template
        cls.team_a.hs_rating_active = True
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.customer.lang = "es_ES"
        cls.tag_satisfied = cls.env.ref(
            "helpdesk_routing.helpdesk_routing_tag_rating_satisfied"
        )
        cls.tag_okay = cls.env.ref("helpdesk_routing.helpdesk_routing_tag_rating_okay")
        cls.tag_dissatisfied = cls.env.ref(
            "helpdesk_routing.helpdesk_routing_tag_rating_dissatisfied"
        )
        cls.tag_bad = cls.env.ref("helpdesk_routing.helpdesk_routing_tag_bad_rating")

    def _new_ticket(self, **values):
        ticket = self._ticket(**values)
        # end of the creating transaction (its tracking, discarded by routing)
        self.env.flush_all()
        self.env.cr.precommit.run()
        return ticket

    def _solve(self, ticket):
        ticket.with_context(tracking_disable=False).write(
            {"stage_id": self.stage_solved.id}
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        ticket.invalidate_recordset()

    def _rating_messages(self, ticket):
        return ticket.message_ids.filtered(
            lambda m: "/rate/" in (m.body or "") and m.partner_ids
        )


@tagged("post_install", "-at_install", "hs_rating")
class TestRatingRequest(RatingCase):
    def test_rating_group_hidden_from_agents(self):
        group = self.env.ref("helpdesk_routing.helpdesk_tag_group_ratings")
        self.assertTrue(group.hidden_from_agents)
        self.assertEqual(
            (
                self.tag_satisfied | self.tag_okay | self.tag_dissatisfied
            ).hs_tag_group_id,
            group,
        )
        Tag = self.env["helpdesk.routing.tag"].with_user(self.agent)
        self.assertFalse(Tag.search([("id", "=", self.tag_satisfied.id)]))

    def test_stage_sends_rating_request(self):
        ticket = self._new_ticket(team_id=self.team_a.id)
        self._solve(ticket)
        messages = self._rating_messages(ticket)
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages.partner_ids, self.customer)
        self.assertTrue(ticket.rating_ids)
        self.assertEqual(ticket.rating_ids.partner_id, self.customer)
        self.assertEqual(ticket.rating_ids.parent_res_id, self.team_a.id)

    def test_request_in_customer_language(self):
        self.template.with_context(
            lang="es_ES"
        ).subject = "¿Qué tal nuestro soporte? [{{ object.number }}]"
        ticket = self._new_ticket(team_id=self.team_a.id)
        self._solve(ticket)
        message = self._rating_messages(ticket)
        self.assertEqual(
            message.subject, f"¿Qué tal nuestro soporte? [{ticket.number}]"
        )

    def test_no_request_without_team_rating(self):
        ticket = self._new_ticket(team_id=self.team_b.id)
        self._solve(ticket)
        self.assertFalse(self._rating_messages(ticket))
        self.assertFalse(ticket.rating_ids)

    def test_no_request_in_other_stage(self):
        ticket = self._new_ticket(team_id=self.team_a.id)
        ticket.with_context(tracking_disable=False).write(
            {"stage_id": self.stage_progress.id}
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        ticket.invalidate_recordset()
        self.assertFalse(self._rating_messages(ticket))


@tagged("post_install", "-at_install", "hs_rating")
class TestRatingPolicies(RatingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Policy = cls.env["helpdesk.routing.rating.policy"]
        cls.vip_template = cls.template.copy({"subject": "VIP rating {{ object.id }}"})
        cls.vip_tag = cls.env["helpdesk.routing.tag"].create({"name": "VIP policy"})
        cls.Policy.create(
            [
                {
                    "name": "VIP tickets",
                    "sequence": 1,
                    "tag_ids": [(6, 0, cls.vip_tag.ids)],
                    "template_id": cls.vip_template.id,
                },
                {
                    "name": "No rating in Spanish by phone",
                    "sequence": 2,
                    "lang_ids": [(6, 0, cls.env.ref("base.lang_es").ids)],
                    "channel_ids": [
                        (
                            6,
                            0,
                            cls.env.ref(
                                "helpdesk_routing.helpdesk_routing_channel_phone"
                            ).ids,
                        )
                    ],
                    "action": "none",
                },
            ]
        )

    def test_policy_by_tag(self):
        ticket = self._new_ticket(
            team_id=self.team_a.id, tag_ids=[(6, 0, self.vip_tag.ids)]
        )
        self._solve(ticket)
        message = self._rating_messages(ticket)
        self.assertEqual(message.subject, f"VIP rating {ticket.id}")

    def test_policy_by_language_and_channel(self):
        phone = self.env.ref("helpdesk_routing.helpdesk_routing_channel_phone")
        ticket = self._new_ticket(team_id=self.team_a.id, channel_id=phone.id)
        self._solve(ticket)
        self.assertFalse(self._rating_messages(ticket))
        # another language: the stage's email
        self.customer_2.lang = "en_US"
        ticket = self._new_ticket(
            team_id=self.team_a.id, channel_id=phone.id, partner_id=self.customer_2.id
        )
        self._solve(ticket)
        message = self._rating_messages(ticket)
        self.assertEqual(message.partner_ids, self.customer_2)
        self.assertNotIn("VIP", message.subject)


@tagged("post_install", "-at_install", "hs_rating")
class TestRatingApply(RatingCase):
    def _token(self, ticket):
        return ticket.sudo()._rating_get_access_token()

    def test_satisfied_and_okay_are_good(self):
        for rate, tag in ((5, self.tag_satisfied), (3, self.tag_okay)):
            ticket = self._new_ticket(team_id=self.team_a.id)
            ticket.sudo().rating_apply(rate, token=self._token(ticket))
            self.assertEqual(ticket.rating, "good")
            self.assertIn(tag, ticket.sudo().tag_ids)
            self.assertNotIn(self.tag_bad, ticket.sudo().tag_ids)

    def test_dissatisfied_fires_bad_rating_trigger(self):
        ticket = self._new_ticket(team_id=self.team_a.id)
        self.assertFalse(self.customer.x_hs_bad_rating_submitted)
        ticket.sudo().rating_apply(1, token=self._token(ticket))
        self.assertEqual(ticket.rating, "bad")
        self.assertFalse(ticket.rating_comment)
        tags = ticket.sudo().tag_ids
        self.assertIn(self.tag_dissatisfied, tags)
        self.assertIn(self.tag_bad, tags)
        self.assertTrue(self.customer.x_hs_bad_rating_submitted)

    def test_dissatisfied_with_comment(self):
        ticket = self._new_ticket(team_id=self.team_a.id)
        ticket.sudo().rating_apply(1, token=self._token(ticket), feedback="Too slow")
        self.assertEqual(ticket.rating, "bad_comment")
        self.assertEqual(ticket.rating_comment, "Too slow")

    def test_new_answer_replaces_rating_tag(self):
        ticket = self._new_ticket(team_id=self.team_a.id)
        token = self._token(ticket)
        ticket.sudo().rating_apply(1, token=token)
        ticket.sudo().rating_apply(5, token=token)
        tags = ticket.sudo().tag_ids
        self.assertIn(self.tag_satisfied, tags)
        self.assertNotIn(self.tag_dissatisfied, tags)
        self.assertEqual(ticket.rating, "good")

    def test_team_satisfaction(self):
        for rate in (5, 1):
            ticket = self._new_ticket(team_id=self.team_a.id)
            ticket.sudo().rating_apply(rate, token=self._token(ticket))
        self.team_a.invalidate_recordset()
        self.assertEqual(self.team_a.rating_count, 2)
        self.assertEqual(self.team_a.rating_percentage_satisfaction, 50)


@tagged("post_install", "-at_install", "hs_rating")
class TestRatingRoute(HttpCase, RatingCase):
    """Odoo's public rating pages, as an anonymous visitor with the token."""

    def test_public_rating_route(self):
        ticket = self._new_ticket(team_id=self.team_a.id)
        self._solve(ticket)
        token = ticket.rating_ids.access_token
        self.assertTrue(token)
        response = self.url_open(f"/rate/{token}/1")
        self.assertEqual(response.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)
        ticket.invalidate_recordset()
        self.assertEqual(ticket.rating, "bad")
        self.assertFalse(ticket.rating_comment)
        self.assertIn(self.tag_bad, ticket.sudo().tag_ids)
        self.assertTrue(self.customer.x_hs_bad_rating_submitted)
        # then the feedback page: a comment
        response = self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"rate": 1, "feedback": "Nobody answered", "csrf_token": csrf},
        )
        self.assertEqual(response.status_code, 200)
        ticket.invalidate_recordset()
        self.assertEqual(ticket.rating, "bad_comment")
        self.assertEqual(ticket.rating_comment, "Nobody answered")
        self.assertIn(self.tag_dissatisfied, ticket.sudo().tag_ids)

    def test_public_rating_route_satisfied(self):
        ticket = self._new_ticket(team_id=self.team_a.id)
        self._solve(ticket)
        response = self.url_open(f"/rate/{ticket.rating_ids.access_token}/5")
        self.assertEqual(response.status_code, 200)
        ticket.invalidate_recordset()
        self.assertEqual(ticket.rating, "good")
        self.assertIn(self.tag_satisfied, ticket.sudo().tag_ids)

    def test_wrong_token(self):
        ticket = self._new_ticket(team_id=self.team_a.id)
        self._solve(ticket)
        response = self.url_open("/rate/not-a-token/1")
        self.assertEqual(response.status_code, 404)
        ticket.invalidate_recordset()
        self.assertFalse(ticket.rating)


@tagged("post_install", "-at_install", "hs_rating")
class TestAcknowledgement(RatingCase):
    def _route(self, email_from, msg_id, headers=""):
        raw = RAW_EMAIL.format(
            email_from=email_from,
            to="support@example.com",
            subject=f"Help {msg_id}",
            msg_id=msg_id,
            headers=headers,
        )
        self.env["mail.thread"].message_process(
            "helpdesk.routing.ticket", raw, custom_values={"team_id": self.team_a.id}
        )
        return self.Ticket.search([("name", "=", f"Help {msg_id}")])

    def _acks(self, ticket):
        return ticket.message_ids.filtered(
            lambda m: ticket.number in (m.subject or "") and m.partner_ids
        )

    def test_acknowledgement_in_customer_language(self):
        ticket = self._route("alice@example.com", "ack-1")
        self.assertEqual(len(ticket), 1)
        acks = self._acks(ticket)
        self.assertEqual(len(acks), 1)
        self.assertEqual(acks.partner_ids, self.customer)
        self.assertIn(ticket.number, acks.body)

    def test_no_acknowledgement_to_auto_replies(self):
        cases = [
            ("alice@example.com", "Auto-Submitted: auto-replied\n"),
            ("alice@example.com", "X-Autoreply: yes\n"),
            ("alice@example.com", "Precedence: bulk\n"),
            ("MAILER-DAEMON@example.com", ""),
        ]
        for index, (email_from, headers) in enumerate(cases):
            ticket = self._route(email_from, f"auto-{index}", headers)
            if ticket:
                self.assertFalse(self._acks(ticket), headers or email_from)

    def test_acknowledgement_translated(self):
        template = self.env.ref("helpdesk_routing.mail_template_ticket_acknowledgement")
        template.with_context(lang="es_ES").subject = "Recibido [{{ object.number }}]"
        ticket = self._route("alice@example.com", "ack-es")
        ack = ticket.message_ids.filtered(lambda m: m.subject and m.partner_ids)
        self.assertEqual(ack.subject, f"Recibido [{ticket.number}]")

    def test_acknowledgement_switched_off(self):
        self.team_a.hs_send_acknowledgement = False
        ticket = self._route("alice@example.com", "ack-off")
        self.assertFalse(self._acks(ticket))


@tagged("post_install", "-at_install", "hs_rating")
class TestSatisfactionViews(RatingCase):
    def test_views_and_figures_for_each_role(self):
        ticket = self._new_ticket(team_id=self.team_a.id)
        ticket.sudo().rating_apply(1, token=ticket.sudo()._rating_get_access_token())
        pivot = self.env.ref(
            "helpdesk_routing.helpdesk_routing_ticket_view_pivot_satisfaction"
        )
        graph = self.env.ref(
            "helpdesk_routing.helpdesk_routing_ticket_view_graph_satisfaction"
        )
        for user in (self.agent, self.manager):
            with self.subTest(user=user.login):
                Ticket = self.env["helpdesk.routing.ticket"].with_user(user)
                views = Ticket.get_views([(pivot.id, "pivot"), (graph.id, "graph")])
                self.assertEqual(set(views["views"]), {"pivot", "graph"})
                groups = Ticket.read_group(
                    [("rating_last_value", ">", 0), ("id", "=", ticket.id)],
                    ["rating_last_value:avg"],
                    ["team_id", "channel_id", "user_id"],
                    lazy=False,
                )
                self.assertEqual(groups[0]["rating_last_value"], 1.0)
                Rating = self.env["rating.rating"].with_user(user)
                action = self.env["ir.actions.act_window"]._for_xml_id(
                    "helpdesk_routing.rating_rating_action_helpdesk"
                )
                Rating.get_views(
                    [(False, "graph"), (False, "pivot"), (False, "search")]
                )
                self.assertEqual(Rating.search_count(safe_eval(action["domain"])), 1)
                team = self.team_a.with_user(user)
                self.assertEqual(team.rating_percentage_satisfaction, 0)
                self.assertEqual(team.rating_count, 1)
                self.env["helpdesk.routing.team"].with_user(user).get_views(
                    [(False, "form")]
                )
                self.env["helpdesk.routing.rating.policy"].with_user(user).get_views(
                    [(False, "list"), (False, "form")]
                )
        menu = self.env.ref("helpdesk_routing.helpdesk_routing_satisfaction_menu")
        visible = self.env["ir.ui.menu"].with_user(self.agent)._visible_menu_ids()
        self.assertIn(menu.id, visible)
