# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo import Command

from odoo.addons.helpdesk_routing.tests.common import HelpdeskRoutingCase

# Friday 6 March 2026, 16:00 UTC; the calendar works Monday to Friday,
# 9:00-17:00 UTC
FRIDAY_4PM = datetime(2026, 3, 6, 16, 0)


class SlaCase(HelpdeskRoutingCase):
    """Three policies (first match applies) on a 9-17 UTC calendar:

    - ``policy_vip``: customers of the group *SLA VIP*, 1 h / 8 h, escalated
      when at risk (priority urgent, note, activity);
    - ``policy_urgent``: urgent tickets, 2 h / 16 h;
    - ``policy_standard``: everyone, 8 h / 48 h (next response 4 h),
      escalated when breached (re-routed to team B).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Policy = cls.env["helpdesk.routing.sla.policy"]
        cls.Policy.search([]).action_archive()
        # no demo routing rule moves the test tickets
        cls.env["helpdesk.routing.rule"].search([]).action_archive()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "SLA test 9-17 UTC",
                "tz": "UTC",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for start, end, period in (
                        (9, 13, "morning"),
                        (13, 17, "afternoon"),
                    )
                ],
            }
        )
        (cls.team_a | cls.team_b).hs_sla_calendar_id = cls.calendar
        cls.team_a.leader_id = cls.manager
        cls.vip_group = cls.env["helpdesk.customer.group"].create({"name": "SLA VIP"})
        cls.vip = cls.env["res.partner"].create(
            {
                "name": "Vera VIP",
                "email": "vera@example.com",
                "hs_customer_group_id": cls.vip_group.id,
            }
        )
        cls.policy_vip = cls.Policy.create(
            {
                "name": "VIP",
                "sequence": 1,
                "partner_domain": repr(
                    [("hs_customer_group_id", "=", cls.vip_group.id)]
                ),
                "first_response_hours": 1,
                "resolution_hours": 8,
                "escalate_on": "at_risk",
                "escalate_priority": "3",
                "escalate_notify": True,
                "escalate_activity": True,
            }
        )
        cls.policy_urgent = cls.Policy.create(
            {
                "name": "Urgent",
                "sequence": 2,
                "priority_min": "3",
                "first_response_hours": 2,
                "resolution_hours": 16,
                "escalate_on": "none",
            }
        )
        cls.policy_standard = cls.Policy.create(
            {
                "name": "Standard",
                "sequence": 3,
                "first_response_hours": 8,
                "next_response_hours": 4,
                "resolution_hours": 48,
                "escalate_on": "breached",
                "escalate_team_id": cls.team_b.id,
                "escalate_notify": False,
            }
        )
        cls.stage_waiting = cls.env.ref(
            "helpdesk_routing.helpdesk_routing_stage_waiting"
        )
        cls.stage_waiting.hs_sla_pause = True

    @classmethod
    def _sla_ticket(cls, partner=None, **values):
        return cls.Ticket.create(
            dict(
                {
                    "name": "SLA ticket",
                    "partner_id": (partner or cls.customer).id,
                    "team_id": cls.team_a.id,
                },
                **values,
            )
        )

    def _sla_logs(self, ticket, trigger=None):
        logs = ticket.sla_log_ids
        if trigger:
            logs = logs.filtered(lambda log: log.trigger == trigger)
        return logs
