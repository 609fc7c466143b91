# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged

from odoo.addons.helpdesk_segments.tools import conditions, list_changes


@tagged("post_install", "-at_install")
class TestListChanges(TransactionCase):
    def _reads(self, domain):
        use = conditions.usage(self.env, "res.partner", domain)
        return list_changes.read_fields(self.env["res.partner"], use.fields, [7])

    def test_read_fields_expand_related_and_computed(self):
        reads = self._reads([("country_id.code", "=", "BE"), ("hs_is_blocked", "=", 1)])
        self.assertLessEqual(
            {"country_id", "hs_is_blocked", "hs_customer_status", "active"},
            reads.fields,
        )
        self.assertTrue(reads.touched_by({"hs_customer_status"}))
        self.assertTrue(reads.touched_by({"country_id"}))
        self.assertFalse(reads.touched_by({"function", "comment"}))
        self.assertTrue(reads.touched_by(None))  # a new customer
        # the members of an included list (7), not of another one
        self.assertTrue(reads.touched_by({list_changes.list_mark(7)}))
        self.assertFalse(reads.touched_by({list_changes.list_mark(8)}))

    def test_read_fields_any_change(self):
        self.assertIsNone(self._reads([("write_date", ">", "2026-01-01")]).fields)
        membership = self._reads([("hs_customer_list_ids", "in", [3])])
        self.assertTrue(membership.lists)
        self.assertTrue(membership.touched_by({list_changes.list_mark(3)}))

    def test_moved_window(self):
        before = [
            ("create_date", ">=", "2026-05-02 10:00:00"),
            ("type", "=", "contact"),
        ]
        after = [("create_date", ">=", "2026-05-02 10:05:00"), ("type", "=", "contact")]
        window = list_changes.moved_window(before, after)
        self.assertFalse(window.full)
        self.assertEqual(
            window.domain,
            [
                "&",
                ("create_date", ">=", "2026-05-02 10:00:00"),
                ("create_date", "<=", "2026-05-02 10:05:00"),
            ],
        )
        self.assertEqual(list_changes.moved_window(after, after).domain, [])
        # two boundaries: either window
        two = list_changes.moved_window(
            ["&", ("d", ">=", "2026-06-01"), ("d", "<=", "2026-06-08")],
            ["&", ("d", ">=", "2026-06-02"), ("d", "<=", "2026-06-09")],
        )
        self.assertEqual(two.domain[0], "|")
        # a shape that changed: the whole list
        self.assertTrue(list_changes.moved_window(before, after[:1]).full)
        self.assertTrue(
            list_changes.moved_window(
                [("d", "in", ["2026-06-01"])], [("d", "in", ["2026-06-02"])]
            ).full
        )
