# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError


class HelpdeskCustomerListSurvey(models.TransientModel):
    _name = "helpdesk.customer.list.survey"
    _description = "Send a Survey to a Customer List"

    list_id = fields.Many2one(
        "helpdesk.customer.list", string="Customer List", required=True
    )
    survey_id = fields.Many2one(
        "survey.survey", string="Survey", required=True, domain=[("active", "=", True)]
    )

    def action_invite(self):
        """Odoo's survey invitation (survey.invite) on the list's members."""
        self.ensure_one()
        self.list_id.check_access("read")
        partner_ids = self.list_id._member_partner_ids()
        if not partner_ids:
            raise UserError(
                self.env._(
                    "The list %(name)s has no members: refresh it first.",
                    name=self.list_id.display_name,
                )
            )
        action = self.survey_id.action_send_survey()
        action["context"] = dict(
            action.get("context") or {}, default_partner_ids=partner_ids
        )
        return action
