# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.helpdesk_routing.engine import assign


class HrLeave(models.Model):
    _inherit = "hr.leave"

    def _validate_leave_request(self):
        """Time off validated: it is a leave of the employee's resource, which
        helpdesk teams respecting working hours already read (the agent gets
        nothing while on time off). A time off running now also applies each
        team's policy for an absent agent's open tickets at once (keep, back
        to the queue, to the backup agent) of the teams respecting working
        hours, without waiting for the cron (teams that do not read calendars
        keep the agent's tickets, as their assignment ignores time off)."""
        res = super()._validate_leave_request()
        now = fields.Datetime.now()
        users = self.filtered(
            lambda leave: leave.date_from <= now < leave.date_to
        ).employee_id.user_id
        if users:
            # superuser: the time off officer may not write helpdesk tickets
            # (docs/security.md)
            users.sudo()._hs_release_tickets(reason=assign.TIME_OFF, now=now)
        return res
