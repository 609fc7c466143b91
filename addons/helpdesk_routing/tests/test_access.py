# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import HelpdeskRoutingCase

HELPDESK_MODELS = [
    "helpdesk.routing.ticket",
    "helpdesk.routing.team",
    "helpdesk.routing.stage",
    "helpdesk.routing.channel",
    "helpdesk.routing.tag",
    "helpdesk.routing.view",
]


@tagged("post_install", "-at_install")
class TestAccess(HelpdeskRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_a = cls._ticket(name="Team A ticket", team_id=cls.team_a.id)
        cls.ticket_b = cls._ticket(name="Team B ticket", team_id=cls.team_b.id)
        cls.ticket_free = cls._ticket(name="Unassigned ticket")
        cls.ticket_b_mine = cls._ticket(
            name="Team B ticket for agent", team_id=cls.team_b.id, user_id=cls.agent.id
        )
        cls.all_tickets = (
            cls.ticket_a | cls.ticket_b | cls.ticket_free | cls.ticket_b_mine
        )

    def _visible(self, user):
        return self.Ticket.with_user(user).search([("id", "in", self.all_tickets.ids)])

    def test_agent_sees_own_teams_unassigned_and_own_tickets(self):
        self.assertEqual(
            self._visible(self.agent),
            self.ticket_a | self.ticket_free | self.ticket_b_mine,
        )
        with self.assertRaises(AccessError):
            self.ticket_b.with_user(self.agent).read(["name"])
        with self.assertRaises(AccessError):
            self.ticket_b.with_user(self.agent).write({"priority": "3"})
        self.assertEqual(
            self._visible(self.agent_3),
            self.ticket_b | self.ticket_free | self.ticket_b_mine,
        )

    def test_team_leader_sees_team_tickets(self):
        self.team_b.leader_id = self.agent_2
        self.assertIn(self.ticket_b, self._visible(self.agent_2))

    def test_agent_works_tickets_but_cannot_delete(self):
        ticket = self.ticket_a.with_user(self.agent)
        ticket.write({"priority": "2", "stage_id": self.stage_progress.id})
        self.assertEqual(ticket.priority, "2")
        new = self.Ticket.with_user(self.agent).create({"name": "Phoned in"})
        self.assertFalse(new.team_id)
        with self.assertRaises(AccessError):
            ticket.unlink()

    def test_manager_sees_and_deletes_all(self):
        self.assertEqual(self._visible(self.manager), self.all_tickets)
        self.ticket_b.with_user(self.manager).unlink()
        self.assertFalse(self.ticket_b.exists())

    def test_configuration_is_read_only_for_agents(self):
        for model in HELPDESK_MODELS[1:]:
            records = self.env[model].with_user(self.agent).search([], limit=1)
            records.read(["display_name"])
            with self.assertRaises(AccessError, msg=model):
                self.env[model].with_user(self.agent).create({"name": "x"})
        with self.assertRaises(AccessError):
            self.team_a.with_user(self.agent).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.stage_new.with_user(self.agent).write({"fold": True})
        self.team_a.with_user(self.manager).write({"assignment_method": "round_robin"})
        self.env["helpdesk.routing.stage"].with_user(self.manager).create(
            {"name": "Escalated"}
        )

    def test_portal_and_plain_employee_get_nothing(self):
        for user in (self.portal, self.employee):
            for model in HELPDESK_MODELS:
                with self.assertRaises(AccessError, msg=f"{user.login} {model}"):
                    self.env[model].with_user(user).search([])
            with self.assertRaises(AccessError):
                self.ticket_free.with_user(user).read(["name"])

    def test_multi_company(self):
        company_2 = self.env["res.company"].create({"name": "Other Company"})
        team_2 = self.Team.create({"name": "Other team", "company_id": company_2.id})
        ticket_2 = self._ticket(team_id=team_2.id, company_id=company_2.id)
        self.assertNotIn(ticket_2, self.Ticket.with_user(self.manager).search([]))
        self.assertNotIn(team_2, self.Team.with_user(self.manager).search([]))
        manager_2 = new_test_user(
            self.env,
            login="hsr_manager_2",
            groups="helpdesk_segments.group_helpdesk_manager",
            company_id=company_2.id,
            company_ids=[(6, 0, company_2.ids)],
        )
        self.assertEqual(self.Ticket.with_user(manager_2).search([]), ticket_2)
        with self.assertRaises(UserError):
            self._ticket(team_id=team_2.id, company_id=self.env.company.id)
        # without an explicit company, a ticket takes its team's
        self.assertEqual(self._ticket(team_id=team_2.id).company_id, company_2)

    def test_manager_configures_the_team_alias(self):
        team = self.Team.with_user(self.manager).create(
            {"name": "Aliased team", "alias_name": "hsr-aliased"}
        )
        team.write({"alias_name": "hsr-renamed"})
        self.assertEqual(team.alias_id.alias_name, "hsr-renamed")
        self.assertEqual(
            team.with_user(self.agent).read(["alias_name"])[0]["alias_name"],
            "hsr-renamed",
        )
