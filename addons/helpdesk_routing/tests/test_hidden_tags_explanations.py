# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Routing runs with every rule, as superuser; what it records for people
to read (the Routing tab, the decision log and its exports, the chatter,
Test routing, Preview) names a tag of a group hidden from agents, a customer
list of someone else or another company's record only to those who may see
it: an agent reads "a hidden tag". Managers read everything in full."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.helpdesk_segments.tests.common import RpcError, execute_kw

SECRET = "HX secret tag"
SECRET_TICKET_TAG = "HX secret ticket tag"
SECRET_LIST = "HX manager's private list"
SECRETS = (SECRET, SECRET_TICKET_TAG, SECRET_LIST)


@tagged("post_install", "-at_install")
class TestHiddenTagsExplanations(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        env["helpdesk.routing.rule"].search([]).action_archive()
        env.company.write(
            {
                "helpdesk_routing_enabled": True,
                "helpdesk_routing_fallback": "unassigned",
            }
        )
        cls.agent = new_test_user(
            env,
            login="hsr_hx_agent",
            password="hsr_hx_agent_pw",
            groups="helpdesk_segments.group_helpdesk_agent,base.group_allow_export",
        )
        cls.manager = new_test_user(
            env,
            login="hsr_hx_manager",
            password="hsr_hx_manager_pw",
            groups="helpdesk_segments.group_helpdesk_manager",
        )
        hidden = env["helpdesk.tag.group"].create(
            {"name": "HX hidden group", "hidden_from_agents": True}
        )
        cls.secret = env["res.partner.category"].create(
            {"name": SECRET, "hs_tag_group_id": hidden.id}
        )
        cls.secret_ticket_tag = env["helpdesk.routing.tag"].create(
            {"name": SECRET_TICKET_TAG, "hs_tag_group_id": hidden.id}
        )
        # carries only the hidden tag
        cls.customer = env["res.partner"].create(
            {"name": "HX customer", "category_id": [Command.set(cls.secret.ids)]}
        )
        cls.plain_customer = env["res.partner"].create({"name": "HX plain customer"})
        cls.private_list = (
            env["helpdesk.customer.list"]
            .with_user(cls.manager)
            .create(
                {
                    "name": SECRET_LIST,
                    "domain": "[('name', 'like', 'HX')]",
                    "sharing": "private",
                }
            )
        )
        cls.private_list._refresh_members()
        cls.team = env["helpdesk.routing.team"].create(
            {"name": "HX team", "member_ids": [Command.set(cls.agent.ids)]}
        )
        Rule = env["helpdesk.routing.rule"]
        cls.rules = Rule.create(
            [
                {
                    "name": "HX by id",
                    "partner_domain": repr([("category_id", "in", cls.secret.ids)]),
                    "team_id": cls.team.id,
                    "continue_matching": True,
                },
                {
                    "name": "HX by name",
                    "partner_domain": repr([("category_id.name", "=", SECRET)]),
                    "team_id": cls.team.id,
                    "continue_matching": True,
                },
                {
                    "name": "HX negated",
                    "partner_domain": repr([("category_id", "not in", cls.secret.ids)]),
                    "team_id": cls.team.id,
                    "continue_matching": True,
                },
                {
                    "name": "HX list",
                    "partner_domain": repr(
                        [("hs_customer_list_ids", "in", cls.private_list.ids)]
                    ),
                    "team_id": cls.team.id,
                    "continue_matching": True,
                },
                {
                    "name": "HX ticket tag",
                    "tag_ids": [Command.set(cls.secret_ticket_tag.ids)],
                    "team_id": cls.team.id,
                },
            ]
        )
        Ticket = env["helpdesk.routing.ticket"]
        cls.ticket = Ticket.create(
            {
                "name": "HX ticket",
                "partner_id": cls.customer.id,
                "tag_ids": [Command.set(cls.secret_ticket_tag.ids)],
            }
        )
        cls.plain_ticket = Ticket.create(
            {"name": "HX plain ticket", "partner_id": cls.plain_customer.id}
        )

    def assertNoSecret(self, value, msg=None):
        for secret in SECRETS:
            self.assertNotIn(secret, repr(value), msg)

    def test_routing_tab_as_agent_and_manager(self):
        self.assertEqual(self.ticket.team_id, self.team)
        logs = self.ticket.routing_log_ids
        self.assertEqual(len(logs), 4)  # all but the negated rule
        as_agent = "\n".join(logs.with_user(self.agent).mapped("explanation"))
        self.assertNoSecret(as_agent)
        self.assertIn("a hidden tag", as_agent)
        self.assertIn("a customer list you cannot see", as_agent)
        as_manager = "\n".join(logs.with_user(self.manager).mapped("explanation"))
        for secret in SECRETS:
            self.assertIn(secret, as_manager)
        # the recorded conditions themselves are for managers only
        with self.assertRaises(AccessError):
            logs.with_user(self.agent).read(["conditions"])
        self.assertTrue(logs.with_user(self.manager).read(["conditions"]))

    def test_agent_cannot_tell_customers_apart_by_names(self):
        """The plain customer's explanations and the secret carrier's use the
        same words for the condition (the hidden tag is never named)."""
        for ticket in (self.ticket, self.plain_ticket):
            text = "\n".join(
                ticket.routing_log_ids.with_user(self.agent).mapped("explanation")
            )
            self.assertNoSecret(text)

    def test_decision_log_export_and_read_group(self):
        Log = self.env["helpdesk.routing.log"].with_user(self.agent)
        # routing decisions (other addons log their own, e.g. service levels)
        logs = Log.search(
            [
                ("ticket_id", "=", self.ticket.id),
                ("trigger", "in", ["create", "reroute"]),
            ]
        )
        self.assertEqual(len(logs), 4)  # all but the negated rule
        exported = logs.export_data(["rule_id", "destination", "explanation"])
        self.assertNoSecret(exported)
        self.assertNoSecret(Log.read_group([], ["rule_id"], ["rule_id"]))

    def test_chatter(self):
        bodies = self.ticket.message_ids.mapped("body")
        self.assertTrue(any("Routed to HX team" in body for body in bodies))
        self.assertNoSecret(bodies)

    def test_test_routing_wizard(self):
        Wizard = self.env["helpdesk.routing.ticket.test"]
        action = Wizard.with_user(self.agent).open_for(self.ticket.id)
        lines = Wizard.with_user(self.agent).browse(action["res_id"]).line_ids
        self.assertNoSecret(lines.mapped("explanation"))
        self.assertIn("a hidden tag", "\n".join(lines.mapped("explanation")))
        action = Wizard.with_user(self.manager).open_for(self.ticket.id)
        lines = Wizard.with_user(self.manager).browse(action["res_id"]).line_ids
        self.assertIn(SECRET, "\n".join(lines.mapped("explanation")))

    def test_preview_is_for_managers_and_shows_them_everything(self):
        Preview = self.env["helpdesk.routing.rule.preview"]
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Preview.with_user(self.agent).create({"rule_id": self.rules[0].id})
        preview = Preview.with_user(self.manager).create({"rule_id": self.rules[0].id})
        preview._fill_lines()
        self.assertIn(SECRET, "\n".join(preview.line_ids.mapped("explanation")))

    def test_logs_recorded_before_the_upgrade(self):
        """Logs written as plain text (before references were kept apart)
        are shown in full to managers only."""
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                "UPDATE helpdesk_routing_log SET conditions = %s::jsonb "
                "WHERE ticket_id = %s",
                '[{"family": "customer", "label": "Customer matches", '
                '"held": true, "seen": "Tags = HX secret tag"}]',
                self.ticket.id,
            )
        )
        self.env.invalidate_all()
        logs = self.ticket.routing_log_ids
        self.assertNoSecret(logs.with_user(self.agent).mapped("explanation"))
        self.assertIn(
            SECRET, "\n".join(logs.with_user(self.manager).mapped("explanation"))
        )

    def test_over_json_rpc(self):
        def rpc(model, method, *args, **kwargs):
            return execute_kw(
                self, self.agent, "hsr_hx_agent_pw", model, method, *args, **kwargs
            )

        rows = rpc(
            "helpdesk.routing.log",
            "search_read",
            [
                ("ticket_id", "=", self.ticket.id),
                ("trigger", "in", ["create", "reroute"]),
            ],
            fields=["rule_id", "destination", "explanation", "fault"],
        )
        self.assertEqual(len(rows), 4)
        self.assertNoSecret(rows)
        self.assertIn("a hidden tag", repr(rows))
        with mute_logger("odoo.http"), self.assertRaises(RpcError) as caught:
            rpc(
                "helpdesk.routing.log",
                "search_read",
                [("ticket_id", "=", self.ticket.id)],
                fields=["conditions"],
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        action = rpc("helpdesk.routing.ticket.test", "open_for", self.ticket.id)
        lines = rpc(
            "helpdesk.routing.ticket.test.line",
            "search_read",
            [("wizard_id", "=", action["res_id"])],
            fields=["explanation"],
        )
        self.assertTrue(lines)
        self.assertNoSecret(lines)

    def test_another_companys_list(self):
        """A customer list of another company is named only to the users of
        that company, managers included."""
        company_b = self.env["res.company"].create({"name": "HX company B"})
        manager_b = new_test_user(
            self.env,
            login="hsr_hx_manager_b",
            groups="helpdesk_segments.group_helpdesk_manager",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        list_b = (
            self.env["helpdesk.customer.list"]
            .with_user(manager_b)
            .with_company(company_b)
            .create(
                {
                    "name": "HX list of company B",
                    "domain": "[('name', '=', 'HX customer')]",
                    "sharing": "everyone",
                    "company_id": company_b.id,
                }
            )
        )
        list_b._refresh_members()
        self.assertIn(self.customer, list_b.sudo().member_ids.partner_id)
        self.rules.action_archive()
        self.env["helpdesk.routing.rule"].create(
            {
                "name": "HX list B",
                "partner_domain": repr([("hs_customer_list_ids", "in", list_b.ids)]),
                "team_id": self.team.id,
            }
        )
        ticket = self.env["helpdesk.routing.ticket"].create(
            {"name": "HX B", "partner_id": self.customer.id}
        )
        self.assertEqual(ticket.team_id, self.team)
        for user in (self.agent, self.manager):
            text = ticket.routing_log_ids.with_user(user).explanation
            self.assertNotIn("HX list of company B", text, user.login)
            self.assertIn("a customer list you cannot see", text)
        text = ticket.routing_log_ids.sudo().explanation
        self.assertIn("HX list of company B", text)
