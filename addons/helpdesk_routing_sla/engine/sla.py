# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Service levels of tickets: which policy holds, the deadlines it gives in
working time, and the status they make.

- :meth:`SlaEngine.choose`: the first active policy whose conditions a
  ticket meets (the routing evaluator, set-based; a policy that cannot be
  evaluated is skipped and flagged, never blocking intake);
- :meth:`SlaEngine.apply`: records the choice on tickets whose policy
  changed (or new ones), explained in the routing log, then refreshes them;
- :meth:`SlaEngine.refresh`: recomputes the deadlines, results and status
  of tickets from what is stored on them (policy, clock start, paused
  working time, first reply, next-response clock, closing); every event
  (reply, stage change, pause, policy change) sets its facts and calls it.

The engine decides and computes; the ticket writes itself
(``helpdesk.routing.ticket._hs_sla_write``).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from odoo import fields

from odoo.addons.helpdesk_routing.engine import explain
from odoo.addons.helpdesk_routing.engine.decisions import Entry
from odoo.addons.helpdesk_routing.engine.tickets import TicketBatch

from .policies import PolicyEvaluator, SlaTicketAdapter
from .working_time import WorkingTimes

MET, BREACHED = "met", "breached"
ON_TRACK, AT_RISK = "on_track", "at_risk"

# the ticket fields refresh() computes
COMPUTED_FIELDS = (
    "sla_first_response_deadline",
    "sla_next_response_deadline",
    "sla_resolution_deadline",
    "sla_deadline",
    "sla_at_risk_date",
    "sla_first_response_result",
    "sla_resolution_result",
    "sla_next_response_breached",
    "sla_next_response_result",
    "sla_status",
)


@dataclass(slots=True)
class SlaChoice:
    """The policy chosen for one ticket (None: no policy matches) and the
    entries explaining it (the policy that matched, the ones skipped)."""

    policy_id: int | None = None
    entries: list = field(default_factory=list)


