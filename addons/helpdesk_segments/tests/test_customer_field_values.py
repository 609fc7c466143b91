# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form

from .customer_field_common import CustomerFieldCase


class TestCustomerFieldValues(CustomerFieldCase):
    def test_fields_are_real_stored_partner_fields(self):
        Partner = self.env["res.partner"]
        for definition in self.defs:
            field = Partner._fields[definition.field_name]
            self.assertTrue(field.store, definition.key)
            self.assertTrue(field.manual, definition.key)
        self.assertEqual(Partner._fields["x_hs_t_level"].type, "selection")
        self.assertEqual(
            [value for value, _label in Partner._fields["x_hs_t_level"].selection],
            ["low", "very_high"],
        )
        self.assertEqual(Partner._fields["x_hs_t_colors"].type, "many2many")
        self.assertEqual(Partner._fields["x_hs_t_flag"].type, "boolean")
        self.assertTrue(Partner._fields["x_hs_t_seats"].index)
        self.assertFalse(Partner._fields["x_hs_t_notes"].index)
        self.assertFalse(Partner._fields["x_hs_t_ref"].required)

    def test_form_round_trip_person(self):
        with Form(self.env["res.partner"]) as form:
            form.name = "Form person"
            form.x_hs_t_ref = "AB-12"
            form.x_hs_t_notes = "line 1\nline 2"
            form.x_hs_t_seats = 12
            form.x_hs_t_budget = 1234.5
            form.x_hs_t_since = date(2024, 5, 1)
            form.x_hs_t_call = datetime(2024, 5, 1, 10, 30)
            form.x_hs_t_level = "very_high"
            form.x_hs_t_flag = True
        partner = form.record
        self.assertEqual(partner.x_hs_t_ref, "AB-12")
        self.assertEqual(partner.x_hs_t_notes, "line 1\nline 2")
        self.assertEqual(partner.x_hs_t_seats, 12)
        self.assertEqual(partner.x_hs_t_budget, 1234.5)
        self.assertEqual(partner.x_hs_t_since, date(2024, 5, 1))
        self.assertEqual(partner.x_hs_t_call, datetime(2024, 5, 1, 10, 30))
        self.assertEqual(partner.x_hs_t_level, "very_high")
        self.assertTrue(partner.x_hs_t_flag)
        self.assertIn(self.flag_tag, partner.category_id)
        with Form(partner) as form:
            form.x_hs_t_flag = False
            form.x_hs_t_level = "low"
        self.assertNotIn(self.flag_tag, partner.category_id)
        self.assertEqual(partner.x_hs_t_level, "low")

    def test_form_round_trip_company(self):
        with Form(self.env["res.partner"]) as form:
            form.name = "Form company"
            form.company_type = "company"
            form.x_hs_t_colors.add(self.red)
            form.x_hs_t_colors.add(self.blue)
        self.assertEqual(form.record.x_hs_t_colors, self.red | self.blue)

    def test_form_view_visibility_and_required(self):
        self.by_key["t_notes"].required = True
        arch = self.env["res.partner"].get_view(view_type="form")["arch"]
        self.assertIn('string="Customer profile"', arch)
        self.assertRegex(arch, r'name="x_hs_t_level"[^>]*invisible="is_company"')
        self.assertRegex(arch, r'name="x_hs_t_colors"[^>]*invisible="not is_company"')
        self.assertRegex(arch, r'name="x_hs_t_notes"[^>]*required="hs_is_customer"')
        # required in the view only: no NOT NULL, other code still creates partners
        partner = self.env["res.partner"].create({"name": "No notes"})
        self.assertFalse(partner.x_hs_t_notes)
        with self.assertRaises(AssertionError), Form(self.env["res.partner"]) as form:
            form.name = "Missing notes"

    def test_list_and_search_views(self):
        Partner = self.env["res.partner"]
        list_arch = Partner.get_view(self.env.ref("base.view_partner_tree").id, "list")[
            "arch"
        ]
        self.assertRegex(list_arch, r'name="x_hs_t_level"[^>]*optional="hide"')
        search_arch = Partner.get_view(view_type="search")["arch"]
        self.assertIn('name="x_hs_t_level"', search_arch)
        self.assertIn('name="x_hs_t_ref"', search_arch)
        self.assertIn("'group_by': 'x_hs_t_level'", search_arch)

    def test_search_group_sort(self):
        Partner = self.env["res.partner"]
        partners = Partner.create(
            [
                {"name": "G1", "x_hs_t_level": "low", "x_hs_t_seats": 3},
                {"name": "G2", "x_hs_t_level": "low", "x_hs_t_seats": 1},
                {"name": "G3", "x_hs_t_level": "very_high", "x_hs_t_seats": 2},
            ]
        )
        found = Partner.search(
            [("id", "in", partners.ids), ("x_hs_t_level", "=", "low")],
            order="x_hs_t_seats",
        )
        self.assertEqual(found.mapped("name"), ["G2", "G1"])
        groups = dict(
            Partner._read_group(
                [("id", "in", partners.ids)], ["x_hs_t_level"], ["__count"]
            )
        )
        self.assertEqual(groups, {"low": 2, "very_high": 1})

    def test_import_and_export(self):
        Partner = self.env["res.partner"]
        result = Partner.with_context(tz="UTC").load(
            [
                "name",
                "x_hs_t_ref",
                "x_hs_t_seats",
                "x_hs_t_budget",
                "x_hs_t_since",
                "x_hs_t_call",
                "x_hs_t_level",
                "x_hs_t_colors",
                "x_hs_t_flag",
            ],
            [
                [
                    "Imported",
                    "CD-3",
                    "7",
                    "2.5",
                    "2024-02-03",
                    "2024-02-03 04:05:06",
                    "Very High",
                    "Red,Blue",
                    "1",
                ]
            ],
        )
        self.assertFalse(result["messages"], result["messages"])
        partner = Partner.browse(result["ids"])
        self.assertEqual(partner.x_hs_t_ref, "CD-3")
        self.assertEqual(partner.x_hs_t_seats, 7)
        self.assertEqual(partner.x_hs_t_budget, 2.5)
        self.assertEqual(partner.x_hs_t_since, date(2024, 2, 3))
        self.assertEqual(partner.x_hs_t_call, datetime(2024, 2, 3, 4, 5, 6))
        self.assertEqual(partner.x_hs_t_level, "very_high")
        self.assertEqual(partner.x_hs_t_colors, self.red | self.blue)
        self.assertTrue(partner.x_hs_t_flag)
        self.assertIn(self.flag_tag, partner.category_id)
        exported = partner.export_data(["x_hs_t_level", "x_hs_t_seats"])["datas"]
        self.assertEqual(exported, [["Very High", 7]])
        bad = Partner.load(["name", "x_hs_t_ref"], [["Bad import", "nope"]])
        self.assertFalse(bad["ids"])
        self.assertIn("Ref", bad["messages"][0]["message"])

    def test_pattern_enforced(self):
        Partner = self.env["res.partner"]
        with self.assertRaisesRegex(ValidationError, "Ref"):
            Partner.create({"name": "Bad", "x_hs_t_ref": "ab-1"})
        partner = Partner.create({"name": "Good", "x_hs_t_ref": "AB-1"})
        with self.assertRaisesRegex(ValidationError, "Ref"):
            partner.write({"x_hs_t_ref": "AB-"})
        self.assertEqual(partner.x_hs_t_ref, "AB-1")
        with self.assertRaisesRegex(ValidationError, "Ref"):
            partner.write({"x_hs_t_ref": 42})
        self.assertEqual(partner.x_hs_t_ref, "AB-1")
        partner.write({"x_hs_t_ref": False})
        self.assertFalse(partner.x_hs_t_ref)

    def test_checkbox_tag_sync(self):
        Partner = self.env["res.partner"]
        other_tag = self.env["res.partner.category"].create({"name": "Other"})
        ticked, tagged, plain = Partner.create(
            [
                {"name": "Ticked", "x_hs_t_flag": True},
                {"name": "Tagged", "category_id": [Command.set(self.flag_tag.ids)]},
                {"name": "Plain", "category_id": [other_tag.id]},
            ]
        )
        self.assertIn(self.flag_tag, ticked.category_id)
        self.assertTrue(tagged.x_hs_t_flag)
        self.assertFalse(plain.x_hs_t_flag)
        self.assertEqual(plain.category_id, other_tag)
        everyone = ticked | tagged | plain
        # bulk write of the checkbox
        everyone.write({"x_hs_t_flag": True})
        self.assertTrue(all(self.flag_tag in p.category_id for p in everyone))
        self.assertIn(other_tag, plain.category_id)
        everyone.write({"x_hs_t_flag": False})
        self.assertFalse(everyone.category_id & self.flag_tag)
        # bulk write of the tags
        everyone.write({"category_id": [Command.link(self.flag_tag.id)]})
        self.assertEqual(everyone.mapped("x_hs_t_flag"), [True] * 3)
        everyone.write({"category_id": [Command.unlink(self.flag_tag.id)]})
        self.assertEqual(everyone.mapped("x_hs_t_flag"), [False] * 3)
        # from the tag side
        self.flag_tag.write({"partner_ids": [Command.link(plain.id)]})
        self.assertTrue(plain.x_hs_t_flag)
        self.assertFalse(ticked.x_hs_t_flag)
        self.flag_tag.write({"partner_ids": [Command.set(ticked.ids)]})
        self.assertTrue(ticked.x_hs_t_flag)
        self.assertFalse(plain.x_hs_t_flag)
        self.env.invalidate_all()
        self.assertEqual(everyone.mapped("x_hs_t_flag"), [True, False, False])
        self.assertEqual(
            Partner.search([("id", "in", everyone.ids), ("x_hs_t_flag", "=", True)]),
            ticked,
        )
        # changing the checkbox's tag resets every checkbox from the new tag
        self.by_key["t_flag"].tag_id = other_tag
        self.env.invalidate_all()
        self.assertEqual(everyone.mapped("x_hs_t_flag"), [False, False, True])


