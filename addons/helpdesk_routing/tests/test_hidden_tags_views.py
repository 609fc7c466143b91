# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Tickets whose only ticket tag (or whose customer's only tag) belongs to a
group hidden from agents look, to an agent, like tickets without tags:
searches by ids, "has any tag", negations, the customer's tags, saved-view
counts written by managers, group-by, and the same over JSON-RPC."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestHiddenTagsTicketsAndViews(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.agent = new_test_user(
            env,
            login="hsr_hv_agent",
            password="hsr_hv_agent_pw",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        cls.manager = new_test_user(
            env,
            login="hsr_hv_manager",
            password="hsr_hv_manager_pw",
            groups="helpdesk_segments.group_helpdesk_manager",
        )
        group_hidden = env["helpdesk.tag.group"].create(
            {"name": "HV secret group", "hidden_from_agents": True}
        )
        cls.cat_hidden = env["res.partner.category"].create(
            {"name": "HV secret tag", "hs_tag_group_id": group_hidden.id}
        )
        cls.tag_hidden = env["helpdesk.routing.tag"].create(
            {"name": "HV secret ticket tag", "hs_tag_group_id": group_hidden.id}
        )
        cls.tag_visible = env["helpdesk.routing.tag"].create(
            {"name": "HV visible ticket tag"}
        )
        Partner = env["res.partner"]
        cls.carrier = Partner.create(
            {"name": "HV carrier", "category_id": [Command.set(cls.cat_hidden.ids)]}
        )
        cls.plain = Partner.create({"name": "HV plain"})
        team = env["helpdesk.routing.team"].create(
            {"name": "HV team", "member_ids": [Command.set(cls.agent.ids)]}
        )
        Ticket = env["helpdesk.routing.ticket"]

        def ticket(name, partner, tags):
            return Ticket.create(
                {
                    "name": name,
                    "team_id": team.id,
                    "partner_id": partner.id,
                    "tag_ids": [Command.set(tags.ids)],
                }
            )

        cls.t_secret = ticket("HV secret", cls.carrier, cls.tag_hidden)
        cls.t_plain = ticket("HV plain", cls.plain, Ticket.tag_ids)
        cls.t_visible = ticket("HV visible", cls.plain, cls.tag_visible)
        cls.tickets = cls.t_secret | cls.t_plain | cls.t_visible

    def _domains(self):
        tag, cat = self.tag_hidden.id, self.cat_hidden.id
        return {
            "tag id": [("tag_ids", "in", [tag])],
            "tag id mixed": [("tag_ids", "in", [tag, False])],
            "tag id =": [("tag_ids", "=", tag)],
            "tag not in": [("tag_ids", "not in", [tag])],
            "tag !": ["!", ("tag_ids", "=", tag)],
            "has a tag": [("tag_ids", "!=", False)],
            "has no tag": [("tag_ids", "=", False)],
            "tag name": [("tag_ids.name", "=", "HV secret ticket tag")],
            "tag ilike": [("tag_ids", "ilike", "HV secret")],
            "customer tag id": [("partner_id.category_id", "in", [cat])],
            "customer has tag": [("partner_id.category_id", "!=", False)],
            "customer no tag": [("partner_id.category_id", "=", False)],
            "customer not in": [("partner_id.category_id", "not in", [cat])],
            "customer tags field": [("partner_category_ids", "in", [cat])],
            "customer tags field any": [("partner_category_ids", "!=", False)],
            "customer tags field none": [("partner_category_ids", "=", False)],
            "customer tag name": [
                ("partner_id.category_id.name", "=", "HV secret tag")
            ],
        }

    def test_agent_cannot_single_out_tickets(self):
        Ticket = self.env["helpdesk.routing.ticket"].with_user(self.agent)
        for name, domain in self._domains().items():
            with self.subTest(condition=name):
                found = Ticket.search([("id", "in", self.tickets.ids), *domain])
                self.assertEqual(self.t_secret in found, self.t_plain in found, domain)

    def test_manager_finds_them(self):
        Ticket = self.env["helpdesk.routing.ticket"].with_user(self.manager)
        base = [("id", "in", self.tickets.ids)]
        for domain in (
            [("tag_ids", "in", self.tag_hidden.ids)],
            [("tag_ids", "in", [self.tag_hidden.id, False])],
            [("partner_id.category_id", "in", self.cat_hidden.ids)],
            [("partner_category_ids", "!=", False)],
        ):
            with self.subTest(domain=domain):
                self.assertEqual(Ticket.search([*base, *domain]), self.t_secret)

    def test_group_by_tags(self):
        groups = (
            self.env["helpdesk.routing.ticket"]
            .with_user(self.agent)
            ._read_group(
                [("id", "in", self.tickets.ids)], ["tag_ids"], ["id:array_agg"]
            )
        )
        self.assertEqual(
            {tag.id: set(ids) for tag, ids in groups},
            {
                False: {self.t_secret.id, self.t_plain.id},
                self.tag_visible.id: {self.t_visible.id},
            },
        )

    def test_saved_view_counts(self):
        """Saved views are written by managers and counted for agents: their
        count and their tickets are what the agent's own search finds."""
        View = self.env["helpdesk.routing.view"]
        views = View.create(
            [
                {
                    "name": "HV by hidden tag",
                    "domain": repr(
                        [
                            ("id", "in", self.tickets.ids),
                            ("tag_ids", "in", self.tag_hidden.ids),
                        ]
                    ),
                },
                {
                    "name": "HV by hidden customer tag",
                    "domain": repr(
                        [
                            ("id", "in", self.tickets.ids),
                            ("partner_id.category_id", "in", self.cat_hidden.ids),
                        ]
                    ),
                },
                {
                    "name": "HV with ticket tags",
                    "domain": repr(
                        [("id", "in", self.tickets.ids), ("tag_ids", "!=", False)]
                    ),
                },
            ]
        )
        as_agent = views.with_user(self.agent)
        self.assertEqual(as_agent.mapped("ticket_count"), [0, 0, 1])
        self.assertEqual(
            views.with_user(self.manager).mapped("ticket_count"), [1, 1, 2]
        )
        Ticket = self.env["helpdesk.routing.ticket"].with_user(self.agent)
        for view in as_agent:
            with self.subTest(view=view.name):
                found = Ticket.search(view.action_open_tickets()["domain"])
                self.assertNotIn(self.t_secret, found)
                self.assertEqual(len(found), view.ticket_count)

    def test_customer_events(self):
        """Customer events (agents read them): searched and grouped by the
        customer's tags like the customers themselves."""
        event_type = self.env["helpdesk.routing.event.type"].search([], limit=1)
        events = self.env["helpdesk.routing.event"].create(
            [
                {"partner_id": self.carrier.id, "type_id": event_type.id},
                {"partner_id": self.plain.id, "type_id": event_type.id},
            ]
        )
        Event = self.env["helpdesk.routing.event"].with_user(self.agent)
        cat = self.cat_hidden.id
        for domain in (
            [("partner_id.category_id", "in", [cat])],
            [("partner_id.category_id", "!=", False)],
            [("partner_id.category_id", "=", False)],
            [("partner_id.category_id", "not in", [cat])],
            [("partner_id.category_id.name", "=", "HV secret tag")],
        ):
            with self.subTest(domain=domain):
                found = Event.search([("id", "in", events.ids), *domain])
                self.assertEqual(events[0] in found, events[1] in found, domain)
        self.assertEqual(
            self.env["helpdesk.routing.event"]
            .with_user(self.manager)
            .search(
                [("id", "in", events.ids), ("partner_id.category_id", "in", [cat])]
            ),
            events[0],
        )

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_rpc(self):
        self.authenticate("hsr_hv_agent", "hsr_hv_agent_pw")
        base = [("id", "in", self.tickets.ids)]
        counts = {
            name: self._call(
                "helpdesk.routing.ticket", "search_count", [[*base, *domain]]
            )
            for name, domain in self._domains().items()
        }
        self.assertEqual(
            counts,
            {
                "tag id": 0,
                "tag id mixed": 0,
                "tag id =": 0,
                "tag not in": 3,
                "tag !": 3,
                "has a tag": 1,
                "has no tag": 2,
                "tag name": 0,
                "tag ilike": 0,
                "customer tag id": 0,
                "customer has tag": 0,
                "customer no tag": 3,
                "customer not in": 3,
                "customer tags field": 0,
                "customer tags field any": 0,
                "customer tags field none": 3,
                "customer tag name": 0,
            },
        )
        groups = self._call(
            "helpdesk.routing.ticket",
            "web_read_group",
            [],
            {"domain": base, "fields": ["tag_ids"], "groupby": ["tag_ids"]},
        )
        self.assertEqual(
            sorted((g["tag_ids"] or [False])[0] or 0 for g in groups["groups"]),
            [0, self.tag_visible.id],
        )
        self.assertNotIn("HV secret", repr(groups))
