# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from ..engine import WorkingTime
from .common import FRIDAY_4PM, SlaCase


@tagged("post_install", "-at_install", "hs_sla")
class TestSlaDeadlines(SlaCase):
    def test_first_match_and_log(self):
        with freeze_time(FRIDAY_4PM):
            vip = self._sla_ticket(self.vip)
            urgent = self._sla_ticket(priority="3")
            other = self._sla_ticket()
        self.assertEqual(vip.sla_policy_id, self.policy_vip)
        self.assertEqual(urgent.sla_policy_id, self.policy_urgent)
        self.assertEqual(other.sla_policy_id, self.policy_standard)
        log = self._sla_logs(vip)
        self.assertEqual(len(log), 1)
        self.assertEqual(log.sla_policy_id, self.policy_vip)
        self.assertIn("first response 1 h", log.destination)
        # explained by the routing log's renderer, for an agent too
        explanation = log.with_user(self.agent).explanation
        self.assertIn("\u2713 Customer matches", explanation)
        self.assertIn("SLA VIP", explanation)
        self.assertEqual(vip.sla_status, "on_track")

    def test_deadlines_across_night_weekend_and_holiday(self):
        with freeze_time(FRIDAY_4PM):
            ticket = self._sla_ticket(self.vip)
        # 1 h on Friday afternoon
        self.assertEqual(ticket.sla_first_response_deadline, datetime(2026, 3, 6, 17))
        # 8 h: 1 h on Friday, the weekend off, 7 h on Monday
        self.assertEqual(ticket.sla_resolution_deadline, datetime(2026, 3, 9, 16))
        self.assertEqual(ticket.sla_deadline, ticket.sla_first_response_deadline)
        # a public holiday on Monday (a calendar leave without resource)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 9, 0, 0),
                "date_to": datetime(2026, 3, 9, 23, 59, 59),
            }
        )
        with freeze_time(FRIDAY_4PM):
            holiday = self._sla_ticket(self.vip)
        self.assertEqual(holiday.sla_resolution_deadline, datetime(2026, 3, 10, 16))
        # overnight: 16:30 + 1 h = 9:30 the next morning
        with freeze_time(datetime(2026, 3, 10, 16, 30)):
            night = self._sla_ticket(self.vip)
        self.assertEqual(
            night.sla_first_response_deadline, datetime(2026, 3, 11, 9, 30)
        )

    def test_company_calendar_when_team_has_none(self):
        self.team_a.hs_sla_calendar_id = False
        with freeze_time(FRIDAY_4PM):
            ticket = self._sla_ticket(self.vip)
        self.assertTrue(ticket.sla_first_response_deadline)
        self.assertGreater(ticket.sla_first_response_deadline, FRIDAY_4PM)

    def test_customer_time_zone(self):
        self.policy_vip.use_customer_tz = True
        # 9-17 in Tokyo (UTC+9) is 0:00-8:00 UTC: at Friday 16:00 UTC it is
        # already Saturday 1:00 there
        self.vip.tz = "Asia/Tokyo"
        with freeze_time(FRIDAY_4PM):
            ticket = self._sla_ticket(self.vip)
        # Monday 9:00 Tokyo + 1 h = Monday 1:00 UTC
        self.assertEqual(ticket.sla_first_response_deadline, datetime(2026, 3, 9, 1))

    def test_pause_moves_the_deadline(self):
        with freeze_time(datetime(2026, 3, 9, 9, 0)):  # Monday 9:00
            ticket = self._sla_ticket()
        self.assertEqual(ticket.sla_first_response_deadline, datetime(2026, 3, 9, 17))
        with freeze_time(datetime(2026, 3, 9, 10, 0)):
            ticket.stage_id = self.stage_waiting
        self.assertEqual(ticket.sla_paused_since, datetime(2026, 3, 9, 10))
        # paused past the deadline: not breached
        with freeze_time(datetime(2026, 3, 9, 18, 0)):
            self.env["helpdesk.routing.ticket"]._cron_hs_sla_escalate()
            self.assertEqual(ticket.sla_status, "on_track")
        # back to work on Tuesday 12:00: 10 working hours of pause (Monday
        # 10-17, Tuesday 9-12)
        with freeze_time(datetime(2026, 3, 10, 12, 0)):
            ticket.stage_id = self.stage_progress
        self.assertFalse(ticket.sla_paused_since)
        self.assertAlmostEqual(ticket.sla_paused_hours, 10.0)
        # 1 h used before the pause, 7 h left from Tuesday 12:00
        self.assertEqual(ticket.sla_first_response_deadline, datetime(2026, 3, 11, 11))
        self.assertEqual(ticket.sla_status, "on_track")
        with freeze_time(datetime(2026, 3, 11, 9, 30)):
            self.env["helpdesk.routing.ticket"]._cron_hs_sla_escalate()
            self.assertEqual(ticket.sla_status, "at_risk")

    def test_first_public_reply_stops_the_clock(self):
        with freeze_time(FRIDAY_4PM):
            ticket = self._sla_ticket(self.vip)
        with freeze_time(datetime(2026, 3, 6, 16, 20)):
            # an internal note is not an answer
            ticket.with_user(self.agent).message_post(
                body="Looking into it", subtype_xmlid="mail.mt_note"
            )
            self.assertFalse(ticket.sla_first_response_date)
            ticket.with_user(self.agent).message_post(
                body="Hello, we are on it",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(ticket.sla_first_response_date, datetime(2026, 3, 6, 16, 20))
        self.assertEqual(ticket.sla_first_response_result, "met")
        # the nearest open deadline is now the resolution's
        self.assertEqual(ticket.sla_deadline, ticket.sla_resolution_deadline)
        with freeze_time(datetime(2026, 3, 9, 10, 0)):
            ticket.stage_id = self.stage_solved
        self.assertEqual(ticket.sla_resolution_result, "met")
        self.assertEqual(ticket.sla_status, "met")

    def test_customer_message_starts_next_response(self):
        with freeze_time(datetime(2026, 3, 9, 9, 0)):
            ticket = self._sla_ticket()
            ticket.with_user(self.agent).message_post(
                body="Hi", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        with freeze_time(datetime(2026, 3, 9, 11, 0)):
            ticket.message_post(
                body="Any news?",
                author_id=self.customer.id,
                message_type="email",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(ticket.sla_next_response_deadline, datetime(2026, 3, 9, 15))
        self.assertEqual(ticket.sla_deadline, ticket.sla_next_response_deadline)
        with freeze_time(datetime(2026, 3, 9, 16, 0)):
            ticket.with_user(self.agent).message_post(
                body="Sorry for the wait",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertTrue(ticket.sla_next_response_breached)
        self.assertEqual(ticket.sla_status, "breached")

    def test_policy_follows_the_customer_and_the_priority(self):
        with freeze_time(FRIDAY_4PM):
            ticket = self._sla_ticket()
            other = self._sla_ticket(self.customer_2)
        self.assertEqual(ticket.sla_policy_id, self.policy_standard)
        with freeze_time(datetime(2026, 3, 6, 16, 10)):
            # the customer is upgraded
            self.customer.hs_customer_group_id = self.vip_group
        self.assertEqual(ticket.sla_policy_id, self.policy_vip)
        self.assertEqual(ticket.sla_first_response_deadline, datetime(2026, 3, 6, 17))
        change = self._sla_logs(ticket, "sla_change")
        self.assertEqual(change.sla_policy_id, self.policy_vip)
        # the priority is raised
        with freeze_time(datetime(2026, 3, 6, 16, 20)):
            other.priority = "3"
        self.assertEqual(other.sla_policy_id, self.policy_urgent)
        self.assertEqual(other.sla_first_response_deadline, datetime(2026, 3, 9, 10))
        self.assertEqual(len(self._sla_logs(other, "sla_change")), 1)
        # a write that changes nothing of the policy logs nothing
        other.name = "Renamed"
        self.assertEqual(len(self._sla_logs(other, "sla_change")), 1)

    def test_no_policy(self):
        (self.policy_urgent | self.policy_standard).action_archive()
        ticket = self._sla_ticket()
        self.assertFalse(ticket.sla_policy_id)
        self.assertFalse(ticket.sla_status)
        self.assertFalse(self._sla_logs(ticket))

    def test_working_time_reads_the_calendar_once_per_window(self):
        # tickets met one by one further back in time (the install hook goes
        # through old tickets) do not read the calendar again each time
        wt = WorkingTime(self.calendar)
        reads = []
        original = type(self.calendar)._work_intervals_batch

        def counting(calendar, *args, **kwargs):
            reads.append(args[:2])
            return original(calendar, *args, **kwargs)

        with patch.object(type(self.calendar), "_work_intervals_batch", counting):
            for hours_back in range(200):
                start = FRIDAY_4PM - timedelta(hours=hours_back)
                self.assertTrue(wt.add(start, 8))
        self.assertLessEqual(len(reads), 3)
        # the same deadlines as a fresh reading
        for hours_back in (0, 37, 199):
            start = FRIDAY_4PM - timedelta(hours=hours_back)
            self.assertEqual(wt.add(start, 8), WorkingTime(self.calendar).add(start, 8))