class SlaEngine:
    """Service levels of ``helpdesk.routing.ticket`` records. Policies are
    read as superuser (agents may not read them; what is recorded for them
    is rendered by ``engine/explain.py``)."""

    def __init__(self, env):
        self.env = env(su=True)
        self.Policy = self.env["helpdesk.routing.sla.policy"]
        self.times = WorkingTimes()

    # ------------------------------------------------------------------
    # which policy
    # ------------------------------------------------------------------
    def choose(self, tickets, now=None):
        """{ticket id: :class:`SlaChoice`}: the first active policy (by
        sequence) whose conditions the ticket meets."""
        policies = self.Policy._active_policies()
        choices = {ticket_id: SlaChoice() for ticket_id in tickets.ids}
        if not policies or not tickets:
            return choices
        batch = TicketBatch.from_tickets(SlaTicketAdapter(self.env), tickets.sudo())
        evaluation = PolicyEvaluator(
            policies, batch, now or fields.Datetime.now()
        ).run()
        faults = evaluation.faults
        if faults:
            policies.browse(list(faults))._hs_flag_fault(faults)
        for ticket_id, choice in choices.items():
            company_id = batch.company_of[ticket_id]
            for policy in policies:
                if policy.company_id and policy.company_id.id != company_id:
                    continue
                if policy.id in faults:
                    choice.entries.append(
                        Entry(policy.id, self.env._("skipped"), fault=faults[policy.id])
                    )
                    continue
                if evaluation.held(policy.id, ticket_id):
                    choice.policy_id = policy.id
                    choice.entries.append(
                        Entry(
                            policy.id,
                            policy._hs_targets_text(),
                            evaluation.conditions(policy.id, ticket_id),
                            applied=True,
                        )
                    )
                    break
        return choices

    def apply(self, tickets, trigger):
        """Choose the policy of ``tickets`` (open ones) and record it where
        it changed (always for new tickets), with the routing log entries
        explaining it; then refresh the tickets' deadlines and status.

        :param trigger: ``create`` (new tickets), ``install`` (tickets
            filed before the addon was installed, whose clock start and
            replies were set from their history) or ``change`` (a field or
            the customer changed)
        """
        tickets = tickets.sudo().filtered(lambda t: t.active and not t.is_closed)
        if not tickets:
            return
        now = fields.Datetime.now()
        choices = self.choose(tickets, now)
        changes, log_vals = defaultdict(list), []
        for ticket in tickets:
            choice = choices[ticket.id]
            old = ticket.sla_policy_id.id or None
            new_ticket = trigger != "change" or not ticket.sla_start_date
            if not new_ticket and choice.policy_id == old:
                continue
            vals = {"sla_policy_id": choice.policy_id or False}
            if not ticket.sla_start_date:
                vals["sla_start_date"] = now
            if not new_ticket:
                # the new policy's targets are judged afresh
                vals.update(
                    sla_first_response_result=False,
                    sla_resolution_result=False,
                    sla_next_response_breached=False,
                    sla_next_response_result=False,
                )
            changes[tuple(sorted(vals.items()))].append(ticket.id)
            log_trigger = "sla" if new_ticket else "sla_change"
            for entry in choice.entries:
                log_vals.append(self._log_vals(ticket.id, entry, log_trigger))
            if old and not choice.policy_id:
                log_vals.append(
                    {
                        "ticket_id": ticket.id,
                        "sla_policy_id": None,
                        "trigger": log_trigger,
                        "destination": self.env._("No service level policy applies"),
                        "conditions": [],
                    }
                )
        # the choice and the deadlines it gives, in one write per distinct
        # set of values (tickets created together share them)
        Policy = self.Policy.browse()
        writes = defaultdict(list)
        for vals, ticket_ids in changes.items():
            vals = dict(vals)
            state = dict(vals, sla_policy_id=Policy.browse(vals["sla_policy_id"]))
            for ticket in tickets.browse(ticket_ids):
                computed = self.values(ticket, now, state)
                writes[tuple(sorted({**vals, **computed}.items()))].append(ticket.id)
        # new tickets get their first status in SQL (the creation's query
        # budget); a change of policy changes it through the ORM
        initial = trigger != "change"
        for vals, ticket_ids in writes.items():
            tickets.browse(ticket_ids)._hs_sla_write(dict(vals), initial=initial)
        self.env["helpdesk.routing.log"]._hs_insert_sla_batch(log_vals)

    @staticmethod
    def _log_vals(ticket_id, entry, trigger):
        return {
            "ticket_id": ticket_id,
            "sla_policy_id": entry.rule_id,
            "trigger": trigger,
            "destination": entry.destination,
            "conditions": [
                {
                    "family": c.family,
                    "label": explain.to_json(c.label),
                    "held": c.held,
                    "seen": explain.to_json(c.seen),
                }
                for c in entry.conditions
            ],
            "fault": entry.fault,
        }

    # ------------------------------------------------------------------
    # deadlines and status
    # ------------------------------------------------------------------
    def working_time(self, ticket, policy=None):
        """The working time a ticket's clocks count: its team's calendar
        (else its company's), in the customer's time zone when its policy
        says so."""
        calendar = (
            ticket.team_id.hs_sla_calendar_id or ticket.company_id.resource_calendar_id
        )
        if not calendar:
            return None
        policy = ticket.sla_policy_id if policy is None else policy
        tz = ticket.partner_id.tz if policy.use_customer_tz else None
        return self.times.get(calendar, tz or None)

    def values(self, ticket, now, state=None):
        """The computed SLA fields of ``ticket`` (see the module docstring);
        ``state`` gives values to use instead of the ticket's (a policy
        being chosen)."""
        state = state or {}

        def get(name):
            return state[name] if name in state else ticket[name]

        policy = get("sla_policy_id")
        empty = dict.fromkeys(COMPUTED_FIELDS, False)
        if not policy:
            return empty
        wt = self.working_time(ticket, policy)
        if wt is None:
            return empty
        start, paused_hours = get("sla_start_date"), ticket.sla_paused_hours or 0.0
        paused = bool(ticket.sla_paused_since)
        share = (policy.at_risk_percent or 0) / 100.0
        closed = ticket.is_closed
        closed_at = ticket.closed_date or now

        def plan(begin, hours, extra=0.0):
            return wt.add(begin, hours + extra) if hours and begin else False

        first = plan(start, policy.first_response_hours, paused_hours)
        first_risk = plan(start, policy.first_response_hours * share, paused_hours)
        resolution = plan(start, policy.resolution_hours, paused_hours)
        resolution_risk = plan(start, policy.resolution_hours * share, paused_hours)
        next_start = ticket.sla_next_response_start
        following = plan(next_start, policy.next_response_hours)
        following_risk = plan(next_start, policy.next_response_hours * share)

        def result(deadline, done_at, stored):
            if not deadline:
                return False
            if stored == BREACHED:
                return BREACHED
            if done_at:
                return MET if done_at <= deadline else BREACHED
            if not paused and now > deadline:
                return BREACHED
            return False

        responded = ticket.sla_first_response_date or (closed and closed_at)
        first_result = result(first, responded, get("sla_first_response_result"))
        resolution_result = result(
            resolution, closed and closed_at, get("sla_resolution_result")
        )
        next_breached = bool(
            get("sla_next_response_breached")
            or (following and not paused and not closed and now > following)
        )
        # met once an answer came in time (set on the reply), breached once
        # one was late
        next_result = BREACHED if next_breached else get("sla_next_response_result")
        open_deadlines, open_risks = [], []
        if not closed:
            for deadline, risk, done in (
                (first, first_risk, first_result),
                (following, following_risk, next_breached),
                (resolution, resolution_risk, resolution_result),
            ):
                if deadline and not done:
                    open_deadlines.append(deadline)
                    open_risks.append(risk or deadline)
        if BREACHED in (first_result, resolution_result) or next_breached:
            status = BREACHED
        elif closed:
            status = MET
        elif open_risks and now >= min(open_risks):
            status = AT_RISK
        else:
            status = ON_TRACK
        return {
            "sla_first_response_deadline": first,
            "sla_next_response_deadline": following,
            "sla_resolution_deadline": resolution,
            "sla_deadline": min(open_deadlines) if open_deadlines else False,
            "sla_at_risk_date": min(open_risks) if open_risks else False,
            "sla_first_response_result": first_result,
            "sla_resolution_result": resolution_result,
            "sla_next_response_breached": next_breached,
            "sla_next_response_result": next_result or False,
            "sla_status": status,
        }

    def refresh(self, tickets, now=None):
        """Recompute the deadlines, results and status of ``tickets`` and
        write what changed (one write per distinct set of values)."""
        now = now or fields.Datetime.now()
        tickets = tickets.sudo()
        groups = defaultdict(list)
        for ticket in tickets:
            new = self.values(ticket, now)
            changed = {
                name: value
                for name, value in new.items()
                if (ticket[name] or False) != value
            }
            if changed:
                groups[tuple(sorted(changed.items()))].append(ticket.id)
        for vals, ticket_ids in groups.items():
            tickets.browse(ticket_ids)._hs_sla_write(dict(vals))
        return tickets
