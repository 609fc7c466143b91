# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

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

    def test_round_robin(self):
        self.team_a.assignment_method = "round_robin"
        tickets = self._create(4, team_id=self.team_a.id)
        self.assertEqual(
            [t.user_id.id for t in tickets],
            [self.agent.id, self.agent_2.id, self.agent_4.id, self.agent.id],
        )
        self.assertEqual(self.team_a.last_assigned_user_id, self.agent)
        self.assertEqual(self._create(1, team_id=self.team_a.id).user_id, self.agent_2)

    def test_round_robin_skips_unavailable(self):
        self.team_a.assignment_method = "round_robin"
        self.agent_2.hs_helpdesk_unavailable = True
        tickets = self._create(3, team_id=self.team_a.id)
        self.assertEqual(
            [t.user_id.id for t in tickets],
            [self.agent.id, self.agent_4.id, self.agent.id],
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
        # no state kept: the team row is not written by the assignment
        self.assertFalse(self.team_a.last_assigned_user_id)

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
        self.team_a.assignment_method = "round_robin"
        ticket = self._create(1, team_id=self.team_a.id, user_id=self.agent_3.id)
        self.assertEqual(ticket.user_id, self.agent_3)
        self.assertFalse(self.team_a.last_assigned_user_id)

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
