# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import MissingError, UserError

from ..engine.explain import Renderer


class HelpdeskRoutingTicketTest(models.TransientModel):
    _name = "helpdesk.routing.ticket.test"
    _inherit = ["helpdesk.input.mixin"]
    _description = "Test the Routing of a Ticket"

    ticket_id = fields.Many2one(
        "helpdesk.routing.ticket", required=True, ondelete="cascade"
    )
    team_id = fields.Many2one(
        "helpdesk.routing.team", string="Would go to team", readonly=True
    )
    views = fields.Char(string="Would be placed in", readonly=True)
    line_ids = fields.One2many(
        "helpdesk.routing.ticket.test.line", "wizard_id", readonly=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = self._hs_check_input_vals(vals_list, operation="create")
        # the wizard shows the ticket's name: only for tickets the user reads
        ticket_ids = {vals["ticket_id"] for vals in vals_list if vals.get("ticket_id")}
        if ticket_ids:
            self.env["helpdesk.routing.ticket"].browse(list(ticket_ids)).check_access(
                "read"
            )
        return super().create(vals_list)

    @api.model
    def _decision_lines(self, ticket):
        """What the active rules would do with the ticket now, through the
        decision code of the real routing; nothing is written. The
        explanations are rendered for the user (engine/explain.py)."""
        router = ticket._hs_router()
        decision = router.decide(ticket, "test")[ticket.id]
        Log = self.env["helpdesk.routing.log"]
        renderer = Renderer(self.env)
        renderer.prefetch_results(
            result for entry in decision.entries for result in entry.conditions
        )
        lines = [
            {
                "rule_id": entry.rule_id or False,
                "is_fallback": entry.fallback,
                "destination": entry.destination,
                "explanation": Log._explain(
                    entry.conditions,
                    renderer,
                    fallback=entry.fallback,
                    fault=entry.fault,
                ),
            }
            for entry in decision.entries
        ]
        return decision, lines

    @api.model
    def _ticket_fields(self):
        """{ticket model: (wizard field of the ticket, of its team)}: the
        models whose tickets the wizard tests (bridges add theirs)."""
        return {"helpdesk.routing.ticket": ("ticket_id", "team_id")}

    @api.model
    def open_for(self, ticket):
        """The wizard on ``ticket`` (a ticket record, or its id over RPC)."""
        Ticket = self.env["helpdesk.routing.ticket"]
        if isinstance(ticket, int) and not isinstance(ticket, bool):
            ticket = Ticket.browse(ticket)
        if (
            not isinstance(ticket, models.BaseModel)
            or ticket._name not in self._ticket_fields()
        ):
            raise UserError(
                self.env._(
                    "Testing the routing needs a ticket, not %(value)s.",
                    value=repr(ticket)[:80],
                )
            )
        ticket.ensure_one()
        if not ticket.exists():
            raise MissingError(
                self.env._("The ticket %(id)s does not exist (any more).", id=ticket.id)
            )
        ticket.check_access("read")
        decision, lines = self._decision_lines(ticket)
        views = self.env["helpdesk.routing.view"].browse(sorted(decision.view_ids))
        ticket_field, team_field = self._ticket_fields()[ticket._name]
        wizard = self.create(
            {
                ticket_field: ticket.id,
                team_field: decision.team_id or False,
                # the saved views of the ticket's company the user can see
                "views": ", ".join(views._filtered_access("read").mapped("name")),
                "line_ids": [Command.create(line) for line in lines],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Test routing: %(ticket)s", ticket=ticket.display_name),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }


class HelpdeskRoutingTicketTestLine(models.TransientModel):
    _name = "helpdesk.routing.ticket.test.line"
    _inherit = ["helpdesk.input.mixin"]
    _description = "Test the Routing of a Ticket: Line"

    wizard_id = fields.Many2one(
        "helpdesk.routing.ticket.test", required=True, ondelete="cascade"
    )
    rule_id = fields.Many2one("helpdesk.routing.rule", readonly=True)
    is_fallback = fields.Boolean(string="Fallback", readonly=True)
    destination = fields.Char(readonly=True)
    explanation = fields.Text(readonly=True)
