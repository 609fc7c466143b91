# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer lists with conditions on what the customers did (events), kept
fresh as events arrive, change, go and age out of their window."""

from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.helpdesk_segments.tests.common import RpcError, execute_kw
from odoo.addons.helpdesk_segments.tests.test_customer_list_incremental import (
    IncrementalCase,
)
from odoo.addons.helpdesk_segments.tools import list_changes

NOW = datetime(2026, 6, 1, 12, 0, 0)


@tagged("post_install", "-at_install")
class TestCustomerListEvents(IncrementalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        EventType = cls.env["helpdesk.routing.event.type"]
        cls.order, cls.renewal = EventType.create(
            [
                {"name": "Placed an order", "code": "hs_test_order"},
                {"name": "Renewed", "code": "hs_test_renewal"},
            ]
        )
        cls.Event = cls.env["helpdesk.routing.event"]

    def _event(self, partner, event_type, when, **vals):
        return self.Event.create(
            dict(
                {
                    "partner_id": partner.id,
                    "type_id": event_type.id,
                    "occurred_at": when,
                },
                **vals,
            )
        )

    def _event_list(self, conditions, domain="[]", **vals):
        return self._incremental(
            domain,
            name=vals.pop("name", "Event list"),
            event_condition_ids=[Command.create(c) for c in conditions],
            **vals,
        )

    def _twice_in_30_days(self, **vals):
        vals.setdefault("name", "Ordered twice this month")
        return self._event_list(
            [
                {
                    "did": "did",
                    "type_id": self.order.id,
                    "min_count": 2,
                    "within": 30,
                    "within_unit": "days",
                }
            ],
            **vals,
        )

    def test_twice_in_30_days_follows_events_and_ages_out(self):
        with freeze_time(NOW):
            self._event(self.alice, self.order, NOW - timedelta(days=10))
            self._event(self.alice, self.order, NOW - timedelta(days=20))
            self._event(self.bob, self.order, NOW - timedelta(days=5))
            self._event(self.carol, self.renewal, NOW - timedelta(days=1))
            self._event(self.carol, self.order, NOW - timedelta(days=40))
            frequent = self._twice_in_30_days()
            self.assertEqual(self._members(frequent), self.alice)
            # Bob orders again: queued with one statement, applied after commit
            self._event(self.bob, self.order, NOW - timedelta(hours=1))
            self.assertEqual(self._queued(), 1)
            self._apply()
            self.assertEqual(self._members(frequent), self.alice | self.bob)
            # an event of another type does not queue anything
            self._event(self.carol, self.renewal, NOW)
            self.assertEqual(self._queued(), 0)
            self.assertNoDrift(frequent)
        # 10 days later Alice's older order (20 days ago then) left the window
        with freeze_time(NOW + timedelta(days=10, minutes=1)):
            self.List._hs_relative_pass()
            self.assertEqual(self._members(frequent), self.bob)
            self.assertNoDrift(frequent)
        self.assertEqual(
            self._history(frequent),
            [("Alice", "joined"), ("Alice", "left"), ("Bob", "joined")],
        )

    def test_moved_window_reads_only_the_events_that_moved(self):
        with freeze_time(NOW):
            self._event(self.alice, self.order, NOW - timedelta(days=29, hours=23))
            self._event(self.bob, self.order, NOW - timedelta(days=10))
            frequent = self._twice_in_30_days()
        with freeze_time(NOW + timedelta(hours=2)):
            window = frequent._moved_window_query(datetime.now())
            found = {row[0] for row in self.env.execute_query(window)}
        self.assertEqual(found, set(self.alice.ids))

    def test_did_not_renew_in_365_days(self):
        with freeze_time(NOW):
            self._event(self.alice, self.renewal, NOW - timedelta(days=100))
            self._event(self.bob, self.renewal, NOW - timedelta(days=400))
            lapsed = self._event_list(
                [
                    {
                        "did": "did_not",
                        "type_id": self.renewal.id,
                        "within": 365,
                        "within_unit": "days",
                    }
                ],
                name="Did not renew",
            )
            self.assertEqual(self._members(lapsed), self.bob | self.carol)
            # Carol renews: she leaves at once
            self._event(self.carol, self.renewal, NOW)
            self._apply()
            self.assertEqual(self._members(lapsed), self.bob)
        # Alice's renewal ages out of the year: she enters
        with freeze_time(NOW + timedelta(days=266)):
            self.List._cron_apply_changes()
            self.assertEqual(self._members(lapsed), self.alice | self.bob)
            self.assertNoDrift(lapsed)

    def test_events_changed_or_deleted(self):
        with freeze_time(NOW):
            first = self._event(self.alice, self.order, NOW - timedelta(days=1))
            second = self._event(self.alice, self.order, NOW - timedelta(days=2))
            frequent = self._twice_in_30_days()
            self.assertEqual(self._members(frequent), self.alice)
            second.occurred_at = NOW - timedelta(days=60)
            self._apply()
            self.assertFalse(self._members(frequent))
            second.occurred_at = NOW - timedelta(days=3)
            self._apply()
            self.assertEqual(self._members(frequent), self.alice)
            # moved to another customer: both are evaluated again
            first.partner_id = self.bob
            self._apply()
            self.assertFalse(self._members(frequent))
            self._event(self.bob, self.order, NOW)
            self._apply()
            self.assertEqual(self._members(frequent), self.bob)
            (first | second).unlink()
            self._apply()
            self.assertFalse(self._members(frequent))
            self.assertNoDrift(frequent)

    def test_events_combined_with_customer_conditions(self):
        with freeze_time(NOW):
            for partner in self.alice | self.bob:
                self._event(partner, self.order, NOW - timedelta(days=1))
                self._event(partner, self.order, NOW - timedelta(days=2))
            frequent_gold = self._twice_in_30_days(
                domain='[("x_hs_tier", "=", "gold")]'
            )
            self.assertEqual(self._members(frequent_gold), self.bob)
            self.alice.x_hs_tier = "gold"
            self._apply()
            self.assertEqual(self._members(frequent_gold), self.alice | self.bob)
            self.assertNoDrift(frequent_gold)

    def test_future_event_counts_when_its_time_comes(self):
        with freeze_time(NOW):
            self._event(self.alice, self.order, NOW - timedelta(days=1))
            self._event(self.alice, self.order, NOW + timedelta(hours=1))
            frequent = self._twice_in_30_days()
            self.assertFalse(self._members(frequent))
        with freeze_time(NOW + timedelta(hours=1, minutes=1)):
            self.List._hs_relative_pass()
            self.assertEqual(self._members(frequent), self.alice)

    def test_company_of_the_list_counts_its_events(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        with freeze_time(NOW):
            self._event(self.alice, self.order, NOW - timedelta(days=1))
            self._event(
                self.alice, self.order, NOW - timedelta(days=2), company_id=other.id
            )
            frequent = self._twice_in_30_days(company_id=self.env.company.id)
            self.assertFalse(self._members(frequent))
            shared = self._twice_in_30_days(name="Any company", company_id=False)
            self.assertEqual(self._members(shared), self.alice)

    def test_purge_follows_lists_at_any_time(self):
        self.env["ir.config_parameter"].set_param(
            "helpdesk_routing.event_retention_days", 30
        )
        with freeze_time(NOW):
            self._event(self.alice, self.order, NOW - timedelta(days=100))
            ever = self._event_list(
                [{"did": "did", "type_id": self.order.id, "within": 0}],
                name="Ever ordered",
            )
            self.assertEqual(self._members(ever), self.alice)
            self.Event._cron_purge_events()
            self._apply()
            self.assertFalse(self._members(ever))
            self.assertNoDrift(ever)

    def test_conditions_changed_refresh_whole(self):
        with freeze_time(NOW):
            self._event(self.alice, self.order, NOW - timedelta(days=1))
            frequent = self._twice_in_30_days()
            self.assertFalse(frequent.stale)
            frequent.event_condition_ids.min_count = 1
            self.assertTrue(frequent.stale)
            self.List._cron_refresh()
            self.assertEqual(self._members(frequent), self.alice)

    def test_event_type_deleted_flags_the_list(self):
        unused = self.env["helpdesk.routing.event.type"].create(
            {"name": "Visited the shop", "code": "hs_test_visit"}
        )
        visitors = self._event_list(
            [{"did": "did", "type_id": unused.id}], name="Visitors"
        )
        self.assertIn("Visitors", unused.used_by)
        unused.unlink()
        self.assertEqual(visitors.state, "error")
        self.assertIn("Visited the shop", visitors.error_message)

    def test_bad_count_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self._event_list([{"did": "did", "type_id": self.order.id, "min_count": 0}])

    def test_agent_edits_own_private_list_only(self):
        with freeze_time(NOW):
            self._event(self.alice, self.order, NOW - timedelta(days=1))
            self._event(self.alice, self.order, NOW - timedelta(days=2))
            shared = self._twice_in_30_days()
            List = self.List.with_user(self.agent)
            mine = List.create(
                {
                    "name": "My frequent buyers",
                    "domain": f'[("ref", "=", "{self.alice.ref}")]',
                    "event_condition_ids": [
                        Command.create(
                            {"type_id": self.order.id, "min_count": 2, "within": 30}
                        )
                    ],
                }
            )
            mine._refresh_members()
            self.assertEqual(mine.sudo().member_ids.partner_id, self.alice)
            mine.event_condition_ids.min_count = 3
            self.assertEqual(len(shared.with_user(self.agent).event_condition_ids), 1)
            with self.assertRaises(AccessError):
                shared.with_user(self.agent).event_condition_ids.min_count = 1
            with self.assertRaises(AccessError):
                self.env["helpdesk.customer.list.event.condition"].with_user(
                    self.agent
                ).create({"list_id": shared.id, "type_id": self.order.id})

    def test_event_create_query_budget(self):
        """Events of a type no always-fresh list counts queue nothing; those
        of a counted type cost ONE statement more per batch."""
        self._twice_in_30_days()
        self.List._hs_incremental_info()  # cached

        def create_queries(event_type, partners):
            self.env.flush_all()
            before = self.env.cr.sql_log_count
            self.Event.create(
                [
                    {"partner_id": p.id, "type_id": event_type.id, "occurred_at": NOW}
                    for p in partners
                ]
            )
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        customers = self.alice | self.bob | self.carol
        create_queries(self.renewal, customers)  # warm
        unread = create_queries(self.renewal, customers)
        read = create_queries(self.order, customers)
        self.assertEqual(read, unread + 1)
        self.assertEqual(self._queued(), 3)


@tagged("post_install", "-at_install")
class TestCustomerListEventsRpc(HttpCase):
    """An integration sends what customers did over JSON-RPC: the always-fresh
    lists counting these events follow (queued by the same request)."""

    def test_events_sent_over_rpc_update_lists(self):
        integration = new_test_user(
            self.env,
            login="hsr_rpc_events",
            password="hsr_rpc_events",
            groups="helpdesk_segments.group_helpdesk_manager",
        )
        self.env["ir.config_parameter"].set_param(
            "helpdesk_routing.event_retention_days", 0
        )
        self.env["helpdesk.customer.list"].search([]).write(
            {"refresh_mode": "scheduled"}
        )
        order = self.env["helpdesk.routing.event.type"].create(
            {"name": "Placed an order", "code": "hs_rpc_order"}
        )
        customer = self.env["res.partner"].create(
            {"name": "RPC buyer", "ref": "hs-rpc-events"}
        )
        buyers = self.env["helpdesk.customer.list"].create(
            {
                "name": "RPC buyers",
                "sharing": "everyone",
                "company_id": False,
                "domain": '[("ref", "=", "hs-rpc-events")]',
                "event_condition_ids": [
                    Command.create({"type_id": order.id, "min_count": 2})
                ],
            }
        )
        buyers._refresh_members()
        self.assertFalse(buyers.member_ids)
        while self.env["helpdesk.customer.list"]._hs_apply_queue():
            pass  # the customer's creation
        values = {"partner_id": customer.id, "type_code": "hs_rpc_order"}
        execute_kw(
            self,
            integration,
            "hsr_rpc_events",
            "helpdesk.routing.event",
            "create",
            [values, values],
        )
        self.env.flush_all()
        self.assertEqual(list_changes.pending_count(self.env.cr), 1)
        while self.env["helpdesk.customer.list"]._hs_apply_queue():
            pass
        buyers.invalidate_recordset()
        self.assertEqual(buyers.member_ids.partner_id, customer)
        # an agent may read the list's conditions, not send events
        agent = new_test_user(
            self.env,
            login="hsr_rpc_events_agent",
            password="hsr_rpc_events_agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        with self.assertRaises(RpcError) as error:
            execute_kw(
                self,
                agent,
                "hsr_rpc_events_agent",
                "helpdesk.routing.event",
                "create",
                [values],
            )
        self.assertEqual(error.exception.name, "odoo.exceptions.AccessError")
