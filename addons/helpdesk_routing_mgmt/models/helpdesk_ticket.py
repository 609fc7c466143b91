# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import Command, api, fields, models

from ..adapter import mgmt_router


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "helpdesk.routing.routed.mixin"]
    _hs_routing_log_field = "mgmt_ticket_id"

    # the engine's alias team role: helpdesk_mgmt tickets have none
    hs_alias_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        compute="_compute_hs_alias_team_id",
        string="Email alias team",
    )
    hs_routing_log_ids = fields.One2many(
        "helpdesk.routing.log", "mgmt_ticket_id", string="Routing decisions"
    )

    def _compute_hs_alias_team_id(self):
        self.hs_alias_team_id = False

    @api.model_create_multi
    def create(self, vals_list):
        # copies: routing adds values
        vals_list = [dict(vals) for vals in vals_list]
        router = mgmt_router(self.env)
        # routed before the insert: helpdesk_mgmt picks the team's first
        # stage from the values
        routed = router.route_new(vals_list)
        if routed:
            self._hs_mgmt_routing_values(vals_list, routed)
        tickets = super().create(vals_list)
        router.finish_new(tickets, routed)
        return tickets

    @api.model
    def _hs_router(self):
        """The routing engine for these tickets (the wizards' entry)."""
        return mgmt_router(self.env)

    def action_test_routing(self):
        """What the active rules would do with the ticket now."""
        return self.env["helpdesk.routing.ticket.test"].open_for(self)

    def write(self, vals):
        res = super().write(vals)
        # helpdesk_mgmt's field names are ours for what the rules look at
        mgmt_router(self.env).reroute(self, set(vals))
        return res

    @api.model
    def _hs_mgmt_routing_values(self, vals_list, decisions):
        for vals, decision in zip(vals_list, decisions, strict=True):
            if not decision:
                continue
            if decision.team_id:
                vals["team_id"] = decision.team_id
            if decision.priority:
                vals["priority"] = decision.priority
            if decision.tag_ids:
                vals["tag_ids"] = list(vals.get("tag_ids") or []) + [
                    Command.link(tag_id) for tag_id in sorted(decision.tag_ids)
                ]

    def _hs_mgmt_reroutable(self):
        """Open tickets of companies that route, without team or still in
        their team's first stage."""
        return self.filtered(
            lambda t: (
                t.company_id.helpdesk_routing_enabled
                and not t.closed
                and (
                    not t.team_id
                    or t.stage_id == t.team_id._get_applicable_stages()[:1]
                )
            )
        )
