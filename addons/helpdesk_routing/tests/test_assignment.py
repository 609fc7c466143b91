# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo.sql_db import Cursor
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.helpdesk_routing.models.helpdesk_routing_team import (
    ROUND_ROBIN_CODE,
)

from .common import HelpdeskRoutingCase


@tagged("post_install", "-at_install")
class TestAssignment(HelpdeskRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent_4 = cls.agent_3.copy({"login": "hsr_agent_4", "name": "Agent 4"})
        # members by id order: agent < agent_2 < agent_4
        cls.team_a.member_ids = cls.agent | cls.agent_2 | cls.agent_4

    def _create(self, count, **values):
        return self.Ticket.create(
            [dict({"name": f"Ticket {i}"}, **values) for i in range(count)]
        )

    def test_no_method_no_assignment(self):
        tickets = self._create(2, team_id=self.team_a.id)
        self.assertFalse(tickets.user_id)

    def _agent_ids(self, tickets):
        return [ticket.user_id.id for ticket in tickets]

    def _counter(self, team):
        return team.sudo().round_robin_sequence_id

    def _next_agent(self, team):
        team.invalidate_recordset(["round_robin_next_user_id"])
        return team.round_robin_next_user_id

    def test_round_robin(self):
        """Exact rotation over several creations and batches, and across the
        ticket creations and the team changes."""
        self.team_a.assignment_method = "round_robin"
        self.assertEqual(self._next_agent(self.team_a), self.agent)
        tickets = self._create(4, team_id=self.team_a.id)
        self.assertEqual(
            [t.user_id.id for t in tickets],
            [self.agent.id, self.agent_2.id, self.agent_4.id, self.agent.id],
        )
        self.assertEqual(self._next_agent(self.team_a), self.agent_2)
        self.assertEqual(self._create(1, team_id=self.team_a.id).user_id, self.agent_2)
        self.assertEqual(
            self._agent_ids(self._create(2, team_id=self.team_a.id)),
            [self.agent_4.id, self.agent.id],
        )
        # a ticket moved into the team takes the next turn
        moved = self._create(1, team_id=self.team_b.id)
        moved.write({"team_id": self.team_a.id})
        self.assertEqual(moved.user_id, self.agent_2)
        self.assertEqual(self._next_agent(self.team_a), self.agent_4)
        # the counter counts the tickets the team assigned
        self.assertEqual(self._counter(self.team_a).number_next_actual, 9)

    def test_round_robin_counter(self):
        """A round robin team has its own counter from its creation or its
        switch to round robin; copies get their own; deleting the team
        deletes it (and its PostgreSQL sequence)."""
        self.assertFalse(self._counter(self.team_a))
        self.team_a.assignment_method = "round_robin"
        counter = self._counter(self.team_a)
        self.assertRecordValues(
            counter,
            [
                {
                    "code": ROUND_ROBIN_CODE,
                    "implementation": "standard",
                    "company_id": self.team_a.company_id.id,
                }
            ],
        )
        team = self.Team.with_user(self.manager).create(
            {"name": "Round robin team", "assignment_method": "round_robin"}
        )
        copy = team.copy()
        self.assertTrue(self._counter(team))
        self.assertTrue(self._counter(copy))
        self.assertEqual(len(counter | self._counter(team) | self._counter(copy)), 3)
        # back to another method and again round robin: the same counter
        self.team_a.assignment_method = "fewest_open"
        self.team_a.assignment_method = "round_robin"
        self.assertEqual(self._counter(self.team_a), counter)
        sequence_name = f"ir_sequence_{counter.id:03d}"
        team_counter = self._counter(team)
        (team | copy).with_user(self.manager).unlink()
        self.assertFalse(team_counter.exists())
        self.team_a.unlink()
        self.assertFalse(counter.exists())
        self.assertFalse(
            self.env.execute_query(SQL("SELECT to_regclass(%s)", sequence_name))[0][0]
        )

    def test_round_robin_without_team_write(self):
        """Assigning never writes the team row: concurrent ticket creations
        in one team do not contend on it (each takes values of the team's
        PostgreSQL sequence, outside of transactions)."""
        self.team_a.assignment_method = "round_robin"
        self.env.flush_all()
        write_date = self.team_a.write_date
        queries = []
        execute = Cursor.execute

        def logged_execute(cr, query, params=None, log_exceptions=True):
            queries.append(str(query.code if hasattr(query, "code") else query))
            return execute(cr, query, params, log_exceptions)

        with patch.object(Cursor, "execute", logged_execute):
            tickets = self._create(3, team_id=self.team_a.id)
            tickets |= self._create(1, team_id=self.team_a.id)
            moved = self._create(1, team_id=self.team_b.id)
            moved.write({"team_id": self.team_a.id})
            self.env.flush_all()
        self.assertEqual(
            (tickets | moved).user_id, self.agent | self.agent_2 | self.agent_4
        )
        nextvals = [q for q in queries if "nextval(to_regclass(" in q]
        self.assertEqual(len(nextvals), 3, "one query per assignment")
        team_updates = [
            q for q in queries if 'update "helpdesk_routing_team"' in q.lower()
        ]
        self.assertFalse(team_updates)
        self.team_a.invalidate_recordset(["write_date"])
        self.assertEqual(self.team_a.write_date, write_date)

    def test_round_robin_missing_counter(self):
        """A round robin team without a counter (a database upgraded from
        before the counters, a sequence deleted) gets one at its next
        assignment, even by an agent (who may not create sequences), and
        the rotation starts again from the first agent."""
        self.team_a.assignment_method = "round_robin"
        self._create(2, team_id=self.team_a.id)
        old_counter = self._counter(self.team_a)
        old_counter.unlink()
        self.assertFalse(self._counter(self.team_a))
        self.assertEqual(self._next_agent(self.team_a), self.agent)
        tickets = self.Ticket.with_user(self.agent).create(
            [{"name": f"By an agent {i}", "team_id": self.team_a.id} for i in range(2)]
        )
        self.assertEqual(self._agent_ids(tickets), [self.agent.id, self.agent_2.id])
        counter = self._counter(self.team_a)
        self.assertTrue(counter)
        self.assertEqual(counter.code, ROUND_ROBIN_CODE)
        self.assertEqual(counter.number_next_actual, 3)

    def test_round_robin_by_an_agent(self):
        """Agents creating tickets get them assigned: the counter is read
        and advanced as superuser."""
        self.team_a.assignment_method = "round_robin"
        Ticket = self.Ticket.with_user(self.agent_2)
        self.assertEqual(
            Ticket.create({"name": "By agent 2", "team_id": self.team_a.id}).user_id,
            self.agent,
        )
        self.assertEqual(
            Ticket.create({"name": "By agent 2", "team_id": self.team_a.id}).user_id,
            self.agent_2,
        )

    def test_round_robin_no_gap_counter(self):
        """An administrator switching the counter to "no gap" (no PostgreSQL
        sequence any more) does not break the assignment: the rotation goes
        on from the counter's next number."""
        self.team_a.assignment_method = "round_robin"
        self._create(1, team_id=self.team_a.id)
        counter = self._counter(self.team_a)
        counter.write({"implementation": "no_gap", "number_next": 2})
        tickets = self._create(3, team_id=self.team_a.id)
        self.assertEqual(
            self._agent_ids(tickets), [self.agent_2.id, self.agent_4.id, self.agent.id]
        )
        self.assertEqual(counter.number_next, 5)
        self.assertEqual(self._next_agent(self.team_a), self.agent_2)

    def test_round_robin_skips_unavailable(self):
        self.team_a.assignment_method = "round_robin"
        self.agent_2.hs_helpdesk_unavailable = True
        tickets = self._create(3, team_id=self.team_a.id)
        self.assertEqual(
            [t.user_id.id for t in tickets],
            [self.agent.id, self.agent_4.id, self.agent.id],
        )
        self.assertEqual(self._next_agent(self.team_a), self.agent_4)
        # an agent back: the turn goes on over the three
        self.agent_2.hs_helpdesk_unavailable = False
        self.assertEqual(self._next_agent(self.team_a), self.agent)
        self.assertEqual(
            self._agent_ids(self._create(2, team_id=self.team_a.id)),
            [self.agent.id, self.agent_2.id],
        )

    def test_unavailable_flag_is_self_writeable(self):
        self.agent.with_user(self.agent).write({"hs_helpdesk_unavailable": True})
        self.assertTrue(self.agent.hs_helpdesk_unavailable)

    def test_fewest_open_tickets(self):
        self.team_a.assignment_method = "fewest_open"
        # open load: agent 2, agent_2 1 (+1 closed, not counted), agent_4 2
        self._create(2, team_id=self.team_a.id, user_id=self.agent.id)
        self._create(1, team_id=self.team_a.id, user_id=self.agent_2.id)
        self._create(
            1,
            team_id=self.team_a.id,
            user_id=self.agent_2.id,
            stage_id=self.stage_solved.id,
        )
        self._create(2, team_id=self.team_a.id, user_id=self.agent_4.id)
        # another team's tickets do not count
        self._create(3, team_id=self.team_b.id, user_id=self.agent_2.id)
        tickets = self._create(4, team_id=self.team_a.id)
        # agent_2 (1 -> 2); tie 2/2/2 -> lowest id agent (-> 3);
        # tie agent_2/agent_4 at 2 -> agent_2 (-> 3); agent_4 (2 -> 3)
        self.assertEqual(
            [t.user_id.id for t in tickets],
            [self.agent_2.id, self.agent.id, self.agent_2.id, self.agent_4.id],
        )
        # no round robin counter, no next agent shown
        self.assertFalse(self._counter(self.team_a))
        self.assertFalse(self._next_agent(self.team_a))

    def test_fewest_open_skips_unavailable(self):
        self.team_a.assignment_method = "fewest_open"
        self.agent.hs_helpdesk_unavailable = True
        tickets = self._create(2, team_id=self.team_a.id)
        self.assertEqual(
            [t.user_id.id for t in tickets], [self.agent_2.id, self.agent_4.id]
        )

    def test_no_available_agent(self):
        self.team_b.assignment_method = "round_robin"
        self.agent_3.hs_helpdesk_unavailable = True
        self.assertFalse(self._create(1, team_id=self.team_b.id).user_id)

    def test_explicit_agent_is_kept(self):
        """A ticket created or moved with an agent keeps it, and does not
        take a turn of the rotation."""
        self.team_a.assignment_method = "round_robin"
        ticket = self._create(1, team_id=self.team_a.id, user_id=self.agent_3.id)
        self.assertEqual(ticket.user_id, self.agent_3)
        mixed = self.Ticket.create(
            [
                {
                    "name": "With agent",
                    "team_id": self.team_a.id,
                    "user_id": self.agent_4.id,
                },
                {"name": "Without", "team_id": self.team_a.id},
            ]
        )
        self.assertEqual(self._agent_ids(mixed), [self.agent_4.id, self.agent.id])
        moved = self._create(1, team_id=self.team_b.id, user_id=self.agent_3.id)
        moved.write({"team_id": self.team_a.id})
        self.assertEqual(moved.user_id, self.agent_3)
        self.assertEqual(self._counter(self.team_a).number_next_actual, 2)
        self.assertEqual(self._create(1, team_id=self.team_a.id).user_id, self.agent_2)

    def test_switched_to_round_robin_later(self):
        """A team switched to round robin after tickets were created without
        assignment starts its rotation at its first agent."""
        self._create(2, team_id=self.team_a.id)
        self.team_a.with_user(self.manager).write({"assignment_method": "round_robin"})
        self.assertTrue(self._counter(self.team_a))
        self.assertEqual(
            self._agent_ids(self._create(4, team_id=self.team_a.id)),
            [self.agent.id, self.agent_2.id, self.agent_4.id, self.agent.id],
        )

    def test_assignment_on_team_change(self):
        self.team_b.assignment_method = "round_robin"
        assigned = self._create(1, user_id=self.agent.id)
        unassigned = self._create(2)
        (assigned | unassigned).write({"team_id": self.team_b.id})
        self.assertEqual(assigned.user_id, self.agent)
        self.assertEqual(unassigned.user_id, self.agent_3)

    def test_assignment_by_an_agent(self):
        """An agent moving a ticket to another team triggers the assignment
        even though they cannot see that team's tickets."""
        self.team_b.assignment_method = "fewest_open"
        ticket = self._create(1).with_user(self.agent)
        ticket.write({"team_id": self.team_b.id})
        self.assertEqual(ticket.sudo().user_id, self.agent_3)
