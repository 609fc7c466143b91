# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.tools import split_every

# customers whose open tickets are looked up in one search
CHUNK = 10000


class HelpdeskCustomerList(models.Model):
    _inherit = "helpdesk.customer.list"

    def _on_members_changed(self, joined_ids, left_ids):
        """Customers who entered or left the list changed for a policy whose
        customer filter reads list membership: their open tickets' service
        level follows (nothing is searched without such a policy)."""
        res = super()._on_members_changed(joined_ids, left_ids)
        Policy = self.env["helpdesk.routing.sla.policy"]
        if "hs_customer_list_ids" in Policy._hs_sla_customer_fields():
            Partner = self.env["res.partner"]
            Ticket = self.env["helpdesk.routing.ticket"]
            for partner_ids in split_every(CHUNK, joined_ids + left_ids, list):
                Ticket._hs_sla_customers_changed(Partner.browse(partner_ids))
        return res
