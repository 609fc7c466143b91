# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import FRIDAY_4PM, SlaCase


@tagged("post_install", "-at_install", "hs_sla")
class TestSlaReport(SlaCase):
    def test_share_of_targets_met(self):
        members = self.env["helpdesk.customer.list"].create(
            {"name": "SLA report list", "domain": repr([("id", "=", self.vip.id)])}
        )
        members.action_refresh()
        with freeze_time(FRIDAY_4PM):
            fast = self._sla_ticket(self.vip, channel_id=self.channel_email.id)
            slow = self._sla_ticket(self.vip)
            other = self._sla_ticket()
        with freeze_time(datetime(2026, 3, 6, 16, 30)):
            # answered within the hour, solved on Monday within the 8 hours
            fast.with_user(self.agent).message_post(
                body="On it", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        with freeze_time(datetime(2026, 3, 9, 10, 0)):
            fast.stage_id = self.stage_solved
            other.stage_id = self.stage_solved
        with freeze_time(datetime(2026, 3, 10, 10, 0)):
            # the hour passed long ago: first response and resolution missed
            self.Ticket._cron_hs_sla_escalate()
        self.assertEqual(slow.sla_status, "breached")
        self.env.flush_all()
        Report = self.env["helpdesk.routing.sla.report"].with_user(self.manager)
        primary = [
            ("is_primary", "=", True),
            ("ticket_id", "in", (fast | slow | other).ids),
        ]
        by_policy = dict(
            Report._read_group(primary, ["sla_policy_id"], ["met_rate:avg"])
        )
        # VIP: 2 targets met (fast), 2 missed (slow)
        self.assertAlmostEqual(by_policy[self.policy_vip], 50.0)
        self.assertAlmostEqual(by_policy[self.policy_standard], 100.0)
        by_target = dict(
            Report._read_group(
                primary + [("sla_policy_id", "=", self.policy_vip.id)],
                ["target"],
                ["__count"],
            )
        )
        self.assertEqual(by_target, {"first_response": 2, "resolution": 2})
        by_channel = dict(Report._read_group(primary, ["channel_id"], ["met_rate:avg"]))
        self.assertAlmostEqual(by_channel[self.channel_email], 100.0)
        by_list = dict(
            Report._read_group(
                [("ticket_id", "in", (fast | slow).ids)],
                ["customer_list_id"],
                ["met_rate:avg"],
            )
        )
        self.assertAlmostEqual(by_list[members], 50.0)
        # the views load
        for view_type in ("pivot", "graph", "search"):
            Report.get_views([(False, view_type)])

    def test_next_response_targets(self):
        def exchange(ticket, answer_at):
            ticket.with_user(self.agent).message_post(
                body="Hi", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
            with freeze_time(datetime(2026, 3, 9, 10, 0)):
                ticket.message_post(
                    body="Any news?",
                    author_id=self.customer.id,
                    message_type="email",
                    subtype_xmlid="mail.mt_comment",
                )
            with freeze_time(answer_at):
                ticket.with_user(self.agent).message_post(
                    body="Here", message_type="comment", subtype_xmlid="mail.mt_comment"
                )

        with freeze_time(datetime(2026, 3, 9, 9, 0)):
            on_time = self._sla_ticket()
            late = self._sla_ticket()
            unanswered = self._sla_ticket()
            quiet = self._sla_ticket()
            exchange(on_time, datetime(2026, 3, 9, 12, 0))
            exchange(late, datetime(2026, 3, 9, 15, 0))
            exchange(unanswered, datetime(2026, 3, 9, 10, 30))
        # the customer writes again and nobody answers within 4 h
        with freeze_time(datetime(2026, 3, 9, 11, 0)):
            unanswered.message_post(
                body="Hello?",
                author_id=self.customer.id,
                message_type="email",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(on_time.sla_next_response_result, "met")
        self.assertEqual(late.sla_next_response_result, "breached")
        self.assertFalse(quiet.sla_next_response_result)
        with freeze_time(datetime(2026, 3, 9, 15, 30)):
            self.Ticket._cron_hs_sla_escalate()
        self.assertEqual(unanswered.sla_next_response_result, "breached")
        self.assertEqual(unanswered.sla_status, "breached")
        self.env.flush_all()
        Report = self.env["helpdesk.routing.sla.report"].with_user(self.manager)
        rows = Report.search_read(
            [
                ("ticket_id", "in", (on_time | late | unanswered | quiet).ids),
                ("target", "=", "next_response"),
            ],
            ["ticket_id", "result"],
        )
        self.assertEqual(
            {row["ticket_id"][0]: row["result"] for row in rows},
            {on_time.id: "met", late.id: "breached", unanswered.id: "breached"},
        )
        # the target's filter loads
        Report.get_views([(False, "search")])
