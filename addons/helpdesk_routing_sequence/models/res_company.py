# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    hs_sequence_daily_cap = fields.Integer(
        string="Follow-up messages per customer and day",
        default=2,
        help="Across every follow-up sequence; 0 for no limit. A message over "
        "the limit waits for the customer's next day.",
    )
    hs_sequence_quiet_start = fields.Float(
        string="Quiet hours from",
        default=21.0,
        help="No follow-up message is sent from this hour to the end of the "
        "quiet hours, in the customer's time zone.",
    )
    hs_sequence_quiet_end = fields.Float(string="Quiet hours until", default=8.0)

    @api.constrains(
        "hs_sequence_daily_cap", "hs_sequence_quiet_start", "hs_sequence_quiet_end"
    )
    def _check_hs_sequence_limits(self):
        for company in self:
            if company.hs_sequence_daily_cap < 0:
                raise ValidationError(
                    self.env._(
                        "The daily limit of follow-up messages cannot be negative."
                    )
                )
            quiet = (company.hs_sequence_quiet_start, company.hs_sequence_quiet_end)
            for hour in quiet:
                if not 0 <= hour < 24:
                    raise ValidationError(
                        self.env._("Quiet hours are hours of the day, from 0 to 24.")
                    )
