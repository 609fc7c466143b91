# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .routing_common import RoutingCase

NOW = datetime(2026, 1, 10, 12, 0, 0)


@tagged("post_install", "-at_install")
class TestRoutingConditions(RoutingCase):
    """Each condition family and operator, through real ticket creation."""

    def _event(self, partner, event_type, occurred_at):
        return self.Event.create(
            {
                "partner_id": partner.id,
                "type_id": event_type.id,
                "occurred_at": occurred_at,
            }
        )

    def _event_rule(self, did="did", min_count=1, within=2, unit="hours"):
        return self._rule(
            event_condition_ids=[
                Command.create(
                    {
                        "did": did,
                        "type_id": self.placed_order.id,
                        "min_count": min_count,
                        "within": within,
                        "within_unit": unit,
                    }
                )
            ]
        )

    @freeze_time(NOW)
    def test_event_window_and_count(self):
        self._event(self.customer, self.placed_order, datetime(2026, 1, 10, 10, 30))
        self._event(self.customer, self.placed_order, datetime(2026, 1, 10, 9, 0))
        self._event(self.customer, self.cancelled_order, datetime(2026, 1, 10, 11, 0))
        cases = [
            # (did, min_count, within, unit, expected)
            ("did", 1, 2, "hours", True),  # one order 1.5 hours ago
            ("did", 2, 2, "hours", False),  # the second is 3 hours old
            ("did", 2, 4, "hours", True),
            ("did", 2, 80, "minutes", False),
            ("did", 1, 60, "minutes", False),
            ("did", 2, 1, "days", True),
            ("did", 3, 0, "days", False),  # at any time: 2 orders
            ("did_not", 1, 2, "hours", False),
            ("did_not", 1, 60, "minutes", True),
            ("did_not", 3, 1, "days", True),
        ]
        for did, min_count, within, unit, expected in cases:
            with self.subTest(did=did, min_count=min_count, within=within, unit=unit):
                rule = self._event_rule(did, min_count, within, unit)
                ticket = self._ticket()
                self.assertEqual(ticket.team_id == self.team_c, expected)
                rule.action_archive()

    @freeze_time(NOW)
    def test_event_of_another_customer_or_future_does_not_count(self):
        self._event(self.customer_2, self.placed_order, datetime(2026, 1, 10, 11, 0))
        self._event(self.customer, self.placed_order, datetime(2026, 1, 10, 13, 0))
        self._event_rule()
        self.assertFalse(self._ticket().team_id)
        self.assertEqual(
            self._ticket(partner_id=self.customer_2.id).team_id, self.team_c
        )

    @freeze_time(NOW)
    def test_event_explanation(self):
        self._event(self.customer, self.placed_order, datetime(2026, 1, 10, 11, 0))
        self._event(self.customer, self.placed_order, datetime(2026, 1, 10, 11, 30))
        self._event_rule(min_count=2)
        ticket = self._ticket()
        log = ticket.routing_log_ids
        self.assertEqual(len(log), 1)
        self.assertIn("(Placed order x2 in the last 2 hours)", log.explanation)
        self.assertTrue(log.conditions[0]["held"])
        self.assertIn("\u2713 Customer did Placed order at least 2", log.explanation)

    def test_partner_domain(self):
        self._rule(partner_domain="[('category_id', 'in', %s)]" % self.churn_tag.ids)
        ticket = self._ticket()
        self.assertEqual(ticket.team_id, self.team_c)
        self.assertIn("Tags = Test churn risk", ticket.routing_log_ids.explanation)
        self.assertIn(
            "Customer matches Tags is one of Test churn risk",
            ticket.routing_log_ids.explanation,
        )
        self.assertFalse(self._ticket(partner_id=self.customer_2.id).team_id)
        self.assertFalse(self._ticket(partner_id=False).team_id)

    def test_partner_domain_relative_date(self):
        self._rule(
            partner_domain="[('create_date', '>=', "
            "(context_today() - relativedelta(days=1)).strftime('%Y-%m-%d'))]"
        )
        self.assertEqual(self._ticket().team_id, self.team_c)

    def test_relative_dates_follow_the_clock(self):
        # filters are parsed once per text, except those naming the clock
        text = "[('create_date', '>=', (context_today() - relativedelta(days=1)))]"
        with freeze_time("2026-01-10 12:00:00"):
            self.assertEqual(self.Rule._parse_domain(text)[0][2], date(2026, 1, 9))
        with freeze_time("2026-02-10 12:00:00"):
            self.assertEqual(self.Rule._parse_domain(text)[0][2], date(2026, 2, 9))
        static = "[('name', '=', 'x')]"
        parsed = self.Rule._parse_domain(static)
        parsed.append(("id", "=", 1))  # the caller's copy
        self.assertEqual(self.Rule._parse_domain(static), [("name", "=", "x")])

    def test_invalid_domains_are_refused(self):
        for values in (
            {"partner_domain": "[('no_such_field', '=', 1)]"},
            {"partner_domain": "[('name', '=',"},
            {"partner_domain": "__import__('os')"},
            {"ticket_domain": "[('nope', '=', 1)]"},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self._rule(**values)

    def test_channel(self):
        self._rule(channel_ids=[Command.set(self.channel_sms.ids)])
        self.assertEqual(
            self._ticket(channel_id=self.channel_sms.id).team_id, self.team_c
        )
        self.assertFalse(self._ticket(channel_id=self.channel_phone.id).team_id)
        self.assertFalse(self._ticket().team_id)

    def test_tags_any(self):
        self._rule(tag_ids=[Command.set((self.tag_order | self.tag_refund).ids)])
        ticket = self._ticket(tag_ids=[Command.set(self.tag_refund.ids)])
        self.assertEqual(ticket.team_id, self.team_c)
        self.assertFalse(self._ticket().team_id)

    def test_keywords(self):
        self._rule(keywords="Refund, broken screen")
        self.assertEqual(self._ticket(name="I want a REFUND").team_id, self.team_c)
        ticket = self._ticket(name="Hello", description="<p>My Broken Screen</p>")
        self.assertEqual(ticket.team_id, self.team_c)
        self.assertIn("found: broken screen", ticket.routing_log_ids.explanation)
        self.assertFalse(self._ticket(name="Where is my parcel").team_id)

    def test_priority_min(self):
        self._rule(priority_min="2")
        self.assertEqual(self._ticket(priority="3").team_id, self.team_c)
        self.assertEqual(self._ticket(priority="2").team_id, self.team_c)
        self.assertFalse(self._ticket(priority="1").team_id)

    def test_ticket_domain(self):
        self._rule(ticket_domain="[('name', 'ilike', 'invoice')]")
        self.assertEqual(self._ticket(name="Wrong invoice").team_id, self.team_c)
        self.assertFalse(self._ticket(name="Parcel").team_id)

    def test_match_all_and_any(self):
        rule = self._rule(
            channel_ids=[Command.set(self.channel_sms.ids)], priority_min="3"
        )
        self.assertFalse(self._ticket(channel_id=self.channel_sms.id).team_id)
        ticket = self._ticket(channel_id=self.channel_sms.id, priority="3")
        self.assertEqual(ticket.team_id, self.team_c)
        rule.match = "any"
        self.assertEqual(
            self._ticket(channel_id=self.channel_sms.id).team_id, self.team_c
        )
        self.assertEqual(self._ticket(priority="3").team_id, self.team_c)
        self.assertFalse(self._ticket().team_id)

    def test_no_condition_matches_everything(self):
        rule = self._rule()
        self.assertFalse(rule.has_condition)
        ticket = self._ticket()
        self.assertEqual(ticket.team_id, self.team_c)
        self.assertEqual(
            ticket.routing_log_ids.explanation, "The rule has no condition."
        )

    def test_rule_of_another_company_is_ignored(self):
        other = self.env["res.company"].create({"name": "Other routing company"})
        other_team = self.Team.create({"name": "Other team", "company_id": other.id})
        self._rule(company_id=other.id, team_id=other_team.id)
        self.assertFalse(self._ticket().team_id)


@tagged("post_install", "-at_install")
class TestRoutingSemantics(RoutingCase):
    def test_first_match_wins(self):
        self._rule(name="First", sequence=1, team_id=self.team_a.id)
        self._rule(name="Second", sequence=2, team_id=self.team_b.id)
        ticket = self._ticket()
        self.assertEqual(ticket.team_id, self.team_a)
        self.assertEqual(ticket.routing_log_ids.rule_id.name, "First")
        # the team's assignment method picks the agent
        self.team_b.assignment_method = "round_robin"
        self.env["helpdesk.routing.rule"].search(
            [("name", "=", "First")]
        ).active = False
        self.assertEqual(self._ticket().user_id, self.agent_3)

    def test_continue_adds_but_never_changes_team(self):
        self._rule(
            name="Views",
            sequence=1,
            continue_matching=True,
            destination="view",
            view_id=self.view_urgent.id,
            team_id=False,
            add_tag_ids=[Command.set(self.tag_order.ids)],
        )
        self._rule(
            name="Team A", sequence=2, continue_matching=True, team_id=self.team_a.id
        )
        self._rule(
            name="Team B",
            sequence=3,
            team_id=self.team_b.id,
            add_follower_ids=[Command.set(self.manager.partner_id.ids)],
            set_priority="3",
        )
        self._rule(name="Never", sequence=4, team_id=self.team_c.id)
        ticket = self._ticket()
        self.assertEqual(ticket.team_id, self.team_a)
        self.assertEqual(ticket.view_ids, self.view_urgent)
        self.assertEqual(ticket.tag_ids, self.tag_order)
        self.assertEqual(ticket.priority, "3")
        self.assertIn(self.manager.partner_id, ticket.message_partner_ids)
        logs = ticket.routing_log_ids.sorted("id")
        self.assertEqual(logs.mapped("rule_id.name"), ["Views", "Team A", "Team B"])
        self.assertEqual(logs[2].destination, "team already chosen by an earlier rule")

    def test_ticket_is_created_in_its_team(self):
        """The decisions are part of the creation: the ticket is inserted in
        its team, view, tags and priority (the team's stage and agent), and
        no write follows (automation rules on write do not see a change)."""
        stage_c = self.env["helpdesk.routing.stage"].create(
            {"name": "Team C intake", "sequence": -1, "team_ids": self.team_c.ids}
        )
        self._rule(
            name="Views",
            sequence=1,
            continue_matching=True,
            destination="view",
            view_id=self.view_urgent.id,
            team_id=False,
            add_tag_ids=[Command.set(self.tag_order.ids)],
            set_priority="3",
        )
        self._rule(name="Team C", sequence=2)
        written = []
        Ticket = type(self.env["helpdesk.routing.ticket"])
        original_write = Ticket.write

        def spy_write(records, vals):
            written.append(sorted(vals))
            return original_write(records, vals)

        with patch.object(Ticket, "write", spy_write):
            ticket = self._ticket(tag_ids=[Command.set(self.tag_refund.ids)])
        self.assertEqual(ticket.team_id, self.team_c)
        self.assertEqual(ticket.stage_id, stage_c)
        self.assertEqual(ticket.view_ids, self.view_urgent)
        self.assertEqual(ticket.tag_ids, self.tag_order | self.tag_refund)
        self.assertEqual(ticket.priority, "3")
        self.assertFalse(
            [vals for vals in written if {"team_id", "view_ids"} & set(vals)],
            "routing a new ticket must not write it again",
        )

    def test_agent_follows_a_ticket_filed_for_another_team(self):
        """An agent files a ticket that the rules send to a team the agent
        is not in: the creation is allowed and the agent still reads it."""
        self._rule(team_id=self.team_c.id)
        ticket = self.Ticket.with_user(self.agent).create(
            {"name": "Filed for a customer", "partner_id": self.customer.id}
        )
        self.assertEqual(ticket.sudo().team_id, self.team_c)
        self.assertEqual(ticket.name, "Filed for a customer")
        self.assertTrue(ticket.routing_log_ids)
        # another agent of another team does not see it
        with self.assertRaises(AccessError):
            ticket.with_user(self.agent_3).read(["name"])

    def test_explicit_team_is_kept(self):
        self._rule(
            continue_matching=True,
            team_id=self.team_c.id,
            add_tag_ids=[Command.set(self.tag_order.ids)],
        )
        ticket = self._ticket(team_id=self.team_a.id)
        self.assertEqual(ticket.team_id, self.team_a)
        self.assertEqual(ticket.tag_ids, self.tag_order)
        self.assertEqual(ticket.routing_log_ids.destination, "team kept: Test Team A")

    def test_fallback(self):
        self._rule(channel_ids=[Command.set(self.channel_sms.ids)])
        ticket = self._ticket()
        self.assertFalse(ticket.team_id)
        self.assertTrue(ticket.routing_log_ids.is_fallback)
        self.assertEqual(ticket.routing_log_ids.destination, "stays unassigned")
        self.env.company.write(
            {
                "helpdesk_routing_fallback": "team",
                "helpdesk_routing_fallback_team_id": self.team_b.id,
            }
        )
        ticket = self.Ticket.with_context(tracking_disable=False).create(
            {"name": "Ticket", "partner_id": self.customer.id}
        )
        self.assertEqual(ticket.team_id, self.team_b)
        self.assertTrue(ticket.routing_log_ids.is_fallback)
        self.assertIn("by the fallback", ticket.message_ids[:1].body)
        # a matching rule wins over the fallback
        sms = self._ticket(channel_id=self.channel_sms.id)
        self.assertEqual(sms.team_id, self.team_c)

    def test_fallback_empty_means_unassigned(self):
        """A company created while our model is not loaded (at_install tests
        and data of the modules loaded before ours) gets no fallback: the
        column accepts it and routing treats it as "stay unassigned"."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT is_nullable FROM information_schema.columns WHERE "
            "table_name = 'res_company' AND column_name = 'helpdesk_routing_fallback'"
        )
        self.assertEqual(self.env.cr.fetchone(), ("YES",))
        self.env.company.write(
            {
                "helpdesk_routing_fallback": False,
                "helpdesk_routing_fallback_team_id": self.team_b.id,
            }
        )
        self._rule(channel_ids=[Command.set(self.channel_sms.ids)])
        ticket = self._ticket()
        self.assertFalse(ticket.team_id)
        self.assertTrue(ticket.routing_log_ids.is_fallback)
        self.assertEqual(ticket.routing_log_ids.destination, "stays unassigned")

    def test_fallback_settings(self):
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create(
                {"helpdesk_routing_fallback": "team"}
            ).execute()
        settings = self.env["res.config.settings"].create(
            {
                "helpdesk_routing_fallback": "team",
                "helpdesk_routing_fallback_team_id": self.team_b.id,
            }
        )
        settings.execute()
        self.assertEqual(
            self.env.company.helpdesk_routing_fallback_team_id, self.team_b
        )

    def test_disabled_routing(self):
        self._rule()
        self.assertFalse(
            self.Ticket.with_context(hs_no_routing=True)
            .create({"name": "No routing"})
            .routing_log_ids
        )
        self.env.company.helpdesk_routing_enabled = False
        ticket = self._ticket()
        self.assertFalse(ticket.team_id)
        self.assertFalse(ticket.routing_log_ids)

    def test_reroute(self):
        sms_rule = self._rule(channel_ids=[Command.set(self.channel_sms.ids)])
        ticket = self._ticket(channel_id=self.channel_phone.id)
        self.assertFalse(ticket.team_id)
        ticket.channel_id = self.channel_sms
        self.assertFalse(ticket.team_id, "re-routing is opt-in")
        ticket.channel_id = self.channel_phone
        sms_rule.reroute = True
        ticket.channel_id = self.channel_sms
        self.assertEqual(ticket.team_id, self.team_c)
        self.assertEqual(ticket.routing_log_ids.sorted("id")[-1].trigger, "reroute")
        # still in its first stage: a change of customer re-routes again
        self._rule(
            sequence=1,
            reroute=True,
            team_id=self.team_b.id,
            partner_domain="[('id', '=', %s)]" % self.customer_2.id,
        )
        ticket.partner_id = self.customer_2
        self.assertEqual(ticket.team_id, self.team_b)
        # not any more once in progress
        ticket.stage_id = self.stage_progress
        ticket.partner_id = self.customer
        ticket.partner_id = self.customer_2
        self.assertEqual(ticket.team_id, self.team_b)
        self.assertEqual(
            len(ticket.routing_log_ids.filtered(lambda x: x.trigger == "reroute")), 2
        )

    def test_reroute_on_customer_change(self):
        """A re-routing rule on the customer re-routes their open tickets,
        still unassigned or new, when the customer changes."""
        vip = self.env["res.partner.category"].create({"name": "Test VIP"})
        rule = self._rule(
            team_id=self.team_b.id, partner_domain=f"[('category_id', 'in', {vip.id})]"
        )
        ticket = self._ticket()
        other = self._ticket(partner_id=self.customer_2.id)
        self.customer.category_id |= vip
        self.assertFalse(ticket.team_id, "re-routing is opt-in")
        self.customer.category_id -= vip
        rule.reroute = True
        self.customer.category_id |= vip
        self.assertEqual(ticket.team_id, self.team_b)
        self.assertEqual(ticket.routing_log_ids.sorted("id")[-1].trigger, "reroute")
        self.assertFalse(other.team_id, "only the customer's tickets")
        # a field no re-routing rule looks at does not re-route
        rule.team_id = self.team_c
        self.customer.phone = "+32 000 00 00"
        self.assertEqual(ticket.team_id, self.team_b)
        # no more once in progress
        ticket.stage_id = self.stage_progress
        self.customer.category_id -= vip
        self.customer.category_id |= vip
        self.assertEqual(ticket.team_id, self.team_b)

    def test_reroute_on_customer_list_membership(self):
        """A re-routing rule on a customer list re-routes the open tickets of
        the customers a refresh of the list adds (or removes)."""
        vip_list = self.env["helpdesk.customer.list"].create(
            {
                "name": "Test re-routing VIP",
                "sharing": "everyone",
                "domain": "[('ref', '=', 'hs-reroute-vip')]",
            }
        )
        vip_list._refresh_members()
        self._rule(
            reroute=True,
            team_id=self.team_b.id,
            partner_domain=f"[('hs_customer_list_ids', 'in', {vip_list.ids})]",
        )
        ticket = self._ticket()
        other = self._ticket(partner_id=self.customer_2.id)
        self.assertFalse(ticket.team_id)
        self.customer.ref = "hs-reroute-vip"  # not a field the rule looks at
        self.assertFalse(ticket.team_id)
        vip_list._refresh_members()
        self.assertEqual(ticket.team_id, self.team_b)
        log = ticket.routing_log_ids.sorted("id")[-1]
        self.assertEqual(log.trigger, "reroute")
        self.assertFalse(other.team_id, "only the customers who joined")

    def test_reroute_on_incremental_list_membership(self):
        """An always-fresh list applying a customer's change (no whole
        refresh) re-routes the open tickets of the customers it gains."""
        List = self.env["helpdesk.customer.list"]
        vip_list = List.create(
            {
                "name": "Test re-routing VIP (always fresh)",
                "sharing": "everyone",
                "domain": "[('ref', '=', 'hs-reroute-fresh')]",
            }
        )
        self.assertEqual(vip_list.refresh_mode, "incremental")
        vip_list._refresh_members()
        self._rule(
            reroute=True,
            team_id=self.team_b.id,
            partner_domain=f"[('hs_customer_list_ids', 'in', {vip_list.ids})]",
        )
        ticket = self._ticket()
        self.customer.ref = "hs-reroute-fresh"
        self.assertFalse(ticket.team_id)
        while List._hs_apply_queue():  # what the commit hook does
            pass
        self.assertEqual(vip_list.member_ids.partner_id, self.customer)
        self.assertEqual(ticket.team_id, self.team_b)
        self.assertEqual(ticket.routing_log_ids.sorted("id")[-1].trigger, "reroute")

    def test_reroute_on_event_list_membership(self):
        """An event arriving over the API makes the customer enter an
        always-fresh list counting such events ("ordered twice in 30 days"):
        the open ticket of the customer is re-routed by a rule reading the
        list."""
        List = self.env["helpdesk.customer.list"]
        order = self.env.ref(
            "helpdesk_routing.helpdesk_routing_event_type_placed_order"
        )
        self.customer.ref = "hs-reroute-events"
        frequent = List.create(
            {
                "name": "Test re-routing: frequent buyers",
                "sharing": "everyone",
                "company_id": False,
                "domain": "[('ref', '=', 'hs-reroute-events')]",
                "event_condition_ids": [
                    Command.create({"type_id": order.id, "min_count": 2, "within": 30})
                ],
            }
        )
        frequent._refresh_members()
        self._rule(
            reroute=True,
            team_id=self.team_b.id,
            partner_domain=f"[('hs_customer_list_ids', 'in', {frequent.ids})]",
        )
        ticket = self._ticket()
        self.env["helpdesk.routing.event"].create(
            [{"partner_id": self.customer.id, "type_code": "placed_order"}] * 2
        )
        self.assertFalse(ticket.team_id)
        while List._hs_apply_queue():  # what the commit hook does
            pass
        self.assertEqual(frequent.member_ids.partner_id, self.customer)
        self.assertEqual(ticket.team_id, self.team_b)
        self.assertEqual(ticket.routing_log_ids.sorted("id")[-1].trigger, "reroute")

    def test_reroute_on_ticket_filter(self):
        """The ticket filter sees the value just written (flushed)."""
        self._rule(reroute=True, ticket_domain="[('name', 'ilike', 'urgent')]")
        ticket = self._ticket(name="Hello")
        self.assertFalse(ticket.team_id)
        ticket.name = "Urgent now"
        self.assertEqual(ticket.team_id, self.team_c)

    def test_reroute_ignores_unwatched_fields(self):
        self._rule(reroute=True, channel_ids=[Command.set(self.channel_sms.ids)])
        ticket = self._ticket(channel_id=self.channel_sms.id)
        ticket.team_id = False
        ticket.rating = "good"
        self.assertFalse(ticket.team_id)

    def test_archived_or_deleted_destination_deactivates_rule(self):
        team = self.Team.create({"name": "Doomed team"})
        rule = self._rule(team_id=team.id)
        bystander = self._rule(name="Bystander", sequence=99)
        team.action_archive()
        self.assertFalse(rule.active)
        self.assertTrue(bystander.active)
        self.assertFalse(bystander.warning)
        bystander.action_archive()
        self.assertIn("Doomed team", rule.warning)
        self.assertIn("archived", rule.warning)
        # ticket creation still works, the rule is out
        self.assertFalse(self._ticket().team_id)
        view = self.env["helpdesk.routing.view"].create({"name": "Doomed view"})
        rule = self._rule(destination="view", team_id=False, view_id=view.id)
        view.unlink()
        self.assertFalse(rule.active)
        self.assertFalse(rule.view_id)
        self.assertIn("deleted", rule.warning)
        self.assertTrue(self._ticket())
        # reactivating needs a destination
        with self.assertRaises(ValidationError):
            rule.action_activate()
        rule.write({"view_id": self.view_urgent.id})
        rule.action_activate()
        self.assertTrue(rule.active)
        self.assertFalse(rule.warning)

    def test_destination_required(self):
        with self.assertRaises(ValidationError):
            self._rule(team_id=False)
        with self.assertRaises(ValidationError):
            self._rule(destination="view", team_id=False)
        draft = self._rule(active=False, team_id=False)
        self.assertFalse(draft.active)


@tagged("post_install", "-at_install")
class TestRoutingExplain(RoutingCase):
    def test_log_and_chatter(self):
        self._rule(
            name="Churn risk",
            partner_domain="[('category_id', 'in', %s)]" % self.churn_tag.ids,
            team_id=self.team_b.id,
        )
        tickets = self.Ticket.with_context(tracking_disable=False).create(
            [
                {"name": "Cancel", "partner_id": self.customer.id},
                {"name": "Other", "partner_id": self.customer_2.id},
            ]
        )
        ticket = tickets[0]
        log = ticket.routing_log_ids
        self.assertEqual(log.rule_id.name, "Churn risk")
        self.assertEqual(log.trigger, "create")
        self.assertEqual(log.destination, "Test Team B")
        self.assertTrue(log.conditions[0]["held"])
        notes = ticket.message_ids.filtered(lambda m: "Routed to" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        # the chatter names the destination and the rule; the conditions and
        # the customer's values are in the Routing tab, rendered per reader
        self.assertIn(
            "Routed to Test Team B by rule Churn risk (why: Routing tab)", notes.body
        )
        self.assertNotIn("Test churn risk", notes.body)
        other = tickets[1]
        self.assertTrue(other.routing_log_ids.is_fallback)
        self.assertFalse(
            other.message_ids.filtered(lambda m: "Routed to" in (m.body or ""))
        )

    def test_ui_form_entry_path(self):
        self._rule(partner_domain="[('category_id', 'in', %s)]" % self.churn_tag.ids)
        form = Form(self.Ticket.with_user(self.manager))
        form.name = "From the form"
        form.partner_id = self.customer
        ticket = form.save()
        self.assertEqual(ticket.team_id, self.team_c)
        self.assertEqual(ticket.routing_log_ids.trigger, "create")
        self.assertEqual(ticket.create_uid, self.manager)


@tagged("post_install", "-at_install")
class TestRoutingDryRun(RoutingCase):
    def test_test_routing_agrees_with_real_routing(self):
        self._rule(
            name="Views",
            sequence=1,
            continue_matching=True,
            destination="view",
            team_id=False,
            view_id=self.view_urgent.id,
            keywords="refund",
        )
        self._rule(
            name="SMS",
            sequence=2,
            channel_ids=[Command.set(self.channel_sms.ids)],
            team_id=self.team_a.id,
        )
        self._rule(
            name="Churn",
            sequence=3,
            team_id=self.team_b.id,
            partner_domain="[('category_id', 'in', %s)]" % self.churn_tag.ids,
        )
        vals_list = [
            {"name": "refund please", "partner_id": self.customer.id},
            {
                "name": "hello",
                "partner_id": self.customer_2.id,
                "channel_id": self.channel_sms.id,
            },
            {"name": "hello", "partner_id": self.customer_2.id},
        ]
        # before creation, route copies with routing off, then test them
        drafts = self.Ticket.with_context(hs_no_routing=True).create(vals_list)
        Test = self.env["helpdesk.routing.ticket.test"]
        expected = []
        for draft in drafts:
            action = draft.action_test_routing()
            wizard = Test.browse(action["res_id"])
            self.assertFalse(draft.team_id, "testing writes nothing")
            self.assertFalse(draft.routing_log_ids)
            expected.append(
                (
                    wizard.team_id,
                    wizard.line_ids.mapped("rule_id.name"),
                    wizard.line_ids.mapped("explanation"),
                )
            )
        tickets = self.Ticket.create(vals_list)
        for ticket, (team, rule_names, explanations) in zip(
            tickets, expected, strict=True
        ):
            logs = ticket.routing_log_ids.sorted("id")
            self.assertEqual(ticket.team_id, team)
            self.assertEqual(
                logs.filtered("rule_id").mapped("rule_id.name"), rule_names
            )
            self.assertEqual([log.explanation for log in logs], explanations)

    def test_rule_preview(self):
        tickets = self.Ticket.create(
            [
                {
                    "name": "SMS one",
                    "channel_id": self.channel_sms.id,
                    "team_id": self.team_a.id,
                },
                {"name": "Phone one", "channel_id": self.channel_phone.id},
            ]
        )
        draft = self.Rule.with_context(default_active=False).create(
            {"name": "Draft SMS", "channel_ids": [Command.set(self.channel_sms.ids)]}
        )
        self.assertFalse(draft.active)
        action = draft.with_user(self.manager).action_preview()
        wizard = self.env["helpdesk.routing.rule.preview"].browse(action["res_id"])
        lines = {line.ticket_id: line for line in wizard.line_ids}
        self.assertTrue(lines[tickets[0]].would_match)
        self.assertEqual(lines[tickets[0]].actual_team_id, self.team_a)
        self.assertFalse(lines[tickets[1]].would_match)
        self.assertEqual(
            wizard.match_count, len(wizard.line_ids.filtered("would_match"))
        )
        self.assertLessEqual(len(wizard.line_ids), 50)
        wizard.limit = 1
        wizard.action_refresh()
        self.assertEqual(len(wizard.line_ids), 1)
        # the preview agrees with the evaluator of the real routing
        draft.write({"team_id": self.team_c.id, "active": True})
        routed = self.Ticket.create(
            {"name": "SMS two", "channel_id": self.channel_sms.id}
        )
        self.assertEqual(routed.team_id, self.team_c)


@tagged("post_install", "-at_install")
class TestRoutingConflicts(RoutingCase):
    def test_conflicts(self):
        catch_all = self._rule(name="Catch all", sequence=1)
        later = self._rule(name="Later", sequence=2, priority_min="2")
        self.assertFalse(catch_all.conflict_warning)
        self.assertIn("Catch all", later.conflict_warning)
        catch_all.continue_matching = True
        later.invalidate_recordset(["conflict_warning"])
        self.assertFalse(later.conflict_warning)
        (catch_all | later).active = False
        # subset: an earlier rule with looser values
        loose = self._rule(
            name="Loose",
            sequence=3,
            channel_ids=[Command.set((self.channel_sms | self.channel_phone).ids)],
            priority_min="1",
        )
        strict = self._rule(
            name="Strict",
            sequence=4,
            channel_ids=[Command.set(self.channel_sms.ids)],
            priority_min="3",
            keywords="refund",
        )
        self.assertIn("Loose", strict.conflict_warning)
        self.assertFalse(loose.conflict_warning)
        # not provable: the earlier rule has a condition the later one lacks
        loose.keywords = "invoice"
        strict.invalidate_recordset(["conflict_warning"])
        self.assertFalse(strict.conflict_warning)

    def test_event_condition_conflicts(self):
        def rule(name, sequence, min_count, within):
            return self._rule(
                name=name,
                sequence=sequence,
                event_condition_ids=[
                    Command.create(
                        {
                            "type_id": self.placed_order.id,
                            "min_count": min_count,
                            "within": within,
                            "within_unit": "days",
                        }
                    )
                ],
            )

        rule("Any order this month", 1, 1, 30)
        narrow = rule("Two orders this week", 2, 2, 7)
        self.assertIn("Any order this month", narrow.conflict_warning)
        wide = rule("Orders this year", 3, 1, 365)
        self.assertFalse(wide.conflict_warning)


@tagged("post_install", "-at_install")
class TestRoutingAccess(RoutingCase):
    def test_agent_reads_manager_configures(self):
        rule = self._rule(name="Secret sauce")
        ticket = self._ticket(name="Routed")
        as_agent = rule.with_user(self.agent)
        self.assertEqual(as_agent.name, "Secret sauce")
        self.assertTrue(ticket.routing_log_ids.with_user(self.manager).explanation)
        with self.assertRaises(AccessError):
            as_agent.write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.Rule.with_user(self.agent).create(
                {"name": "X", "team_id": self.team_a.id}
            )
        with self.assertRaises(AccessError):
            as_agent.unlink()
        with self.assertRaises(AccessError):
            self.Event.with_user(self.agent).create(
                {"partner_id": self.customer.id, "type_id": self.placed_order.id}
            )
        with self.assertRaises(AccessError):
            ticket.routing_log_ids.with_user(self.manager).write({"destination": "x"})
        with self.assertRaises(AccessError):
            rule.with_user(self.agent).action_preview()
        for user in (self.employee, self.portal):
            with self.assertRaises(AccessError):
                self.Rule.with_user(user).search([])
            with self.assertRaises(AccessError):
                self.Event.with_user(user).search([])
        as_manager = rule.with_user(self.manager)
        as_manager.write({"name": "Changed"})
        self.Rule.with_user(self.manager).create(
            {"name": "Y", "team_id": self.team_a.id}
        )
        self.Event.with_user(self.manager).create(
            {"partner_id": self.customer.id, "type_id": self.placed_order.id}
        )
        as_manager.unlink()

    def test_agent_sees_logs_of_visible_tickets_only(self):
        self._rule(team_id=self.team_b.id)
        ticket = self._ticket()
        self.assertEqual(ticket.team_id, self.team_b)
        Log = self.Log.with_user(self.agent)
        self.assertFalse(Log.search([("ticket_id", "=", ticket.id)]))
        self.assertTrue(
            self.Log.with_user(self.agent_3).search([("ticket_id", "=", ticket.id)])
        )
        # agents test the routing of the tickets they see
        action = ticket.with_user(self.agent_3).action_test_routing()
        self.assertEqual(action["res_model"], "helpdesk.routing.ticket.test")
