# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        res = super().write(vals)
        # a customer upgraded (a field a policy's customer filter reads):
        # their open tickets' service level follows
        Policy = self.env["helpdesk.routing.sla.policy"]
        if Policy._hs_sla_customer_fields().intersection(vals):
            self.env["helpdesk.routing.ticket"]._hs_sla_customers_changed(self)
        return res
