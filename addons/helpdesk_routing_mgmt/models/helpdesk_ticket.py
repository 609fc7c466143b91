# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models

from odoo.addons.helpdesk_routing.engine import explain

from ..adapter import mgmt_router


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

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

    def _hs_mgmt_apply_routing(self, decisions, trigger):
        """Write the decisions on stored tickets, one write per distinct
        value, then record them."""
        # routing writes for every rule, whoever changed the ticket
        tickets = self.sudo().with_context(hs_routing_running=True, mail_notrack=True)
        writes = defaultdict(list)
        for ticket in tickets:
            decision = decisions.get(ticket.id)
            if not decision:
                continue
            if decision.team_id and decision.team_id != ticket.team_id.id:
                writes["team_id", decision.team_id].append(ticket.id)
            for tag_id in sorted(decision.tag_ids):
                writes["tag_ids", tag_id].append(ticket.id)
            if decision.priority and decision.priority != ticket.priority:
                writes["priority", decision.priority].append(ticket.id)
        for (field_name, value), ticket_ids in writes.items():
            if field_name == "tag_ids":
                value = [Command.link(value)]
            tickets.browse(ticket_ids).write({field_name: value})
        tickets._hs_mgmt_add_routing_followers(decisions)
        tickets._hs_mgmt_record_routing(decisions, trigger)

    def _hs_mgmt_add_routing_followers(self, decisions):
        followers = defaultdict(list)
        for ticket_id, decision in decisions.items():
            if decision.follower_ids:
                followers[tuple(sorted(decision.follower_ids))].append(ticket_id)
        for partner_ids, ticket_ids in followers.items():
            self.browse(ticket_ids).sudo().message_subscribe(
                partner_ids=list(partner_ids)
            )

    def _hs_mgmt_record_routing(self, decisions, trigger):
        """The routing log (one INSERT) and one chatter note per routed
        ticket, as for our tickets (helpdesk.routing.ticket)."""
        chatter = not self.env.context.get("tracking_disable")
        rule_ids = {
            entry.rule_id
            for decision in decisions.values()
            for entry in decision.entries
            if entry.rule_id and entry.shown_in_chatter
        }
        rule_names = {
            rule.id: rule.name
            for rule in self.env["helpdesk.routing.rule"].sudo().browse(rule_ids)
        }
        # the note's wording is our tickets'
        notes = self.env["helpdesk.routing.ticket"]
        log_vals, bodies, as_json = [], {}, {}

        def text_json(text):
            if text not in as_json:
                as_json[text] = explain.to_json(text)
            return as_json[text]

        for ticket_id, decision in decisions.items():
            lines = []
            for entry in decision.entries:
                log_vals.append(
                    {
                        "ticket_id": ticket_id,
                        "rule_id": entry.rule_id,
                        "is_fallback": entry.fallback,
                        "trigger": trigger,
                        "destination": entry.destination,
                        "conditions": [
                            {
                                "family": c.family,
                                "label": text_json(c.label),
                                "held": c.held,
                                "seen": text_json(c.seen),
                            }
                            for c in entry.conditions
                        ],
                        "fault": entry.fault,
                    }
                )
                if chatter and entry.shown_in_chatter:
                    lines.append(notes._hs_routing_note(entry, rule_names))
            if lines:
                bodies[ticket_id] = Markup("<br/>").join(lines)
        self.env["helpdesk.routing.log"]._insert_batch(
            log_vals, ticket_field="mgmt_ticket_id"
        )
        if bodies:
            self.browse(list(bodies)).sudo()._message_log_batch(bodies=bodies)
