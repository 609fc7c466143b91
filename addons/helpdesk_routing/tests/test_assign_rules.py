# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Assignment that respects people (engine/assign.py): skills, capacity,
availability (away, working hours, time off), returning customers, and
their explanation in the routing log."""

from datetime import datetime
from unittest.mock import patch

import psycopg2.errors
from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from odoo.addons.helpdesk_routing.engine import assign
from odoo.addons.helpdesk_routing.models import helpdesk_routing_team

from .common import HelpdeskRoutingCase

# a Wednesday, 10:00 UTC (working hours), and 22:00 UTC (off hours)
DAY = datetime(2026, 5, 6, 10, 0)
NIGHT = datetime(2026, 5, 6, 22, 0)


class TestAssignEngine:
    """The plain engine, without database (pytest collects this class)."""

    def test_skill_capacity_absence(self):
        agents = [
            assign.Agent(1, {10: 1}, capacity=2, load=2),
            assign.Agent(2, {}, capacity=5, load=0),
            assign.Agent(3, {10: 3}, capacity=None, load=4, absence=assign.AWAY),
            assign.Agent(4, {10: 2}, capacity=5, load=1),
        ]
        assigner = assign.Assigner(agents, by_skill=True)
        [result] = assigner.assign([assign.Need("t", frozenset({10}))])
        assert result.user_id == 4
        assert result.candidates == (4,)
        reasons = {s.user_id: (s.reason, s.missing) for s in result.skipped}
        assert reasons == {
            1: (assign.CAPACITY, ()),
            2: (assign.SKILL, (10,)),
            3: (assign.AWAY, ()),
        }

    def test_queue_when_nobody(self):
        agents = [assign.Agent(1, capacity=1, load=1)]
        [result] = assign.Assigner(agents).assign([assign.Need("t")])
        assert result.queued and result.skipped[0].reason == assign.CAPACITY

    def test_fewest_open_then_level_then_id(self):
        agents = [
            assign.Agent(1, {10: 1}, load=1),
            assign.Agent(2, {10: 3}, load=1),
            assign.Agent(3, {10: 3}, load=0),
        ]
        assigner = assign.Assigner(agents, by_skill=True)
        needs = [assign.Need(i, frozenset({10})) for i in range(3)]
        assert [r.user_id for r in assigner.assign(needs)] == [3, 2, 3]

    def test_weighted_capacity(self):
        agents = [assign.Agent(1, capacity=3, load=1)]
        urgent = assign.Need("u", weight=assign.weight("3", True))
        normal = assign.Need("n", weight=assign.weight("1", True))
        results = assign.Assigner(agents).assign([urgent, normal])
        assert [r.user_id for r in results] == [None, 1]

    def test_round_robin_among_candidates(self):
        agents = [assign.Agent(1), assign.Agent(2), assign.Agent(3, absence="away")]
        assigner = assign.Assigner(agents, method="round_robin", turns=[1, 2, 3])
        results = assigner.assign([assign.Need(i) for i in range(3)])
        assert [r.user_id for r in results] == [1, 2, 1]

    def test_returning_customer(self):
        agents = [assign.Agent(1, load=0), assign.Agent(2, load=5)]
        assigner = assign.Assigner(agents, returning=True)
        results = assigner.assign(
            [assign.Need("a", last_agent_id=2), assign.Need("b", last_agent_id=9)]
        )
        assert [(r.user_id, r.returning) for r in results] == [(2, True), (1, False)]

    def test_queue_order(self):
        rows = [(1, "1", DAY), (2, "3", NIGHT), (3, "1", datetime(2026, 1, 1))]
        assert [r[0] for r in assign.order_queue(rows)] == [2, 3, 1]


@tagged("post_install", "-at_install", "hs_assign")
class TestAssignRules(HelpdeskRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Skill = cls.env["helpdesk.routing.skill"]
        cls.tag_billing = cls.env["helpdesk.routing.tag"].create({"name": "Billing"})
        cls.skill_billing = cls.Skill.create(
            {
                "name": "Billing",
                "kind": "product",
                "tag_ids": [(6, 0, cls.tag_billing.ids)],
            }
        )
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.skill_french = cls.Skill.create(
            {"name": "French", "kind": "language", "lang": "fr_FR"}
        )
        cls.skill_api = cls.Skill.create({"name": "API", "kind": "topic"})
        cls.env["helpdesk.routing.agent.skill"].create(
            [
                {"user_id": cls.agent_2.id, "skill_id": cls.skill_billing.id},
                {"user_id": cls.agent_2.id, "skill_id": cls.skill_french.id},
                {"user_id": cls.agent.id, "skill_id": cls.skill_api.id},
            ]
        )
        cls.team_a.write({"assignment_method": "fewest_open"})
        cls.french = cls.env["res.partner"].create(
            {"name": "Claire", "email": "claire@example.com", "lang": "fr_FR"}
        )

    def _create(self, count=1, **values):
        return self.Ticket.create(
            [
                dict({"name": f"T{i}", "team_id": self.team_a.id}, **values)
                for i in range(count)
            ]
        )

    def _assign_log(self, ticket):
        return ticket.routing_log_ids.filtered(lambda log: log.trigger == "assign")

    # skills
    def test_skill_from_tag(self):
        self.team_a.assign_by_skill = True
        ticket = self._create(tag_ids=[(4, self.tag_billing.id)])
        self.assertEqual(ticket.user_id, self.agent_2)
        log = self._assign_log(ticket)
        self.assertEqual(len(log), 1)
        self.assertIn("lacks skills: Billing", log.explanation)
        self.assertIn("Helpdesk Agent 2: chosen", log.explanation)

    def test_skill_from_customer_language(self):
        self.team_a.assign_by_skill = True
        self.assertEqual(self._create(partner_id=self.french.id).user_id, self.agent_2)
        # without assign by skill, skills are ignored: fewest open, then id
        self.team_a.assign_by_skill = False
        self.team_a.max_open_tickets = 10
        self.assertEqual(self._create(partner_id=self.french.id).user_id, self.agent)

    def test_skill_from_rule_action(self):
        self.team_a.assign_by_skill = True
        self.env["helpdesk.routing.rule"].create(
            {
                "name": "API questions",
                "team_id": self.team_a.id,
                "ticket_domain": "[('name', 'ilike', 'api')]",
                "require_skill_ids": [(6, 0, self.skill_api.ids)],
            }
        )
        ticket = self.Ticket.create({"name": "API error 500"})
        self.assertEqual(ticket.team_id, self.team_a)
        self.assertEqual(ticket.required_skill_ids, self.skill_api)
        self.assertEqual(ticket.user_id, self.agent)

    def test_nobody_has_skills_queue(self):
        self.team_a.assign_by_skill = True
        ticket = self._create(
            tag_ids=[(4, self.tag_billing.id)],
            required_skill_ids=[(4, self.skill_api.id)],
        )
        self.assertFalse(ticket.user_id)
        log = self._assign_log(ticket)
        self.assertIn("left in the team queue", log.destination)
        self.assertIn("lacks skills", log.explanation)
        # the agent learns billing: the queue moves on at once
        self.env["helpdesk.routing.agent.skill"].create(
            {"user_id": self.agent.id, "skill_id": self.skill_billing.id}
        )
        self.assertEqual(ticket.user_id, self.agent)

    # capacity
    def test_capacity_queue_and_free(self):
        self.team_a.max_open_tickets = 1
        first, second, third = self._create(3)
        self.assertEqual((first | second).user_id, self.agent | self.agent_2)
        self.assertFalse(third.user_id)
        self.assertIn("at capacity", self._assign_log(third).explanation)
        # an urgent one arrives later: it passes the older normal one
        urgent = self._create(priority="3")
        self.assertFalse(urgent.user_id)
        first.stage_id = self.stage_solved
        self.assertEqual(urgent.user_id, first.user_id)
        self.assertFalse(third.user_id)
        second.stage_id = self.stage_solved
        self.assertEqual(third.user_id, second.user_id)

    def test_capacity_raised_serves_queue(self):
        self.team_a.max_open_tickets = 1
        tickets = self._create(3)
        self.assertEqual(len(tickets.filtered("user_id")), 2)
        # the manager raises the capacity: the queue moves on at once
        self.team_a.max_open_tickets = 2
        self.assertEqual(len(tickets.filtered("user_id")), 3)
        # a member added takes what waits
        more = self._create(2)  # the last free slot, then the queue
        waiting = more.filtered(lambda t: not t.user_id)
        self.assertEqual(len(waiting), 1)
        self.team_a.member_ids = [(4, self.agent_3.id)]
        self.assertEqual(waiting.user_id, self.agent_3)

    def test_capacity_per_agent_and_weighted(self):
        self.team_a.write(
            {
                "max_open_tickets": 3,
                "capacity_by_priority": True,
                "capacity_ids": [
                    (0, 0, {"user_id": self.agent.id, "max_open_tickets": 0})
                ],
            }
        )
        urgent = self._create(priority="3")
        self.assertEqual(urgent.user_id, self.agent_2)
        # agent_2 carries 3 (urgent): at capacity; agent has none
        self.assertFalse(self._create().user_id)

    def test_plain_team_unchanged(self):
        # a team without rules keeps the plain method and logs nothing
        tickets = self._create(3)
        self.assertEqual(len(tickets.user_id), 2)
        self.assertFalse(
            tickets.routing_log_ids.filtered(lambda r: r.trigger == "assign")
        )

    # availability
    def test_away_gets_nothing_and_policy(self):
        self.team_a.write({"max_open_tickets": 5, "absent_ticket_policy": "queue"})
        tickets = self._create(2)
        mine = tickets.filtered(lambda t: t.user_id == self.agent)
        self.assertTrue(mine)
        # the agent switches away themselves (user menu): their ticket goes
        # back to the queue and to the other agent
        self.env["res.users"].with_user(self.agent).action_hs_toggle_away()
        self.assertTrue(self.agent.hs_helpdesk_unavailable)
        self.assertEqual(mine.user_id, self.agent_2)
        ticket = self._create()
        self.assertEqual(ticket.user_id, self.agent_2)
        self.assertIn("away", self._assign_log(ticket).explanation)

    def test_away_to_backup(self):
        self.team_a.write(
            {
                "max_open_tickets": 5,
                "absent_ticket_policy": "backup",
                "absent_backup_user_id": self.agent_3.id,
            }
        )
        ticket = self._create()
        self.assertEqual(ticket.user_id, self.agent)
        self.agent.hs_helpdesk_unavailable = True
        self.assertEqual(ticket.user_id, self.agent_3)

    def test_working_hours(self):
        calendar = self.env.ref("resource.resource_calendar_std")
        self.agent.write({"hs_work_calendar_id": calendar.id, "tz": "UTC"})
        self.agent_2.write({"hs_work_calendar_id": calendar.id, "tz": "UTC"})
        self.team_a.use_working_hours = True
        with freeze_time(NIGHT):
            night = self._create()
        self.assertFalse(night.user_id)
        self.assertIn("outside working hours", self._assign_log(night).explanation)
        with freeze_time(DAY):
            self.Team._cron_assign_queue()
        self.assertEqual(night.user_id, self.agent)

    def test_time_off(self):
        calendar = self.env.ref("resource.resource_calendar_std")
        resource = self.env["resource.resource"].create(
            {
                "name": "Agent",
                "user_id": self.agent.id,
                "calendar_id": calendar.id,
                "tz": "UTC",
            }
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "resource_id": resource.id,
                "calendar_id": calendar.id,
                "date_from": datetime(2026, 5, 6, 0, 0),
                "date_to": datetime(2026, 5, 6, 23, 0),
            }
        )
        self.team_a.use_working_hours = True
        with freeze_time(DAY):
            ticket = self._create()
        self.assertEqual(ticket.user_id, self.agent_2)
        self.assertIn("on time off", self._assign_log(ticket).explanation)

    def test_time_off_releases_tickets(self):
        calendar = self.env.ref("resource.resource_calendar_std")
        resource = self.env["resource.resource"].create(
            {
                "name": "Agent",
                "user_id": self.agent.id,
                "calendar_id": calendar.id,
                "tz": "UTC",
            }
        )
        self.team_a.write({"use_working_hours": True, "absent_ticket_policy": "queue"})
        with freeze_time(DAY):
            ticket = self._create()
        self.assertEqual(ticket.user_id, self.agent)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "resource_id": resource.id,
                "calendar_id": calendar.id,
                "date_from": datetime(2026, 5, 7, 0, 0),
                "date_to": datetime(2026, 5, 7, 23, 0),
            }
        )
        with freeze_time(DAY):
            self.Team._cron_assign_queue()
        self.assertEqual(ticket.user_id, self.agent)
        with freeze_time(datetime(2026, 5, 7, 10, 0)):
            self.Team._cron_assign_queue()
        self.assertEqual(ticket.user_id, self.agent_2)

    def _agent_resource(self, user):
        return self.env["resource.resource"].create(
            {
                "name": user.name,
                "user_id": user.id,
                "calendar_id": self.env.ref("resource.resource_calendar_std").id,
                "tz": "UTC",
            }
        )

    def test_off_hours_keeps_tickets(self):
        """Outside their working hours an agent gets nothing new but keeps
        their open tickets (whatever the team's absent-agent policy):
        nothing moves every evening."""
        self._agent_resource(self.agent)
        self.team_a.write(
            {
                "use_working_hours": True,
                "max_open_tickets": 5,
                "absent_ticket_policy": "queue",
            }
        )
        with freeze_time(DAY):
            ticket = self._create()
        self.assertEqual(ticket.user_id, self.agent)
        with freeze_time(NIGHT):
            self.Team._cron_assign_queue()
            night = self._create()
        self.assertEqual(ticket.user_id, self.agent)
        self.assertEqual(len(self._assign_log(ticket)), 1)
        self.assertEqual(night.user_id, self.agent_2)
        self.assertIn("outside working hours", self._assign_log(night).explanation)

    def test_time_off_moves_tickets_of_teams_respecting_hours_only(self):
        """Time off applies the policy of the teams respecting working hours;
        a team that does not read calendars keeps the agent's tickets (it
        would give them straight back)."""
        resource = self._agent_resource(self.agent)
        self.team_b.write({"member_ids": [(4, self.agent.id)]})
        (self.team_a | self.team_b).write(
            {"max_open_tickets": 5, "absent_ticket_policy": "queue"}
        )
        self.team_a.use_working_hours = True
        self.team_b.assignment_method = "fewest_open"
        with freeze_time(DAY):
            ticket_a = self._create()
            ticket_b = self._create(team_id=self.team_b.id)
        self.assertEqual((ticket_a | ticket_b).user_id, self.agent)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "resource_id": resource.id,
                "calendar_id": resource.calendar_id.id,
                "date_from": datetime(2026, 5, 7, 0, 0),
                "date_to": datetime(2026, 5, 7, 23, 0),
            }
        )
        with freeze_time(datetime(2026, 5, 7, 10, 0)):
            self.Team._cron_assign_queue()
        self.assertEqual(ticket_a.user_id, self.agent_2)
        self.assertEqual(ticket_b.user_id, self.agent)
        self.assertEqual(len(self._assign_log(ticket_b)), 1)

    def test_absent_backup_means_queue(self):
        """The backup agent away too: the tickets go back to the queue (and
        to whoever is available), not to an absent backup."""
        self.team_a.write(
            {
                "max_open_tickets": 5,
                "absent_ticket_policy": "backup",
                "absent_backup_user_id": self.agent_3.id,
            }
        )
        self.agent_3.hs_helpdesk_unavailable = True
        ticket = self._create()
        self.assertEqual(ticket.user_id, self.agent)
        self.agent.hs_helpdesk_unavailable = True
        self.assertEqual(ticket.user_id, self.agent_2)

    # returning customers
    def test_returning_customer(self):
        self.team_a.write({"assign_returning_customers": True})
        first = self._create(partner_id=self.customer.id, user_id=self.agent_2.id)
        self.assertEqual(first.user_id, self.agent_2)
        self._create(2, partner_id=self.customer_2.id)
        again = self._create(partner_id=self.customer.id)
        self.assertEqual(again.user_id, self.agent_2)
        self.assertIn("customer's last ticket", self._assign_log(again).explanation)
        # away: the usual method instead
        self.agent_2.hs_helpdesk_unavailable = True
        self.assertEqual(self._create(partner_id=self.customer.id).user_id, self.agent)

    # concurrency: another transaction assigning in the team
    def _team_busy(self, error):
        """The team's lock as another transaction holding it (or having
        assigned since this one began) makes it fail: error on NOWAIT."""
        cr = self.env.cr
        real = cr.execute

        def execute(query, params=None, log_exceptions=True):
            if "NOWAIT" in str(getattr(query, "code", query)):
                raise error("could not obtain lock on row")
            return real(query, params, log_exceptions)

        return patch.object(cr, "execute", execute)

    def test_busy_team_queues_then_assigns_after_commit(self):
        self.team_a.max_open_tickets = 5
        key = helpdesk_routing_team.AFTER_COMMIT_KEY
        for error in (
            psycopg2.errors.LockNotAvailable,
            psycopg2.errors.SerializationFailure,
        ):
            with self.subTest(error=error.__name__):
                with self._team_busy(error):
                    ticket = self._create()
                    # the cron does not fail either: the team is left to
                    # the pass after commit
                    self.assertEqual(self.Team._cron_assign_queue(), None)
                # created, not assigned, never an error (no retry needed)
                self.assertFalse(ticket.user_id)
                log = self._assign_log(ticket)
                self.assertIn("concurrent assignment", log.destination)
                pending = self.env.cr.postcommit.data.pop(key)
                self.assertEqual(pending, set(self.team_a.ids))
                # what runs once the transaction commits (its own cursor:
                # here one on the test's transaction)
                self.env.flush_all()
                self.registry.enter_test_mode(self.env.cr)
                try:
                    helpdesk_routing_team._assign_queues_after_commit(
                        self.registry, pending
                    )
                finally:
                    self.registry.leave_test_mode()
                self.env.invalidate_all()
                self.assertTrue(ticket.user_id)
                self.assertEqual(
                    sorted(self._assign_log(ticket).mapped("destination"))[0],
                    f"assigned to {ticket.user_id.name}",
                )
                ticket.stage_id = self.stage_solved

    # access, bad input
    @users("hsr_agent")
    def test_agent_access(self):
        team = self.team_a.with_user(self.env.user)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            team.max_open_tickets = 1
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.env["helpdesk.routing.agent.skill"].create(
                {"user_id": self.env.uid, "skill_id": self.skill_billing.id}
            )
        # agents read skills and the log of their tickets' assignment
        self.assertTrue(self.env["helpdesk.routing.skill"].search([]))
        self.team_a.sudo().max_open_tickets = 1
        ticket = self.env["helpdesk.routing.ticket"].create(
            {"name": "Mine", "team_id": self.team_a.id}
        )
        self.assertTrue(self._assign_log(ticket).explanation)

    def test_bad_input(self):
        with self.assertRaises(ValidationError), mute_logger("odoo.sql_db"):
            self.team_a.max_open_tickets = -1
        with self.assertRaises(ValidationError):
            self.team_a.absent_ticket_policy = "backup"

    # query budget: what the rules add to a creation
    def _create_counted(self, count):
        vals_list = [
            {
                "name": f"Q{i}",
                "team_id": self.team_a.id,
                "partner_id": self.customer.id,
                "tag_ids": [(4, self.tag_billing.id)],
            }
            for i in range(count)
        ]
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.Ticket.with_context(tracking_disable=True).create(vals_list)
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_query_budget(self):
        self._create_counted(3)  # warm the caches
        plain = self._create_counted(6)
        self.team_a.write(
            {"assign_by_skill": True, "max_open_tickets": 50, "use_working_hours": True}
        )
        self._create_counted(3)
        rules = self._create_counted(6)
        rules_60 = self._create_counted(60)
        # 54 queries for 6 tickets with the plain method, 67 with the rules:
        # the team lock (4: savepoint, lock NOWAIT, update, release), the
        # agents' skills, their open load, their resources (working hours),
        # the skills with their tags and languages, the customers'
        # languages, the log insert; independent of the batch size
        self.assertLessEqual(rules - plain, 13, (plain, rules))
        self.assertLessEqual(rules_60 - rules, 3, (rules, rules_60))
