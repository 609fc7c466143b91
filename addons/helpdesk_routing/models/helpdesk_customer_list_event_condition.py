# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class HelpdeskCustomerListEventCondition(models.Model):
    """What the customer did, as a condition of a customer list ("placed an
    order at least twice in the last 30 days"): the fields and labels of the
    routing rules' event conditions, evaluated by the list's one statement
    (``helpdesk.customer.list._members_query``)."""

    _name = "helpdesk.customer.list.event.condition"
    _inherit = ["helpdesk.routing.event.condition.mixin"]
    _description = "Customer List: Customer Event Condition"
    _order = "list_id, sequence, id"

    list_id = fields.Many2one(
        "helpdesk.customer.list", required=True, index=True, ondelete="cascade"
    )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = self._hs_check_input_vals(vals_list, operation="create")
        conditions = super().create(vals_list)
        conditions.list_id._hs_event_conditions_changed()
        return conditions

    def write(self, vals):
        self._hs_check_input_vals([vals], operation="write")
        lists = self.list_id
        res = super().write(vals)
        (lists | self.list_id)._hs_event_conditions_changed()
        return res

    def unlink(self):
        lists = self.list_id
        res = super().unlink()
        lists.exists()._hs_event_conditions_changed()
        return res
