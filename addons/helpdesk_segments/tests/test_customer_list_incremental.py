# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.helpdesk_segments.models.helpdesk_customer_list import (
    APPLY_AFTER_COMMIT,
    HelpdeskCustomerList,
    _apply_after_commit,
)
from odoo.addons.helpdesk_segments.tools import list_changes

from .customer_list_common import TEST_REF, CustomerListCase


class IncrementalCase(CustomerListCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.model.fields"].create(
            [
                {
                    "model_id": cls.env["ir.model"]._get("res.partner").id,
                    "name": "x_hs_tier",
                    "field_description": "Tier",
                    "ttype": "char",
                    "state": "manual",
                },
                {
                    "model_id": cls.env["ir.model"]._get("res.partner").id,
                    "name": "x_hs_renewal",
                    "field_description": "Renewal",
                    "ttype": "date",
                    "state": "manual",
                },
            ]
        )
        cls.tag_vip = cls.env["res.partner.category"].create({"name": "vip"})
        cls.belgium = cls.env.ref("base.be")
        cls.alice, cls.bob, cls.carol = cls._partners(
            [
                {"name": "Alice", "category_id": [(6, 0, cls.tag_vip.ids)]},
                {"name": "Bob", "x_hs_tier": "gold"},
                {"name": "Carol"},
            ]
        )
        # the demo lists are scheduled-only here: only the lists of the test
        # follow the changes
        cls.List.search([]).write({"refresh_mode": "scheduled"})

    def _incremental(self, domain, **vals):
        self._apply()  # the changes of the set-up
        customer_list = self._list(domain, **vals)
        customer_list._refresh_members()
        self.assertEqual(customer_list.state, "ok")
        return customer_list

    def _apply(self):
        """Apply every queued change (what the commit hook or the cron do)."""
        while self.List._hs_apply_queue():
            pass

    def _queued(self):
        self.env.flush_all()
        return list_changes.pending_count(self.env.cr)

    def _members(self, customer_list):
        customer_list.invalidate_recordset()
        return customer_list.member_ids.partner_id

    def _history(self, customer_list):
        return sorted(
            (h.partner_id.name, h.event)
            for h in self.env["helpdesk.customer.list.history"].search(
                [("list_id", "=", customer_list.id)]
            )
        )

    def assertNoDrift(self, *lists):
        """A whole evaluation (the daily safety net) finds nothing to
        correct, and the counts are the stored members."""
        for customer_list in lists:
            self.assertEqual(
                customer_list._refresh_members(safety_net=True), ([], []), customer_list
            )
            self.assertEqual(customer_list.drift_count, 0)
            self.assertTrue(customer_list.drift_checked_at)
            self.assertEqual(
                customer_list.member_count, len(self._members(customer_list))
            )


