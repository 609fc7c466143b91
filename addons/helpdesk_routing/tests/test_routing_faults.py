# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Nothing a rule holds can stop a ticket from being created: a rule whose
conditions cannot be evaluated is skipped with the reason in the decision,
goes to the state Error with a message and an activity for a manager, and
the ticket is routed by the other rules and the fallback. Tried through the
ORM, email and JSON-RPC, on new tickets and on re-routing."""

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.helpdesk_segments.tests.common import execute_kw
from odoo.addons.mail.tests.common import MailCommon

from .routing_common import RoutingCase
from .test_email_intake import INCOMING_EMAIL

ENGINE_LOGGERS = (
    "odoo.addons.helpdesk_routing.models.helpdesk_routing_rule",
    "odoo.addons.helpdesk_routing.engine.evaluator",
)


def break_filter(rule, field_name, text):
    """Write a filter the rule's checks would refuse, as an upgrade, a
    deleted field or a hand-made import leaves it."""
    rule.env.flush_all()
    rule.env.execute_query(
        SQL(
            "UPDATE helpdesk_routing_rule SET %s = %s WHERE id = %s",
            SQL.identifier(field_name),
            text,
            rule.id,
        )
    )
    rule.invalidate_recordset()
    rule.env.registry.clear_cache()


@tagged("post_install", "-at_install")
class TestRoutingFaults(RoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager.name = "Fault Manager"
        cls.broken = cls._rule(name="Broken", team_id=cls.team_b.id, sequence=1)
        cls.good = cls._rule(
            name="Good",
            partner_domain="[('category_id', 'in', %s)]" % cls.churn_tag.ids,
            team_id=cls.team_c.id,
            sequence=5,
        )
        # the manager edited the broken rule last: the activity is theirs
        cls.broken.with_user(cls.manager).write({"sequence": 1})

    def assertSkipped(self, ticket, rule, reason_part):
        log = ticket.routing_log_ids.filtered(lambda entry: entry.rule_id == rule)
        self.assertEqual(len(log), 1)
        self.assertIn(reason_part, log.fault)
        self.assertIn("Skipped", log.explanation)
        self.assertEqual(rule.state, "error")
        self.assertIn(reason_part, rule.error_message)

    @mute_logger(*ENGINE_LOGGERS)
    def test_deleted_field_in_customer_filter(self):
        break_filter(self.broken, "partner_domain", "[('x_hs_gone', '=', 'High')]")
        ticket = self._ticket()
        # routed by the other rule
        self.assertEqual(ticket.team_id, self.team_c)
        self.assertSkipped(ticket, self.broken, "x_hs_gone")
        activity = self.broken.activity_ids
        self.assertEqual(activity.user_id, self.manager)
        self.assertIn("x_hs_gone", str(activity.note))
        # routing no longer uses the rule (no second log entry, no new fault)
        ticket_2 = self._ticket(partner_id=self.customer_2.id)
        self.assertFalse(ticket_2.routing_log_ids.filtered("fault"))
        self.assertEqual(len(self.broken.activity_ids), 1)

    @mute_logger(*ENGINE_LOGGERS)
    def test_unreadable_filter(self):
        break_filter(self.broken, "partner_domain", "[('name', '=', ")
        ticket = self._ticket()
        self.assertEqual(ticket.team_id, self.team_c)
        self.assertSkipped(ticket, self.broken, "cannot be evaluated")

    @mute_logger(*ENGINE_LOGGERS, "odoo.sql_db")
    def test_filter_the_database_refuses(self):
        # a text compared with a number: only the database says no
        break_filter(self.broken, "partner_domain", "[('id', '=', 'abc')]")
        tickets = self.Ticket.create(
            [
                {"name": "One", "partner_id": self.customer.id},
                {"name": "Two", "partner_id": self.customer_2.id},
            ]
        )
        self.assertEqual(tickets[0].team_id, self.team_c)
        self.assertFalse(tickets[1].team_id)
        self.assertTrue(tickets[1].routing_log_ids.filtered("is_fallback"))
        self.assertSkipped(tickets[0], self.broken, "invalid input syntax")
        self.assertSkipped(tickets[1], self.broken, "invalid input syntax")

    @mute_logger(*ENGINE_LOGGERS)
    def test_ticket_filter_on_a_new_ticket(self):
        break_filter(self.broken, "ticket_domain", "[('x_gone', '=', 1)]")
        ticket = self._ticket()
        self.assertEqual(ticket.team_id, self.team_c)
        self.assertSkipped(ticket, self.broken, "x_gone")

    @mute_logger(*ENGINE_LOGGERS, "odoo.sql_db")
    def test_rerouting_with_a_faulty_rule(self):
        self.broken.active = False
        ticket = self._ticket(partner_id=self.customer_2.id)
        self.assertFalse(ticket.team_id)
        self.broken.write({"active": True, "reroute": True})
        self.good.reroute = True
        break_filter(self.broken, "ticket_domain", "[('id', '=', 'abc')]")
        ticket.partner_id = self.customer
        self.assertEqual(ticket.team_id, self.team_c)
        reroutes = ticket.routing_log_ids.filtered(lambda e: e.trigger == "reroute")
        self.assertEqual(reroutes.rule_id, self.broken | self.good)
        self.assertEqual(self.broken.state, "error")

    @mute_logger(*ENGINE_LOGGERS)
    def test_customer_list_in_error(self):
        customer_list = self.env["helpdesk.customer.list"].create(
            {"name": "Fault list", "domain": "[]", "sharing": "everyone"}
        )
        self.broken.partner_domain = (
            "[('hs_customer_list_ids', 'in', [%s])]" % customer_list.id
        )
        customer_list.write({"state": "error", "error_message": "broken"})
        ticket = self._ticket()
        self.assertEqual(ticket.team_id, self.team_c)
        self.assertSkipped(ticket, self.broken, "Fault list")

    @mute_logger(*ENGINE_LOGGERS)
    def test_fix_and_retry(self):
        break_filter(self.broken, "partner_domain", "[('x_hs_gone', '=', 1)]")
        self._ticket()
        self.assertEqual(self.broken.state, "error")
        # retry checks the conditions first: still broken, still in error
        with self.assertRaises(ValidationError):
            self.broken.with_user(self.manager).action_retry()
        # a manager fixes the filter: the rule is used again
        self.broken.with_user(self.manager).partner_domain = "[('id', '!=', 0)]"
        self.assertEqual(self.broken.state, "ok")
        self.assertFalse(self.broken.error_message)
        self.assertEqual(self._ticket().team_id, self.team_b)

    @mute_logger(*ENGINE_LOGGERS)
    def test_test_routing_and_preview_show_the_fault(self):
        break_filter(self.broken, "partner_domain", "[('x_hs_gone', '=', 1)]")
        ticket = self._ticket(name="Before", partner_id=self.customer_2.id)
        self.broken.write({"state": "ok", "error_message": False})
        action = (
            self.env["helpdesk.routing.ticket.test"]
            .with_user(self.agent)
            .open_for(ticket.id)
        )
        wizard = self.env["helpdesk.routing.ticket.test"].browse(action["res_id"])
        line = wizard.line_ids.filtered(lambda entry: entry.rule_id == self.broken)
        self.assertIn("x_hs_gone", line.explanation)
        preview = self.env["helpdesk.routing.rule.preview"].create(
            {"rule_id": self.broken.id}
        )
        preview._fill_lines()
        self.assertFalse(preview.match_count)
        self.assertIn("x_hs_gone", preview.line_ids[0].explanation)


@tagged("post_install", "-at_install")
class TestRoutingFaultsEmail(MailCommon):
    @mute_logger(*ENGINE_LOGGERS)
    def test_email_intake_with_a_broken_rule(self):
        self.env["helpdesk.routing.rule"].search([]).action_archive()
        Team = self.env["helpdesk.routing.team"]
        mail_team = Team.create({"name": "Fault Mail Team", "alias_name": "hsr-fault"})
        rule = self.env["helpdesk.routing.rule"].create(
            {"name": "Broken by email", "team_id": mail_team.id}
        )
        break_filter(rule, "partner_domain", "[('x_hs_gone', '=', 1)]")
        ticket = self.format_and_process(
            INCOMING_EMAIL,
            '"Someone" <someone@example.com>',
            f"hsr-fault@{self.alias_domain}",
            subject="Still created",
            target_model="helpdesk.routing.ticket",
        )
        self.assertEqual(ticket.name, "Still created")
        self.assertEqual(ticket.team_id, mail_team)  # the alias' team
        self.assertEqual(rule.state, "error")


@tagged("post_install", "-at_install")
class TestRoutingFaultsRpc(HttpCase):
    @mute_logger(*ENGINE_LOGGERS)
    def test_json_rpc_create_with_a_broken_rule(self):
        self.env["helpdesk.routing.rule"].search([]).action_archive()
        agent = new_test_user(
            self.env,
            login="hsr_fault_rpc",
            password="hsr_fault_rpc_pw",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        team = self.env["helpdesk.routing.team"].create(
            {"name": "Fault RPC Team", "member_ids": [Command.set(agent.ids)]}
        )
        rule = self.env["helpdesk.routing.rule"].create(
            {"name": "Broken over RPC", "team_id": team.id}
        )
        break_filter(rule, "partner_domain", "[('x_hs_gone', '=', 1)]")
        ticket_id = execute_kw(
            self,
            agent,
            "hsr_fault_rpc_pw",
            "helpdesk.routing.ticket",
            "create",
            {"name": "Created over RPC"},
        )
        self.env.invalidate_all()
        ticket = self.env["helpdesk.routing.ticket"].browse(ticket_id)
        self.assertEqual(ticket.name, "Created over RPC")
        self.assertEqual(rule.state, "error")
        self.assertTrue(ticket.routing_log_ids.filtered("fault"))
