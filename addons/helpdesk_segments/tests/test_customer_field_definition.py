# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError

from .customer_field_common import CustomerFieldCase


class TestCustomerFieldDefinition(CustomerFieldCase):
    def _partner(self, **values):
        return self.env["res.partner"].create({"name": "Kept", **values})

    def test_invalid_definitions(self):
        tag = self.flag_tag
        cases = [
            ({"key": "t_ref"}, "already uses the key"),
            ({"key": "Bad Key"}, "invalid"),
            ({"key": "1abc"}, "invalid"),
            ({"key": "a" * 41}, "invalid"),
            ({"key": "class"}, "reserved"),
            ({"key": "select"}, "reserved"),
            ({"key": "t_sel", "field_type": "selection"}, "at least one option"),
            ({"key": "t_multi", "field_type": "multiselect"}, "at least one option"),
            ({"key": "t_regex", "pattern": "([a-z"}, "regular expression"),
            ({"key": "t_box", "field_type": "checkbox"}, "needs a tag"),
            (
                {
                    "key": "t_twice",
                    "field_type": "selection",
                    "option_ids": [
                        Command.create({"name": "Top tier"}),
                        Command.create({"name": "Top-Tier"}),
                    ],
                },
                "same value top_tier",
            ),
        ]
        for values, message in cases:
            with (
                self.subTest(values=values),
                self.assertRaisesRegex(ValidationError, message),
            ):
                self.Definition.create({"name": "Invalid", **values})
        # x_hs_<key> already taken by a field the definitions do not own
        self.env["ir.model.fields"].create(
            {
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "name": "x_hs_t_taken",
                "field_description": "Taken",
                "ttype": "char",
            }
        )
        with self.assertRaisesRegex(ValidationError, "collides"):
            self.Definition.create({"name": "Taken", "key": "t_taken"})
        # a valid checkbox with its tag is accepted
        self.assertTrue(
            self.Definition.create(
                {
                    "name": "Ok",
                    "key": "t_ok",
                    "field_type": "checkbox",
                    "tag_id": tag.id,
                }
            ).ir_field_id
        )

    def test_changes_keep_data(self):
        level = self.by_key["t_level"]
        partner = self._partner(x_hs_t_level="low", x_hs_t_seats=4)
        # relabel + section change
        level.write({"name": "Tier", "section": "Elsewhere"})
        # relabel and reorder the options
        low, high = level.option_ids
        low.write({"name": "Lowest", "sequence": 5})
        high.write({"sequence": 1})
        selection = self.env["res.partner"]._fields["x_hs_t_level"].selection
        self.assertEqual(selection, [("very_high", "Very High"), ("low", "Lowest")])
        self.assertEqual(self.env["res.partner"]._fields["x_hs_t_level"].string, "Tier")
        self.env.invalidate_all()
        self.assertEqual(partner.x_hs_t_level, "low")
        # archive: hidden from the views, data kept
        self.by_key["t_seats"].action_archive()
        arch = self.env["res.partner"].get_view(view_type="form")["arch"]
        self.assertNotIn("x_hs_t_seats", arch)
        self.assertIn("x_hs_t_level", arch)
        self.assertEqual(partner.x_hs_t_seats, 4)
        self.by_key["t_seats"].action_unarchive()
        self.assertIn(
            "x_hs_t_seats",
            self.env["res.partner"].get_view(view_type="form")["arch"],
        )
        # new options can be added later
        level.write({"option_ids": [Command.create({"name": "Medium"})]})
        self.assertIn(
            "medium",
            dict(self.env["res.partner"]._fields["x_hs_t_level"].selection),
        )

    def test_rename_key_keeps_data(self):
        partner = self._partner(x_hs_t_seats=9, x_hs_t_flag=True)
        partner.x_hs_t_colors = self.red
        self.by_key["t_seats"].key = "t_places"
        self.by_key["t_flag"].key = "t_marked"
        self.by_key["t_colors"].key = "t_hues"
        Partner = self.env["res.partner"]
        self.assertNotIn("x_hs_t_seats", Partner._fields)
        self.env.invalidate_all()
        self.assertEqual(partner.x_hs_t_places, 9)
        self.assertTrue(partner.x_hs_t_marked)
        self.assertEqual(partner.x_hs_t_hues, self.red)
        partner.write({"x_hs_t_marked": False})
        self.assertNotIn(self.flag_tag, partner.category_id)
        self.assertIn("x_hs_t_places", Partner.get_view(view_type="form")["arch"])

    def test_lossless_type_changes_keep_values(self):
        partner = self._partner(
            x_hs_t_seats=7,
            x_hs_t_since="2024-03-04",
            x_hs_t_notes="one line",
            x_hs_t_budget=2.5,
        )
        self.by_key["t_seats"].field_type = "float"
        self.by_key["t_since"].field_type = "datetime"
        self.by_key["t_notes"].field_type = "char"
        self.by_key["t_budget"].field_type = "text"
        Partner = self.env["res.partner"]
        self.assertEqual(Partner._fields["x_hs_t_seats"].type, "float")
        self.assertEqual(Partner._fields["x_hs_t_since"].type, "datetime")
        self.env.invalidate_all()
        self.assertEqual(partner.x_hs_t_seats, 7.0)
        self.assertEqual(partner.x_hs_t_since, datetime(2024, 3, 4))
        self.assertEqual(partner.x_hs_t_notes, "one line")
        self.assertEqual(partner.x_hs_t_budget, "2.5")
        self.assertTrue(Partner._fields["x_hs_t_seats"].index)
        partner.x_hs_t_seats = 7.5
        self.assertEqual(partner.x_hs_t_seats, 7.5)

    def test_lossy_type_change_refused_unless_empty(self):
        partner = self._partner(x_hs_t_notes="text", x_hs_t_level="low")
        with self.assertRaisesRegex(UserError, "would lose data"):
            self.by_key["t_notes"].field_type = "integer"
        with self.assertRaisesRegex(UserError, "would lose data"):
            self.by_key["t_level"].field_type = "date"
        self.assertEqual(self.by_key["t_notes"].field_type, "text")
        self.assertEqual(partner.x_hs_t_notes, "text")
        # no customer has a value: any change is allowed
        self.by_key["t_call"].field_type = "integer"
        self.assertEqual(self.env["res.partner"]._fields["x_hs_t_call"].type, "integer")
        partner.x_hs_t_call = 3
        self.assertEqual(partner.x_hs_t_call, 3)

    def test_delete_with_data_needs_confirmation(self):
        partner = self._partner(x_hs_t_since=date(2024, 1, 2))
        since = self.by_key["t_since"]
        self.assertEqual(since.value_count, 1)
        with self.assertRaisesRegex(UserError, "1 customers have a value"):
            since.unlink()
        self.assertIn("x_hs_t_since", self.env["res.partner"]._fields)
        self.assertEqual(partner.x_hs_t_since, date(2024, 1, 2))
        since.action_unlink_with_data()
        self.assertFalse(since.exists())
        self.assertNotIn("x_hs_t_since", self.env["res.partner"]._fields)
        self.assertNotIn(
            "x_hs_t_since", self.env["res.partner"].get_view(view_type="form")["arch"]
        )
        # a field nobody uses is deleted right away
        self.by_key["t_call"].unlink()
        self.assertNotIn("x_hs_t_call", self.env["res.partner"]._fields)

    def test_delete_used_option_refused(self):
        self._partner(x_hs_t_level="low", x_hs_t_colors=[Command.set(self.blue.ids)])
        low, high = self.by_key["t_level"].option_ids
        with self.assertRaisesRegex(UserError, "Low"):
            low.unlink()
        with self.assertRaisesRegex(UserError, "Blue"):
            self.blue.unlink()
        high.unlink()
        self.red.unlink()
        self.assertEqual(
            self.env["res.partner"]._fields["x_hs_t_level"].selection,
            [("low", "Low")],
        )

    def test_access_rights(self):
        definition = self.by_key["t_ref"]
        # agents read
        self.assertEqual(definition.with_user(self.agent).name, "Ref")
        self.assertTrue(self.red.with_user(self.agent).name)
        with self.assertRaises(AccessError):
            definition.with_user(self.agent).write({"name": "Hacked"})
        with self.assertRaises(AccessError):
            self.Definition.with_user(self.agent).create(
                {"name": "Nope", "key": "t_nope"}
            )
        with self.assertRaises(AccessError):
            self.red.with_user(self.agent).unlink()
        # employees and portal users: nothing
        for user in (self.employee, self.portal):
            with self.assertRaises(AccessError):
                definition.with_user(user).read(["name"])
            with self.assertRaises(AccessError):
                self.env["helpdesk.customer.field.template"].with_user(user).search([])
        # employees still read customers' values (the option names included)
        partner = self._partner(x_hs_t_colors=[Command.set(self.red.ids)])
        self.assertEqual(
            partner.with_user(self.employee).read(["x_hs_t_colors"])[0][
                "x_hs_t_colors"
            ],
            self.red.ids,
        )
        # managers configure
        created = self.Definition.with_user(self.manager).create(
            {"name": "By manager", "key": "t_manager", "field_type": "integer"}
        )
        self.assertIn("x_hs_t_manager", self.env["res.partner"]._fields)
        created.with_user(self.manager).write({"name": "Renamed"})
        created.with_user(self.manager).unlink()
        self.assertNotIn("x_hs_t_manager", self.env["res.partner"]._fields)

    def test_templates(self):
        Template = self.env["helpdesk.customer.field.template"]
        retail = self.env.ref(
            "helpdesk_segments.helpdesk_customer_field_template_retail"
        )
        self.assertEqual(
            retail.line_ids.mapped("key"),
            [
                "last_purchase_date",
                "subscription_renewal_date",
                "average_annual_spend",
                "service_level",
                "social_influence",
            ],
        )
        template = Template.create(
            {
                "name": "Test template",
                "line_ids": [
                    Command.create(
                        {"name": "Dup", "key": "t_ref", "field_type": "char"}
                    ),
                    Command.create(
                        {
                            "name": "Size",
                            "key": "t_size",
                            "field_type": "selection",
                            "options": "Small, Large",
                        }
                    ),
                    Command.create(
                        {
                            "name": "Fan",
                            "key": "t_fan",
                            "field_type": "checkbox",
                            "tag_name": "t fan tag",
                        }
                    ),
                ],
            }
        )
        template.with_user(self.manager).action_apply()
        created = self.Definition.search([("key", "in", ["t_ref", "t_size", "t_fan"])])
        self.assertEqual(len(created), 3)
        self.assertEqual(self.by_key["t_ref"].name, "Ref")
        self.assertEqual(
            self.env["res.partner"]._fields["x_hs_t_size"].selection,
            [("small", "Small"), ("large", "Large")],
        )
        fan = created.filtered(lambda d: d.key == "t_fan")
        self.assertEqual(fan.tag_id.name, "t fan tag")
        # applying again adds nothing
        template.action_apply()
        self.assertEqual(
            self.Definition.search_count([("key", "in", ["t_size", "t_fan"])]), 2
        )
        with self.assertRaises(AccessError):
            template.with_user(self.agent).action_apply()
