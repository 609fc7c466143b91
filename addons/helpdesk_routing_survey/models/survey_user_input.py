# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    hs_ticket_id = fields.Many2one(
        "helpdesk.routing.ticket",
        string="Helpdesk Ticket",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="The ticket whose rating policy sent this survey.",
    )
