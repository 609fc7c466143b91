# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSaleEvents(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.salesman = new_test_user(
            cls.env,
            login="hsr_salesman",
            name="Salesman",
            groups="sales_team.group_sale_salesman",
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Routing widget", "list_price": 50.0}
        )
        cls.customers = cls.env["res.partner"].create(
            [{"name": "Sale customer A"}, {"name": "Sale customer B"}]
        )
        cls.placed_order = cls.env.ref(
            "helpdesk_routing.helpdesk_routing_event_type_placed_order"
        )

    def _order(self, partner, qty):
        return (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "product_uom_qty": qty,
                                "price_unit": 50.0,
                                "tax_id": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )

    def test_confirmed_orders_become_events(self):
        orders = self._order(self.customers[0], 2) | self._order(self.customers[1], 3)
        Event = self.env["helpdesk.routing.event"]
        self.assertFalse(Event.search([("partner_id", "in", self.customers.ids)]))
        orders.action_confirm()
        events = Event.search([("partner_id", "in", self.customers.ids)])
        self.assertEqual(len(events), 2)
        for order in orders:
            event = events.filtered(lambda e, o=order: e.reference == o.name)
            self.assertEqual(event.type_id, self.placed_order)
            self.assertEqual(event.partner_id, order.partner_id)
            self.assertEqual(event.value, order.amount_total)
            self.assertEqual(event.occurred_at, order.date_order)
        self.assertEqual(sorted(events.mapped("value")), [100.0, 150.0])

    def test_quotations_and_cancellations_make_no_event(self):
        order = self._order(self.customers[0], 1)
        order.action_cancel()
        self.assertFalse(
            self.env["helpdesk.routing.event"].search(
                [("partner_id", "=", self.customers[0].id)]
            )
        )

    def test_routing_sees_the_order(self):
        """A rule on a recent order routes the customer's next ticket."""
        self.env["helpdesk.routing.rule"].search([]).action_archive()
        team = self.env["helpdesk.routing.team"].create({"name": "Order changes"})
        self.env["helpdesk.routing.rule"].create(
            {
                "name": "Ordered in the last hour",
                "team_id": team.id,
                "event_condition_ids": [
                    Command.create(
                        {
                            "type_id": self.placed_order.id,
                            "within": 1,
                            "within_unit": "hours",
                        }
                    )
                ],
            }
        )
        self._order(self.customers[0], 1).action_confirm()
        ticket = self.env["helpdesk.routing.ticket"].create(
            {"name": "Change my order", "partner_id": self.customers[0].id}
        )
        self.assertEqual(ticket.team_id, team)

    def test_event_company_is_the_order_company(self):
        """Orders of two companies confirmed together: each event is in its
        order's company, with a customer of no company or of that company
        (the events refuse a customer of another company)."""
        company_b = self.env["res.company"].create({"name": "HSR sale company B"})
        customer_b = self.env["res.partner"].create(
            {"name": "Sale customer of B", "company_id": company_b.id}
        )
        order_a = self._order(self.customers[0], 1)
        order_b, order_b_shared = (
            self.env["sale.order"]
            .with_company(company_b)
            .create(
                [
                    {
                        "company_id": company_b.id,
                        "partner_id": partner.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": self.product.id,
                                    "product_uom_qty": 1,
                                    "price_unit": 50.0,
                                    "tax_id": [Command.clear()],
                                }
                            )
                        ],
                    }
                    for partner in (customer_b, self.customers[1])
                ]
            )
        )
        orders = (order_a | order_b | order_b_shared).with_env(self.env)
        orders.with_context(
            allowed_company_ids=(self.env.company | company_b).ids
        ).action_confirm()
        events = self.env["helpdesk.routing.event"].search(
            [("reference", "in", orders.mapped("name"))]
        )
        self.assertEqual(len(events), 3)
        for order in orders:
            event = events.filtered(lambda e, o=order: e.reference == o.name)
            self.assertEqual(event.company_id, order.company_id)
            self.assertEqual(event.partner_id, order.partner_id)
        self.assertEqual(order_b.company_id, company_b)
        self.assertEqual(order_a.company_id, self.env.company)