@tagged("post_install", "-at_install")
class TestCustomerListIncremental(IncrementalCase):
    def test_field_change_joins_and_leaves(self):
        gold = self._incremental('[("x_hs_tier", "=", "gold")]', name="Gold")
        self.assertEqual(self._members(gold), self.bob)
        self.alice.x_hs_tier = "gold"
        self.assertEqual(self._queued(), 1)
        self.assertEqual(self._members(gold), self.bob)  # not yet applied
        with patch.object(
            HelpdeskCustomerList, "_on_members_changed", autospec=True
        ) as hook:
            self._apply()
            hook.assert_called_once_with(gold, self.alice.ids, [])
        self.assertEqual(self._queued(), 0)
        self.assertEqual(self._members(gold), self.alice | self.bob)
        self.assertEqual(gold.member_count, 2)
        self.assertTrue(gold.last_change_at)
        self.bob.x_hs_tier = "silver"
        self._apply()
        self.assertEqual(self._members(gold), self.alice)
        self.assertEqual(gold.member_count, 1)
        self.assertEqual(
            self._history(gold),
            [("Alice", "joined"), ("Bob", "joined"), ("Bob", "left")],
        )
        self.assertNoDrift(gold)

    def test_tag_change(self):
        vip = self._incremental('[("category_id", "in", %s)]' % self.tag_vip.ids)
        self.carol.category_id = [(4, self.tag_vip.id)]
        self.alice.write({"category_id": [(3, self.tag_vip.id)]})
        self._apply()
        self.assertEqual(self._members(vip), self.carol)
        self.assertNoDrift(vip)

    def test_tag_renamed(self):
        """A condition on the tags' names follows a tag renamed."""
        named = self._incremental('[("category_id.name", "=", "premium")]')
        self.assertFalse(self._members(named))
        self.tag_vip.name = "premium"
        self._apply()
        self.assertEqual(self._members(named), self.alice)
        self.assertNoDrift(named)

    def test_group_and_status_change(self):
        group = self.env["helpdesk.customer.group"].create({"name": "Partners"})
        in_group = self._incremental(
            '[("hs_customer_group_id", "=", %s)]' % group.id, name="In group"
        )
        blocked = self._incremental('[("hs_is_blocked", "=", True)]', name="Blocked")
        self.bob.hs_customer_group_id = group
        # a stored computed field follows the field it is computed from
        self.carol.hs_customer_status = "blocked"
        self._apply()
        self.assertEqual(self._members(in_group), self.bob)
        self.assertEqual(self._members(blocked), self.carol)
        self.assertNoDrift(in_group, blocked)

    def test_related_country(self):
        belgians = self._incremental('[("country_id.code", "=", "BE")]')
        self.assertFalse(self._members(belgians))
        self.bob.country_id = self.belgium
        self._apply()
        self.assertEqual(self._members(belgians), self.bob)
        self.assertNoDrift(belgians)

    def test_linked_records_changed(self):
        """A change outside res.partner that a condition reads through a path
        (a customer group's name) is applied to the customers linked to it,
        without waiting for the safety net."""
        group = self.env["helpdesk.customer.group"].create({"name": "Partners"})
        self.bob.hs_customer_group_id = group
        named = self._incremental(
            '[("hs_customer_group_id.name", "=", "Resellers")]', name="Resellers"
        )
        self.assertFalse(self._members(named))
        group.name = "Resellers"
        self.assertEqual(self._queued(), 1)
        self._apply()
        self.assertEqual(self._members(named), self.bob)
        self.assertNoDrift(named)

    def test_create_archive_unarchive(self):
        gold = self._incremental('[("x_hs_tier", "=", "gold")]')
        dave = self._partners([{"name": "Dave", "x_hs_tier": "gold"}])
        self._apply()
        self.assertEqual(self._members(gold), self.bob | dave)
        self.bob.active = False
        self._apply()
        self.assertEqual(self._members(gold), dave)
        self.assertEqual(gold.member_count, 1)
        self.bob.active = True
        self._apply()
        self.assertEqual(self._members(gold), self.bob | dave)
        self.assertNoDrift(gold)

    def test_unlink_keeps_counts(self):
        gold = self._incremental('[("x_hs_tier", "=", "gold")]')
        everyone = self._incremental("[]", name="Everyone")
        self.assertEqual(everyone.member_count, 3)
        self.bob.unlink()
        self._apply()
        self.assertEqual((gold.member_count, everyone.member_count), (0, 2))
        self.assertNoDrift(gold, everyone)

    def test_merge(self):
        gold = self._incremental('[("x_hs_tier", "=", "gold")]')
        vip = self._incremental('[("category_id", "in", %s)]' % self.tag_vip.ids)
        everyone = self._incremental("[]", name="Everyone")
        wizard = self.env["base.partner.merge.automatic.wizard"]
        # Bob (gold) merged into Alice (VIP): the tags move with SQL
        wizard._merge((self.alice | self.bob).ids, self.alice, extra_checks=False)
        self.assertFalse(self.bob.exists())
        self._apply()
        self.assertIn(self.alice, self._members(vip))
        self.assertEqual(everyone.member_count, 2)
        self.assertNoDrift(gold, vip, everyone)

    def test_import(self):
        gold = self._incremental('[("x_hs_tier", "=", "gold")]')
        result = self.Partner.load(
            ["name", "ref", "x_hs_tier"],
            [["Imported 1", TEST_REF, "gold"], ["Imported 2", TEST_REF, "tin"]],
        )
        self.assertFalse(result["messages"], result)
        # an import updating an existing customer
        result2 = self.Partner.load(
            [".id", "x_hs_tier"], [[str(self.carol.id), "gold"]]
        )
        self.assertFalse(result2["messages"], result2)
        self._apply()
        imported = self.Partner.browse(result["ids"])
        self.assertEqual(self._members(gold), self.bob | self.carol | imported[0])
        self.assertNoDrift(gold)

    def test_unread_field_touches_no_list(self):
        gold = self._incremental('[("x_hs_tier", "=", "gold")]', name="Gold")
        vip = self._incremental(
            '[("category_id", "in", %s)]' % self.tag_vip.ids, name="VIP"
        )
        self.List._hs_incremental_info()
        self.alice.function = "CEO"  # no list reads the job position
        self.assertEqual(self._queued(), 0)
        evaluated = []
        original = HelpdeskCustomerList._refresh_members

        def spy(list_self, **kwargs):
            evaluated.append(list_self.name)
            return original(list_self, **kwargs)

        with patch.object(HelpdeskCustomerList, "_refresh_members", spy):
            self.alice.x_hs_tier = "gold"  # only Gold reads it
            self._apply()
        self.assertEqual(evaluated, ["Gold"])
        self.assertEqual(self._members(gold), self.alice | self.bob)
        self.assertEqual(self._members(vip), self.alice)

    def test_also_in_and_not_in_lists_follow(self):
        gold = self._incremental('[("x_hs_tier", "=", "gold")]', name="Gold")
        vip = self._incremental(
            '[("category_id", "in", %s)]' % self.tag_vip.ids, name="VIP"
        )
        vip_gold = self._incremental(
            "[]", name="VIP and gold", include_list_ids=[(6, 0, (gold | vip).ids)]
        )
        vip_not_gold = self._incremental(
            "[]",
            name="VIP not gold",
            include_list_ids=[(6, 0, vip.ids)],
            exclude_list_ids=[(6, 0, gold.ids)],
        )
        self.assertEqual(self._members(vip_not_gold), self.alice)
        self.alice.x_hs_tier = "gold"
        self._apply()
        self.assertEqual(self._members(vip_gold), self.alice)
        self.assertFalse(self._members(vip_not_gold))
        self.assertEqual(
            self._history(vip_not_gold), [("Alice", "joined"), ("Alice", "left")]
        )
        self.assertNoDrift(gold, vip, vip_gold, vip_not_gold)

    def test_scheduled_lists_left_alone(self):
        gold = self._incremental('[("x_hs_tier", "=", "gold")]', name="Gold")
        gold.refresh_mode = "scheduled"
        self.assertTrue(gold.stale)  # evaluated whole by the next refresh
        gold._refresh_members()
        self.alice.x_hs_tier = "gold"
        self._apply()
        self.assertEqual(self._members(gold), self.bob)
        self.assertEqual(gold.pending_change_count, 0)

    def test_conditions_changed_refresh_whole(self):
        gold = self._incremental('[("x_hs_tier", "=", "gold")]', name="Gold")
        gold.domain = f'[("ref", "=", "{TEST_REF}"), ("name", "=", "Carol")]'
        self.assertTrue(gold.stale)
        self.assertIn(gold, self.List.sudo().search(self.List._cron_due_domain()))
        self.List._cron_refresh()
        self.assertEqual(self._members(gold), self.carol)
        self.assertFalse(gold.stale)
        self.assertEqual(gold.drift_count, 0)  # not a safety-net pass

    def test_pending_changes_shown(self):
        gold = self._incremental('[("x_hs_tier", "=", "gold")]', name="Gold")
        vip = self._incremental('[("category_id", "in", %s)]' % self.tag_vip.ids)
        self.alice.x_hs_tier = "gold"
        (gold | vip).invalidate_recordset(["pending_change_count"])
        self.assertEqual(gold.pending_change_count, 1)
        self.assertEqual(vip.pending_change_count, 0)  # reads only the tags
        self.List._cron_apply_changes()
        gold.invalidate_recordset()
        self.assertEqual(gold.pending_change_count, 0)
        self.assertEqual(self._members(gold), self.alice | self.bob)

    def test_applied_after_commit(self):
        """The commit hook applies the rows its transaction queued."""
        gold = self._incremental('[("x_hs_tier", "=", "gold")]', name="Gold")
        data = self.env.cr.postcommit.data
        before = len(data.get(APPLY_AFTER_COMMIT, []))
        self.alice.x_hs_tier = "gold"
        self.env.flush_all()
        # (the test's transaction is never committed: earlier rows stay)
        queue_ids = data[APPLY_AFTER_COMMIT][before:]
        self.assertEqual(len(queue_ids), 1)
        # the callback opens a cursor of its own: the test cursor here
        self.registry.enter_test_mode(self.env.cr)
        self.addCleanup(self.registry.leave_test_mode)
        _apply_after_commit(self.env.registry, queue_ids)
        self.assertEqual(self._members(gold), self.alice | self.bob)
        self.assertEqual(self._queued(), 0)

    def test_drift_recorded(self):
        gold = self._incremental('[("x_hs_tier", "=", "gold")]', name="Gold")
        # a change behind the ORM's back: no increment knows of it
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET x_hs_tier = 'gold' WHERE id = %s", self.carol.id
            )
        )
        self.env.invalidate_all()
        with mute_logger("odoo.addons.helpdesk_segments.models.helpdesk_customer_list"):
            gold._refresh_members(safety_net=True)
        self.assertEqual(gold.drift_count, 1)
        self.assertEqual(self._members(gold), self.bob | self.carol)
        # a change still queued is no drift
        self.alice.x_hs_tier = "gold"
        gold._refresh_members(safety_net=True)
        self.assertEqual(gold.drift_count, 0)

    def test_agent_change_updates_lists_agent_cannot_see(self):
        private = self._incremental(
            '[("x_hs_tier", "=", "gold")]',
            name="Manager's private list",
            sharing="private",
            user_id=self.manager.id,
        )
        self.assertFalse(private.with_user(self.agent).has_access("read"))
        self.alice.with_user(self.agent).write({"x_hs_tier": "gold"})
        self._apply()
        self.assertEqual(self._members(private), self.alice | self.bob)
        with self.assertRaises(AccessError):
            private.with_user(self.agent).check_access("read")
        self.assertFalse(
            self.alice.with_user(self.agent).hs_customer_list_ids & private
        )

    def test_partner_write_query_budget(self):
        self._incremental('[("x_hs_tier", "=", "gold")]', name="Gold")
        self.List._hs_incremental_info()  # cached

        def write_queries(vals):
            self.carol.flush_recordset()
            before = self.env.cr.sql_log_count
            self.carol.write(vals)
            self.carol.flush_recordset()
            return self.env.cr.sql_log_count - before

        write_queries({"function": "warm", "x_hs_tier": "warm"})
        unread = write_queries({"function": "no list reads it"})
        read = write_queries({"x_hs_tier": "gold"})
        # the same write, plus ONE statement queueing the customer
        self.assertEqual(read, write_queries({"function": "again"}) + 1)
        self.assertLessEqual(read, unread + 1)
        with self.assertQueryCount(unread + 1):
            self.carol.write({"x_hs_tier": "silver"})
            self.carol.flush_recordset()


