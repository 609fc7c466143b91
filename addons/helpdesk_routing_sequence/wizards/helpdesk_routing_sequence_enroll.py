# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HelpdeskRoutingSequenceEnroll(models.TransientModel):
    """An agent starts a running sequence for customers by hand."""

    _name = "helpdesk.routing.sequence.enroll"
    _description = "Start a Follow-up Sequence"

    sequence_id = fields.Many2one(
        "helpdesk.routing.sequence",
        string="Follow-up sequence",
        required=True,
        domain=[("state", "=", "running")],
    )
    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)

    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "res.partner" and context.get("active_ids"):
            values["partner_ids"] = [fields.Command.set(context["active_ids"])]
        return values

    def action_start(self):
        self.ensure_one()
        started = self.sequence_id._hs_enroll(self.partner_ids)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s customer(s) started %(name)s.",
                    count=len(started),
                    name=self.sequence_id.name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
