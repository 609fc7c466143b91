# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""SLA policies evaluated by the routing engine's evaluator.

A policy holds its conditions in the fields a routing rule does
(``partner_domain``, ``ticket_domain``, ``channel_ids``, ``tag_ids``,
``priority_min``, ``match``, ``company_id``), in the one condition language
(``helpdesk_segments/tools/conditions.py``), so the routing
:class:`~odoo.addons.helpdesk_routing.engine.evaluator.Evaluator` evaluates
them as it evaluates rules: set-based over a batch, faults isolated, the
explanation texts of ``engine/explain.py``. What differs is said here:
policies have no customer-event conditions, and they have a team condition.
"""

from odoo.addons.helpdesk_routing.engine import explain
from odoo.addons.helpdesk_routing.engine.decisions import TICKET
from odoo.addons.helpdesk_routing.engine.evaluator import Condition, Evaluator
from odoo.addons.helpdesk_routing.engine.tickets import RoutingTicketAdapter


class SlaTicketAdapter(RoutingTicketAdapter):
    """Our tickets, seen by the evaluator through SLA policies: the channels
    and tags a policy asks for; policies never look at an email alias."""

    def rule_records(self, rule, role):
        # the relations are read only when the policy has such a condition
        if role == "channel_id":
            if rule.has_channel_condition:
                return rule.channel_ids
            return self.env["helpdesk.routing.channel"]
        if role == "tag_ids":
            if rule.has_tag_condition:
                return rule.tag_ids
            return self.env["helpdesk.routing.tag"]
        if role == "alias_team_id":
            return self.env["helpdesk.routing.team"]
        raise KeyError(role)


class PolicyEvaluator(Evaluator):
    """The routing evaluator for ``helpdesk.routing.sla.policy`` records."""

    def _event_conditions(self, rules, faults):
        # policies have no condition on customer events
        return {}

    def _ticket_conditions(self, rules, faults):
        result = super()._ticket_conditions(rules, faults)
        env, batch = self.env, self.batch
        for policy in rules:
            if policy.id in faults or not policy.has_team_condition:
                continue
            teams = policy.team_ids
            matched = {
                tid for tid, row in batch.rows.items() if row["team_id"] in teams.ids
            }
            result[policy.id].append(
                Condition(
                    TICKET,
                    lambda teams=teams: explain.compose(
                        env._("Team is %(teams)s"), teams=explain.Ref.of(teams)
                    ),
                    matched,
                    lambda tid: (
                        (explain.Ref.of(batch.record(tid, "team_id")),)
                        if batch.value(tid, "team_id")
                        else (env._("(no team)"),)
                    ),
                )
            )
        return result
