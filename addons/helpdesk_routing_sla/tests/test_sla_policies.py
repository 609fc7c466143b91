# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import FRIDAY_4PM, SlaCase


@tagged("post_install", "-at_install", "hs_sla")
class TestSlaPolicies(SlaCase):
    def test_broken_policy_does_not_stop_intake(self):
        # a customer filter naming a field that no longer exists (written
        # past the checks, as a deleted customer field leaves it)
        self.env.cr.execute(
            "UPDATE helpdesk_routing_sla_policy SET partner_domain = %s WHERE id = %s",
            ("[('x_no_such_field', '=', 1)]", self.policy_vip.id),
        )
        self.policy_vip.invalidate_recordset(["partner_domain"])
        with (
            freeze_time(FRIDAY_4PM),
            mute_logger(
                "odoo.addons.helpdesk_routing_sla.models.helpdesk_routing_sla_policy",
                "odoo.addons.helpdesk_routing.engine.evaluator",
            ),
        ):
            ticket = self.Ticket.with_user(self.agent).create(
                {
                    "name": "Broken policy",
                    "partner_id": self.vip.id,
                    "team_id": self.team_a.id,
                }
            )
        # the next matching policy applies; the broken one is flagged
        self.assertEqual(ticket.sla_policy_id, self.policy_standard)
        self.assertEqual(self.policy_vip.state, "error")
        self.assertIn("x_no_such_field", self.policy_vip.error_message)
        skipped = self._sla_logs(ticket).filtered("fault")
        self.assertEqual(skipped.sla_policy_id, self.policy_vip)
        self.assertIn("Skipped", skipped.with_user(self.agent).explanation)
        # skipped from now on, without a new entry
        ticket_2 = self._sla_ticket(self.vip)
        self.assertEqual(ticket_2.sla_policy_id, self.policy_standard)
        self.assertFalse(self._sla_logs(ticket_2).filtered("fault"))
        # fixed by a manager: in use again
        self.policy_vip.with_user(self.manager).write(
            {"partner_domain": repr([("hs_customer_group_id", "=", self.vip_group.id)])}
        )
        self.assertEqual(self.policy_vip.state, "ok")
        self.assertEqual(self._sla_ticket(self.vip).sla_policy_id, self.policy_vip)

    def test_broken_policy_tells_the_manager_once(self):
        # the manager last edited the policy: they are told
        self.policy_vip.with_user(self.manager).write({"resolution_hours": 9})
        self.env.cr.execute(
            "UPDATE helpdesk_routing_sla_policy SET partner_domain = %s WHERE id = %s",
            ("[('x_no_such_field', '=', 1)]", self.policy_vip.id),
        )
        self.policy_vip.invalidate_recordset(["partner_domain"])
        warning = self.env.ref("mail.mail_activity_data_warning")
        with mute_logger(
            "odoo.addons.helpdesk_routing_sla.models.helpdesk_routing_sla_policy",
            "odoo.addons.helpdesk_routing.engine.evaluator",
        ):
            self.Ticket.with_user(self.agent).create(
                [{"name": f"Broken {i}", "partner_id": self.vip.id} for i in range(3)]
            )
            self._sla_ticket(self.vip)
        activities = self.policy_vip.activity_ids
        # one activity for the fault, not one per ticket
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.activity_type_id, warning)
        self.assertEqual(activities.user_id, self.manager)
        self.assertIn("x_no_such_field", str(activities.note))
        # fixed: the to-do is done
        self.policy_vip.with_user(self.manager).write(
            {"partner_domain": repr([("hs_customer_group_id", "=", self.vip_group.id)])}
        )
        self.assertFalse(self.policy_vip.activity_ids)

    def test_access(self):
        policy = self.policy_vip.with_user(self.agent)
        # agents see the policies and their tickets' service level
        self.assertEqual(policy.name, "VIP")
        ticket = self._sla_ticket(self.vip).with_user(self.agent)
        self.assertEqual(ticket.sla_status, "on_track")
        self.assertEqual(ticket.sla_policy_id.name, "VIP")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            policy.write({"first_response_hours": 100})
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.Policy.with_user(self.agent).create({"name": "Mine"})
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["helpdesk.routing.sla.report"].with_user(self.agent).search([])
        # nobody sets a ticket's service level by hand
        for user in (self.agent, self.manager):
            with self.assertRaises(AccessError):
                ticket.with_user(user).write({"sla_status": "met"})
        # managers edit
        self.policy_vip.with_user(self.manager).write({"first_response_hours": 2})
        new = self.Policy.with_user(self.manager).create(
            {"name": "Manager's", "first_response_hours": 3}
        )
        self.assertTrue(new.exists())
        new.with_user(self.manager).unlink()

    def test_bad_input(self):
        Policy = self.Policy.with_user(self.manager)
        with self.assertRaises(ValidationError):
            Policy.create({"name": "Negative", "first_response_hours": -1})
        with self.assertRaises(ValidationError):
            Policy.create({"name": "Share", "at_risk_percent": 150})
        with self.assertRaises(ValidationError):
            Policy.create({"name": "Filter", "partner_domain": "[('nope', '=', 1)]"})
        with self.assertRaises(ValidationError):
            Policy.create(
                {"name": "Code", "ticket_domain": "__import__('os').system('true')"}
            )
        with self.assertRaises(ValidationError):
            Policy.create({"name": "Type", "first_response_hours": "soon"})
        with self.assertRaises(ValidationError):
            Policy.create({"name": "Priority", "priority_min": "9"})

    def test_ticket_conditions(self):
        channel = self.channel_email
        tag = self.env["helpdesk.routing.tag"].create({"name": "SLA tag"})
        by_team = self.Policy.create(
            {
                "name": "Team B channel email tagged",
                "sequence": 0,
                "team_ids": [(6, 0, self.team_b.ids)],
                "channel_ids": [(6, 0, channel.ids)],
                "tag_ids": [(6, 0, tag.ids)],
                "ticket_domain": repr([("name", "ilike", "printer")]),
                "first_response_hours": 5,
            }
        )
        values = {
            "name": "Printer on fire",
            "team_id": self.team_b.id,
            "channel_id": channel.id,
            "tag_ids": [(6, 0, tag.ids)],
        }
        self.assertEqual(self._sla_ticket(**values).sla_policy_id, by_team)
        for change in (
            {"team_id": self.team_a.id},
            {"channel_id": False},
            {"tag_ids": []},
            {"name": "Scanner"},
        ):
            ticket = self._sla_ticket(**dict(values, **change))
            self.assertEqual(ticket.sla_policy_id, self.policy_standard, change)
        by_team.match = "any"
        self.assertEqual(
            self._sla_ticket(name="printer", team_id=self.team_a.id).sla_policy_id,
            by_team,
        )

    def test_routing_rules_read_the_sla_status(self):
        rule = self.env["helpdesk.routing.rule"].create(
            {
                "name": "Breached to team B",
                "sequence": 0,
                "reroute": True,
                "ticket_domain": repr([("sla_status", "=", "breached")]),
                "team_id": self.team_b.id,
            }
        )
        self.assertEqual(rule.state, "ok")
        self.policy_standard.escalate_on = "none"
        with freeze_time(FRIDAY_4PM):
            ticket = self._sla_ticket()
        self.assertEqual(ticket.team_id, self.team_a)
        # the first response (8 h) is missed on Monday 16:00
        with freeze_time("2026-03-09 16:30:00"):
            self.Ticket._cron_hs_sla_escalate()
        self.assertEqual(ticket.sla_status, "breached")
        self.assertEqual(ticket.sla_first_response_result, "breached")
        self.assertEqual(ticket.team_id, self.team_b)

    def test_policy_follows_customer_list_membership(self):
        vip_list = self.env["helpdesk.customer.list"].create(
            {
                "name": "SLA list",
                "domain": repr([("email", "=like", "%@vip.example.com")]),
            }
        )
        vip_list.action_refresh()
        by_list = self.Policy.create(
            {
                "name": "List members",
                "sequence": 0,
                "partner_domain": repr([("hs_customer_list_ids", "in", vip_list.ids)]),
                "first_response_hours": 3,
            }
        )
        with freeze_time(FRIDAY_4PM):
            ticket = self._sla_ticket()
        self.assertEqual(ticket.sla_policy_id, self.policy_standard)
        # the customer enters the list at its next refresh
        self.customer.email = "alice@vip.example.com"
        self.assertEqual(ticket.sla_policy_id, self.policy_standard)
        vip_list.action_refresh()
        self.assertIn(self.customer, vip_list.member_ids.partner_id)
        self.assertEqual(ticket.sla_policy_id, by_list)
        self.assertEqual(self._sla_logs(ticket, "sla_change").sla_policy_id, by_list)

    def test_views_load_for_each_role(self):
        ticket_fields = {"sla_status", "sla_deadline", "sla_policy_id"}
        for user in (self.agent, self.manager):
            Ticket = self.Ticket.with_user(user)
            for view_type in ("form", "list", "kanban", "search"):
                arch = Ticket.get_views([(False, view_type)])["views"][view_type]
                if view_type != "search":
                    self.assertTrue(
                        any(name in arch["arch"] for name in ticket_fields),
                        view_type,
                    )
            for view_type in ("form", "list", "search"):
                self.Policy.with_user(user).get_views([(False, view_type)])
        team_form = self.Team.with_user(self.manager).get_views([(False, "form")])
        self.assertIn("hs_sla_calendar_id", team_form["views"]["form"]["arch"])
        stages = self.env["helpdesk.routing.stage"].with_user(self.manager)
        stage_form = stages.get_views([(False, "form")])
        self.assertIn("hs_sla_pause", stage_form["views"]["form"]["arch"])
