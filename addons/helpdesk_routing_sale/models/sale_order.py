# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _action_confirm(self):
        res = super()._action_confirm()
        self._hs_create_placed_order_events()
        return res

    def _hs_create_placed_order_events(self):
        """One 'Placed order' customer event per confirmed order, created in
        one batch (salespeople need no access to the events)."""
        event_type = (
            self.env.ref(
                "helpdesk_routing.helpdesk_routing_event_type_placed_order",
                raise_if_not_found=False,
            )
            or self.env["helpdesk.routing.event.type"]
        ).sudo()
        if not event_type or not event_type.active or not self:
            return
        self.env["helpdesk.routing.event"].sudo().create(
            [
                {
                    "partner_id": order.partner_id.id,
                    "type_id": event_type.id,
                    "occurred_at": order.date_order,
                    "value": order.amount_total,
                    "reference": order.name,
                    "company_id": order.company_id.id,
                }
                for order in self
            ]
        )
