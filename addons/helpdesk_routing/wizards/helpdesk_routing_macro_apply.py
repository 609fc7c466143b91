# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..engine.explain import Renderer


class HelpdeskRoutingMacroApply(models.TransientModel):
    """Choose a macro for the selected tickets, see what it will do, apply
    it (as the agent)."""

    _name = "helpdesk.routing.macro.apply"
    _description = "Apply a Support Macro"

    ticket_ids = fields.Many2many("helpdesk.routing.ticket", string="Tickets")
    ticket_count = fields.Integer(compute="_compute_ticket_count")
    macro_id = fields.Many2one(
        "helpdesk.routing.macro",
        string="Macro",
        domain="['|', ('team_ids', '=', False), ('team_ids', 'in', team_ids)]",
    )
    team_ids = fields.Many2many(
        "helpdesk.routing.team", compute="_compute_team_ids", string="Their teams"
    )
    preview = fields.Text(compute="_compute_preview")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if (
            "ticket_ids" in fields_list
            and not values.get("ticket_ids")
            and context.get("active_model") == "helpdesk.routing.ticket"
        ):
            ids = context.get("active_ids") or (
                [context["active_id"]] if context.get("active_id") else []
            )
            values["ticket_ids"] = [fields.Command.set(ids)]
        return values

    @api.depends("ticket_ids")
    def _compute_ticket_count(self):
        for wizard in self:
            wizard.ticket_count = len(wizard.ticket_ids)

    @api.depends("ticket_ids")
    def _compute_team_ids(self):
        for wizard in self:
            wizard.team_ids = wizard.ticket_ids.team_id

    @api.depends("macro_id", "ticket_ids")
    def _compute_preview(self):
        renderer = Renderer(self.env)
        for wizard in self:
            if not wizard.macro_id or not wizard.ticket_ids:
                wizard.preview = False
                continue
            try:
                plan = wizard.macro_id._hs_plan(wizard.ticket_ids)
            except UserError as error:
                wizard.preview = error.args[0]
                continue
            texts = plan.texts()
            if not texts:
                wizard.preview = self.env._("This macro does nothing yet.")
                continue
            renderer.prefetch(texts)
            header = self.env._(
                "On %(count)s ticket(s), the macro will:", count=len(wizard.ticket_ids)
            )
            wizard.preview = "\n".join(
                [header] + ["- " + renderer.render(text) for text in texts]
            )

    def action_apply(self):
        self.ensure_one()
        if not self.macro_id:
            raise UserError(self.env._("Choose a macro."))
        self.macro_id._hs_apply(self.ticket_ids)
        return {"type": "ir.actions.act_window_close"}