class TestCustomerFieldQueries(CustomerFieldCase):
    def _vals(self, count):
        return [
            {
                "name": f"Bulk {i}",
                "x_hs_t_ref": f"AB-{i}",
                "x_hs_t_notes": "notes",
                "x_hs_t_seats": i,
                "x_hs_t_budget": i / 2,
                "x_hs_t_since": "2024-01-01",
                "x_hs_t_call": "2024-01-01 10:00:00",
                "x_hs_t_level": "low" if i % 2 else "very_high",
                "x_hs_t_colors": [Command.set(self.red.ids)],
                "x_hs_t_flag": bool(i % 2),
                "category_id": [
                    Command.link(self.env.ref("base.res_partner_category_0").id)
                ]
                if i % 3
                else [],
            }
            for i in range(count)
        ]

    def _count_create(self, count):
        vals_list = self._vals(count)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        partners = self.env["res.partner"].create(vals_list)
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        self.assertEqual(
            len(partners.filtered(lambda p: self.flag_tag in p.category_id)),
            count // 2,
        )
        return queries

    def test_bulk_create_queries_do_not_grow_per_customer(self):
        self._count_create(10)  # warm up caches
        small = self._count_create(100)
        large = self._count_create(1000)
        # only the ORM's INSERT chunking (100 rows per INSERT) may add queries:
        # a query per customer would add at least 900
        chunks = 1000 // 100 - 1
        self.assertLessEqual(large - small, 4 * chunks, (small, large))

    def test_small_batch_query_budget(self):
        self._count_create(10)  # warm up caches
        vals_list = self._vals(10)
        self.env.flush_all()
        with self.assertQueryCount(30):
            self.env["res.partner"].create(vals_list)
            self.env.flush_all()
