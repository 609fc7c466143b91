# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.helpdesk_segments.tests.common import RpcError, execute_kw

from .routing_common import RoutingCase


@tagged("post_install", "-at_install")
class TestMultiCompany(RoutingCase):
    """Tickets, teams, rules, saved views, events and routing decisions of two
    companies: a user of company A never sees, nor routes into, company B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "HSR Company B"})
        cls.company_b.write(
            {
                "helpdesk_routing_enabled": True,
                "helpdesk_routing_fallback": "unassigned",
            }
        )
        both = [Command.set((cls.company_a | cls.company_b).ids)]
        cls.manager_a = new_test_user(
            cls.env,
            login="hsr_mc_manager_a",
            groups="helpdesk_segments.group_helpdesk_manager",
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )
        cls.manager_ab = new_test_user(
            cls.env,
            login="hsr_mc_manager_ab",
            groups="helpdesk_segments.group_helpdesk_manager",
            company_id=cls.company_a.id,
            company_ids=both,
        )
        cls.agent_b = new_test_user(
            cls.env,
            login="hsr_mc_agent_b",
            groups="helpdesk_segments.group_helpdesk_agent",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.team_b = cls.Team.create(
            {
                "name": "Company B team",
                "company_id": cls.company_b.id,
                "member_ids": [Command.set(cls.agent_b.ids)],
            }
        )
        cls.view_b = cls.env["helpdesk.routing.view"].create(
            {"name": "Company B view", "company_id": cls.company_b.id}
        )
        cls.view_all = cls.env["helpdesk.routing.view"].create(
            {"name": "Every company view", "company_id": False}
        )
        # A rule of each company catching every ticket: B's comes first
        cls.rule_b = cls._rule(
            name="B catches all",
            sequence=1,
            company_id=cls.company_b.id,
            team_id=cls.team_b.id,
        )
        cls.rule_a = cls._rule(name="A catches all", sequence=2, team_id=cls.team_c.id)
        cls.ticket_a = cls._ticket(name="Company A ticket")
        cls.ticket_b = cls._ticket(name="Company B ticket", company_id=cls.company_b.id)
        cls.event_b = cls.Event.create(
            {
                "partner_id": cls.customer_2.id,
                "type_id": cls.placed_order.id,
                "company_id": cls.company_b.id,
            }
        )
        # customers of one company (customer and customer_2 are shared)
        cls.customer_of_a, cls.customer_of_b = cls.env["res.partner"].create(
            [
                {"name": "HSR customer of A", "company_id": cls.company_a.id},
                {"name": "HSR customer of B", "company_id": cls.company_b.id},
            ]
        )

    def _as(self, user, *companies):
        env = self.env(user=user)
        if companies:
            env = env(
                context=dict(env.context, allowed_company_ids=[c.id for c in companies])
            )
        return env

    def test_routing_never_crosses_companies(self):
        self.assertEqual(self.ticket_a.company_id, self.company_a)
        self.assertEqual(self.ticket_a.team_id, self.team_c)
        self.assertEqual(self.ticket_a.routing_log_ids.rule_id, self.rule_a)
        self.assertEqual(self.ticket_b.team_id, self.team_b)
        self.assertEqual(self.ticket_b.routing_log_ids.rule_id, self.rule_b)
        # the routing test wizard follows the same decisions
        router = self.ticket_a._hs_router()
        decision = router.decide(self.ticket_a, "test")[self.ticket_a.id]
        self.assertEqual(decision.team_id, self.team_c.id)
        self.assertNotIn(self.rule_b.id, [e.rule_id for e in decision.entries])

    def test_rule_of_no_company_places_tickets_of_every_company(self):
        self.Rule.search([]).action_archive()
        self._rule(
            name="Every company",
            company_id=False,
            destination="view",
            team_id=False,
            view_id=self.view_all.id,
        )
        ticket_a = self._ticket(name="A again")
        ticket_b = self._ticket(name="B again", company_id=self.company_b.id)
        self.assertEqual(ticket_a.view_ids, self.view_all)
        self.assertEqual(ticket_b.view_ids, self.view_all)
        self.assertFalse(ticket_a.team_id | ticket_b.team_id)

    def test_fallback_team_of_the_ticket_company(self):
        self.Rule.search([]).action_archive()
        self.company_a.write(
            {
                "helpdesk_routing_fallback": "team",
                "helpdesk_routing_fallback_team_id": self.team_a.id,
            }
        )
        self.company_b.write(
            {
                "helpdesk_routing_fallback": "team",
                "helpdesk_routing_fallback_team_id": self.team_b.id,
            }
        )
        self.assertEqual(self._ticket().team_id, self.team_a)
        self.assertEqual(
            self._ticket(company_id=self.company_b.id).team_id, self.team_b
        )

    def test_rule_cannot_point_at_another_company(self):
        Rule = self.Rule.with_env(
            self._as(self.manager_ab, self.company_a, self.company_b)
        )
        for values in (
            {"team_id": self.team_b.id},
            {"destination": "view", "team_id": False, "view_id": self.view_b.id},
            {"alias_team_id": self.team_b.id},
            # a rule of every company would send company B tickets to A
            {"company_id": False, "team_id": self.team_a.id},
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                Rule.create(
                    dict(
                        {
                            "name": "Crossing",
                            "company_id": self.company_a.id,
                            "team_id": self.team_a.id,
                        },
                        **values,
                    )
                )
        rule = Rule.browse(self.rule_a.id)
        with self.assertRaises(UserError):
            rule.team_id = self.team_b
        self.env.invalidate_all()
        self.assertEqual(self.rule_a.team_id, self.team_c)
        # A user of company A only does not even see B's team
        with self.assertRaises(AccessError):
            self.Team.with_user(self.manager_a).browse(self.team_b.id).read(["name"])

    def test_ticket_cannot_be_in_a_team_of_another_company(self):
        env = self._as(self.manager_ab, self.company_a, self.company_b)
        ticket = self.ticket_a.with_env(env)
        with self.assertRaises(UserError):
            ticket.team_id = self.team_b
        with self.assertRaises(UserError):
            env["helpdesk.routing.ticket"].create(
                {
                    "name": "x",
                    "company_id": self.company_a.id,
                    "team_id": self.team_b.id,
                }
            )
        with self.assertRaises(UserError):
            ticket.view_ids = self.view_b
        with self.assertRaises(UserError):
            ticket.user_id = self.agent_b
        with self.assertRaises(UserError):
            self.view_b.with_env(env).ticket_ids = self.ticket_a
        # created in B's team without a company: a company B ticket
        new = env["helpdesk.routing.ticket"].create(
            {"name": "In B", "team_id": self.team_b.id}
        )
        self.assertEqual(new.company_id, self.company_b)
        # a user of company A only cannot create into B's team
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.Ticket.with_user(self.manager_a).create(
                {"name": "x", "team_id": self.team_b.id}
            )

    def test_user_of_company_a_sees_nothing_of_company_b(self):
        env = self._as(self.manager_a)
        records_b = {
            "helpdesk.routing.ticket": self.ticket_b,
            "helpdesk.routing.team": self.team_b,
            "helpdesk.routing.rule": self.rule_b,
            "helpdesk.routing.view": self.view_b,
            "helpdesk.routing.event": self.event_b,
            "helpdesk.routing.log": self.ticket_b.routing_log_ids,
        }
        for model, record in records_b.items():
            with self.subTest(model=model):
                self.assertTrue(record)
                Model = env[model].with_context(active_test=False)
                self.assertFalse(Model.search([("id", "in", record.ids)]))
                with self.assertRaises(AccessError):
                    Model.browse(record.ids).read(["display_name"])
        # ... and B's agent sees nothing of company A
        Ticket = self.Ticket.with_user(self.agent_b)
        self.assertEqual(
            Ticket.search([("id", "in", (self.ticket_a | self.ticket_b).ids)]),
            self.ticket_b,
        )
        self.assertFalse(
            self.env["helpdesk.routing.rule"]
            .with_user(self.agent_b)
            .search([("id", "=", self.rule_a.id)])
        )

    def test_user_of_both_companies_sees_the_allowed_ones(self):
        tickets = self.ticket_a | self.ticket_b
        both = self._as(self.manager_ab, self.company_a, self.company_b)
        only_a = self._as(self.manager_ab, self.company_a)
        self.assertEqual(
            both["helpdesk.routing.ticket"].search([("id", "in", tickets.ids)]), tickets
        )
        self.assertEqual(
            only_a["helpdesk.routing.ticket"].search([("id", "in", tickets.ids)]),
            self.ticket_a,
        )
        self.assertIn(self.view_b, both["helpdesk.routing.view"].search([]))
        self.assertNotIn(self.view_b, only_a["helpdesk.routing.view"].search([]))
        # views of no company are seen in every company
        self.assertIn(self.view_all, only_a["helpdesk.routing.view"].search([]))
        self.assertIn(
            self.view_all, self._as(self.agent_b)["helpdesk.routing.view"].search([])
        )

    def test_events_of_another_company_do_not_match(self):
        self.Rule.search([]).action_archive()
        rule = self._rule(
            name="Ordered",
            team_id=self.team_a.id,
            event_condition_ids=[Command.create({"type_id": self.placed_order.id})],
        )
        rule_b = self._rule(
            name="Ordered in B",
            company_id=self.company_b.id,
            team_id=self.team_b.id,
            event_condition_ids=[Command.create({"type_id": self.placed_order.id})],
        )
        # customer_2 ordered in company B only
        ticket_a = self._ticket(partner_id=self.customer_2.id)
        ticket_b = self._ticket(
            partner_id=self.customer_2.id, company_id=self.company_b.id
        )
        self.assertFalse(ticket_a.team_id)
        self.assertEqual(ticket_b.team_id, self.team_b)
        self.assertEqual(ticket_b.routing_log_ids.rule_id, rule_b)
        # an event of no company counts in every company
        self.Event.create(
            {
                "partner_id": self.customer_2.id,
                "type_id": self.placed_order.id,
                "company_id": False,
            }
        )
        ticket_a = self._ticket(partner_id=self.customer_2.id)
        self.assertEqual(ticket_a.team_id, self.team_a)
        self.assertEqual(ticket_a.routing_log_ids.rule_id, rule)
        self.assertIn("x1", ticket_a.routing_log_ids.explanation)
        # the event conditions of company B's rules are not seen from A
        self.assertFalse(
            self.env["helpdesk.routing.rule.event.condition"]
            .with_user(self.manager_a)
            .search([("id", "in", rule_b.event_condition_ids.ids)])
        )

    def test_wizards_stay_with_their_user_and_company(self):
        # the routing test of a ticket the user cannot read is refused
        with self.assertRaises(AccessError):
            self.env["helpdesk.routing.ticket.test"].with_user(self.manager_a).create(
                {"ticket_id": self.ticket_b.id}
            )
        with self.assertRaises(AccessError):
            self.env["helpdesk.routing.rule.preview"].with_user(self.manager_a).create(
                {"rule_id": self.rule_b.id}
            )
        # the preview of a company B rule by a B user is not readable by others
        preview = (
            self.env["helpdesk.routing.rule.preview"]
            .with_env(self._as(self.manager_ab, self.company_a, self.company_b))
            .create({"rule_id": self.rule_b.id})
        )
        preview.action_refresh()
        caught = preview.line_ids.filtered("would_match").ticket_id
        self.assertIn(self.ticket_b, caught)
        self.assertNotIn(self.ticket_a, caught)
        with self.assertRaises(AccessError):
            preview.with_user(self.manager).read(["match_count"])
        self.assertFalse(
            self.env["helpdesk.routing.rule.preview.line"]
            .with_user(self.manager)
            .search([("id", "in", preview.line_ids.ids)])
        )

    def _event(self, partner, company, **values):
        return dict(
            {
                "partner_id": partner.id,
                "type_id": self.placed_order.id,
                "company_id": company.id,
            },
            **values,
        )

    def test_event_customer_is_shared_or_of_the_event_company(self):
        Event = self.Event.with_env(
            self._as(self.manager_ab, self.company_a, self.company_b)
        )
        shared, of_a, of_b = self.customer, self.customer_of_a, self.customer_of_b
        events = Event.create(
            [
                self._event(shared, self.company_a),
                self._event(of_a, self.company_a),
                self._event(of_b, self.company_b),
            ]
        )
        self.assertEqual(events.company_id, self.company_a | self.company_b)
        # B's customer on an event of A: the whole batch is refused
        count = self.Event.search_count([])
        with self.assertRaises(UserError) as caught:
            Event.create(
                [
                    self._event(shared, self.company_a),
                    self._event(of_b, self.company_a),
                ]
            )
        message = str(caught.exception)
        self.assertIn("Incompatible companies", message)
        self.assertIn("Customer", message)
        self.assertIn(of_b.name, message)
        self.assertEqual(self.Event.search_count([]), count)
        # an event of no company counts in every company: not B's customer
        with self.assertRaises(UserError):
            Event.create(self._event(of_b, self.env["res.company"]))
        # without a company the event is in the current company (here A)
        with self.assertRaises(UserError):
            Event.create({"partner_id": of_b.id, "type_code": "placed_order"})
        in_b = Event.with_company(self.company_b).create(
            {"partner_id": of_b.id, "type_code": "placed_order"}
        )
        self.assertEqual(in_b.company_id, self.company_b)
        # writes: a new customer, a new company
        event_a, _event_a2, event_b = events
        with self.assertRaises(UserError):
            event_a.partner_id = of_b
        with self.assertRaises(UserError):
            event_b.company_id = self.company_a
        with self.assertRaises(UserError):
            event_b.company_id = False
        self.env.invalidate_all()
        self.assertEqual(event_a.partner_id, shared)
        self.assertEqual(event_b.company_id, self.company_b)
        event_b.write({"partner_id": shared.id, "company_id": self.company_a.id})
        event_a.partner_id = of_a
        # a branch's events may have customers of its parent company, not
        # the other way round
        branch = self.env["res.company"].create(
            {"name": "HSR branch of A", "parent_id": self.company_a.id}
        )
        of_branch = self.env["res.partner"].create(
            {"name": "HSR customer of the branch", "company_id": branch.id}
        )
        self.Event.create(self._event(of_a, branch))
        with self.assertRaises(UserError):
            self.Event.create(self._event(of_branch, self.company_a))

    def test_event_csv_import_checks_the_customer_company(self):
        """The CSV import of the web client (base_import): a row with a
        customer of another company fails the import, nothing is saved."""
        env = self._as(self.manager_ab, self.company_a, self.company_b)
        rows = [
            (self.customer_of_a, self.company_a),
            (self.customer_of_b, self.company_a),
            (self.customer_of_b, self.company_b),
        ]

        def run(rows):
            data = "Customer,Event,Company\n" + "".join(
                f'"{partner.name}","Placed order","{company.name}"\n'
                for partner, company in rows
            )
            wizard = env["base_import.import"].create(
                {
                    "res_model": "helpdesk.routing.event",
                    "file": data.encode(),
                    "file_type": "text/csv",
                }
            )
            return wizard.execute_import(
                ["partner_id", "type_id", "company_id"],
                ["Customer", "Event", "Company"],
                {"quoting": '"', "separator": ",", "has_headers": True},
            )

        Event = self.Event.with_context(active_test=False)
        customers = [
            ("partner_id", "in", (self.customer_of_a | self.customer_of_b).ids)
        ]
        with mute_logger("odoo.sql_db", "odoo.addons.base_import.models.base_import"):
            result = run(rows)
        self.assertFalse(result["ids"])
        self.assertTrue(
            [m for m in result["messages"] if "Incompatible companies" in m["message"]],
            result["messages"],
        )
        self.assertFalse(Event.search(customers))
        result = run([rows[0], rows[2]])
        self.assertFalse(result["messages"], result["messages"])
        events = Event.search(customers)
        self.assertEqual(len(events), 2)
        self.assertEqual(
            {(e.partner_id, e.company_id) for e in events}, {rows[0], rows[2]}
        )


@tagged("post_install", "-at_install")
class TestMultiCompanyEventsRpc(HttpCase):
    """Integrations send events in batches over JSON-RPC: a customer of
    another company than the event's refuses the whole batch."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "HSR RPC company B"})
        cls.integration = new_test_user(
            cls.env,
            login="hsr_mc_rpc_manager",
            password="hsr_mc_rpc_manager",
            groups="helpdesk_segments.group_helpdesk_manager",
            company_id=cls.company_a.id,
            company_ids=[Command.set((cls.company_a | cls.company_b).ids)],
        )
        cls.shared, cls.customer_of_b = cls.env["res.partner"].create(
            [
                {"name": "HSR RPC shared customer"},
                {"name": "HSR RPC customer of B", "company_id": cls.company_b.id},
            ]
        )

    def _create_events(self, companies):
        return execute_kw(
            self,
            self.integration,
            "hsr_mc_rpc_manager",
            "helpdesk.routing.event",
            "create",
            [
                {
                    "partner_id": partner.id,
                    "type_code": "placed_order",
                    "company_id": company.id,
                }
                for partner, company in companies
            ],
            context={"allowed_company_ids": (self.company_a | self.company_b).ids},
        )

    def test_batch_create_refused_for_a_customer_of_another_company(self):
        Event = self.env["helpdesk.routing.event"]
        customers = [("partner_id", "in", (self.shared | self.customer_of_b).ids)]
        with (
            self.assertRaises(RpcError) as caught,
            mute_logger("odoo.http"),
        ):
            self._create_events(
                [(self.shared, self.company_a), (self.customer_of_b, self.company_a)]
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.UserError")
        self.assertFalse(Event.search(customers))
        ids = self._create_events(
            [(self.shared, self.company_a), (self.customer_of_b, self.company_b)]
        )
        events = Event.browse(ids)
        self.assertEqual(events.partner_id, self.shared | self.customer_of_b)
        self.assertEqual(
            [e.company_id for e in events], [self.company_a, self.company_b]
        )
