# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""OCA helpdesk_mgmt's tickets routed by our rules (run where helpdesk_mgmt
is installed: tests/test_mgmt_routing.py at the repository's root)."""

import json
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command, http
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import SQL, mute_logger

NOW = datetime(2026, 3, 2, 12, 0)
SECRET = "HM secret customer tag"
EMAIL = """From: HM customer <{sender}>
To: helpdesk@example.com
Subject: HM printer on fire
Message-ID: <hm-routing-1@example.com>
Date: Mon, 02 Mar 2026 12:00:00 +0000
Content-Type: text/plain; charset="utf-8"

Smoke everywhere.
"""


class MgmtRoutingCommon:
    @classmethod
    def _setup(cls):
        env = cls.env
        cls.Rule = env["helpdesk.routing.rule"]
        cls.Ticket = env["helpdesk.ticket"]
        cls.Rule.search([]).action_archive()
        env.company.write(
            {
                "helpdesk_routing_enabled": True,
                "helpdesk_routing_fallback": "unassigned",
            }
        )
        OcaTeam = env["helpdesk.ticket.team"]
        cls.oca_team = OcaTeam.create({"name": "HM OCA team"})
        cls.oca_team_2 = OcaTeam.create({"name": "HM OCA team 2"})
        cls.our_team = env["helpdesk.routing.team"].create({"name": "HM our team"})
        cls.oca_tag = env["helpdesk.ticket.tag"].create({"name": "HM OCA tag"})
        cls.oca_added_tag = env["helpdesk.ticket.tag"].create({"name": "HM added"})
        cls.our_tag = env["helpdesk.routing.tag"].create({"name": "HM our tag"})
        cls.hidden_group = env["helpdesk.tag.group"].create(
            {"name": "HM hidden group", "hidden_from_agents": True}
        )
        cls.secret = env["res.partner.category"].create(
            {"name": SECRET, "hs_tag_group_id": cls.hidden_group.id}
        )
        cls.customer = env["res.partner"].create(
            {
                "name": "HM customer",
                "email": "hm.customer@example.com",
                "category_id": [Command.set(cls.secret.ids)],
            }
        )
        cls.other = env["res.partner"].create({"name": "HM other"})
        cls.oca_user = new_test_user(
            env,
            login="hsr_hm_oca_user",
            password="hsr_hm_oca_user_pw",
            groups="helpdesk_mgmt.group_helpdesk_user",
        )

    @classmethod
    def _rule(cls, **values):
        vals = {
            "name": "HM rule",
            "team_id": cls.our_team.id,
            "mgmt_team_id": cls.oca_team.id,
        }
        vals.update(values)
        return cls.Rule.create(vals)

    def assertNotRouted(self, ticket):
        # helpdesk_mgmt's own team choice (the user's team), no rule's
        self.assertNotIn(ticket.team_id, self.oca_team | self.oca_team_2)

    def _ticket(self, **values):
        vals = {
            "name": "HM ticket",
            "description": "<p>Hello</p>",
            "partner_id": self.customer.id,
        }
        vals.update(values)
        return self.Ticket.create(vals)


