# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One condition language: conditions as Odoo 18's domain editor writes
them (web/static/src/core/tree_editor/condition_tree.js) select the same
customers in a customer list and in a routing rule's customer filter, and
the same tickets in a saved view and in a rule's ticket filter."""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.helpdesk_segments.tools import conditions

from .routing_common import RoutingCase

NOW = "2026-03-15 10:00:00"  # UTC; 11:00 in Brussels
REF = "hs-condition-language"

# what the domain editor writes for relative dates
TODAY_DATE = 'context_today().strftime("%Y-%m-%d")'
IN_14_DAYS_DATE = "(context_today() + relativedelta(days=14)).strftime('%Y-%m-%d')"
LAST_30_DAYS_DATETIME = (
    "datetime.datetime.combine(context_today() + relativedelta(days=-30), "
    'datetime.time(0, 0, 0)).to_utc().strftime("%Y-%m-%d %H:%M:%S")'
)
TODAY_DATETIME = (
    "datetime.datetime.combine(context_today(), datetime.time(0, 0, 0))"
    '.to_utc().strftime("%Y-%m-%d %H:%M:%S")'
)

# (customer condition, the customers it selects among Alice, Bob and Carol)
CUSTOMER_CASES = [
    ('[("name", "=", "Bob Brown")]', "B"),
    ('[("name", "!=", "Bob Brown")]', "AC"),
    ('[("name", "ilike", "bro")]', "B"),
    ('[("name", "not ilike", "bro")]', "AC"),
    ('[("email", "=like", "%.com")]', "A"),
    ('[("email", "!=", False)]', "AB"),  # is set
    ('[("email", "=", False)]', "C"),  # is not set
    ('[("is_company", "=", True)]', "A"),
    ('[("is_company", "=", False)]', "BC"),
    ('[("type", "in", ["invoice", "delivery"])]', "AC"),
    ('[("type", "not in", ["invoice", "delivery"])]', "B"),
    # Bob, a contact of Alice, has her address (and country)
    ('[("country_id.code", "=", "BE")]', "AB"),
    ('[("country_id.code", "in", ["BE", "FR"])]', "ABC"),
    ('[("country_id.code", "not in", ["BE"])]', "C"),
    ('[("parent_id.name", "=", "Alice Anders")]', "B"),
    ('[("category_id", "any", [("name", "=", "vip")])]', "AB"),
    ('[("category_id", "not any", [("name", "=", "vip")])]', "C"),
    ('[("x_hs_cl_seats", ">", 10)]', "A"),
    ('[("x_hs_cl_seats", ">=", 5)]', "AB"),
    # Carol has no seats: Odoo compares an empty number as 0
    ('[("x_hs_cl_seats", "<", 50)]', "BC"),
    ('[("x_hs_cl_seats", "<=", 50)]', "ABC"),
    # "is between" (the domain editor writes two conditions)
    ('[("x_hs_cl_seats", ">=", 5), ("x_hs_cl_seats", "<=", 10)]', "B"),
    ('[("x_hs_cl_renewal", ">=", "2026-03-01")]', "AB"),
    # renewal in the next 14 days, relative to today
    (
        f'[("x_hs_cl_renewal", ">=", {TODAY_DATE}), '
        f'("x_hs_cl_renewal", "<=", {IN_14_DAYS_DATE})]',
        "A",
    ),
    # created in the last 30 days: midnight 30 days ago in Brussels, in UTC
    (f'[("create_date", ">=", {LAST_30_DAYS_DATETIME})]', "AC"),
    (f'[("create_date", ">=", {TODAY_DATETIME})]', "C"),
    # now() is the local time: 13 Feb 11:00 in Brussels is 10:00 UTC
    (
        '[("create_date", ">=", '
        "(datetime.datetime.now() - relativedelta(days=30)).to_utc())]",
        "C",
    ),
    ('["!", ("name", "ilike", "bob")]', "AC"),
    ('["|", ("is_company", "=", True), ("email", "=", False)]', "AC"),
    ('["!", "|", ("is_company", "=", True), ("email", "=", False)]', "B"),
    ("[('id', '!=', uid)]", "ABC"),
]

