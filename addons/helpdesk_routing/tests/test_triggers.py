# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common import HelpdeskRoutingCase

TICKET_MODULE = "odoo.addons.helpdesk_routing.models.helpdesk_routing_ticket"

RAW_EMAIL = """From: {email_from}
To: support@example.com
Subject: {subject}
Message-ID: <{msg_id}@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

My order never arrived.
"""


class TriggerCase(HelpdeskRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.special_agent = new_test_user(
            cls.env,
            login="hsr_special_agent",
            name="Special Agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        cls.team_a.special_agent_ids = cls.special_agent
        Partner = cls.env["res.partner"]
        cls.platinum = Partner.create(
            {
                "name": "Platinum Customer",
                "email": "platinum@example.com",
                "x_hs_service_level": "platinum",
            }
        )
        cls.big_spender = Partner.create(
            {
                "name": "Big Spender",
                "email": "spender@example.com",
                "x_hs_service_level": "bronze",
                "x_hs_average_annual_spend": 1000.01,
            }
        )
        cls.influencer = Partner.create(
            {
                "name": "Influencer",
                "email": "influencer@example.com",
                "x_hs_social_influence": "high",
            }
        )
        cls.small_spender = Partner.create(
            {
                "name": "Small Spender",
                "email": "small@example.com",
                "x_hs_service_level": "gold",
                "x_hs_average_annual_spend": 1000.0,
                "x_hs_social_influence": "medium",
            }
        )
        cls.bad_rating_ticket_tag = cls.env.ref(
            "helpdesk_routing.helpdesk_routing_tag_bad_rating"
        )
        cls.bad_rating_customer_tag = (
            cls.env["helpdesk.customer.field"]
            .search([("key", "=", "bad_rating_submitted")])
            .tag_id
        )
        cls.rule_bad_rating = cls.env.ref(
            "helpdesk_routing.base_automation_ticket_bad_rating"
        )
        cls.rule_priority = cls.env.ref(
            "helpdesk_routing.base_automation_ticket_priority_customer"
        )

    def assertFlagged(self, partner, flagged=True):
        partner.invalidate_recordset()
        self.assertEqual(partner.x_hs_bad_rating_submitted, flagged)
        self.assertEqual(self.bad_rating_customer_tag in partner.category_id, flagged)

    def assertPriorityHandled(self, ticket, handled=True):
        self.assertEqual(ticket.priority, "2" if handled else "1")
        self.assertEqual(
            self.special_agent.partner_id in ticket.message_partner_ids, handled
        )


@tagged("post_install", "-at_install")
class TestTriggers(TriggerCase):
    def test_shipped_as_editable_automation_rules(self):
        for rule in (self.rule_bad_rating, self.rule_priority):
            self.assertTrue(rule.active)
            self.assertEqual(rule.trigger, "on_create_or_write")
            self.assertEqual(rule.model_id.model, "helpdesk.routing.ticket")
            self.assertEqual(rule.action_server_ids.mapped("state"), ["code"])
            data = self.env["ir.model.data"].search(
                [("model", "=", "base.automation"), ("res_id", "=", rule.id)]
            )
            self.assertTrue(data.noupdate)
            # the filter may not break when the manual customer fields are gone
            self.assertNotIn("x_hs_", rule.filter_domain)
        self.assertEqual(self.rule_bad_rating.trigger_field_ids.name, "rating")
        self.assertTrue(self.bad_rating_customer_tag)

    def test_bad_rating_by_agent(self):
        """An agent (no contact rights) rates a ticket: the customer is flagged."""
        self.assertFalse(self.agent.has_group("base.group_partner_manager"))
        ticket = self._ticket(team_id=self.team_a.id, user_id=self.agent.id)
        self.assertFalse(ticket.tag_ids)
        ticket.with_user(self.agent).write({"rating": "bad"})
        self.assertEqual(ticket.tag_ids, self.bad_rating_ticket_tag)
        self.assertFlagged(self.customer)
        # other customers are untouched
        self.assertFlagged(self.customer_2, False)

    def test_good_rating_does_nothing(self):
        ticket = self._ticket()
        ticket.write({"rating": "good"})
        self.assertFalse(ticket.tag_ids)
        self.assertFlagged(self.customer, False)
        # a later bad rating does flag; going back to good keeps the flag
        ticket.write({"rating": "bad_comment", "rating_comment": "Too slow"})
        self.assertFlagged(self.customer)
        ticket.write({"rating": "good"})
        self.assertEqual(ticket.tag_ids, self.bad_rating_ticket_tag)
        self.assertFlagged(self.customer)

    def test_bad_rating_form_create_by_agent(self):
        with Form(self.Ticket.with_user(self.agent)) as form:
            form.name = "Rated at once"
            form.partner_id = self.customer_2
            form.rating = "bad_comment"
        ticket = form.record
        self.assertEqual(ticket.tag_ids, self.bad_rating_ticket_tag)
        self.assertFlagged(self.customer_2)

    def test_priority_customers_on_create(self):
        tickets = self.Ticket.with_user(self.agent).create(
            [
                {"name": "P", "partner_id": partner.id, "team_id": self.team_a.id}
                for partner in (
                    self.platinum,
                    self.big_spender,
                    self.influencer,
                    self.small_spender,
                    self.customer,
                )
            ]
        )
        self.assertEqual(
            tickets.mapped("hs_priority_customer"), [True, True, True, False, False]
        )
        for ticket in tickets[:3]:
            self.assertPriorityHandled(ticket)
        for ticket in tickets[3:]:
            self.assertPriorityHandled(ticket, False)

    def test_priority_customers_form_create(self):
        with Form(self.Ticket.with_user(self.agent)) as form:
            form.name = "From the form"
            form.partner_id = self.influencer
            form.team_id = self.team_a
        self.assertPriorityHandled(form.record)

    def test_urgent_stays_urgent(self):
        ticket = self._ticket(
            partner_id=self.platinum.id, team_id=self.team_a.id, priority="3"
        )
        self.assertEqual(ticket.priority, "3")
        self.assertIn(self.special_agent.partner_id, ticket.message_partner_ids)

    def test_priority_on_update(self):
        """Changing the customer or the team re-applies the rule."""
        ticket = self._ticket(team_id=self.team_b.id)
        self.assertPriorityHandled(ticket, False)
        ticket.with_user(self.agent_3).write({"partner_id": self.big_spender.id})
        self.assertEqual(ticket.priority, "2")
        # team B has no special agent
        self.assertNotIn(self.special_agent.partner_id, ticket.message_partner_ids)
        ticket.write({"priority": "0"})  # an agent may lower it afterwards
        self.assertEqual(ticket.priority, "0")
        ticket.write({"team_id": self.team_a.id})
        self.assertPriorityHandled(ticket)

    def test_ticket_without_customer(self):
        ticket = self.Ticket.with_user(self.agent).create(
            {"name": "Anonymous", "team_id": self.team_a.id, "rating": "bad"}
        )
        self.assertFalse(ticket.partner_id)
        self.assertEqual(ticket.tag_ids, self.bad_rating_ticket_tag)
        self.assertPriorityHandled(ticket, False)

    def test_archived_customer(self):
        self.platinum.active = False
        ticket = self.Ticket.with_user(self.agent).create(
            {
                "name": "Archived",
                "partner_id": self.platinum.id,
                "team_id": self.team_a.id,
                "rating": "bad",
            }
        )
        self.assertPriorityHandled(ticket)
        self.assertFlagged(self.platinum)

    def test_failing_customer_write_keeps_the_ticket(self):
        Partner = type(self.env["res.partner"])

        def refuse(records, vals):
            raise AccessError("Customer locked by the test")  # pylint: disable=translation-required

        with (
            patch.object(Partner, "write", refuse),
            self.assertLogs(TICKET_MODULE, "WARNING") as logs,
        ):
            ticket = self.Ticket.with_user(self.agent).create(
                {"name": "Locked", "partner_id": self.customer.id, "rating": "bad"}
            )
        self.assertIn("Customer locked by the test", logs.output[0])
        self.assertTrue(ticket.exists())
        self.assertEqual(ticket.rating, "bad")
        self.assertEqual(ticket.tag_ids, self.bad_rating_ticket_tag)
        self.assertFlagged(self.customer, False)

    def test_missing_customer_fields(self):
        """Without the manual fields (templates not applied) the triggers use
        the fields that exist and do not fail."""
        self.env.flush_all()
        fields_ = type(self.env["res.partner"])._fields
        with patch.dict(fields_):
            for fname in (
                "x_hs_service_level",
                "x_hs_average_annual_spend",
                "x_hs_bad_rating_submitted",
            ):
                del fields_[fname]
            tickets = self.Ticket.create(
                [
                    {"name": "A", "partner_id": self.platinum.id, "rating": "bad"},
                    {"name": "B", "partner_id": self.influencer.id},
                ]
            )
            self.assertEqual(tickets.mapped("priority"), ["1", "2"])
            self.assertEqual(tickets[0].tag_ids, self.bad_rating_ticket_tag)
            self.env.flush_all()
        self.assertFlagged(self.platinum, False)

    def test_no_trigger_loop(self):
        Ticket = type(self.Ticket)
        calls = {"vip": 0, "bad": 0}
        vip_origin = Ticket._hs_trigger_vip_priority
        bad_origin = Ticket._hs_trigger_bad_rating

        def vip(records):
            calls["vip"] += 1
            vip_origin(records)
            # the action's own writes of watched fields do not re-fire it
            records.write({"team_id": self.team_a.id, "priority": "2"})

        def bad(records):
            calls["bad"] += 1
            bad_origin(records)
            records.write({"rating": "bad_comment"})

        with (
            patch.object(Ticket, "_hs_trigger_vip_priority", vip),
            patch.object(Ticket, "_hs_trigger_bad_rating", bad),
        ):
            ticket = self._ticket(partner_id=self.platinum.id, rating="bad")
            self.assertEqual(calls, {"vip": 1, "bad": 1})
            ticket.write({"partner_id": self.influencer.id})
            self.assertEqual(calls, {"vip": 2, "bad": 1})
            ticket.write({"rating": "good"})
            ticket.write({"rating": "bad"})
        self.assertEqual(calls, {"vip": 2, "bad": 2})
        self.assertEqual(ticket.rating, "bad_comment")
        self.assertPriorityHandled(ticket)

    def test_email_intake(self):
        """Tickets created by the mail gateway run both triggers too."""
        ticket_id = (
            self.env["mail.thread"]
            .with_context(mail_create_nolog=False)
            .message_process(
                "helpdesk.routing.ticket",
                RAW_EMAIL.format(
                    email_from="Platinum Customer <platinum@example.com>",
                    subject="Where is my order",
                    msg_id="hsr-trigger-1",
                ),
                custom_values={"team_id": self.team_a.id, "rating": "bad"},
            )
        )
        ticket = self.Ticket.browse(ticket_id)
        self.assertEqual(ticket.partner_id, self.platinum)
        self.assertEqual(ticket.name, "Where is my order")
        self.assertPriorityHandled(ticket)
        self.assertEqual(ticket.tag_ids, self.bad_rating_ticket_tag)
        self.assertFlagged(self.platinum)

    def test_email_from_unknown_sender(self):
        ticket_id = self.env["mail.thread"].message_process(
            "helpdesk.routing.ticket",
            RAW_EMAIL.format(
                email_from="new.person@example.com",
                subject="Hello",
                msg_id="hsr-trigger-2",
            ),
            custom_values={"team_id": self.team_a.id},
        )
        ticket = self.Ticket.browse(ticket_id)
        self.assertEqual(ticket.partner_id.email, "new.person@example.com")
        self.assertPriorityHandled(ticket, False)


@tagged("post_install", "-at_install")
class TestTicketCustomerProfile(TriggerCase):
    def test_related_profile_fields(self):
        group = self.env["helpdesk.customer.group"].create({"name": "Resellers"})
        self.customer.write({"hs_customer_group_id": group.id})
        ticket = self._ticket().with_user(self.agent)
        self.assertEqual(ticket.partner_customer_group_id, group)
        self.assertEqual(ticket.partner_customer_status, "active")
        self.assertFalse(ticket.partner_is_blocked)
        self.customer.hs_customer_status = "blocked"
        self.assertTrue(ticket.partner_is_blocked)
        self.assertIn(ticket, self.Ticket.search([("partner_is_blocked", "=", True)]))

    def test_customer_button(self):
        ticket = self._ticket().with_user(self.agent)
        action = ticket.action_hs_open_customer()
        self.assertEqual(action["res_model"], "res.partner")
        self.assertEqual(action["res_id"], self.customer.id)

    def test_views_flag_blocked_customers(self):
        Ticket = self.Ticket.with_user(self.agent)
        form = Ticket.get_view(view_type="form")["arch"]
        self.assertIn("o_hs_blocked_customer_banner", form)
        self.assertIn('name="customer_profile"', form)
        self.assertIn('widget="hs_many2many_tags"', form)
        self.assertIn("action_hs_open_customer", form)
        list_arch = Ticket.get_view(view_type="list")["arch"]
        self.assertIn('decoration-danger="partner_is_blocked"', list_arch)
        kanban = Ticket.get_view(view_type="kanban")["arch"]
        self.assertIn("o_hs_blocked_customer_badge", kanban)
