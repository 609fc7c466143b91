# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import HelpdeskRoutingCase


@tagged("post_install", "-at_install")
class TestPerformance(HelpdeskRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_a.assignment_method = "round_robin"
        cls.team_b.assignment_method = "fewest_open"
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Customer {i}", "email": f"c{i}@example.com"} for i in range(50)]
        )

    def _vals(self, count):
        teams = [self.team_a.id, self.team_b.id, False]
        return [
            {
                "name": f"Ticket {i}",
                "partner_id": self.customers[i % 50].id,
                "team_id": teams[i % 3],
                "channel_id": self.channel_email.id,
            }
            for i in range(count)
        ]

    def _count_queries(self, count):
        vals_list = self._vals(count)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        tickets = self.Ticket.create(vals_list)
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        self.assertEqual(len(tickets), count)
        self.assertEqual(len(set(tickets.mapped("number"))), count)
        self.assertTrue(all(tickets.filtered("team_id").mapped("user_id")))
        return queries

    def test_batch_create_does_not_query_per_ticket(self):
        self._count_queries(10)  # warm the caches and the registry
        queries_100 = self._count_queries(100)
        queries_1000 = self._count_queries(1000)
        self.assertLess(
            queries_1000,
            queries_100 + 50,
            f"{queries_100} queries for 100 tickets, {queries_1000} for 1,000",
        )

    def test_small_batch_query_budget(self):
        self._count_queries(3)
        vals_list = self._vals(6)
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=40):
            self.Ticket.create(vals_list)
            self.env.flush_all()
