# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..engine.sequence import in_quiet_hours, quiet_end_after
from .common import TUESDAY_10AM, SequenceCase


@tagged("post_install", "-at_install", "hs_sequence")
class TestSequenceRun(SequenceCase):
    def _start(self, partner=None, when=TUESDAY_10AM, seq=None):
        partner = partner or self.customer
        with freeze_time(when):
            if seq:
                seq._hs_enroll(partner)
            else:
                partner.category_id = [Command.link(self.tag.id)]
        return self._enrollments(partner, seq)

    def _run_at(self, when):
        with freeze_time(when):
            return self._run()

    def test_steps_run_in_order_with_their_waits(self):
        enrollment = self._start()
        self._run_at(TUESDAY_10AM)
        self.assertEqual(enrollment.next_date, TUESDAY_10AM + timedelta(days=1))
        self.assertFalse(enrollment.log_ids)
        # not due yet: nothing happens
        self._run_at(TUESDAY_10AM + timedelta(hours=23))
        self.assertFalse(enrollment.log_ids)
        day_later = TUESDAY_10AM + timedelta(days=1)
        self._run_at(day_later)
        self.assertEqual(len(self._done_logs(enrollment)), 1)
        mail = self._done_logs(enrollment).mail_id
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(enrollment.next_date, day_later + timedelta(hours=2))
        self._run_at(day_later + timedelta(hours=2))
        logs = self._done_logs(enrollment)
        self.assertEqual(logs.mapped("kind"), ["activity", "email", "email"])
        self.assertEqual(enrollment.state, "completed")
        activity = self.customer.activity_ids.filtered(
            lambda a: a.summary == "Call the customer"
        )
        self.assertEqual(len(activity), 1)
        self.assertEqual(self.seq.completed_count, 1)
        self.assertEqual(self.seq.step_ids[1].sent_count, 1)
        self.assertEqual(self.seq.step_ids[3].sent_count, 1)
        # nothing more, ever
        self._run_at(day_later + timedelta(days=5))
        self.assertEqual(len(enrollment.log_ids), 3)

    def test_quiet_hours_in_the_customer_time_zone(self):
        self.customer.tz = "Asia/Seoul"  # UTC+9
        enrollment = self._start()
        self._run_at(TUESDAY_10AM)
        # a day later, 10:00 UTC is 19:00 in Seoul: fine
        self._run_at(TUESDAY_10AM + timedelta(days=1))
        self.assertEqual(len(self._done_logs(enrollment)), 1)
        # 2 hours later it is 21:00 in Seoul: quiet until 8:00 Seoul time,
        # 23:00 UTC
        self._run_at(TUESDAY_10AM + timedelta(days=1, hours=2))
        self.assertEqual(len(self._done_logs(enrollment)), 1)
        self.assertEqual(enrollment.next_date, datetime(2026, 3, 11, 23, 0))
        self._run_at(datetime(2026, 3, 11, 23, 0))
        self.assertEqual(len(self._done_logs(enrollment)), 3)

    def test_quiet_hours_helpers(self):
        self.assertTrue(in_quiet_hours(datetime(2026, 1, 1, 22, 0), 21.0, 8.0))
        self.assertTrue(in_quiet_hours(datetime(2026, 1, 1, 7, 59), 21.0, 8.0))
        self.assertFalse(in_quiet_hours(datetime(2026, 1, 1, 8, 0), 21.0, 8.0))
        self.assertTrue(in_quiet_hours(datetime(2026, 1, 1, 13, 0), 12.0, 14.5))
        self.assertFalse(in_quiet_hours(datetime(2026, 1, 1, 13, 0), 9.0, 9.0))
        # 22:00 in New York (UTC-5 in January) -> 8:00 the next day there
        self.assertEqual(
            quiet_end_after(datetime(2026, 1, 2, 3, 0), "America/New_York", 21, 8),
            datetime(2026, 1, 2, 13, 0),
        )

    def test_daily_cap_across_sequences(self):
        burst = self._sequence(
            "Burst",
            steps=[
                {"kind": "email", "template_id": self.template.id},
                {"kind": "email", "template_id": self.template.id},
                {"kind": "email", "template_id": self.template.id},
            ],
        )
        other = self._sequence(
            "Other", steps=[{"kind": "email", "template_id": self.template.id}]
        )
        first = self._start(seq=burst)
        second = self._start(seq=other)
        self._run_at(TUESDAY_10AM)
        # two messages today in all (cap 2), the rest tomorrow at 8:00
        sent = len(self._done_logs(first)) + len(self._done_logs(second))
        self.assertEqual(sent, 2)
        tomorrow_8 = datetime(2026, 3, 11, 8, 0)
        waiting = (first | second).filtered(lambda e: e.state == "active")
        self.assertEqual(set(waiting.mapped("next_date")), {tomorrow_8})
        self._run_at(TUESDAY_10AM + timedelta(hours=5))
        sent = len(self._done_logs(first)) + len(self._done_logs(second))
        self.assertEqual(sent, 2)
        self._run_at(tomorrow_8)
        sent = len(self._done_logs(first)) + len(self._done_logs(second))
        self.assertEqual(sent, 4)
        self.assertEqual({first.state, second.state}, {"completed"})
        # no limit at all
        self.company.hs_sequence_daily_cap = 0
        third = self._start(self.customer_2, seq=burst)
        self._run_at(TUESDAY_10AM)
        self.assertEqual(len(self._done_logs(third)), 3)

    def test_post_and_tag_steps(self):
        ticket = self._ticket()
        seq = self._sequence(
            "Post",
            steps=[
                {"kind": "post", "body": "<p>Any news?</p>"},
                {"kind": "add_tag", "tag_ids": [Command.set(self.other_tag.ids)]},
                {"kind": "remove_tag", "tag_ids": [Command.set(self.tag.ids)]},
            ],
        )
        enrollment = self._start(seq=seq)
        enrollment_tag = self._start()  # the tag also starts self.seq
        self._run_at(TUESDAY_10AM)
        self.assertEqual(enrollment.state, "completed")
        self.assertIn("Any news?", ticket.message_ids[0].body)
        self.assertEqual(self._done_logs(enrollment)[-1:].ticket_id, ticket)
        self.assertIn(self.other_tag, self.customer.category_id)
        self.assertNotIn(self.tag, self.customer.category_id)
        # removing the starting tag of the other sequence stops it, though
        # that one ran in the same batch (its wait started)
        self.assertEqual(enrollment_tag.stop_reason, "tag_lost")
        self.assertEqual(enrollment_tag.state, "stopped")
        # no open ticket: the post is skipped, recorded as such
        self._start(self.customer_2, seq=seq)
        self._run_at(TUESDAY_10AM + timedelta(minutes=1))
        log = self._enrollments(self.customer_2, seq).log_ids.filtered(
            lambda log: log.kind == "post"
        )
        self.assertEqual(log.state, "skipped")

    def test_bad_steps_are_refused(self):
        cases = [
            {"kind": "wait", "wait_amount": 0},
            {"kind": "email"},
            {"kind": "post", "body": "<p><br></p>"},
            {"kind": "activity"},
            {"kind": "add_tag"},
        ]
        for values in cases:
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.seq.write({"step_ids": [Command.create(values)]})
        ticket_template = self.env["mail.template"].create(
            {
                "name": "Ticket template",
                "model_id": self.env["ir.model"]._get_id("helpdesk.routing.ticket"),
            }
        )
        with self.assertRaisesRegex(ValidationError, "template of Contacts"):
            self.seq.write(
                {
                    "step_ids": [
                        Command.create(
                            {"kind": "email", "template_id": ticket_template.id}
                        )
                    ]
                }
            )
        if "sms.sms" not in self.env:
            with self.assertRaisesRegex(ValidationError, "SMS module"):
                self.seq.write(
                    {"step_ids": [Command.create({"kind": "sms", "sms_body": "Hi"})]}
                )
            kinds = self.env["helpdesk.routing.sequence.step"].fields_get(["kind"])
            self.assertNotIn("sms", dict(kinds["kind"]["selection"]))

    def test_sms_step(self):
        if "sms.sms" not in self.env:
            self.skipTest("Odoo's sms is not installed")
        kinds = self.env["helpdesk.routing.sequence.step"].fields_get(["kind"])
        self.assertIn("sms", dict(kinds["kind"]["selection"]))
        with self.assertRaisesRegex(ValidationError, "needs its text"):
            self.seq.write({"step_ids": [Command.create({"kind": "sms"})]})
        seq = self._sequence("SMS", steps=[{"kind": "sms", "sms_body": "See you soon"}])
        self.customer.mobile = "+32 470 12 34 56"
        with_number = self._start(seq=seq)
        without = self._start(self.customer_2, seq=seq)
        self._run_at(TUESDAY_10AM)
        sms = self.env["sms.sms"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(sms.body, "See you soon")
        self.assertEqual(self._done_logs(with_number).kind, "sms")
        self.assertEqual(without.log_ids.state, "skipped")

    def test_running_needs_a_start_and_a_step(self):
        with self.assertRaisesRegex(UserError, "does nothing"):
            self._sequence("Empty", steps=[{"kind": "wait", "wait_amount": 2}])
        seq = self._sequence(
            "No start", run=False, partner_tag_ids=[], ticket_tag_ids=[], list_ids=[]
        )
        with self.assertRaisesRegex(ValidationError, "starts from nothing"):
            seq.action_run()

    def test_template_that_does_not_render_fails_its_step_only(self):
        broken = self.env["mail.template"].create(
            {
                "name": "Broken",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "subject": "{{ object.no_such_field }}",
                "body_html": "<p>Hi</p>",
            }
        )
        seq = self._sequence(
            "Broken",
            steps=[
                {"kind": "email", "template_id": broken.id},
                {"kind": "email", "template_id": self.template.id},
            ],
        )
        enrollment = self._start(seq=seq)
        with mute_logger("odoo.addons.helpdesk_routing_sequence.engine.sequence"):
            self._run_at(TUESDAY_10AM)
        states = enrollment.log_ids.sorted("id").mapped("state")
        self.assertEqual(states, ["failed", "done"])
        self.assertTrue(seq.last_error)
        self.assertEqual(enrollment.state, "completed")
