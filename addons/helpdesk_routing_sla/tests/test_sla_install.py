# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.helpdesk_routing_sla import post_init_hook

from .common import FRIDAY_4PM, SlaCase

MONDAY_9AM = datetime(2026, 3, 9, 9, 0)
MONDAY_10AM = datetime(2026, 3, 9, 10, 0)


@tagged("post_install", "-at_install", "hs_sla")
class TestSlaInstall(SlaCase):
    """Tickets filed before the addon was installed (created here without
    service levels, context ``hs_no_sla``, then dated back) get theirs from
    the install hook, from their history."""

    def _old_ticket(self, created, partner=None, **values):
        ticket = self.Ticket.with_context(hs_no_sla=True).create(
            dict(
                {
                    "name": "Filed before the install",
                    "partner_id": (partner or self.customer).id,
                    "team_id": self.team_a.id,
                },
                **values,
            )
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_routing_ticket SET create_date = %s WHERE id = %s",
            (created, ticket.id),
        )
        ticket.invalidate_recordset()
        return ticket

    def _reply(self, ticket, when, customer=False):
        with freeze_time(when):
            if customer:
                ticket.message_post(
                    body="Any news?",
                    author_id=ticket.partner_id.id,
                    message_type="email",
                    subtype_xmlid="mail.mt_comment",
                )
            else:
                ticket.with_user(self.agent).message_post(
                    body="On it",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )

    def test_install_hook_gives_old_tickets_their_service_level(self):
        answered = self._old_ticket(FRIDAY_4PM, self.vip)
        self._reply(answered, datetime(2026, 3, 6, 16, 30))
        fresh = self._old_ticket(MONDAY_9AM)
        late = self._old_ticket(datetime(2026, 3, 2, 9, 0))
        waiting = self._old_ticket(MONDAY_9AM, stage_id=self.stage_waiting.id)
        asking = self._old_ticket(MONDAY_9AM)
        self._reply(asking, datetime(2026, 3, 9, 9, 10))
        self._reply(asking, datetime(2026, 3, 9, 9, 20), customer=True)
        closed = self._old_ticket(MONDAY_9AM, stage_id=self.stage_solved.id)
        old = answered | fresh | late | waiting | asking | closed
        self.assertFalse(old.filtered("sla_policy_id"))
        with freeze_time(MONDAY_10AM):
            done = self.Ticket._hs_sla_backfill(batch_size=2)
        # (and any other open ticket of the database without one)
        self.assertGreaterEqual(done, 5)
        # the clock started when the ticket was filed; the first reply found
        self.assertEqual(answered.sla_policy_id, self.policy_vip)
        self.assertEqual(answered.sla_start_date, FRIDAY_4PM)
        self.assertEqual(answered.sla_first_response_date, datetime(2026, 3, 6, 16, 30))
        self.assertEqual(answered.sla_first_response_result, "met")
        self.assertEqual(answered.sla_resolution_deadline, datetime(2026, 3, 9, 16))
        self.assertEqual(answered.sla_status, "on_track")
        log = self._sla_logs(answered)
        self.assertEqual(log.trigger, "sla")
        self.assertEqual(log.sla_policy_id, self.policy_vip)
        # as for a ticket filed now
        self.assertEqual(fresh.sla_policy_id, self.policy_standard)
        self.assertEqual(fresh.sla_first_response_deadline, datetime(2026, 3, 9, 17))
        self.assertEqual(fresh.sla_status, "on_track")
        self.assertFalse(fresh.sla_escalated)
        # late before any policy existed: breached, not escalated at once
        self.assertEqual(late.sla_status, "breached")
        self.assertEqual(late.sla_first_response_result, "breached")
        self.assertTrue(late.sla_escalated)
        # waiting for the customer: the clock stands from now
        self.assertEqual(waiting.sla_paused_since, MONDAY_10AM)
        # the customer's message after the agent's reply waits for an answer
        self.assertEqual(asking.sla_first_response_date, datetime(2026, 3, 9, 9, 10))
        self.assertEqual(asking.sla_next_response_start, datetime(2026, 3, 9, 9, 20))
        self.assertEqual(
            asking.sla_next_response_deadline, datetime(2026, 3, 9, 13, 20)
        )
        # closed tickets keep no service level
        self.assertFalse(closed.sla_policy_id)
        self.assertFalse(closed.sla_start_date)
        # the scheduled pass escalates none of the late ones
        with freeze_time(datetime(2026, 3, 9, 10, 5)):
            claimed = self.Ticket._cron_hs_sla_escalate()
        self.assertNotIn(late.id, claimed)
        self.assertFalse(self._sla_logs(late, "escalation"))
        # the hook itself, once more: nothing left to do
        with freeze_time(MONDAY_10AM):
            post_init_hook(self.env)
        self.assertEqual(len(self._sla_logs(answered)), 1)

    def test_install_hook_without_policies(self):
        self.Policy.search([]).action_archive()
        ticket = self._old_ticket(MONDAY_9AM)
        with freeze_time(MONDAY_10AM):
            self.assertGreaterEqual(self.Ticket._hs_sla_backfill(), 1)
        # the clock is set: a policy created later applies on the next
        # change, as for tickets filed while no policy matched
        self.assertEqual(ticket.sla_start_date, MONDAY_9AM)
        self.assertFalse(ticket.sla_policy_id)
