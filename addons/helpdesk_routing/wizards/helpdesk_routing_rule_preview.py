# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models

from ..engine.explain import Renderer


class HelpdeskRoutingRulePreview(models.TransientModel):
    _name = "helpdesk.routing.rule.preview"
    _inherit = ["helpdesk.input.mixin"]
    _description = "Routing Rule Preview"

    rule_id = fields.Many2one(
        "helpdesk.routing.rule", required=True, ondelete="cascade"
    )
    limit = fields.Integer(string="Last tickets", default=50, required=True)
    line_ids = fields.One2many(
        "helpdesk.routing.rule.preview.line", "wizard_id", readonly=True
    )
    match_count = fields.Integer(string="Would catch", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = self._hs_check_input_vals(vals_list, operation="create")
        # the preview evaluates the rule: only rules the user reads
        rule_ids = {vals["rule_id"] for vals in vals_list if vals.get("rule_id")}
        self.env["helpdesk.routing.rule"].browse(list(rule_ids)).check_access("read")
        return super().create(vals_list)

    def _ticket_models(self):
        """The ticket models the preview evaluates the wizard's rule on
        (bridges add theirs when the rule applies and the user reads their
        tickets)."""
        Ticket = self.env["helpdesk.routing.ticket"]
        if Ticket._hs_router().adapter.applicable_rules(self.rule_id):
            return ["helpdesk.routing.ticket"]
        # a rule naming only a team of another helpdesk (bridges)
        return []

    @api.model
    def _line_values(self, ticket):
        """The preview line's ticket and what routing did with it."""
        return {
            "ticket_id": ticket.id,
            "actual_team_id": ticket.team_id.id,
            "actual_views": ", ".join(ticket.view_ids.mapped("name")),
        }

    def _fill_lines(self):
        """Evaluate the rule (active or not) on the last tickets of each
        ticket model, with the evaluator of the real routing."""
        Log = self.env["helpdesk.routing.log"]
        for wizard in self:
            rule = wizard.rule_id
            lines = []
            for model in wizard._ticket_models():
                # the tickets the user can read, as the user
                Ticket = self.env[model]
                tickets = Ticket.search(
                    [], order="create_date desc, id desc", limit=max(wizard.limit, 1)
                )
                evaluation = Ticket._hs_router().evaluate(rule, tickets)
                fault = evaluation.faults.get(rule.id)
                results = {
                    ticket.id: evaluation.conditions(rule.id, ticket.id)
                    for ticket in tickets
                }
                renderer = Renderer(self.env)
                renderer.prefetch_results(
                    result for conditions in results.values() for result in conditions
                )
                for ticket in tickets:
                    lines.append(
                        {
                            **wizard._line_values(ticket),
                            "would_match": evaluation.held(rule.id, ticket.id),
                            "explanation": Log._explain(
                                results[ticket.id], renderer, fault=fault
                            )
                            if results[ticket.id] or fault
                            else "",
                        }
                    )
            lines.sort(key=lambda line: not line["would_match"])
            wizard.write(
                {
                    "line_ids": [Command.clear()]
                    + [Command.create(line) for line in lines],
                    "match_count": sum(1 for line in lines if line["would_match"]),
                }
            )

    def action_refresh(self):
        self._fill_lines()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Preview: %(rule)s", rule=self.rule_id.name),
        }


class HelpdeskRoutingRulePreviewLine(models.TransientModel):
    _name = "helpdesk.routing.rule.preview.line"
    _inherit = ["helpdesk.input.mixin"]
    _description = "Routing Rule Preview Line"
    _order = "would_match desc, id"

    wizard_id = fields.Many2one(
        "helpdesk.routing.rule.preview", required=True, ondelete="cascade"
    )
    ticket_id = fields.Many2one("helpdesk.routing.ticket", readonly=True)
    would_match = fields.Boolean(readonly=True)
    actual_team_id = fields.Many2one(
        "helpdesk.routing.team", string="Actual team", readonly=True
    )
    actual_views = fields.Char(string="Actual views", readonly=True)
    explanation = fields.Text(readonly=True)
