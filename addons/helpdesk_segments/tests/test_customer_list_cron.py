# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

import psycopg2
from freezegun import freeze_time

from odoo import fields, sql_db
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.helpdesk_segments.models.helpdesk_customer_list import (
    REFRESH_LOCK_KEY,
)

from .customer_list_common import CustomerListCase


@tagged("post_install", "-at_install")
class TestCustomerListCron(CustomerListCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls._partners(
            [{"name": f"Cron customer {i}"} for i in range(3)]
        )
        cls.cron = cls.env.ref(
            "helpdesk_segments.ir_cron_helpdesk_customer_list_refresh"
        )

    def test_cron_definition(self):
        self.assertEqual(self.cron.state, "code")
        self.assertEqual(self.cron.code.strip(), "model._cron_refresh()")
        self.assertEqual(
            (self.cron.interval_number, self.cron.interval_type), (1, "hours")
        )

    def test_batches_and_progress(self):
        lists = self.List.browse()
        for i in range(3):
            lists |= self._list("[]", name=f"Batch {i}")
        lists[2].sudo().state = "refreshing"  # waiting for the cron: first
        total = self.List.sudo().search_count(self.List._cron_due_domain())
        self.assertGreaterEqual(total, 3)
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": self.cron.id, "remaining": 0, "done": 0}
        )
        calls = []
        IrCron = type(self.env["ir.cron"])
        original = IrCron._notify_progress

        def spy(cron_self, *, done, remaining, deactivate=False):
            calls.append((done, remaining))
            return original(
                cron_self, done=done, remaining=remaining, deactivate=deactivate
            )

        self.patch(IrCron, "_notify_progress", spy)
        self.List.with_context(ir_cron_progress_id=progress.id)._cron_refresh(
            batch_size=2
        )
        self.assertEqual(calls, [(1, total - 1), (2, total - 2)])
        self.assertEqual((progress.done, progress.remaining), (2, total - 2))
        self.assertEqual(lists[2].state, "ok")
        refreshed = self.List.sudo().search(
            [("state", "=", "ok"), ("last_refresh_at", "!=", False)]
        )
        self.assertIn(lists[2], refreshed)
        # the next runs (Odoo calls the cron again while remaining > 0) take
        # the rest; then the run is over: nothing left until the next one
        for __ in range(total):
            self.List.with_context(ir_cron_progress_id=progress.id)._cron_refresh(
                batch_size=2
            )
            if not progress.remaining:
                break
        self.assertEqual((progress.done, progress.remaining), (total % 2 or 2, 0))
        self.assertEqual(set(lists.mapped("state")), {"ok"})
        self.assertEqual(lists.mapped("member_count"), [3, 3, 3])
        calls.clear()
        self.List.with_context(ir_cron_progress_id=progress.id)._cron_refresh()
        self.assertEqual(calls, [(0, 0)])
        # an hour later, every scheduled-only list is due again; the
        # always-fresh ones a day later (safety net: their changes are
        # applied as they come)
        lists[0].refresh_mode = "scheduled"
        lists[0].sudo().stale = False
        with freeze_time(fields.Datetime.now() + timedelta(hours=1)):
            due = self.List.sudo().search(self.List._cron_due_domain())
        self.assertIn(lists[0], due)
        self.assertFalse(lists[1:] & due)
        with freeze_time(fields.Datetime.now() + timedelta(days=1)):
            due = self.List.sudo().search(self.List._cron_due_domain())
        self.assertLessEqual(lists, due)

    def test_dependencies_refreshed_first(self):
        base = self._list("[]", name="Base")
        derived = self._list("[]", name="Derived", include_list_ids=[(6, 0, base.ids)])
        # derived was never refreshed, base neither: base must come first
        self.List._cron_refresh(batch_size=100)
        self.assertEqual(derived.member_count, 3)

    def test_lock_against_concurrent_refresh(self):
        customer_list = self._list("[]", name="Locked")
        with sql_db.db_connect(self.env.cr.dbname).cursor() as other:
            other.execute(
                SQL(
                    "SELECT pg_advisory_xact_lock(%s, %s)",
                    REFRESH_LOCK_KEY,
                    customer_list.id,
                )
            )
            self.List._cron_refresh(batch_size=100)
            self.assertEqual(customer_list.state, "draft")
            self.assertFalse(customer_list.member_ids)
            with self.assertRaises(UserError):
                customer_list.action_refresh()
            other.rollback()
        self.List._cron_refresh(batch_size=100)
        self.assertEqual(customer_list.state, "ok")
        self.assertEqual(customer_list.member_count, 3)

    def test_concurrent_change_refreshed_again(self):
        """A serialization failure while a list refreshes (a customer change
        marked it stale meanwhile) is no error of the list: the cron goes on
        with the other lists and triggers itself to refresh it again."""
        conflicting = self._list("[]", name="Conflicting")
        other = self._list("[]", name="Other")
        ListModel = type(self.List)
        original = ListModel._refresh_members

        def refresh(list_self, **kwargs):
            if list_self == conflicting:
                raise psycopg2.errors.SerializationFailure("concurrent update")
            return original(list_self, **kwargs)

        self.patch(ListModel, "_refresh_members", refresh)
        triggers = self.env["ir.cron.trigger"].search_count(
            [("cron_id", "=", self.cron.id)]
        )
        self.List._cron_refresh(batch_size=100)
        self.assertEqual(conflicting.state, "draft")  # still due, not in error
        self.assertFalse(conflicting.error_message)
        self.assertEqual((other.state, other.member_count), ("ok", 3))
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", self.cron.id)]),
            triggers + 1,
        )
        self.assertIn(
            conflicting, self.List.sudo().search(self.List._cron_due_domain())
        )

    def test_concurrency_error_not_reported_on_list(self):
        """_refresh_members lets Odoo retry serialization failures instead
        of putting the list in error."""
        customer_list = self._list("[]", name="Retried")

        def members_query(list_self, now=None):
            raise psycopg2.errors.SerializationFailure("concurrent update")

        self.patch(type(self.List), "_members_query", members_query)
        with self.assertRaises(psycopg2.errors.SerializationFailure):
            customer_list._refresh_members()
        self.assertEqual(customer_list.state, "draft")