# (ticket condition, the tickets it selects among the refund, order and hello
# tickets)
TICKET_CASES = [
    ('[("priority", "=", "3")]', "R"),
    ('[("priority", "!=", "3")]', "OH"),
    ('[("priority", ">=", "1")]', "RO"),
    ('[("priority", "in", ["0", "3"])]', "RH"),
    ('[("name", "ilike", "refund")]', "R"),
    ('[("name", "not ilike", "refund")]', "OH"),
    ('[("name", "=like", "Where%")]', "O"),
    ('[("channel_id", "!=", False)]', "RO"),
    ('[("channel_id", "=", False)]', "H"),
    ('[("channel_id.code", "=", "sms")]', "R"),
    ('[("tag_ids", "any", [("name", "=", "Test Refund")])]', "O"),
    ('[("tag_ids", "not any", [("name", "=", "Test Refund")])]', "RH"),
    ('[("partner_id.country_id.code", "=", "FR")]', "H"),
    ('[("partner_id.parent_id.name", "=", "Alice Anders")]', "O"),
    (
        f'[("partner_id.x_hs_cl_renewal", ">=", {TODAY_DATE}), '
        f'("partner_id.x_hs_cl_renewal", "<=", {IN_14_DAYS_DATE})]',
        "R",
    ),
    ('["!", ("priority", "=", "3")]', "OH"),
    ('["|", ("priority", "=", "3"), ("channel_id", "=", False)]', "RH"),
]


