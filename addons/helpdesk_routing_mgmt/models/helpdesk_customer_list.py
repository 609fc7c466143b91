# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.tools import split_every

from odoo.addons.helpdesk_routing.models.helpdesk_customer_list import REROUTE_CHUNK

from ..adapter import mgmt_router


class HelpdeskCustomerList(models.Model):
    _inherit = "helpdesk.customer.list"

    def _on_members_changed(self, joined_ids, left_ids):
        """Like for our tickets: the open Helpdesk tickets of customers who
        entered or left the list are re-routed when a re-routing rule's
        customer filter looks at list membership."""
        res = super()._on_members_changed(joined_ids, left_ids)
        Rule = self.env["helpdesk.routing.rule"]
        if "hs_customer_list_ids" in Rule._reroute_customer_fields():
            Partner = self.env["res.partner"]
            router = mgmt_router(self.env)
            for partner_ids in split_every(REROUTE_CHUNK, joined_ids + left_ids, list):
                router.reroute_customers(
                    Partner.browse(partner_ids), {"hs_customer_list_ids"}
                )
        return res
