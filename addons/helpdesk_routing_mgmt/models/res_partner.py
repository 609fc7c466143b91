# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..adapter import mgmt_router


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        res = super().write(vals)
        # customers changed: their open Helpdesk tickets may be re-routed too
        mgmt_router(self.env).reroute_customers(self, vals)
        return res