@tagged("post_install", "-at_install", "condition_language")
class TestConditionLanguage(RoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.tz = "Europe/Brussels"
        model = cls.env["ir.model"]._get("res.partner")
        cls.env["ir.model.fields"].create(
            [
                {
                    "model_id": model.id,
                    "name": "x_hs_cl_renewal",
                    "field_description": "Renewal (condition test)",
                    "ttype": "date",
                    "state": "manual",
                },
                {
                    "model_id": model.id,
                    "name": "x_hs_cl_seats",
                    "field_description": "Seats (condition test)",
                    "ttype": "integer",
                    "state": "manual",
                },
            ]
        )
        Partner = cls.env["res.partner"]
        Tag = cls.env["res.partner.category"]
        vip, other = Tag.create([{"name": "vip"}, {"name": "other"}])
        cls.alice = Partner.create(
            {
                "name": "Alice Anders",
                "email": "alice@example.com",
                "type": "invoice",
                "is_company": True,
                "country_id": cls.env.ref("base.be").id,
                "category_id": [Command.set(vip.ids)],
                "x_hs_cl_renewal": "2026-03-20",
                "x_hs_cl_seats": 50,
                "ref": REF,
            }
        )
        cls.bob = Partner.create(
            {
                "name": "Bob Brown",
                "email": "bob@example.org",
                "type": "contact",
                "parent_id": cls.alice.id,
                "category_id": [Command.set((vip | other).ids)],
                "x_hs_cl_renewal": "2026-04-10",
                "x_hs_cl_seats": 5,
                "ref": REF,
            }
        )
        cls.carol = Partner.create(
            {
                "name": "Carol Clark",
                "type": "delivery",
                "country_id": cls.env.ref("base.fr").id,
                "category_id": [Command.set(other.ids)],
                "x_hs_cl_renewal": "2026-02-01",
                "ref": REF,
            }
        )
        # Alice: 13 Feb 00:30 in Brussels, Bob: 12 Feb 23:30 in Brussels
        for partner, create_date in (
            (cls.alice, "2026-02-12 23:30:00"),
            (cls.bob, "2026-02-12 22:30:00"),
            (cls.carol, "2026-03-15 09:00:00"),
        ):
            cls.env.cr.execute(
                SQL(
                    "UPDATE res_partner SET create_date = %s WHERE id = %s",
                    create_date,
                    partner.id,
                )
            )
        Partner.invalidate_model(["create_date"])
        cls.customers = {"A": cls.alice, "B": cls.bob, "C": cls.carol}
        cls.ticket_values = {
            "R": {
                "name": "Refund please",
                "priority": "3",
                "channel_id": cls.channel_sms.id,
                "tag_ids": [Command.set(cls.tag_order.ids)],
                "partner_id": cls.alice.id,
            },
            "O": {
                "name": "Where is my order",
                "priority": "1",
                "channel_id": cls.channel_phone.id,
                "tag_ids": [Command.set((cls.tag_order | cls.tag_refund).ids)],
                "partner_id": cls.bob.id,
            },
            "H": {"name": "Hello", "priority": "0", "partner_id": cls.carol.id},
        }

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        # the manual fields were rolled back: reload the registry without them
        cls.registry.setup_models(cls.env.cr)
        cls.registry.clear_all_caches()

    def _list_members(self, text):
        full = f'["&", ("ref", "=", "{REF}")] + {text}' if text.strip() else text
        customer_list = self.env["helpdesk.customer.list"].create(
            {
                "name": "Condition test",
                "domain": full,
                "user_id": self.env.user.id,
            }
        )
        customer_list._refresh_members()
        self.assertEqual(customer_list.state, "ok", customer_list.error_message)
        return customer_list.member_ids.partner_id

    def _routed_customers(self, text):
        """The customers whose ticket a rule with this customer filter sends
        to Test Team C (tickets created through the routing)."""
        rule = self._rule(partner_domain=text)
        routed = self.env["res.partner"]
        for partner in self.customers.values():
            if self._ticket(partner_id=partner.id).team_id == self.team_c:
                routed |= partner
        rule.action_archive()
        return routed

    @freeze_time(NOW)
    def test_customer_conditions(self):
        for text, expected in CUSTOMER_CASES:
            with self.subTest(condition=text):
                wanted = self.env["res.partner"].concat(
                    *(self.customers[key] for key in expected)
                )
                self.assertEqual(self._list_members(text), wanted, "customer list")
                self.assertEqual(self._routed_customers(text), wanted, "rule")

    @freeze_time(NOW)
    def test_ticket_conditions(self):
        view = self.env["helpdesk.routing.view"].create({"name": "Condition test"})
        for text, expected in TICKET_CASES:
            with self.subTest(condition=text):
                rule = self._rule(ticket_domain=text)
                tickets = {
                    key: self.Ticket.create(dict(values))
                    for key, values in self.ticket_values.items()
                }
                rule.action_archive()
                routed = {
                    key
                    for key, ticket in tickets.items()
                    if ticket.team_id == self.team_c
                }
                self.assertEqual(routed, set(expected), "rule ticket filter")
                view.domain = text
                in_view = self.Ticket.search(
                    view._get_domain()
                    + [("id", "in", [t.id for t in tickets.values()])]
                )
                self.assertEqual(
                    {key for key, ticket in tickets.items() if ticket in in_view},
                    set(expected),
                    "saved view",
                )

    @freeze_time(NOW)
    def test_relative_dates_accepted_everywhere(self):
        """The rule filter "created in the last 30 days" built in the domain
        editor is accepted, as in a list and a saved view."""
        text = f'[("create_date", ">=", {LAST_30_DAYS_DATETIME})]'
        self.assertTrue(self._rule(partner_domain=text).active)
        self.assertTrue(self._rule(ticket_domain=text).active)
        view = self.env["helpdesk.routing.view"].create(
            {"name": "Last 30 days", "domain": text}
        )
        self.assertEqual(
            view._filter_domain(), [("create_date", ">=", "2026-02-12 23:00:00")]
        )

    def test_one_error_for_conditions_that_cannot_be_read(self):
        for text in ("[('name', '=',", "[('name', '=', nope)]", "42"):
            with self.subTest(text=text):
                with self.assertRaises(ValidationError) as caught:
                    self.env["helpdesk.customer.list"].create(
                        {"name": "Broken", "domain": text}
                    )
                self.assertIn("cannot be read", caught.exception.args[0])
                with self.assertRaises(ValidationError) as caught:
                    self._rule(partner_domain=text)
                self.assertIn("cannot be read", caught.exception.args[0])
                with self.assertRaises(ValidationError) as caught:
                    self.env["helpdesk.routing.view"].create(
                        {"name": "Broken", "domain": text}
                    )
                # a plain ValidationError: a warning in the web client
                self.assertIs(type(caught.exception), ValidationError)
        with self.assertRaises(ValidationError) as caught:
            self._rule(partner_domain="[('no_such_field', '=', 1)]")
        self.assertIn("no_such_field", caught.exception.args[0])
        with self.assertRaises(conditions.ConditionError) as caught:
            conditions.parse(self.env, "[('name', '=', nope)]")
        self.assertEqual(
            caught.exception.reason, "the name nope is not allowed in conditions."
        )

    def test_static_conditions_parsed_once(self):
        text = "[('name', '=', 'x'), ('id', 'in', [1, 2])]"
        first = conditions.parse_static(text)
        self.assertIs(conditions.parse_static(text), first)
        parsed = conditions.parse(self.env, text)
        parsed.append(("id", "=", 3))  # the caller's copy
        self.assertEqual(len(conditions.parse(self.env, text)), 3)
        self.assertIsNone(conditions.parse_static("[('id', '=', uid)]"))

    def test_usage(self):
        domain = conditions.parse(
            self.env,
            "['|', ('country_id.code', '=', 'BE'), ('category_id', 'any', "
            f"[('id', 'in', [{self.churn_tag.id}])]), ('parent_id', '=', 7)]",
        )
        use = conditions.usage(self.env, "res.partner", domain)
        self.assertTrue(use.uses_field("res.partner", ["country_id"]))
        self.assertTrue(use.uses_field("res.country", ["code"]))
        self.assertTrue(use.uses_records("res.partner.category", self.churn_tag.ids))
        self.assertTrue(use.uses_records("res.partner", [7]))
        self.assertEqual(
            conditions.top_fields(domain), {"country_id", "category_id", "parent_id"}
        )
        ticket_use = conditions.usage(
            self.env,
            "helpdesk.routing.ticket",
            [("partner_id.x_hs_cl_seats", ">", 3)],
        )
        self.assertTrue(ticket_use.uses_field("res.partner", ["x_hs_cl_seats"]))
