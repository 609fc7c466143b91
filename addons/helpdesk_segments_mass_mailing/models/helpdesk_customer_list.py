# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class HelpdeskCustomerList(models.Model):
    _inherit = "helpdesk.customer.list"

    def action_create_mailing(self):
        """A new mailing on res.partner whose recipients are the members of
        the list (at sending time: the domain follows the refreshes)."""
        self.ensure_one()
        self.check_access("read")
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": self.name,
                "mailing_type": "mail",
                "mailing_model_id": self.env["ir.model"]._get_id("res.partner"),
                "mailing_domain": repr(self._members_domain()),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "mailing.mailing",
            "res_id": mailing.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
