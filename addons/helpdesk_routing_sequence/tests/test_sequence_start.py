# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time
from psycopg2.errors import UniqueViolation

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import TUESDAY_10AM, SequenceCase


@tagged("post_install", "-at_install", "hs_sequence")
class TestSequenceStart(SequenceCase):
    def test_customer_tag_added_starts(self):
        with freeze_time(TUESDAY_10AM):
            self.customer.category_id = [Command.link(self.tag.id)]
        enrollment = self._enrollments(self.customer)
        self.assertEqual(len(enrollment), 1)
        self.assertEqual(enrollment.state, "active")
        self.assertEqual(enrollment.trigger, "partner_tag")
        self.assertEqual(enrollment.next_date, TUESDAY_10AM)
        # writing the tags again (the tag is still there) starts nothing new
        self.customer.write({"category_id": [Command.link(self.other_tag.id)]})
        self.assertEqual(len(self._enrollments(self.customer)), 1)

    def test_customer_created_with_the_tag_starts(self):
        partner = self.env["res.partner"].create(
            {"name": "New one", "category_id": [Command.set(self.tag.ids)]}
        )
        self.assertEqual(len(self._enrollments(partner)), 1)

    def test_other_tag_starts_nothing(self):
        self.customer.category_id = [Command.link(self.other_tag.id)]
        self.assertFalse(self._enrollments(self.customer))

    def test_ticket_tag_starts_for_the_ticket_customer(self):
        ticket = self._ticket(tag_ids=[Command.link(self.ticket_tag.id)])
        enrollment = self._enrollments(self.customer)
        self.assertEqual(enrollment.trigger, "ticket_tag")
        self.assertEqual(enrollment.ticket_id, ticket)
        # a ticket of the other customer tagged later
        ticket_2 = self._ticket(partner_id=self.customer_2.id)
        self.assertFalse(self._enrollments(self.customer_2))
        ticket_2.tag_ids = [Command.link(self.ticket_tag.id)]
        self.assertEqual(self._enrollments(self.customer_2).ticket_id, ticket_2)

    def test_list_join_starts_at_the_run(self):
        member = self.env["res.partner"].create(
            {"name": "Seq list member", "tz": "UTC"}
        )
        self.seq_list._refresh_members()
        self.assertFalse(self._enrollments(member))
        self._run()
        enrollment = self._enrollments(member)
        self.assertEqual(enrollment.trigger, "list")
        # the same joining starts nobody twice, even once completed
        enrollment.action_stop()
        self._run()
        self.assertEqual(len(self._enrollments(member)), 1)

    def test_one_active_enrollment_per_customer(self):
        self.customer.category_id = [Command.link(self.tag.id)]
        self._ticket(tag_ids=[Command.link(self.ticket_tag.id)])
        self.seq._hs_enroll(self.customer)
        self.assertEqual(len(self._enrollments(self.customer)), 1)
        # the database says the same
        with (
            self.assertRaises(UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            self.env.cr.execute(
                "INSERT INTO helpdesk_routing_sequence_enrollment "
                "(sequence_id, partner_id, state, step_index) "
                "VALUES (%s, %s, 'active', 0)",
                (self.seq.id, self.customer.id),
            )
        # once it ended, the customer may start again
        self._enrollments(self.customer).action_stop()
        self.customer.category_id = [Command.unlink(self.tag.id)]
        self.customer.category_id = [Command.link(self.tag.id)]
        self.assertEqual(len(self._enrollments(self.customer)), 2)

    def test_draft_and_archived_sequences_start_nobody(self):
        draft = self._sequence("Draft", run=False)
        archived = self._sequence("Archived")
        archived.active = False
        self.customer.category_id = [Command.link(self.tag.id)]
        self.assertFalse(self._enrollments(self.customer, draft))
        self.assertFalse(self._enrollments(self.customer, archived))
        self.assertTrue(self._enrollments(self.customer))

    def test_preview_and_run_start_the_current_matches(self):
        self.customer.category_id = [Command.link(self.tag.id)]
        self.customer_2.category_id = [Command.link(self.tag.id)]
        draft = self._sequence("Later", run=False)
        preview = draft.action_preview()
        self.assertEqual(
            set(self.env["res.partner"].search(preview["domain"]).ids),
            {self.customer.id, self.customer_2.id},
        )
        self.assertFalse(draft.enrollment_ids)
        draft.action_run()
        self.assertEqual(
            set(draft.enrollment_ids.partner_id.ids),
            {self.customer.id, self.customer_2.id},
        )
        self.assertEqual(draft.active_count, 2)
        # in the sequence now: nobody left to start
        self.assertFalse(
            self.env["res.partner"].search(draft.action_preview()["domain"])
        )

    def _tag_write_queries(self, count, tag=None):
        partners = self.env["res.partner"].create(
            [{"name": f"Batch {count} {i}"} for i in range(count)]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        partners.write({"category_id": [Command.link((tag or self.tag).id)]})
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_tag_write_on_many_partners_is_batched(self):
        # before/after of the starting tags and one INSERT of the
        # enrollments: what the sequences add to a tag write is the same
        # for 3 customers as for 40 (Odoo's own write varies a little)
        self._tag_write_queries(2)  # caches warm
        added = [
            self._tag_write_queries(count)
            - self._tag_write_queries(count, self.other_tag)
            for count in (3, 40)
        ]
        self.assertEqual(added[0], added[1])
        self.assertLessEqual(added[0], 3)
        self.assertEqual(self.seq.active_count, 45)

    def _ticket_write_queries(self, count, tag):
        tickets = self.Ticket.create(
            [
                {"name": f"Batch {i}", "partner_id": self.customer.id}
                for i in range(count)
            ]
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        tickets.write({"tag_ids": [Command.link(tag.id)]})
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_ticket_tag_write_on_many_tickets_is_batched(self):
        other = self.env["helpdesk.routing.tag"].create({"name": "seq other"})
        self._ticket_write_queries(2, self.ticket_tag)  # caches warm
        added = [
            self._ticket_write_queries(count, self.ticket_tag)
            - self._ticket_write_queries(count, other)
            for count in (3, 40)
        ]
        self.assertEqual(added[0], added[1])
        self.assertLessEqual(added[0], 3)
        self.assertEqual(len(self._enrollments(self.customer)), 1)
