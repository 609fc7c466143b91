# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user, tagged

NOW = datetime(2026, 5, 6, 10, 0)  # a Wednesday, working hours (UTC)


@tagged("post_install", "-at_install")
class TestTimeOff(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        calendar = cls.env.ref("resource.resource_calendar_std")
        calendar.tz = "UTC"
        cls.agents = [
            new_test_user(
                cls.env,
                login=f"hsr_time_off_agent_{i}",
                groups="helpdesk_segments.group_helpdesk_agent",
                tz="UTC",
            )
            for i in range(2)
        ]
        cls.employees = cls.env["hr.employee"].create(
            [
                {
                    "name": f"Agent {i}",
                    "user_id": agent.id,
                    "resource_calendar_id": calendar.id,
                    "tz": "UTC",
                }
                for i, agent in enumerate(cls.agents)
            ]
        )
        cls.team = cls.env["helpdesk.routing.team"].create(
            {
                "name": "Time off team",
                "member_ids": [(6, 0, [a.id for a in cls.agents])],
                "assignment_method": "fewest_open",
                "use_working_hours": True,
                "absent_ticket_policy": "queue",
            }
        )
        cls.leave_type = cls.env["hr.leave.type"].create(
            {
                "name": "Helpdesk test leave",
                "requires_allocation": "no",
                "leave_validation_type": "hr",
            }
        )

    def _leave(self, employee, day):
        return (
            self.env["hr.leave"]
            .with_context(leave_skip_state_check=True)
            .create(
                {
                    "employee_id": employee.id,
                    "holiday_status_id": self.leave_type.id,
                    "request_date_from": day,
                    "request_date_to": day,
                }
            )
        )

    @freeze_time(NOW)
    def test_time_off_skips_and_releases(self):
        ticket = self.env["helpdesk.routing.ticket"].create(
            {"name": "Before the leave", "team_id": self.team.id}
        )
        self.assertEqual(ticket.user_id, self.agents[0])
        leave = self._leave(self.employees[0], NOW.date())
        leave.action_validate()
        self.assertEqual(leave.state, "validate")
        # validated time off running now: the team's policy (queue), then
        # the queue is served to the other agent
        self.assertEqual(ticket.user_id, self.agents[1])
        new = self.env["helpdesk.routing.ticket"].create(
            {"name": "During the leave", "team_id": self.team.id}
        )
        self.assertEqual(new.user_id, self.agents[1])
        log = new.routing_log_ids.filtered(lambda r: r.trigger == "assign")
        self.assertIn("on time off", log.explanation)

    @freeze_time(NOW)
    def test_time_off_keeps_tickets_of_teams_ignoring_hours(self):
        """A team that does not respect working hours does not read time off:
        it keeps the agent's tickets (it would give them straight back)."""
        other = self.env["helpdesk.routing.team"].create(
            {
                "name": "Team ignoring hours",
                "member_ids": [(6, 0, [a.id for a in self.agents])],
                "assignment_method": "fewest_open",
                "max_open_tickets": 5,
                "absent_ticket_policy": "queue",
            }
        )
        ticket = self.env["helpdesk.routing.ticket"].create(
            {"name": "Before the leave", "team_id": other.id}
        )
        self.assertEqual(ticket.user_id, self.agents[0])
        self._leave(self.employees[0], NOW.date()).action_validate()
        self.assertEqual(ticket.user_id, self.agents[0])
        log = ticket.routing_log_ids.filtered(lambda r: r.trigger == "assign")
        self.assertEqual(len(log), 1)
