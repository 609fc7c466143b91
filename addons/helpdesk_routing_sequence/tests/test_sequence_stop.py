# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import TUESDAY_10AM, SequenceCase

DAY_LATER = TUESDAY_10AM + timedelta(days=1, minutes=1)


@tagged("post_install", "-at_install", "hs_sequence")
class TestSequenceStop(SequenceCase):
    """Every way out; each is checked just before a step runs (nothing is
    sent after it) and by the scheduled action's run."""

    def setUp(self):
        super().setUp()
        with freeze_time(TUESDAY_10AM):
            self.customer.category_id = [Command.link(self.tag.id)]
            self.customer_2.category_id = [Command.link(self.tag.id)]
            self._run()  # the first wait starts
        self.enrollment = self._enrollments(self.customer)
        self.other = self._enrollments(self.customer_2)

    def _run_later(self, when=DAY_LATER):
        with freeze_time(when):
            self._run()

    def assertStopped(self, reason):
        self.assertEqual(self.enrollment.state, "stopped")
        self.assertEqual(self.enrollment.stop_reason, reason)
        self.assertFalse(self._done_logs(self.enrollment))
        # the other customer goes on
        self.assertEqual(self.other.state, "active")
        self.assertEqual(len(self._done_logs(self.other)), 1)

    def test_new_ticket_stops(self):
        self._ticket()
        self._run_later()
        self.assertStopped("new_ticket")

    def test_ticket_before_start_does_not_stop(self):
        # a ticket opened before the start is not a new one
        self._ticket(partner_id=self.customer_2.id, name="Old")
        self.other.unlink()
        with freeze_time(TUESDAY_10AM):
            self.customer_2.category_id = [Command.unlink(self.tag.id)]
            self.customer_2.category_id = [Command.link(self.tag.id)]
            self._run()
        self.other = self._enrollments(self.customer_2)
        self._ticket()
        self._run_later()
        self.assertStopped("new_ticket")

    def test_reply_stops_after_a_message(self):
        self._run_later()
        self.assertEqual(len(self._done_logs(self.enrollment)), 1)
        # the customer answers (on their ticket, their record: anywhere)
        self.customer.message_post(
            body="Thanks, I will think about it",
            author_id=self.customer.id,
            message_type="email",
        )
        self._run_later(DAY_LATER + timedelta(hours=3))
        self.assertEqual(self.enrollment.state, "stopped")
        self.assertEqual(self.enrollment.stop_reason, "replied")
        self.assertEqual(len(self._done_logs(self.enrollment)), 1)
        self.assertTrue(self._done_logs(self.enrollment).replied)
        self.assertEqual(self.seq.step_ids[1].replied_count, 1)
        # the other customer got the second email and the activity
        self.assertEqual(self.other.state, "completed")
        self.assertEqual(len(self._done_logs(self.other)), 3)

    def test_reply_ignored_when_not_asked(self):
        self.seq.stop_on_reply = False
        self._run_later()
        self.customer.message_post(
            body="Hello", author_id=self.customer.id, message_type="email"
        )
        self._run_later(DAY_LATER + timedelta(hours=3))
        self.assertEqual(self.enrollment.state, "completed")
        self.assertFalse(self.enrollment.stop_reason)

    def test_event_stops(self):
        order = self.env["helpdesk.routing.event.type"].create(
            {"name": "Placed an order", "code": "seq_order"}
        )
        other = self.env["helpdesk.routing.event.type"].create(
            {"name": "Visited", "code": "seq_visit"}
        )
        self.seq.stop_event_type_ids = [Command.link(order.id)]
        Event = self.env["helpdesk.routing.event"]
        Event.create({"partner_id": self.customer.id, "type_id": other.id})
        Event.create({"partner_id": self.customer_2.id, "type_id": other.id})
        self._run_later()
        self.assertEqual(self.enrollment.state, "active")
        Event.create({"partner_id": self.customer.id, "type_id": order.id})
        self._run_later(DAY_LATER + timedelta(hours=3))
        self.assertEqual(self.enrollment.stop_reason, "event")

    def test_losing_the_tag_stops_at_once(self):
        self.customer.category_id = [Command.unlink(self.tag.id)]
        self.assertStopped_now("tag_lost")

    def assertStopped_now(self, reason):
        self.assertEqual(self.enrollment.state, "stopped")
        self.assertEqual(self.enrollment.stop_reason, reason)
        self.assertEqual(self.other.state, "active")

    def test_losing_the_ticket_tag_stops(self):
        ticket = self._ticket(
            partner_id=self.customer_2.id, tag_ids=[Command.link(self.ticket_tag.id)]
        )
        # customer 2 is already in the sequence (from the customer tag)
        self.assertEqual(len(self._enrollments(self.customer_2)), 1)
        self.other.action_stop()
        ticket.tag_ids = [Command.unlink(self.ticket_tag.id)]
        ticket.tag_ids = [Command.link(self.ticket_tag.id)]
        started = self._enrollments(self.customer_2, state="active")
        self.assertEqual(started.trigger, "ticket_tag")
        ticket.tag_ids = [Command.unlink(self.ticket_tag.id)]
        self.assertEqual(started.state, "stopped")
        self.assertEqual(started.stop_reason, "tag_lost")

    def test_unsubscribed_stops(self):
        self.customer.hs_sequence_opt_out = True
        self._run_later()
        self.assertStopped("unsubscribed")

    def test_blacklisted_stops(self):
        self.env["mail.blacklist"]._add(self.customer.email)
        self._run_later()
        self.assertStopped("blacklisted")

    def test_archiving_the_sequence_stops_everyone(self):
        self.seq.active = False
        both = self.enrollment | self.other
        self.assertEqual(set(both.mapped("state")), {"stopped"})
        self.assertEqual(self.enrollment.stop_reason, "archived")
        self.assertEqual(self.seq.stopped_count, 2)

    def test_back_to_draft_stops_everyone(self):
        self.seq.action_draft()
        self.assertEqual(self.enrollment.stop_reason, "archived")

    def test_manual_stop(self):
        self.enrollment.action_stop()
        self.assertStopped_now("manual")
