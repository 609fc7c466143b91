# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time
from psycopg2.errors import UniqueViolation

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .routing_common import RoutingCase


@tagged("post_install", "-at_install")
class TestCustomerEvents(RoutingCase):
    def test_event_types_data(self):
        Type = self.env["helpdesk.routing.event.type"]
        codes = set(Type.search([]).mapped("code"))
        self.assertLessEqual(
            {
                "placed_order",
                "cancelled_order",
                "started_checkout",
                "subscription_renewed",
                "refund_requested",
            },
            codes,
        )
        self.assertEqual(self.placed_order.name, "Placed order")
        with (
            self.assertRaises(UniqueViolation),
            mute_logger("odoo.sql_db"),
            self.cr.savepoint(),
        ):
            Type.create({"name": "Duplicate", "code": "placed_order"})

    def test_batch_create_with_type_code(self):
        vals_list = [
            {
                "partner_id": self.customer.id,
                "type_code": "placed_order" if i % 2 else "cancelled_order",
                "value": i,
                "reference": f"S{i:05d}",
                "properties": {"items": i},
            }
            for i in range(20)
        ]
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=5):
            # one search of the types, one insert, sequences of the batch,
            # the companies of the customers (one read for the batch)
            events = self.Event.create(vals_list)
        self.assertEqual(len(events), 20)
        self.assertEqual(events[1].type_id, self.placed_order)
        self.assertEqual(events[0].type_id, self.cancelled_order)
        self.assertEqual(events[3].properties, {"items": 3})
        self.assertTrue(events[0].occurred_at)
        self.assertEqual(events[0].company_id, self.env.company)

    def test_unknown_type_code(self):
        with self.assertRaisesRegex(UserError, "no_such_event"):
            self.Event.create(
                {"partner_id": self.customer.id, "type_code": "no_such_event"}
            )

    def test_csv_import(self):
        result = self.Event.load(
            [
                "partner_id",
                "type_id",
                "type_id/id",
                "occurred_at",
                "value",
                "reference",
            ][:1]
            + ["type_id/id", "occurred_at", "value", "reference"],
            [
                [
                    self.customer.name,
                    "helpdesk_routing.helpdesk_routing_event_type_placed_order",
                    "2026-01-05 10:00:00",
                    "120.5",
                    "S00001",
                ],
                [
                    self.customer.name,
                    "helpdesk_routing.helpdesk_routing_event_type_refund_requested",
                    "2026-01-06 10:00:00",
                    "20",
                    "S00001",
                ],
            ],
        )
        self.assertFalse(result["messages"], result["messages"])
        events = self.Event.browse(result["ids"])
        self.assertEqual(events[0].type_id, self.placed_order)
        self.assertEqual(events[0].partner_id, self.customer)
        self.assertEqual(events[0].value, 120.5)
        by_name = self.Event.load(
            ["partner_id", "type_id", "reference"],
            [[self.customer_2.name, "Cancelled order", "S00002"]],
        )
        self.assertFalse(by_name["messages"], by_name["messages"])
        self.assertEqual(
            self.Event.browse(by_name["ids"]).type_id, self.cancelled_order
        )

    def test_composite_index(self):
        self.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["helpdesk_routing_event_partner_type_occurred_index"],
        )
        definition = self.cr.fetchone()[0]
        self.assertIn("(partner_id, type_id, occurred_at)", definition)

    def test_purge_cron(self):
        self.Event.search([]).unlink()
        self.env["ir.config_parameter"].set_param(
            "helpdesk_routing.event_retention_days", "30"
        )
        with freeze_time(datetime(2026, 3, 1, 12, 0)):
            old = self.Event.create(
                [
                    {
                        "partner_id": self.customer.id,
                        "type_id": self.placed_order.id,
                        "occurred_at": datetime(2026, 1, d, 12, 0),
                    }
                    for d in range(1, 26)
                ]
            )
            recent = self.Event.create(
                {
                    "partner_id": self.customer.id,
                    "type_id": self.placed_order.id,
                    "occurred_at": datetime(2026, 2, 20, 12, 0),
                }
            )
            cron = self.env.ref("helpdesk_routing.helpdesk_routing_event_cron_purge")
            self.assertEqual(cron.code, "model._cron_purge_events()")
            done = self.Event._cron_purge_events(batch_size=10, max_batches=2)
            self.assertEqual(done, 20)
            self.assertEqual(len(old.exists()), 5)
            self.Event._cron_purge_events(batch_size=10)
            self.assertFalse(old.exists())
            self.assertEqual(recent.exists(), recent)
