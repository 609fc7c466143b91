# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.tests import Form, tagged
from odoo.tools import SQL

from odoo.addons.helpdesk_segments.models.helpdesk_customer_list import (
    HelpdeskCustomerList,
    _mark_stale_after_commit,
)

from .customer_list_common import TEST_REF, CustomerListCase


@tagged("post_install", "-at_install")
class TestCustomerListRefresh(CustomerListCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tag_vip = cls.env["res.partner.category"].create({"name": "vip"})
        cls.alice, cls.bob, cls.carol = cls._partners(
            [
                {"name": "Alice", "category_id": [(6, 0, cls.tag_vip.ids)]},
                {"name": "Bob", "category_id": [(6, 0, cls.tag_vip.ids)]},
                {"name": "Carol"},
            ]
        )
        cls.vip = cls._list('[("category_id.name", "=", "vip")]', name="VIP")

    def _history(self, customer_list):
        return {
            (h.partner_id, h.event)
            for h in self.env["helpdesk.customer.list.history"].search(
                [("list_id", "=", customer_list.id)]
            )
        }

    def test_members_and_history(self):
        with patch.object(
            HelpdeskCustomerList, "_on_members_changed", autospec=True
        ) as hook:
            self.assertEqual(self._refresh(self.vip), self.alice | self.bob)
            hook.assert_called_once_with(
                self.vip, sorted((self.alice | self.bob).ids), []
            )
        self.assertEqual(self.vip.state, "ok")
        self.assertTrue(self.vip.last_refresh_at)
        self.assertEqual(
            self._history(self.vip), {(self.alice, "joined"), (self.bob, "joined")}
        )
        joined_at = self.vip.member_ids.filtered(
            lambda m: m.partner_id == self.alice
        ).joined_at
        # Bob leaves, Carol joins, Alice stays (same member row, same date)
        self.bob.category_id = False
        self.carol.category_id = self.tag_vip
        with patch.object(
            HelpdeskCustomerList, "_on_members_changed", autospec=True
        ) as hook:
            self.assertEqual(self._refresh(self.vip), self.alice | self.carol)
            hook.assert_called_once_with(self.vip, self.carol.ids, self.bob.ids)
        self.assertEqual(
            self.vip.member_ids.filtered(
                lambda m: m.partner_id == self.alice
            ).joined_at,
            joined_at,
        )
        self.assertEqual(
            self._history(self.vip),
            {
                (self.alice, "joined"),
                (self.bob, "joined"),
                (self.bob, "left"),
                (self.carol, "joined"),
            },
        )
        # nothing changed: no history, no hook call
        with patch.object(
            HelpdeskCustomerList, "_on_members_changed", autospec=True
        ) as hook:
            self._refresh(self.vip)
            hook.assert_not_called()
        self.assertEqual(len(self.vip.history_ids), 4)
        # growth per day: +3 -1
        groups = self.env["helpdesk.customer.list.history"]._read_group(
            [("list_id", "=", self.vip.id)], ["date:day"], ["change:sum"]
        )
        self.assertEqual([change for __, change in groups], [2])

    def test_partner_lists_field(self):
        self._refresh(self.vip)
        everyone = self._list("[]", name="Everyone")
        self._refresh(everyone)
        self.assertEqual(self.alice.hs_customer_list_ids, self.vip | everyone)
        self.assertEqual(self.carol.hs_customer_list_ids, everyone)
        self.assertEqual(self.alice.hs_customer_list_count, 2)
        Partner = self.env["res.partner"]
        self.assertEqual(
            Partner.search([("hs_customer_list_ids", "in", self.vip.ids)]),
            self.alice | self.bob,
        )
        self.assertEqual(
            Partner.search(
                [
                    ("ref", "=", self.alice.ref),
                    ("hs_customer_list_ids", "not in", self.vip.ids),
                ]
            ),
            self.carol,
        )
        action = self.alice.action_hs_view_customer_lists()
        self.assertEqual(
            self.env["helpdesk.customer.list"].search(action["domain"]),
            self.vip | everyone,
        )

    def test_partner_form_shows_lists(self):
        self._refresh(self.vip)
        with Form(self.env["res.partner"]) as new_partner:
            new_partner.name = "New in form"
            self.assertEqual(new_partner.hs_customer_list_count, 0)
        with Form(self.alice) as form:
            form.name = "Alice edited"
            self.assertEqual(form.hs_customer_list_count, 1)

    def test_members_action_group_by(self):
        self._refresh(self.vip)
        action = self.vip.action_view_members()
        self.assertEqual(action["res_model"], "res.partner")
        self.assertEqual(self.Partner.search(action["domain"]), self.alice | self.bob)
        self.assertNotIn("group_by", action["context"])
        self.vip.group_by_field_id = self.env["ir.model.fields"]._get(
            "res.partner", "country_id"
        )
        self.assertEqual(
            self.vip.action_view_members()["context"]["group_by"], ["country_id"]
        )
        history = self.vip.action_view_history()
        self.assertEqual(history["res_model"], "helpdesk.customer.list.history")
        self.assertIn("graph", history["view_mode"])

    def test_broken_condition_keeps_last_members(self):
        """A domain written through SQL that no longer parses, or names a field
        that does not exist: state error, readable message, members kept, and
        the other lists are still refreshed by the cron."""
        everyone = self._list("[]", name="Everyone")
        self._refresh(self.vip)
        for broken in (
            "[('category_id.name', '=', ",
            "[('x_hs_deleted_field', '=', 1)]",
        ):
            with self.subTest(broken=broken):
                self.env.cr.execute(
                    SQL(
                        "UPDATE helpdesk_customer_list SET domain = %s WHERE id = %s",
                        broken,
                        self.vip.id,
                    )
                )
                self.vip.invalidate_recordset(["domain"])
                self.carol.category_id = self.tag_vip
                (self.vip | everyone).last_attempt_at = False  # due for the cron
                self.List._cron_refresh()
                self.assertEqual(self.vip.state, "error")
                self.assertIn("VIP", self.vip.error_message)
                self.assertIn("previous refresh are kept", self.vip.error_message)
                self.assertEqual(self.vip.member_ids.partner_id, self.alice | self.bob)
                self.assertEqual(self.vip.member_count, 2)
                self.assertEqual(everyone.state, "ok")
                self.assertEqual(everyone.member_count, 3)
        # fixed: back to ok
        self.vip.domain = (
            f'[("ref", "=", "{TEST_REF}"), ("category_id.name", "=", "vip")]'
        )
        self.vip.action_refresh()
        self.assertEqual(self.vip.state, "ok")
        self.assertFalse(self.vip.error_message)
        self.assertEqual(
            self.vip.member_ids.partner_id, self.alice | self.bob | self.carol
        )

    def test_large_list_refreshed_in_background(self):
        cron = self.env.ref("helpdesk_segments.ir_cron_helpdesk_customer_list_refresh")
        self.env["ir.config_parameter"].set_param(
            "helpdesk_segments.list_background_threshold", "1"
        )
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        self.vip.action_refresh()
        self.assertEqual(self.vip.state, "refreshing")
        self.assertFalse(self.vip.member_ids)
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            len(triggers),
        )
        self.List._cron_refresh()
        self.assertEqual(self.vip.state, "ok")
        self.assertEqual(self.vip.member_count, 2)
        # small enough: refreshed at once
        self.env["ir.config_parameter"].set_param(
            "helpdesk_segments.list_background_threshold", "10"
        )
        self.carol.category_id = self.tag_vip
        self.vip.action_refresh()
        self.assertEqual(self.vip.state, "ok")
        self.assertEqual(self.vip.member_count, 3)

    def test_auto_refresh_marks_stale_and_triggers_cron(self):
        cron = self.env.ref("helpdesk_segments.ir_cron_helpdesk_customer_list_refresh")
        self.vip.refresh_mode = "scheduled"  # auto refresh: scheduled lists
        self._refresh(self.vip)
        self.carol.category_id = self.tag_vip
        self.assertFalse(self.vip.stale)  # not auto-refreshed
        self.vip.auto_refresh = True
        before = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        self.carol.name = "Carol C."
        self.assertTrue(self.vip.stale)
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            before + 1,
        )
        # members are not recomputed inside the partner write
        self.assertEqual(self.vip.member_count, 2)
        self.List._cron_refresh()
        self.assertFalse(self.vip.stale)
        self.assertEqual(self.vip.member_count, 3)

    def test_lists_marked_stale_again_after_commit(self):
        """A refresh that committed between a customer change and its commit
        may not have seen the change: once the change is committed, the
        auto-refreshed lists are marked stale again (in a transaction of
        their own) and the cron is triggered."""
        cron = self.env.ref("helpdesk_segments.ir_cron_helpdesk_customer_list_refresh")
        self.vip.refresh_mode = "scheduled"  # auto refresh: scheduled lists
        self.vip.auto_refresh = True
        self._refresh(self.vip)
        self.carol.category_id = self.tag_vip  # already stale: not marked again
        self.assertTrue(self.vip.stale)
        # a refresh running meanwhile, blind to Carol's change, marks it fresh
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_customer_list SET stale = FALSE WHERE id = %s",
                self.vip.id,
            )
        )
        self.vip.invalidate_recordset(["stale"])
        before = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        # the callback opens a cursor of its own: the test cursor here
        self.registry.enter_test_mode(self.env.cr)
        self.addCleanup(self.registry.leave_test_mode)
        self.carol.name = "Carol C."
        ours = [
            func
            for func in self.env.cr.postcommit._funcs
            if getattr(func, "func", None) is _mark_stale_after_commit
        ]
        self.assertEqual(len(ours), 1, "once a transaction")
        ours[0]()
        self.vip.invalidate_recordset(["stale"])
        self.assertTrue(self.vip.stale)
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            before + 1,
        )

    def _partner_write_queries(self, vals):
        self.carol.flush_recordset()
        before = self.env.cr.sql_log_count
        self.carol.write(vals)
        self.carol.flush_recordset()
        return self.env.cr.sql_log_count - before

    def test_partner_write_costs_no_query_without_auto_lists(self):
        self.List.search([("auto_refresh", "=", True)]).auto_refresh = False
        self.List._has_auto_refresh_lists()  # warm the cache
        self._partner_write_queries({"comment": "warm up"})
        with patch.object(
            HelpdeskCustomerList, "_mark_auto_refresh_lists_stale", lambda self: None
        ):
            baseline = self._partner_write_queries({"comment": "baseline"})
        self.assertEqual(self._partner_write_queries({"comment": "changed"}), baseline)

    # SAVEPOINT, the refresh statement, RELEASE, the count, the UPDATE of the
    # list: whatever the number of customers and of changes
    REFRESH_QUERIES = 5

    def _refresh_queries(self, size):
        self._partners(
            [
                {"name": f"Bulk {size} {i}", "comment": f"bulk{size}"}
                for i in range(size)
            ]
        )
        customer_list = self._list(
            f'[("comment", "=", "bulk{size}")]', name=f"Bulk {size}"
        )
        # modules reacting to membership changes (helpdesk_routing) may read
        # a cached setting there: warm it, it is not part of the refresh
        customer_list._on_members_changed([], [])
        # the always-fresh lists following this one (cached)
        self.List._hs_incremental_info()
        self.env.flush_all()
        with self.assertQueryCount(self.REFRESH_QUERIES):
            customer_list._refresh_members()
        self.assertEqual(customer_list.member_count, size)
        self.assertEqual(len(customer_list.history_ids), size)
        return customer_list

    def test_refresh_query_budget_independent_of_size(self):
        self._refresh_queries(100)
        bulk = self._refresh_queries(1000)
        # a refresh that changes nothing, or half of the members, costs the same
        self.env.flush_all()
        with self.assertQueryCount(self.REFRESH_QUERIES):
            bulk._refresh_members()
        self.env["res.partner"].search([("comment", "=", "bulk1000")], limit=500).write(
            {"comment": "moved"}
        )
        self.env.flush_all()
        with self.assertQueryCount(self.REFRESH_QUERIES):
            bulk._refresh_members()
        self.assertEqual(bulk.member_count, 500)
