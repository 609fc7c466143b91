# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import fields, models

from ..engine import assign


class ResUsers(models.Model):
    _inherit = "res.users"

    hs_helpdesk_unavailable = fields.Boolean(
        string="Unavailable for assignment",
        help="Automatic ticket assignment skips this user (holidays, sick leave...).",
    )
    hs_skill_ids = fields.One2many(
        "helpdesk.routing.agent.skill", "user_id", string="Support Skills"
    )
    hs_work_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Support Working Hours",
        help="When the user is not an employee (no resource of their own): the "
        "working hours teams respecting working hours assign tickets in, in "
        "the user's timezone.",
    )

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + ["hs_helpdesk_unavailable"]

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + [
            "hs_helpdesk_unavailable",
            "hs_skill_ids",
            "hs_work_calendar_id",
        ]

    def write(self, vals):
        res = super().write(vals)
        if "hs_helpdesk_unavailable" in vals:
            # superuser: the user switching themselves away may not write the
            # team's tickets of other agents (docs/security.md)
            users = self.sudo()
            if vals["hs_helpdesk_unavailable"]:
                users._hs_release_tickets()
            else:
                teams = (
                    self.env["helpdesk.routing.team"]
                    .sudo()
                    .search([("member_ids", "in", self.ids)])
                )
                teams._hs_assign_queue()
        return res

    def action_hs_toggle_away(self):
        """The user menu's Away switch, for the current user only (whatever
        the ids given): returns whether they are away now."""
        user = self.env.user
        user.write({"hs_helpdesk_unavailable": not user.hs_helpdesk_unavailable})
        return user.hs_helpdesk_unavailable

    def _hs_release_tickets(self, reason=assign.AWAY, now=None):
        """Apply each team's policy to the open tickets of absent users:
        keep, back to the queue (then assigned to who has capacity), or to
        the team's backup agent (back to the queue when the backup is absent
        too: away, or on time off in a team respecting working hours).

        ``reason``: :data:`~..engine.assign.AWAY` (the away switch: every
        team of the user) or :data:`~..engine.assign.TIME_OFF` (only the
        teams respecting working hours: the others do not read calendars,
        and would give the tickets straight back). Being outside one's
        working hours never moves tickets: the agent keeps them overnight."""
        Ticket = self.env["helpdesk.routing.ticket"].sudo()
        domain = [
            ("user_id", "in", self.ids),
            ("is_closed", "=", False),
            ("team_id.absent_ticket_policy", "in", ("queue", "backup")),
        ]
        if reason == assign.TIME_OFF:
            domain.append(("team_id.use_working_hours", "=", True))
        tickets = Ticket.search(domain)
        if not tickets:
            return
        backups = tickets.team_id.absent_backup_user_id
        absent_backups = {
            user_id
            for user_id, why in backups._hs_absences(now, working_hours=True).items()
            if why != assign.OFF_HOURS
        }
        writes = defaultdict(list)
        for ticket in tickets:
            team = ticket.team_id
            backup = team.absent_backup_user_id
            if team.absent_ticket_policy == "backup" and backup not in self:
                if backup.id in absent_backups and (
                    backup.hs_helpdesk_unavailable or team.use_working_hours
                ):
                    writes[False].append(ticket.id)
                else:
                    writes[backup.id].append(ticket.id)
            elif team.absent_ticket_policy == "queue" or backup in self:
                writes[False].append(ticket.id)
        for user_id, ticket_ids in writes.items():
            Ticket.browse(ticket_ids).with_context(hs_assigning=True).write(
                {"user_id": user_id}
            )
        tickets.team_id._hs_assign_queue(now)

    def _hs_absences(self, now=None, working_hours=False):
        """{user id: why absent} (engine/assign.py's AWAY, OFF_HOURS,
        TIME_OFF) at ``now`` (naive UTC), for the users of self that are.
        Working hours come from the user's resource (an employee's, with their
        time off) or their support working hours in their timezone."""
        absences = {u.id: assign.AWAY for u in self if u.hs_helpdesk_unavailable}
        if not working_hours:
            return absences
        now = now or fields.Datetime.now()
        start = pytz.utc.localize(now)
        end = start + timedelta(minutes=1)
        for user in self:
            if user.id in absences:
                continue
            resource = user.resource_ids[:1]
            calendar = resource.calendar_id or user.hs_work_calendar_id
            if not calendar:
                continue
            # an employee's resource has its timezone; else the user's
            tz = pytz.timezone(
                (resource.tz if resource else user.tz) or calendar.tz or "UTC"
            )
            attendance = calendar._attendance_intervals_batch(
                start, end, resources=resource, tz=tz
            )[resource.id]
            if not attendance:
                absences[user.id] = assign.OFF_HOURS
                continue
            work = calendar._work_intervals_batch(
                start, end, resources=resource, tz=tz
            )[resource.id]
            if not work:
                absences[user.id] = assign.TIME_OFF
        return absences
