# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    hs_sequence_daily_cap = fields.Integer(
        related="company_id.hs_sequence_daily_cap", readonly=False
    )
    hs_sequence_quiet_start = fields.Float(
        related="company_id.hs_sequence_quiet_start", readonly=False
    )
    hs_sequence_quiet_end = fields.Float(
        related="company_id.hs_sequence_quiet_end", readonly=False
    )
