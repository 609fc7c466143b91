# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HelpdeskRoutingTeam(models.Model):
    _inherit = "helpdesk.routing.team"

    hs_sla_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working hours",
        check_company=True,
        help="The service level clocks of the team's tickets count these working "
        "hours; public holidays are the calendar's time off without a "
        "resource. Empty: the company's working hours.",
    )