@tagged("post_install", "-at_install")
class TestCustomerListRelativeDates(IncrementalCase):
    def _set_created(self, partner, when):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET create_date = %s WHERE id = %s",
                when,
                partner.id,
            )
        )
        self.env.invalidate_all()

    def test_created_in_the_last_30_days_to_the_minute(self):
        self.manager.tz = "Europe/Brussels"
        self._set_created(self.alice, "2026-05-02 12:05:00")
        self._set_created(self.bob, "2026-05-02 12:20:00")
        self._set_created(self.carol, "2026-04-01 00:00:00")
        with freeze_time("2026-06-01 12:00:00"):
            recent = self._incremental(
                '[("create_date", ">=", (datetime.datetime.now() - '
                'relativedelta(days=30)).to_utc().strftime("%Y-%m-%d %H:%M:%S"))]',
                name="New customers",
                user_id=self.manager.id,
            )
            self.assertEqual(self._members(recent), self.alice | self.bob)
        with freeze_time("2026-06-01 12:10:00"):
            # only the customers created in the 10 minutes the boundary moved
            # over are evaluated
            window = recent._moved_window_query(fields.Datetime.now())
            found = {row[0] for row in self.env.execute_query(window)}
            self.assertIn(self.alice.id, found)
            self.assertNotIn(self.bob.id, found)
            self.assertNotIn(self.carol.id, found)
            self.List._cron_apply_changes()
        self.assertEqual(self._members(recent), self.bob)
        self.assertEqual(
            recent.last_pass_at.strftime("%Y-%m-%d %H:%M"), "2026-06-01 12:10"
        )
        with freeze_time("2026-06-01 12:19:00"):
            self.List._hs_relative_pass()
        self.assertEqual(self._members(recent), self.bob)
        with freeze_time("2026-06-01 12:21:00"):
            self.List._hs_relative_pass()
        self.assertFalse(self._members(recent))
        self.assertEqual(recent.member_count, 0)
        with freeze_time("2026-06-01 12:22:00"):
            self.assertNoDrift(recent)

    def test_renewal_in_the_next_7_days(self):
        self.alice.x_hs_renewal = "2026-06-09"
        self.bob.x_hs_renewal = "2026-06-05"
        with freeze_time("2026-06-01 10:00:00"):
            renewals = self._incremental(
                '[("x_hs_renewal", ">=", context_today().strftime("%Y-%m-%d")), '
                '("x_hs_renewal", "<=", (context_today() + relativedelta(days=7))'
                '.strftime("%Y-%m-%d"))]',
                name="Renewals",
            )
            self.assertEqual(self._members(renewals), self.bob)
        with freeze_time("2026-06-02 00:05:00"):
            self.List._hs_relative_pass()
        self.assertEqual(self._members(renewals), self.alice | self.bob)
        with freeze_time("2026-06-06 00:05:00"):
            self.List._hs_relative_pass()
        self.assertEqual(self._members(renewals), self.alice)
        self.assertEqual(
            self._history(renewals),
            [("Alice", "joined"), ("Bob", "joined"), ("Bob", "left")],
        )
        with freeze_time("2026-06-06 00:06:00"):
            self.assertNoDrift(renewals)

    def test_list_never_passed_refreshed_whole(self):
        """A list with relative dates and no pass time yet (refreshed before
        the pass times were stored) is evaluated whole soon."""
        recent = self._incremental(
            '[("create_date", ">=", (context_today() - relativedelta(days=30))'
            '.strftime("%Y-%m-%d"))]',
            name="New customers",
        )
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_customer_list SET last_pass_at = NULL WHERE id = %s",
                recent.id,
            )
        )
        recent.invalidate_recordset()
        self.List._hs_relative_pass()
        self.assertTrue(recent.stale)
        self.assertIn(recent, self.List.sudo().search(self.List._cron_due_domain()))
