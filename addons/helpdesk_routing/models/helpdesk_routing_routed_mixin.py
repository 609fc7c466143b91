# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from markupsafe import Markup, escape

from odoo import Command, api, models

from ..engine import explain


class HelpdeskRoutingRoutedMixin(models.AbstractModel):
    """What a routed ticket model does with the decisions of the routing
    engine once they are applied: the followers the rules add, the routing
    log and the chatter note. Our tickets and, through its bridge, OCA
    helpdesk_mgmt's inherit it; ``_hs_routing_log_field`` names the log's
    column pointing at the ticket model."""

    _name = "helpdesk.routing.routed.mixin"
    _description = "Helpdesk: ticket routed by the routing rules"

    # the many2one of helpdesk.routing.log pointing at this ticket model
    _hs_routing_log_field = "ticket_id"

    def _hs_apply_routing(self, decisions, trigger):
        """Write the decisions ({ticket id: Decision}) on stored tickets with
        one write per distinct value (team, saved view where the model has
        them, tag, priority), whatever the number of tickets, then record
        them."""
        # routing writes for every rule, whoever changed the ticket
        tickets = self.sudo().with_context(hs_routing_running=True, mail_notrack=True)
        writes = defaultdict(list)
        for ticket in tickets:
            decision = decisions.get(ticket.id)
            if not decision:
                continue
            if decision.team_id and decision.team_id != ticket.team_id.id:
                writes["team_id", decision.team_id].append(ticket.id)
            for view_id in sorted(decision.view_ids):
                writes["view_ids", view_id].append(ticket.id)
            for tag_id in sorted(decision.tag_ids):
                writes["tag_ids", tag_id].append(ticket.id)
            if "required_skill_ids" in ticket._fields:
                for skill_id in sorted(decision.skill_ids):
                    writes["required_skill_ids", skill_id].append(ticket.id)
            if decision.priority and decision.priority != ticket.priority:
                writes["priority", decision.priority].append(ticket.id)
        for (field_name, value), ticket_ids in writes.items():
            if field_name in ("view_ids", "tag_ids", "required_skill_ids"):
                value = [Command.link(value)]
            # a team write picks agents with the team's assignment method
            tickets.browse(ticket_ids).write({field_name: value})
        tickets._hs_add_routing_followers(decisions)
        tickets._hs_record_routing(decisions, trigger)

    def _hs_finish_routing(self, decisions):
        """Tickets just created with their decisions' values: the followers
        the rules add, the log, the chatter."""
        self._hs_add_routing_followers(decisions)
        self._hs_record_routing(decisions, "create")

    def _hs_add_routing_followers(self, decisions):
        followers = defaultdict(list)
        for ticket_id, decision in decisions.items():
            if decision.follower_ids:
                followers[tuple(sorted(decision.follower_ids))].append(ticket_id)
        for partner_ids, ticket_ids in followers.items():
            self.browse(ticket_ids).sudo().message_subscribe(
                partner_ids=list(partner_ids)
            )

    def _hs_record_routing(self, decisions, trigger):
        """The routing log (one INSERT) and, like mail's creation message
        (it follows tracking), one chatter note per routed ticket. The note
        names the destination and the rule only: the conditions and the
        values seen are in the Routing tab, shown to each reader as far as
        they may see them (a chatter message is the same for everyone)."""
        log_vals, bodies = [], {}
        rule_names = {}
        rule_ids = (
            {
                entry.rule_id
                for decision in decisions.values()
                for entry in decision.entries
                if entry.rule_id and entry.shown_in_chatter
            }
            if not self.env.context.get("tracking_disable")
            else ()
        )
        if rule_ids:
            rule_names = {
                rule.id: rule.name
                for rule in self.env["helpdesk.routing.rule"].sudo().browse(rule_ids)
            }
        chatter = not self.env.context.get("tracking_disable")
        # the tickets of a batch share their condition results (same customer,
        # channel...) and the texts of a rule: each is turned into JSON once
        as_json, results_json = {}, {}

        def text_json(text):
            if text not in as_json:
                as_json[text] = explain.to_json(text)
            return as_json[text]

        def result_json(result):
            key = id(result)
            if key not in results_json:
                results_json[key] = (
                    result,  # kept alive: its id is not reused meanwhile
                    {
                        "family": result.family,
                        "label": text_json(result.label),
                        "held": result.held,
                        "seen": text_json(result.seen),
                    },
                )
            return results_json[key][1]

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
                        "conditions": [result_json(c) for c in entry.conditions],
                        "fault": entry.fault,
                    }
                )
                if chatter and entry.shown_in_chatter:
                    lines.append(self._hs_routing_note(entry, rule_names))
            if lines:
                bodies[ticket_id] = Markup("<br/>").join(lines)
        self.env["helpdesk.routing.log"]._insert_batch(
            log_vals, ticket_field=self._hs_routing_log_field
        )
        if bodies:
            self.browse(list(bodies)).sudo()._message_log_batch(bodies=bodies)

    @api.model
    def _hs_routing_note(self, entry, rule_names):
        if entry.fallback:
            return escape(
                self.env._(
                    "Routed to %(destination)s by the fallback (no rule matched)",
                    destination=entry.destination,
                )
            )
        if entry.applied:
            return escape(
                self.env._(
                    "Routed to %(destination)s by rule %(rule)s (why: Routing tab)",
                    destination=entry.destination,
                    rule=rule_names.get(entry.rule_id, ""),
                )
            )
        return escape(
            self.env._(
                "Rule %(rule)s also matched: %(destination)s",
                rule=rule_names.get(entry.rule_id, ""),
                destination=entry.destination,
            )
        )
