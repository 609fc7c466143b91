# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import FRIDAY_4PM, SlaCase


@tagged("post_install", "-at_install", "hs_sla")
class TestSlaEscalation(SlaCase):
    def test_escalation_at_risk_runs_once(self):
        self.env = self.env(context=dict(self.env.context, tracking_disable=False))
        with freeze_time(FRIDAY_4PM):
            ticket = self._sla_ticket(self.vip).with_env(self.env)
            ticket.message_subscribe(partner_ids=self.agent_2.partner_id.ids)
        self.assertEqual(ticket.sla_status, "on_track")
        # 45 min of the hour elapsed: at risk, escalated
        with freeze_time(datetime(2026, 3, 6, 16, 46)):
            claimed = self.Ticket._cron_hs_sla_escalate()
        self.assertEqual(claimed, ticket.ids)
        self.assertEqual(ticket.sla_status, "at_risk")
        self.assertTrue(ticket.sla_escalated)
        self.assertEqual(ticket.priority, "3")
        escalation = self._sla_logs(ticket, "escalation")
        self.assertEqual(len(escalation), 1)
        self.assertIn("priority raised to Urgent", escalation.destination)
        self.assertIn("notified", escalation.destination)
        self.assertIn("Service level is At risk", escalation.explanation)
        note = ticket.message_ids.filtered(
            lambda m: "deadline" in (m.body or "") and m.subtype_id.internal
        )
        self.assertEqual(len(note), 1)
        # the team leader and the internal follower, never the customer
        self.assertIn(self.manager.partner_id, note.partner_ids)
        self.assertIn(self.agent_2.partner_id, note.partner_ids)
        self.assertNotIn(self.vip, note.partner_ids)
        activity = ticket.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, ticket.user_id or self.manager)
        # breached later: no second escalation
        with freeze_time(datetime(2026, 3, 6, 17, 30)):
            self.assertFalse(self.Ticket._cron_hs_sla_escalate())
        self.assertEqual(ticket.sla_status, "breached")
        self.assertEqual(len(self._sla_logs(ticket, "escalation")), 1)

    def test_escalation_when_breached_reroutes(self):
        with freeze_time(datetime(2026, 3, 9, 9, 0)):
            ticket = self._sla_ticket()
        # at risk (6 of the 8 hours): the standard policy waits for a breach
        with freeze_time(datetime(2026, 3, 9, 15, 30)):
            self.assertFalse(self.Ticket._cron_hs_sla_escalate())
        self.assertEqual(ticket.sla_status, "at_risk")
        self.assertEqual(ticket.team_id, self.team_a)
        with freeze_time(datetime(2026, 3, 9, 17, 1)):
            self.assertEqual(self.Ticket._cron_hs_sla_escalate(), ticket.ids)
        self.assertEqual(ticket.sla_status, "breached")
        self.assertEqual(ticket.sla_first_response_result, "breached")
        self.assertEqual(ticket.team_id, self.team_b)
        self.assertIn(
            "re-routed to Test Team B",
            self._sla_logs(ticket, "escalation").destination,
        )

    def test_no_escalation_for_closed_or_paused_or_never(self):
        with freeze_time(datetime(2026, 3, 9, 9, 0)):
            closed = self._sla_ticket()
            paused = self._sla_ticket()
            never = self._sla_ticket(priority="3")
            closed.stage_id = self.stage_solved
            paused.stage_id = self.stage_waiting
        self.assertEqual(never.sla_policy_id.escalate_on, "none")
        with freeze_time(datetime(2026, 3, 20, 12, 0)):
            self.assertFalse(self.Ticket._cron_hs_sla_escalate())
        self.assertEqual(closed.sla_status, "met")
        self.assertEqual(paused.sla_status, "on_track")
        self.assertEqual(never.sla_status, "breached")
        self.assertFalse((closed | paused | never).mapped("sla_escalated")[0])

    def test_batches_report_progress(self):
        with freeze_time(datetime(2026, 3, 9, 9, 0)):
            tickets = self.Ticket.create(
                [
                    {
                        "name": f"Batch {i}",
                        "partner_id": self.customer.id,
                        "team_id": self.team_a.id,
                    }
                    for i in range(5)
                ]
            )
        self.policy_standard.escalate_team_id = False
        cron = self.env.ref("helpdesk_routing_sla.helpdesk_routing_sla_cron_escalate")
        cron, progress = cron._add_progress()
        Ticket = self.Ticket.with_env(cron.env)
        with freeze_time(datetime(2026, 3, 10, 9, 0)):
            first = Ticket._cron_hs_sla_escalate(batch_size=2)
            self.assertEqual(len(first), 2)
            self.assertEqual(progress.done, 2 + 5)
            self.assertEqual(progress.remaining, 3)
            second = Ticket._cron_hs_sla_escalate(batch_size=2)
            third = Ticket._cron_hs_sla_escalate(batch_size=2)
            self.assertEqual(progress.remaining, 0)
        self.assertEqual(sorted(first + second + third), sorted(tickets.ids))
        for ticket in tickets:
            self.assertEqual(len(self._sla_logs(ticket, "escalation")), 1)
