# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .test_customer_ratings import RatingCase


@tagged("post_install", "-at_install", "hs_rating")
class TestSatisfactionPerCustomerList(RatingCase):
    """Satisfaction figures per customer list: the lists and tickets each
    reader may see, nothing else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        List = cls.env["helpdesk.customer.list"]
        ref = "hs-satisfaction-list"
        cls.customer.ref = ref
        cls.customer_2.ref = ref
        cls.vip_list = List.create(
            {
                "name": "Satisfaction VIP",
                "sharing": "everyone",
                "domain": f"[('ref', '=', '{ref}'), ('name', '=', 'Alice Customer')]",
            }
        )
        cls.all_list = List.create(
            {
                "name": "Satisfaction all",
                "sharing": "everyone",
                "domain": f"[('ref', '=', '{ref}')]",
            }
        )
        # a private list of agent_3: nobody else sees it nor its figures
        cls.private_list = (
            List.with_user(cls.agent_3)
            .create(
                {
                    "name": "Agent 3 private",
                    "sharing": "private",
                    "domain": f"[('ref', '=', '{ref}')]",
                }
            )
            .sudo()
        )
        for customer_list in cls.vip_list | cls.all_list | cls.private_list:
            customer_list._refresh_members()
        cls.Report = cls.env["helpdesk.routing.satisfaction.list.report"]

    def _rate(self, ticket, rate):
        ticket.sudo().rating_apply(rate, token=ticket.sudo()._rating_get_access_token())

    def _figures(self, user, domain=()):
        groups = self.Report.with_user(user).read_group(
            list(domain), ["rating_last_value:avg"], ["list_id"], lazy=False
        )
        return {
            group["list_id"][1]: (group["__count"], group["rating_last_value"])
            for group in groups
        }

    def test_figures_per_list_and_rights(self):
        alice_a = self._new_ticket(team_id=self.team_a.id)
        bob_a = self._new_ticket(team_id=self.team_a.id, partner_id=self.customer_2.id)
        alice_b = self._new_ticket(team_id=self.team_b.id)
        self._new_ticket(team_id=self.team_a.id)  # not rated: not counted
        self._rate(alice_a, 5)
        self._rate(bob_a, 1)
        self._rate(alice_b, 1)
        self.env.flush_all()
        domain = [("ticket_id", "in", (alice_a | bob_a | alice_b).ids)]
        # the manager: every ticket, the shared lists (not agent_3's)
        self.assertEqual(
            self._figures(self.manager, domain),
            {"Satisfaction VIP": (2, 3.0), "Satisfaction all": (3, 7 / 3)},
        )
        # agent (team A): team A's tickets only, shared lists only
        self.assertEqual(
            self._figures(self.agent, domain),
            {"Satisfaction VIP": (1, 5.0), "Satisfaction all": (2, 3.0)},
        )
        # agent_3 (team B): team B's ticket, and their private list
        self.assertEqual(
            self._figures(self.agent_3, domain),
            {
                "Satisfaction VIP": (1, 1.0),
                "Satisfaction all": (1, 1.0),
                "Agent 3 private": (1, 1.0),
            },
        )
        # grouped by team and agent and channel too (the pivot's other axes)
        groups = self.Report.with_user(self.manager).read_group(
            domain,
            ["rating_last_value:avg"],
            ["list_id", "team_id", "user_id", "channel_id"],
            lazy=False,
        )
        self.assertEqual(sum(group["__count"] for group in groups), 5)

    def test_left_list_no_longer_counts(self):
        ticket = self._new_ticket(team_id=self.team_a.id)
        self._rate(ticket, 5)
        self.customer.name = "Alice Renamed"
        self.vip_list._refresh_members()
        self.all_list._refresh_members()
        self.env.flush_all()
        self.assertEqual(
            set(self._figures(self.manager, [("ticket_id", "=", ticket.id)])),
            {"Satisfaction all"},
        )

    def test_views_and_menu_for_each_role(self):
        action = self.env.ref(
            "helpdesk_routing.helpdesk_routing_satisfaction_list_report_action"
        )
        menu = self.env.ref("helpdesk_routing.helpdesk_routing_satisfaction_menu_lists")
        for user in (self.agent, self.manager):
            with self.subTest(user=user.login):
                Report = self.Report.with_user(user)
                views = Report.get_views(
                    [
                        (False, "pivot"),
                        (False, "graph"),
                        (False, "list"),
                        (False, "search"),
                    ]
                )
                self.assertEqual(
                    set(views["views"]), {"pivot", "graph", "list", "search"}
                )
                self.assertIn(
                    menu.id, self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
                )
                self.assertEqual(action.res_model, Report._name)