@tagged("post_install", "-at_install", "helpdesk_routing_mgmt")
class TestMgmtRouting(MgmtRoutingCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup()

    def test_customer_field_routes_to_the_oca_team(self):
        rule = self._rule(
            name="HM by customer tag",
            partner_domain=repr([("category_id", "in", self.secret.ids)]),
            mgmt_add_tag_ids=[Command.set(self.oca_added_tag.ids)],
            set_priority="3",
        )
        ticket = self._ticket()
        self.assertEqual(ticket.team_id, self.oca_team)
        self.assertEqual(ticket.stage_id, self.oca_team._get_applicable_stages()[:1])
        self.assertEqual(ticket.priority, "3")
        self.assertIn(self.oca_added_tag, ticket.tag_ids)
        log = ticket.hs_routing_log_ids
        self.assertEqual(log.rule_id, rule)
        self.assertEqual(log.trigger, "create")
        self.assertEqual(log.destination, "HM OCA team")
        self.assertIn("\u2713", log.explanation)
        self.assertIn(SECRET, log.explanation)  # as superuser
        self.assertIn("Routed to HM OCA team", ticket.message_ids[:1].body)
        # another customer: not routed, helpdesk_mgmt's own team choice
        other = self._ticket(partner_id=self.other.id)
        self.assertNotRouted(other)
        self.assertTrue(other.hs_routing_log_ids.is_fallback)

    def test_customer_list(self):
        customer_list = self.env["helpdesk.customer.list"].create(
            {
                "name": "HM list",
                "sharing": "everyone",
                "domain": "[('name', '=', 'HM customer')]",
            }
        )
        customer_list._refresh_members()
        rule = self._rule(
            partner_domain=repr([("hs_customer_list_ids", "in", customer_list.ids)])
        )
        ticket = self._ticket()
        self.assertEqual(ticket.team_id, self.oca_team)
        self.assertEqual(ticket.hs_routing_log_ids.rule_id, rule)
        self.assertNotRouted(self._ticket(partner_id=self.other.id))

    @freeze_time(NOW)
    def test_customer_event(self):
        placed = self.env.ref(
            "helpdesk_routing.helpdesk_routing_event_type_placed_order"
        )
        self.env["helpdesk.routing.event"].create(
            {
                "partner_id": self.customer.id,
                "type_id": placed.id,
                "occurred_at": NOW - timedelta(minutes=30),
            }
        )
        self._rule(
            event_condition_ids=[
                Command.create(
                    {
                        "did": "did",
                        "type_id": placed.id,
                        "min_count": 1,
                        "within": 2,
                        "within_unit": "hours",
                    }
                )
            ]
        )
        ticket = self._ticket()
        self.assertEqual(ticket.team_id, self.oca_team)
        self.assertIn("\u2713", ticket.hs_routing_log_ids.explanation)
        self.assertNotRouted(self._ticket(partner_id=self.other.id))

    def test_ticket_tags_condition(self):
        self._rule(
            tag_ids=[Command.set(self.our_tag.ids)],
            mgmt_tag_ids=[Command.set(self.oca_tag.ids)],
        )
        tagged_ticket = self._ticket(tag_ids=[Command.set(self.oca_tag.ids)])
        self.assertEqual(tagged_ticket.team_id, self.oca_team)
        self.assertNotRouted(self._ticket())

    def test_rules_naming_only_what_oca_tickets_lack(self):
        # our tags only: no Helpdesk counterpart, the rule does not apply
        self._rule(tag_ids=[Command.set(self.our_tag.ids)], sequence=1)
        # a ticket filter on a field helpdesk.ticket has not
        self._rule(ticket_domain="[('hs_alias_team_id', '!=', False)]", sequence=2)
        self._rule(ticket_domain="[('view_ids', '!=', False)]", sequence=3)
        ticket = self._ticket()
        self.assertNotRouted(ticket)
        self.assertEqual(self.Rule.search([("state", "=", "error")]).ids, [])
        # a ticket filter on helpdesk.ticket's fields applies
        self._rule(
            ticket_domain="[('name', 'ilike', 'printer')]",
            mgmt_team_id=self.oca_team_2.id,
        )
        self.assertEqual(self._ticket(name="Printer").team_id, self.oca_team_2)

    def test_rule_names_its_team_in_each_helpdesk(self):
        # a rule naming only one of our teams does not stop OCA tickets: the
        # next rule, naming a helpdesk_mgmt team, routes them
        ours_only = self._rule(name="HM ours only", mgmt_team_id=False, sequence=1)
        oca_only = self._rule(
            name="HM OCA only",
            team_id=False,
            mgmt_team_id=self.oca_team_2.id,
            sequence=2,
        )
        ticket = self._ticket()
        self.assertEqual(ticket.team_id, self.oca_team_2)
        self.assertEqual(ticket.hs_routing_log_ids.rule_id, oca_only)
        # and a rule naming only a helpdesk_mgmt team leaves our tickets to
        # the rules naming one of ours
        ours = self.env["helpdesk.routing.ticket"].create(
            {"name": "HM our ticket", "partner_id": self.customer.id}
        )
        self.assertEqual(ours.team_id, self.our_team)
        self.assertEqual(ours.routing_log_ids.rule_id, ours_only)
        ours_only.active = False
        ours = self.env["helpdesk.routing.ticket"].create(
            {"name": "HM our ticket 2", "partner_id": self.customer.id}
        )
        self.assertFalse(ours.team_id)
        self.assertNotIn(oca_only, ours.routing_log_ids.rule_id)
        # its preview shows OCA tickets only
        wizard = self.env["helpdesk.routing.rule.preview"].create(
            {"rule_id": oca_only.id}
        )
        wizard.action_refresh()
        self.assertTrue(wizard.line_ids.mgmt_ticket_id)
        self.assertFalse(wizard.line_ids.ticket_id)
        # a team destination names a team in at least one helpdesk
        with self.assertRaises(ValidationError):
            oca_only.mgmt_team_id = False
        with self.assertRaises(ValidationError):
            self._rule(name="HM no team", team_id=False, mgmt_team_id=False)
        # nor an archived helpdesk_mgmt team
        self.oca_team.active = False
        with self.assertRaises(ValidationError):
            oca_only.mgmt_team_id = self.oca_team

    def test_explicit_team_is_kept(self):
        self._rule()
        ticket = self._ticket(team_id=self.oca_team_2.id)
        self.assertEqual(ticket.team_id, self.oca_team_2)
        self.assertIn("team kept", ticket.hs_routing_log_ids.destination)

    def test_reroute_on_change(self):
        self._rule(
            reroute=True,
            tag_ids=[Command.set(self.our_tag.ids)],
            mgmt_tag_ids=[Command.set(self.oca_tag.ids)],
        )
        ticket = self._ticket()
        self.assertNotRouted(ticket)
        ticket.tag_ids = [Command.link(self.oca_tag.id)]
        self.assertEqual(ticket.team_id, self.oca_team)
        log = ticket.hs_routing_log_ids.sorted("id")[-1]
        self.assertEqual(log.trigger, "reroute")
        # a closed ticket is not re-routed
        closed_stage = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], limit=1
        )
        closed = self._ticket(partner_id=self.other.id, stage_id=closed_stage.id)
        closed.tag_ids = [Command.link(self.oca_tag.id)]
        self.assertNotRouted(closed)

    def test_reroute_on_customer_change(self):
        self._rule(
            reroute=True,
            partner_domain=repr([("ref", "=", "hm-vip")]),
        )
        ticket = self._ticket(partner_id=self.other.id)
        self.assertNotRouted(ticket)
        self.other.ref = "hm-vip"
        self.assertEqual(ticket.team_id, self.oca_team)

    @mute_logger(
        "odoo.addons.helpdesk_routing.models.helpdesk_routing_rule",
        "odoo.addons.helpdesk_routing.engine.evaluator",
    )
    def test_faulty_rule_is_skipped(self):
        broken = self._rule(name="HM broken", sequence=1)
        good = self._rule(
            name="HM good",
            partner_domain=repr([("category_id", "in", self.secret.ids)]),
            mgmt_team_id=self.oca_team_2.id,
            sequence=5,
        )
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                "UPDATE helpdesk_routing_rule SET partner_domain = %s WHERE id = %s",
                "[('x_hs_gone', '=', 1)]",
                broken.id,
            )
        )
        broken.invalidate_recordset()
        self.env.registry.clear_cache()
        ticket = self._ticket()
        self.assertEqual(ticket.team_id, self.oca_team_2)
        skipped = ticket.hs_routing_log_ids.filtered(lambda log: log.rule_id == broken)
        self.assertTrue(skipped.fault)
        self.assertIn("Skipped", skipped.explanation)
        self.assertEqual(broken.state, "error")
        self.assertEqual(
            ticket.hs_routing_log_ids.filtered(lambda log: not log.fault).rule_id, good
        )

    def test_agents_read_the_explanation_without_hidden_tags(self):
        self._rule(partner_domain=repr([("category_id", "in", self.secret.ids)]))
        ticket = self._ticket()
        as_user = ticket.with_user(self.oca_user)
        logs = as_user.hs_routing_log_ids
        self.assertEqual(len(logs), 1)
        self.assertNotIn(SECRET, logs.explanation)
        self.assertIn("a hidden tag", logs.explanation)
        # the form with its Routing tab
        form = as_user.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="hs_routing_log_ids"', form)
        # someone who may not read the ticket does not read its log
        own = new_test_user(
            self.env,
            login="hsr_hm_own",
            groups="helpdesk_mgmt.group_helpdesk_user_own",
        )
        Log = self.env["helpdesk.routing.log"].with_user(own)
        self.assertFalse(Log.search([("mgmt_ticket_id", "=", ticket.id)]))
        self.assertTrue(
            self.env["helpdesk.routing.log"]
            .with_user(self.oca_user)
            .search([("mgmt_ticket_id", "=", ticket.id)])
        )

    def test_email(self):
        self._rule(partner_domain=repr([("category_id", "in", self.secret.ids)]))
        message = EMAIL.format(sender=self.customer.email)
        ticket_id = self.env["mail.thread"].message_process("helpdesk.ticket", message)
        ticket = self.Ticket.browse(ticket_id)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.team_id, self.oca_team)
        self.assertTrue(ticket.hs_routing_log_ids)

    def test_json_rpc_create(self):
        self._rule(partner_domain=repr([("category_id", "in", self.secret.ids)]))
        self.authenticate("hsr_hm_oca_user", "hsr_hm_oca_user_pw")
        response = self.url_open(
            "/web/dataset/call_kw/helpdesk.ticket/create",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": "helpdesk.ticket",
                        "method": "create",
                        "args": [
                            {
                                "name": "HM over RPC",
                                "description": "<p>x</p>",
                                "partner_id": self.customer.id,
                            }
                        ],
                        "kwargs": {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        result = response.json()
        self.assertNotIn("error", result, result)
        ticket = self.Ticket.browse(result["result"])
        self.assertEqual(ticket.team_id, self.oca_team)
        self.assertTrue(ticket.hs_routing_log_ids)

    def test_form_as_oca_user(self):
        self._rule(partner_domain=repr([("category_id", "in", self.secret.ids)]))
        form = Form(self.Ticket.with_user(self.oca_user))
        form.name = "HM from the form"
        form.description = "<p>x</p>"
        form.partner_id = self.customer
        ticket = form.save()
        self.assertEqual(ticket.team_id, self.oca_team)
        self.assertTrue(ticket.sudo().hs_routing_log_ids)

    def test_portal_submit(self):
        self._rule(partner_domain=repr([("category_id", "in", self.secret.ids)]))
        portal = new_test_user(
            self.env,
            login="hsr_hm_portal",
            password="hsr_hm_portal_pw",
            groups="base.group_portal",
        )
        portal.partner_id.category_id = self.secret
        self.authenticate("hsr_hm_portal", "hsr_hm_portal_pw")
        response = self.url_open(
            "/submitted/ticket",
            data={
                "subject": "HM from the portal",
                "description": "Hello",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        ticket = self.Ticket.search([("name", "=", "HM from the portal")])
        self.assertEqual(ticket.partner_id, portal.partner_id)
        self.assertEqual(ticket.team_id, self.oca_team)
        self.assertTrue(ticket.hs_routing_log_ids)

    def test_test_routing_wizard(self):
        rule = self._rule(
            partner_domain=repr([("category_id", "in", self.secret.ids)]),
            mgmt_team_id=self.oca_team_2.id,
        )
        ticket = self._ticket(name="HM to test")
        # the button on helpdesk_mgmt's form, as its user
        form = ticket.with_user(self.oca_user).get_views([(False, "form")])
        self.assertIn('name="action_test_routing"', form["views"]["form"]["arch"])
        action = ticket.with_user(self.oca_user).action_test_routing()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.mgmt_ticket_id, ticket)
        self.assertFalse(wizard.ticket_id)
        self.assertEqual(wizard.mgmt_team_id, self.oca_team_2)
        self.assertEqual(wizard.line_ids.rule_id, rule)
        self.assertNotIn(SECRET, wizard.line_ids.explanation)
        # nothing written
        ticket.team_id = self.oca_team
        wizard = self.env["helpdesk.routing.ticket.test"].open_for(ticket)
        self.assertEqual(ticket.team_id, self.oca_team)
        # the ticket's read access is checked
        own = new_test_user(
            self.env,
            login="hsr_hm_own_2",
            groups="helpdesk_mgmt.group_helpdesk_user_own",
        )
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            ticket.with_user(own).action_test_routing()

    def test_rule_preview(self):
        rule = self._rule(
            partner_domain=repr([("category_id", "in", self.secret.ids)]),
        )
        caught = self._ticket(name="HM caught")
        missed = self._ticket(name="HM missed", partner_id=self.other.id)
        rule.active = False
        wizard = self.env["helpdesk.routing.rule.preview"].create(
            {"rule_id": rule.id, "limit": 20}
        )
        wizard.action_refresh()
        lines = wizard.line_ids
        line_caught = lines.filtered(lambda line: line.mgmt_ticket_id == caught)
        line_missed = lines.filtered(lambda line: line.mgmt_ticket_id == missed)
        self.assertTrue(line_caught.would_match)
        self.assertEqual(line_caught.mgmt_actual_team_id, self.oca_team)
        self.assertTrue(line_caught.explanation)
        self.assertFalse(line_missed.would_match)
        # a rule that cannot apply to OCA tickets previews ours only
        alias_rule = self._rule(
            name="HM alias", alias_team_id=self.our_team.id, active=False
        )
        wizard = self.env["helpdesk.routing.rule.preview"].create(
            {"rule_id": alias_rule.id}
        )
        wizard.action_refresh()
        self.assertFalse(wizard.line_ids.mgmt_ticket_id)
