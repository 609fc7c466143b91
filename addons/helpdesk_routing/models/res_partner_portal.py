# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResPartner(models.Model):
    """Company contact persons see their company's tickets in the portal."""

    _inherit = "res.partner"

    hs_portal_company_tickets = fields.Boolean(
        string="Sees the Company's Tickets",
        help="Contact person of their company: in the portal, this contact sees "
        "the tickets of every contact of the company, not only their own.",
    )

    def write(self, vals):
        res = super().write(vals)
        if "hs_portal_company_tickets" in vals:
            # the tickets' portal rule reads the field: ir.rule caches domains
            self.env.registry.clear_cache()
        return res
