# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class HelpdeskCustomerList(models.Model):
    _inherit = "helpdesk.customer.list"

    def action_send_survey(self):
        """Choose a survey, then Odoo's survey invitation opens with the
        members of the list as recipients."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send a survey to %(name)s", name=self.name),
            "res_model": "helpdesk.customer.list.survey",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_list_id": self.id},
        }
