# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.tools import split_every

# customers whose open tickets are looked up in one search
REROUTE_CHUNK = 10000


class HelpdeskCustomerList(models.Model):
    _inherit = "helpdesk.customer.list"

    def _on_members_changed(self, joined_ids, left_ids):
        """Customers who entered or left the list are, for a re-routing rule
        whose customer filter looks at list membership, customers who
        changed: their open tickets, still unassigned or new, are re-routed
        (nothing is searched when no such rule exists)."""
        res = super()._on_members_changed(joined_ids, left_ids)
        Rule = self.env["helpdesk.routing.rule"]
        if "hs_customer_list_ids" in Rule._reroute_customer_fields():
            Partner = self.env["res.partner"]
            router = self.env["helpdesk.routing.ticket"]._hs_router()
            for partner_ids in split_every(REROUTE_CHUNK, joined_ids + left_ids, list):
                router.reroute_customers(
                    Partner.browse(partner_ids), {"hs_customer_list_ids"}
                )
        return res
