# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .customer_list_common import CustomerListCase

# what Odoo 18's domain editor writes for "in the last 30 days" / "in the next
# 14 days" (web/static/src/core/tree_editor/condition_tree.js)
LAST_30_DAYS_DATETIME = (
    "datetime.datetime.combine(context_today() + relativedelta(days=-30), "
    'datetime.time(0, 0, 0)).to_utc().strftime("%Y-%m-%d %H:%M:%S")'
)
TODAY_DATE = 'context_today().strftime("%Y-%m-%d")'
NEXT_14_DAYS_DATE = "(context_today() + relativedelta(days=14)).strftime('%Y-%m-%d')"


@tagged("post_install", "-at_install")
class TestCustomerListConditions(CustomerListCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tag_vip = cls.env["res.partner.category"].create({"name": "vip"})
        cls.tag_other = cls.env["res.partner.category"].create({"name": "other"})
        cls.belgium = cls.env.ref("base.be")
        # res.partner has no date field of its own: a manual one, as the
        # "renewal date" a support team adds
        cls.env["ir.model.fields"].create(
            {
                "model_id": cls.env["ir.model"]._get("res.partner").id,
                "name": "x_hs_renewal_date",
                "field_description": "Renewal date",
                "ttype": "date",
                "state": "manual",
            }
        )
        cls.alice, cls.bob, cls.carol = cls._partners(
            [
                {
                    "name": "Alice Anders",
                    "email": "alice@example.com",
                    "type": "invoice",
                    "is_company": True,
                    "country_id": cls.belgium.id,
                    "category_id": [(6, 0, cls.tag_vip.ids)],
                    "x_hs_renewal_date": "2026-03-20",
                },
                {
                    "name": "Bob Brown",
                    "email": "bob@example.org",
                    "type": "contact",
                    "category_id": [(6, 0, (cls.tag_vip | cls.tag_other).ids)],
                    "x_hs_renewal_date": "2026-04-10",
                },
                {
                    "name": "Carol Clark",
                    "type": "delivery",
                    "category_id": [(6, 0, cls.tag_other.ids)],
                    "x_hs_renewal_date": "2026-02-01",
                },
            ]
        )

    def assertMembers(self, domain, expected, **vals):
        customer_list = self._list(domain, **vals)
        self.assertEqual(self._refresh(customer_list), expected, domain)
        self.assertEqual(customer_list.state, "ok")
        self.assertEqual(customer_list.member_count, len(expected))
        return customer_list

    def test_char(self):
        self.assertMembers('[("name", "ilike", "bob")]', self.bob)
        self.assertMembers('[("email", "=like", "%.com")]', self.alice)
        self.assertMembers('[("email", "=", False)]', self.carol)

    def test_selection(self):
        self.assertMembers(
            '[("type", "in", ["invoice", "delivery"])]', self.alice | self.carol
        )

    def test_boolean(self):
        self.assertMembers('[("is_company", "=", True)]', self.alice)
        self.assertMembers('[("is_company", "=", False)]', self.bob | self.carol)

    def test_many2one(self):
        self.assertMembers(f'[("country_id", "=", {self.belgium.id})]', self.alice)
        self.assertMembers('[("country_id.code", "=", "BE")]', self.alice)
        self.assertMembers('[("country_id", "=", False)]', self.bob | self.carol)

    def test_many2many_tags(self):
        self.assertMembers('[("category_id.name", "=", "vip")]', self.alice | self.bob)
        self.assertMembers(
            f'[("category_id", "in", [{self.tag_other.id}])]', self.bob | self.carol
        )
        self.assertMembers(
            f'[("category_id", "not in", [{self.tag_other.id}])]', self.alice
        )

    def test_date(self):
        self.assertMembers(
            '[("x_hs_renewal_date", ">=", "2026-03-01")]', self.alice | self.bob
        )

    def test_datetime(self):
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET create_date = %s WHERE id = %s",
                "2026-01-01 12:00:00",
                self.carol.id,
            )
        )
        self.Partner.invalidate_model(["create_date"])
        self.assertMembers('[("create_date", "<", "2026-01-02 00:00:00")]', self.carol)

    def test_integer_and_float_manual_fields(self):
        model = self.env["ir.model"]._get("res.partner")
        self.env["ir.model.fields"].create(
            [
                {
                    "model_id": model.id,
                    "name": "x_hs_seats",
                    "field_description": "Seats",
                    "ttype": "integer",
                    "state": "manual",
                },
                {
                    "model_id": model.id,
                    "name": "x_hs_score",
                    "field_description": "Score",
                    "ttype": "float",
                    "state": "manual",
                },
            ]
        )
        partners = self.env["res.partner"].browse(
            (self.alice | self.bob | self.carol).ids
        )
        partners[0].write({"x_hs_seats": 50, "x_hs_score": 4.5})
        partners[1].write({"x_hs_seats": 5, "x_hs_score": 2.25})
        self.assertMembers('[("x_hs_seats", ">", 10)]', self.alice)
        self.assertMembers(
            '[("x_hs_score", ">=", 2.0), ("x_hs_score", "<", 3)]', self.bob
        )

    @freeze_time("2026-03-15 10:00:00")
    def test_relative_dates_follow_today(self):
        """ "Renewal in the next 14 days" as written by the domain editor is
        evaluated against today at each refresh."""
        customer_list = self.assertMembers(
            f'[("x_hs_renewal_date", ">=", {TODAY_DATE}), '
            f'("x_hs_renewal_date", "<=", {NEXT_14_DAYS_DATE})]',
            self.alice,
        )
        with freeze_time("2026-04-01 10:00:00"):
            self.assertEqual(self._refresh(customer_list), self.bob)
        with freeze_time("2026-05-01 10:00:00"):
            self.assertFalse(self._refresh(customer_list))
            self.assertEqual(customer_list.state, "ok")

    @freeze_time("2026-03-15 10:00:00")
    def test_relative_datetime_in_owner_time_zone(self):
        """ "Created in the last 30 days": midnight 30 days ago in the owner's
        time zone (Brussels, UTC+1 in February), converted to UTC."""
        self.env.user.tz = "Europe/Brussels"
        for partner, create_date in (
            (self.alice, "2026-02-12 23:30:00"),  # 13 Feb 00:30 in Brussels
            (self.bob, "2026-02-12 22:30:00"),  # 12 Feb 23:30 in Brussels
            (self.carol, "2026-03-15 09:00:00"),
        ):
            self.env.cr.execute(
                SQL(
                    "UPDATE res_partner SET create_date = %s WHERE id = %s",
                    create_date,
                    partner.id,
                )
            )
        self.Partner.invalidate_model(["create_date"])
        self.assertMembers(
            f'[("create_date", ">=", {LAST_30_DAYS_DATETIME})]',
            self.alice | self.carol,
            user_id=self.env.user.id,
        )

    def test_invalid_conditions_refused(self):
        for domain in (
            "[('name', '=')]",
            "[('no_such_field', '=', 1)]",
            "[('name', 'no_such_operator', 'x')]",
            "[('name', '=', 'x'",
            "42",
            "[('name', '=', undefined_name)]",
        ):
            with self.subTest(domain=domain), self.assertRaises(ValidationError):
                self.List.create({"name": "Broken", "domain": domain})

    def test_code_injection_refused(self):
        for domain in (
            "__import__('os').system('echo pwned')",
            "[('name', '=', ().__class__.__bases__[0].__subclasses__())]",
            "[('name', '=', open('/etc/passwd').read())]",
            "[('name', '=', context_today.__globals__)]",
            "[('name', '=', (lambda: 1).__code__)]",
            "[('name', '=', eval('1'))]",
        ):
            with self.subTest(domain=domain), self.assertRaises(ValidationError):
                self.List.create({"name": "Injection", "domain": domain})
        customer_list = self._list("[]")
        with self.assertRaises(ValidationError):
            customer_list.domain = "[('name', '=', datetime.__class__)]"
        customer_list.invalidate_recordset(["domain"])
        self.assertIn("ref", customer_list.domain)

    def test_combined_lists(self):
        vip = self.assertMembers(
            '[("category_id.name", "=", "vip")]', self.alice | self.bob
        )
        other = self.assertMembers(
            '[("category_id.name", "=", "other")]', self.bob | self.carol
        )
        companies = self.assertMembers('[("is_company", "=", True)]', self.alice)
        self.assertMembers("[]", self.bob, include_list_ids=[(6, 0, (vip | other).ids)])
        self.assertMembers(
            "[]",
            self.alice,
            include_list_ids=[(6, 0, vip.ids)],
            exclude_list_ids=[(6, 0, other.ids)],
        )
        self.assertMembers(
            "[]", self.carol, exclude_list_ids=[(6, 0, (vip | companies).ids)]
        )

    def test_cycles_refused(self):
        list_a = self._list("[]", name="A")
        list_b = self._list("[]", name="B", include_list_ids=[(6, 0, list_a.ids)])
        list_c = self._list("[]", name="C", exclude_list_ids=[(6, 0, list_b.ids)])
        with self.assertRaises(ValidationError):
            list_a.include_list_ids = list_a
        with self.assertRaises(ValidationError):
            list_a.exclude_list_ids = list_c
        with self.assertRaises(ValidationError):
            list_a.include_list_ids = list_b
        list_c.include_list_ids = list_a  # a diamond is not a cycle
        self.assertEqual(list_c.include_list_ids, list_a)
