# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        res = super().write(vals)
        # re-routing rules may opt in to customer changes
        self.env["helpdesk.routing.ticket"]._hs_router().reroute_customers(self, vals)
        return res
