# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The routing engine's entry points.

- :meth:`Router.route_new`: tickets about to be created, from their values
  (the ticket model puts the decisions into the values before the insert,
  then calls :meth:`Router.finish_new` once the tickets exist);
- :meth:`Router.reroute`: stored tickets whose watched fields changed;
- :meth:`Router.decide`: what routing would do, without writing anything
  (Test routing, the concurrency and multi-company tests), and
  :meth:`Router.evaluate` (rule Preview).

Routing uses every active rule, as superuser (a ticket filed by an agent is
routed by rules the agent may not read). A rule that cannot be evaluated is
skipped, the reason goes into the decision, and the rule is flagged for the
managers; intake never stops on a rule. See docs/architecture.md.
"""

import logging

from odoo import fields

from .decisions import Decision, Entry, RuleActions
from .evaluator import Evaluator
from .tickets import TicketBatch

_logger = logging.getLogger(__name__)

TRIGGERS_THAT_FLAG = ("create", "reroute")


class Router:
    """Routes the tickets of one model, through its
    :class:`~.tickets.TicketAdapter`."""

    def __init__(self, adapter):
        self.adapter = adapter
        # every rule and every ticket: see the module docstring
        self.env = adapter.env(su=True)
        self.Rule = self.env["helpdesk.routing.rule"]

    @property
    def enabled(self):
        return not self.env.context.get("hs_no_routing")

    def batch(self, tickets):
        if isinstance(tickets, TicketBatch):
            return tickets
        return TicketBatch.from_tickets(self.adapter, tickets.sudo())

    # ------------------------------------------------------------------
    # deciding
    # ------------------------------------------------------------------
    def evaluate(self, rules, tickets, now=None):
        """The :class:`~.evaluator.Evaluation` of ``rules`` on ``tickets``."""
        return Evaluator(
            rules.sudo(), self.batch(tickets), now or fields.Datetime.now()
        ).run()

    def decide(self, tickets, trigger="create", rules=None, locked=(), defaults=None):
        """What routing would do for each ticket, without writing anything.

        :param locked: ids of tickets whose team must not change
        :param defaults: {ticket_id: team id} applied when no rule sets a
            team (the team of the email alias the ticket came through)
        :return: {ticket_id: :class:`~.decisions.Decision`}
        """
        batch = self.batch(tickets)
        if rules is None:
            rules = self.adapter.applicable_rules(
                self.Rule._active_rules(reroute_only=trigger == "reroute")
            )
        rules = rules.sudo().sorted(lambda r: (r.sequence, r.id))
        defaults = defaults or {}
        evaluation = self.evaluate(rules, batch)
        if evaluation.faults and trigger in TRIGGERS_THAT_FLAG:
            rules.browse(list(evaluation.faults))._hs_flag_fault(evaluation.faults)
        actions = {}
        adapter = self.adapter

        def actions_of(rule):
            # what a rule does, read once per batch, when it first matches
            if rule.id not in actions:
                team = adapter.rule_records(rule, "team_id")
                view = adapter.rule_records(rule, "view_id")
                if team:
                    destination = team.name
                elif view:
                    destination = self.env._("saved view %(view)s", view=view.name)
                else:
                    destination = self.env._("no destination")
                actions[rule.id] = RuleActions(
                    team.id or None,
                    destination,
                    view.id or None,
                    rule.set_priority or None,
                    tuple(adapter.rule_records(rule, "add_tag_ids").ids),
                    tuple(rule.add_follower_ids.ids),
                    rule.continue_matching,
                    tuple(rule.require_skill_ids.ids),
                )
            return actions[rule.id]

        faults = evaluation.faults
        # (rule id, rule, tickets it holds for, its company id or None, fault)
        # read once: the loop below runs for every ticket and rule
        rule_matches = [
            (
                rule.id,
                rule,
                evaluation.matches[rule.id],
                rule.company_id.id or None,
                faults.get(rule.id),
            )
            for rule in rules
        ]
        decisions = {}
        # entries are read-only: the tickets a rule routes with the same
        # results share one (they live until the tickets are logged)
        entries = {}
        for ticket_id in batch.rows:
            decision = Decision()
            team_decided = ticket_id in locked
            company_id = batch.company_of[ticket_id]
            for rule_id, rule, matched, rule_company_id, fault in rule_matches:
                if fault is not None:
                    if not rule_company_id or rule_company_id == company_id:
                        entry = entries.get(rule_id)
                        if entry is None:
                            entry = entries[rule_id] = Entry(
                                rule_id, self.env._("skipped"), fault=fault
                            )
                        decision.entries.append(entry)
                    continue
                if ticket_id not in matched:
                    continue
                action = actions_of(rule)
                note, applied = action.destination, False
                if action.team_id is not None and team_decided:
                    note = (
                        self.env._(
                            "team kept: %(team)s",
                            team=batch.record(ticket_id, "team_id").name,
                        )
                        if ticket_id in locked
                        else self.env._("team already chosen by an earlier rule")
                    )
                elif action.team_id is not None:
                    decision.team_id = action.team_id
                    team_decided = applied = True
                elif action.view_id:
                    decision.view_ids = decision.view_ids.union((action.view_id,))
                    applied = True
                if action.priority and decision.priority is None:
                    decision.priority = action.priority
                if action.tag_ids:
                    decision.tag_ids = decision.tag_ids.union(action.tag_ids)
                if action.follower_ids:
                    decision.follower_ids = decision.follower_ids.union(
                        action.follower_ids
                    )
                if action.skill_ids:
                    decision.skill_ids = decision.skill_ids.union(action.skill_ids)
                conditions = evaluation.conditions(rule_id, ticket_id)
                # conditions: a tuple kept alive by the evaluation, id-safe
                key = (rule_id, note, id(conditions), applied)
                entry = entries.get(key)
                if entry is None:
                    entry = entries[key] = Entry(
                        rule_id, note, conditions, applied=applied
                    )
                decision.entries.append(entry)
                if not action.continue_matching:
                    break
            if decision.team_id is None and ticket_id in defaults:
                decision.team_id = defaults[ticket_id]
            if not decision.matched and trigger in ("create", "test"):
                self._fallback(batch, ticket_id, decision, locked)
            decisions[ticket_id] = decision
        return decisions

    def _fallback(self, batch, ticket_id, decision, locked):
        company = batch.record(ticket_id, "company_id")
        current_team = batch.record(ticket_id, "team_id")
        team = self.adapter.fallback_team(company)
        routed = False
        if ticket_id in locked or decision.team_id or current_team:
            kept = (
                current_team.browse(decision.team_id)
                if decision.team_id
                else current_team
            )
            destination = self.env._("team kept: %(team)s", team=kept.name)
        elif team:
            decision.team_id = team.id
            destination = team.name
            routed = True
        else:
            destination = self.env._("stays unassigned")
        decision.entries.append(Entry(None, destination, fallback=True, routed=routed))

    # ------------------------------------------------------------------
    # routing new tickets
    # ------------------------------------------------------------------
    def route_new(self, vals_list):
        """Decide for tickets about to be created, from their values
        (set-based, like for stored tickets), so that each ticket is
        created in its team: its stage, agent assignment and automation
        rules see the team from the start, and no second write follows.

        Tickets created with an explicit team keep it; the team of the email
        alias they came through is a default applied after the rules (its
        ``team_id`` is taken out of the values here).

        :return: a list of :class:`~.decisions.Decision` (or None) per
            values, for the ticket model to apply to the values and to give
            back to :meth:`finish_new`; None when routing is disabled.
        """
        if not self.enabled or not vals_list:
            return None
        names = self.adapter.fields
        team_field, alias_field = names["team_id"], names["alias_team_id"]
        default_team = self.env.context.get(f"default_{team_field}")
        kinds = []
        for vals in vals_list:
            team_id = vals.get(team_field, default_team)
            alias_team_id = vals.get(alias_field)
            if team_id and alias_team_id and team_id == alias_team_id:
                vals[team_field] = False
                kinds.append(("default", alias_team_id))
            elif team_id:
                kinds.append(("locked", team_id))
            else:
                kinds.append((None, None))
        Ticket = self.adapter.Ticket.sudo()
        batch = TicketBatch.from_values(
            self.adapter,
            vals_list,
            Ticket.default_get([names["company_id"], names["priority"], team_field]),
        )
        enabled = set(
            self.env["res.company"]
            .browse({row["company_id"] for row in batch.rows.values()})
            .filtered("helpdesk_routing_enabled")
            .ids
        )
        locked, team_defaults, routable = set(), {}, set()
        for position, (kind, team_id) in enumerate(kinds):
            if kind == "default":
                team_defaults[position] = team_id
            if batch.rows[position]["company_id"] in enabled:
                routable.add(position)
                if kind == "locked":
                    locked.add(position)
        if routable != batch.ids:
            batch = batch.subset(routable)
        decisions = self.decide(batch, "create", locked=locked, defaults=team_defaults)
        for position, team_id in team_defaults.items():
            decisions.setdefault(position, Decision(team_id=team_id))
        return [decisions.get(position) for position in range(len(vals_list))]

    def finish_new(self, tickets, routed):
        """Once the tickets of :meth:`route_new` exist: followers, log,
        chatter (by the ticket model, through the adapter)."""
        if not routed:
            return
        decisions = {
            ticket.id: decision
            for ticket, decision in zip(tickets, routed, strict=True)
            if decision
        }
        if decisions:
            self.adapter.finish_new(tickets.sudo(), decisions)

    # ------------------------------------------------------------------
    # re-routing
    # ------------------------------------------------------------------
    def reroute(self, tickets, changed):
        """Re-route tickets still unassigned or in their first stage when a
        field a re-routing rule looks at (``changed``: field names) changed."""
        if (
            not tickets
            or not self.enabled
            or self.env.context.get("hs_routing_running")
            or not self.Rule._reroute_watched_fields().intersection(changed)
        ):
            return
        eligible = self.adapter.reroutable(tickets.sudo())
        if not eligible:
            return
        decisions = {
            ticket_id: decision
            for ticket_id, decision in self.decide(eligible, "reroute").items()
            if decision.entries
        }
        self.adapter.apply(eligible, decisions, "reroute")

    def reroute_customers(self, partners, changed):
        """Customers changed a field a re-routing rule's customer filter
        looks at: re-route their open tickets still unassigned or new (one
        search for all the customers)."""
        if (
            not partners
            or not self.enabled
            or self.env.context.get("hs_routing_running")
            or not self.Rule._reroute_customer_fields().intersection(changed)
        ):
            return
        tickets = self.adapter.open_tickets(partners)
        self.reroute(tickets, {self.adapter.fields["partner_id"]})
