# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestTicketCustomerLists(TransactionCase):
    """The customer's lists show on the ticket and filter tickets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.gold = cls.env["res.partner"].create(
            {"name": "Gold list customer", "ref": "hs-ticket-list"}
        )
        cls.other = cls.env["res.partner"].create({"name": "Not in the list"})
        cls.gold_list = cls.env["helpdesk.customer.list"].create(
            {
                "name": "Gold ticket list",
                "sharing": "everyone",
                "domain": "[('ref', '=', 'hs-ticket-list')]",
            }
        )
        cls.gold_list._refresh_members()
        Ticket = cls.env["helpdesk.routing.ticket"].with_context(hs_no_routing=True)
        cls.gold_ticket = Ticket.create(
            {"name": "From gold", "partner_id": cls.gold.id}
        )
        cls.other_ticket = Ticket.create(
            {"name": "From other", "partner_id": cls.other.id}
        )

    def test_ticket_shows_the_customer_lists(self):
        self.assertEqual(self.gold_ticket.partner_customer_list_ids, self.gold_list)
        self.assertFalse(self.other_ticket.partner_customer_list_ids)

    def test_filter_tickets_by_customer_list(self):
        Ticket = self.env["helpdesk.routing.ticket"]
        mine = self.gold_ticket | self.other_ticket
        for domain in (
            [("partner_customer_list_ids", "in", self.gold_list.ids)],
            [("partner_customer_list_ids", "=", self.gold_list.id)],
            [("partner_customer_list_ids", "ilike", "gold ticket")],
        ):
            with self.subTest(domain=domain):
                self.assertEqual(
                    Ticket.search(domain + [("id", "in", mine.ids)]), self.gold_ticket
                )
        self.assertEqual(
            Ticket.search(
                [("partner_customer_list_ids", "not ilike", "gold ticket")]
                + [("id", "in", mine.ids)]
            ),
            self.other_ticket,
        )

    def test_unsupported_operator_is_a_clear_error(self):
        with self.assertRaises(UserError):
            self.env["res.partner"].search(
                [("hs_customer_list_ids", "child_of", self.gold_list.ids)]
            )
