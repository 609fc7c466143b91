# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    helpdesk_routing_enabled = fields.Boolean(string="Routing enabled", default=True)
    # Not required in the database: a company created while our model is not
    # loaded (the at_install tests and data of the modules loaded before ours,
    # e.g. base's res.partner tests) would hit a NOT NULL column. An empty
    # value means "unassigned" (see helpdesk.routing.rule); the settings form
    # requires a choice.
    helpdesk_routing_fallback = fields.Selection(
        [("unassigned", "Stay unassigned"), ("team", "Default team")],
        string="When no rule matches",
        default="unassigned",
    )
    helpdesk_routing_fallback_team_id = fields.Many2one(
        "helpdesk.routing.team", string="Default team", ondelete="set null"
    )
