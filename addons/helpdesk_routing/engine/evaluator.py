# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Evaluation of routing rules on a batch of tickets, set-based: each
condition family is one query (or one scan) for the whole batch, and each
condition yields the set of tickets it holds for. Explanations are built
only for the decisions that are shown.

Faults are isolated: a rule whose conditions cannot be evaluated (a filter
that does not parse, a field that was deleted or changed type, a customer
list in error, data the database refuses) is reported in
:attr:`Evaluation.faults` and holds for no ticket; the other rules are
evaluated as usual.
"""

import logging
import re
from collections import defaultdict

import psycopg2

from odoo.exceptions import UserError
from odoo.tools import SQL

from . import explain
from .decisions import CUSTOMER, EVENT, TICKET, ConditionResult

_logger = logging.getLogger(__name__)

# errors that are not a rule's fault: the transaction must be retried or is gone
NOT_A_RULE_FAULT = (psycopg2.OperationalError, psycopg2.InterfaceError)


class RuleFault(Exception):
    """A rule's conditions cannot be evaluated (the message says why)."""


class Condition:
    """One condition of a rule evaluated on a batch: the ticket ids it holds
    for; its label (a text) and the values seen are computed on demand.

    ``key(ticket_id)``, when given, says what the values seen depend on (the
    customer, the channel...): tickets with the same key share one
    :class:`ConditionResult`, built once (hundreds of tickets of a batch
    often share a customer or a channel)."""

    __slots__ = ("family", "label", "matched", "seen", "key", "_label", "_results")

    def __init__(self, family, label, matched, seen=None, key=None):
        self.family = family
        self.label = label
        self.matched = matched
        self.seen = seen
        self.key = key
        self._label = None
        self._results = {}

    def result(self, ticket_id):
        held = ticket_id in self.matched
        if self.key is not None or self.seen is None:
            cache_key = (held, self.key(ticket_id) if self.key else None)
            result = self._results.get(cache_key)
            if result is None:
                result = self._results[cache_key] = self._result(ticket_id, held)
            return result
        return self._result(ticket_id, held)

    def _result(self, ticket_id, held):
        if self._label is None:
            self._label = self.label()
        return ConditionResult(
            self.family,
            self._label,
            held,
            self.seen(ticket_id) if self.seen else (),
        )


class Evaluation:
    """Which rule holds for which ticket, the explanation of a (rule,
    ticket) pair on demand, and the rules that could not be evaluated."""

    def __init__(self, rules, batch, conditions, matches, faults):
        self.rules = rules
        self.batch = batch
        self.conditions_by_rule = conditions
        self.matches = matches
        self.faults = faults
        self._shared = {}

    def held(self, rule_id, ticket_id):
        return ticket_id in self.matches.get(rule_id, ())

    def conditions(self, rule_id, ticket_id):
        """The :class:`ConditionResult` of each condition of the rule for the
        ticket, as a tuple shared by the tickets with the same results (one
        per ticket and rule matched would only feed the garbage collector:
        the decisions live until their tickets are logged)."""
        results = tuple(
            [c.result(ticket_id) for c in self.conditions_by_rule.get(rule_id, ())]
        )
        # the results of the key are alive (in the tuple kept): ids are safe
        key = (rule_id, *map(id, results))
        shared = self._shared.get(key)
        if shared is None:
            shared = self._shared[key] = results
        return shared


def fault_reason(env, error):
    """A short readable reason for an exception met while evaluating."""
    if isinstance(error, UserError | RuleFault):
        message = error.args[0] if error.args else str(error)
    elif isinstance(error, psycopg2.Error):
        message = (error.pgerror or str(error)).strip().splitlines()[0]
    else:
        message = str(error) or type(error).__name__
    return env._("its conditions cannot be evaluated: %(reason)s", reason=message)[:500]


class Evaluator:
    """Evaluates ``rules`` (helpdesk.routing.rule, as superuser: routing
    uses every rule) on a :class:`~.tickets.TicketBatch` at ``now``."""

    def __init__(self, rules, batch, now):
        self.rules = rules
        self.env = rules.env
        self.batch = batch
        self.now = now

    # ------------------------------------------------------------------
    def run(self):
        """The :class:`Evaluation` of the rules, faults isolated."""
        if not self.rules or not self.batch.ids:
            return self._combine(self.rules, {}, {})
        cr = self.env.cr
        # what is pending is written before the savepoint: a failed flush
        # is never taken for a rule's fault
        self.env.flush_all()
        try:
            with cr.savepoint(flush=False):
                faults = {}
                found = self._families(self.rules, faults)
        except NOT_A_RULE_FAULT:
            raise
        except Exception as error:
            _logger.info("Routing: a rule failed in a batch, isolating it: %s", error)
            return self._isolate()
        return self._combine(self.rules, found, faults)

    def _isolate(self):
        """Evaluate each rule on its own to find the ones at fault, then the
        others together."""
        faults = {}
        good = self.rules.browse()
        for rule in self.rules:
            try:
                with self.env.cr.savepoint(flush=False):
                    self._families(rule, faults)
                good |= rule
            except NOT_A_RULE_FAULT:
                raise
            except Exception as error:
                faults[rule.id] = fault_reason(self.env, error)
        good = good.filtered(lambda rule: rule.id not in faults)
        with self.env.cr.savepoint(flush=False):
            found = self._families(good, faults)
        return self._combine(self.rules, found, faults)

    def _families(self, rules, faults):
        found = defaultdict(list)
        for family in (
            self._event_conditions,
            self._customer_filters,
            self._ticket_conditions,
        ):
            for rule_id, conditions in family(rules, faults).items():
                found[rule_id].extend(conditions)
        return found

    def _combine(self, rules, found, faults):
        matches = {}
        batch = self.batch
        for rule in rules:
            if rule.id in faults:
                matches[rule.id] = set()
                continue
            candidates = batch.for_company(rule.company_id.id)
            conditions = found.get(rule.id)
            if not conditions:
                matches[rule.id] = candidates
            elif rule.match == "all":
                matches[rule.id] = candidates.intersection(
                    *(c.matched for c in conditions)
                )
            else:
                matches[rule.id] = candidates & set().union(
                    *(c.matched for c in conditions)
                )
        return Evaluation(rules, batch, found, matches, faults)

    # ------------------------------------------------------------------
    # parsing, with faults
    # ------------------------------------------------------------------
    def _domains(self, rules, field_name, faults):
        """{rule id: domain} of the rules' filters in ``field_name``; a
        filter that does not parse is the rule's fault (one naming what the
        model does not have is found when searched)."""
        domains = {}
        for rule in rules:
            if rule.id in faults:
                continue
            try:
                domain = rule._parse_domain(rule[field_name])
                if domain:
                    domains[rule.id] = domain
            except NOT_A_RULE_FAULT:
                raise
            except Exception as error:
                faults[rule.id] = fault_reason(self.env, error)
        return domains

    def _check_lists(self, domains, faults):
        """A customer filter reading the membership of a customer list in
        error (its members are outdated) is its rule's fault."""
        list_ids = defaultdict(set)
        for rule_id, domain in domains.items():
            for leaf in domain:
                if (
                    isinstance(leaf, list | tuple)
                    and len(leaf) == 3
                    and leaf[0] == "hs_customer_list_ids"
                ):
                    values = leaf[2] if isinstance(leaf[2], list | tuple) else [leaf[2]]
                    list_ids[rule_id].update(v for v in values if isinstance(v, int))
        wanted = set().union(*list_ids.values()) if list_ids else set()
        if not wanted:
            return
        rows = self.env.execute_query(
            SQL(
                "SELECT id, name FROM helpdesk_customer_list "
                "WHERE state = 'error' AND id = ANY(%s)",
                sorted(wanted),
            )
        )
        in_error = dict(rows)
        for rule_id, ids in list_ids.items():
            broken = [in_error[i] for i in sorted(ids) if i in in_error]
            if broken:
                faults[rule_id] = self.env._(
                    "its conditions cannot be evaluated: the customer list "
                    "%(lists)s is in error (its members are outdated).",
                    lists=", ".join(broken),
                )
                domains.pop(rule_id, None)

    # ------------------------------------------------------------------
    # condition families: each returns {rule_id: [Condition, ...]}
    # ------------------------------------------------------------------
    def _event_conditions(self, rules, faults):
        batch, now, env = self.batch, self.now, self.env
        conditions = rules.event_condition_ids.filtered(
            lambda c: c.rule_id.id not in faults
        )
        if not conditions:
            return {}
        counts = defaultdict(int)
        if batch.by_partner:
            env["helpdesk.routing.event"].flush_model()
            values = SQL(", ").join(
                SQL("(%s, %s, %s::timestamp)", c.id, c.type_id.id, c._since(now))
                for c in conditions
            )
            rows = env.execute_query(
                SQL(
                    """SELECT c.cond_id, e.partner_id, e.company_id, count(*)
                       FROM (VALUES %s) AS c(cond_id, type_id, since)
                       JOIN helpdesk_routing_event e
                         ON e.type_id = c.type_id AND e.occurred_at >= c.since
                       WHERE e.partner_id = ANY(%s) AND e.occurred_at <= %s
                       GROUP BY c.cond_id, e.partner_id, e.company_id""",
                    values,
                    list(batch.by_partner),
                    now,
                )
            )
            for cond_id, partner_id, company_id, count in rows:
                counts[cond_id, partner_id, company_id] = count

        def count_for(condition, ticket_id):
            # the events of the ticket's company and those of no company:
            # a ticket never matches on what the customer did in another one
            partner_id = batch.partner_of.get(ticket_id)
            return (
                counts[condition.id, partner_id, None]
                + counts[condition.id, partner_id, batch.company_of[ticket_id]]
            )

        result = defaultdict(list)
        for condition in conditions:
            did = {
                ticket_id
                for ticket_ids in batch.by_partner.values()
                for ticket_id in ticket_ids
                if count_for(condition, ticket_id) >= condition.min_count
            }
            matched = did if condition.did == "did" else batch.ids - did

            def seen(ticket_id, condition=condition):
                return explain.compose(
                    env._("%(event)s x%(count)s %(window)s"),
                    event=condition.type_id.name,
                    count=count_for(condition, ticket_id),
                    window=condition._window_label(),
                )

            result[condition.rule_id.id].append(
                Condition(
                    EVENT,
                    lambda c=condition: (c._label(),),
                    matched,
                    seen,
                    key=lambda tid: (batch.partner_of.get(tid), batch.company_of[tid]),
                )
            )
        return result

    def search_many(self, model, domains, ids, faults=None):
        """Search several domains among the records ``ids`` at once:
        {key: domain} -> {key: set of ids}, in one query. With ``faults``
        (a dict), a domain the ORM cannot turn into SQL (a field that no
        longer exists...) is put there with the reason, instead of raising.

        A domain whose SQL is a plain condition on the model's table (no
        join; sub-queries included: the usual case) becomes a boolean column
        of a single scan of ``ids``, so that the list of ids is sent and
        planned once, not once per domain. The others are searched as parts
        of a UNION ALL."""
        result = {key: set() for key in domains}
        if not domains:
            return result
        # execute_query flushes the fields the domains use
        Model = self.env[model].sudo().with_context(active_test=False)
        ids = list(ids)
        table = SQL.identifier(Model._table)
        id_column = SQL.identifier(Model._table, "id")
        columns, parts = [], []
        for key, domain in domains.items():
            try:
                query = Model._search(domain)
            except NOT_A_RULE_FAULT:
                raise
            except Exception as error:
                if faults is None:
                    raise
                faults[key] = fault_reason(self.env, error)
                continue
            if query.is_empty() or not ids:
                # built all the same: a filter naming what no longer exists
                # is found even on a batch without customers
                continue
            if query.from_clause == table:
                columns.append((key, query.where_clause or SQL("TRUE")))
                continue
            query.add_where(SQL("%s = ANY(%s)", id_column, ids))
            parts.append(SQL("(%s)", query.select(SQL("%s", key), id_column)))
        if columns:
            rows = self.env.execute_query(
                SQL(
                    "SELECT %s, %s FROM %s WHERE %s = ANY(%s)",
                    id_column,
                    SQL(", ").join(
                        SQL("COALESCE(%s, FALSE)", condition)
                        for _key, condition in columns
                    ),
                    table,
                    id_column,
                    ids,
                )
            )
            for record_id, *held in rows:
                for (key, _condition), holds in zip(columns, held, strict=True):
                    if holds:
                        result[key].add(record_id)
        if parts:
            for key, record_id in self.env.execute_query(
                SQL(" UNION ALL ").join(parts)
            ):
                result[key].add(record_id)
        return result

    def _customer_filters(self, rules, faults):
        env, batch = self.env, self.batch
        domains = self._domains(rules, "partner_domain", faults)
        self._check_lists(domains, faults)
        found = self.search_many("res.partner", domains, batch.by_partner, faults)
        Partner = env["res.partner"].with_context(active_test=False)
        Rule = env["helpdesk.routing.rule"]
        # what a ticket's customer has in the fields of the filters, shared by
        # the rules looking at the same fields, read for the whole batch
        values = explain.ValueReader(env, "res.partner", batch.by_partner)
        seen_values = {}
        result = {}
        for rule in rules:
            domain = domains.get(rule.id)
            if not domain or rule.id in faults:
                continue
            matched = set()
            for partner_id in found.get(rule.id, ()):
                matched |= batch.by_partner[partner_id]
            # the fields once per rule, the values once per customer
            field_names = tuple(
                name
                for name in sorted(Rule._domain_fields(domain))
                if name in Partner._fields
            )
            field_labels = tuple(
                (name, Partner._fields[name]._description_string(env))
                for name in field_names
            )
            values.want(field_names)

            def label(rule=rule):
                return explain.compose(
                    env._("Customer matches %(filter)s"),
                    filter=Rule._describe_filter("res.partner", rule.partner_domain),
                )

            def key(ticket_id, field_names=field_names):
                # what the values seen depend on: the customer's values in
                # the fields (customers with the same values share them)
                partner_id = batch.partner_of.get(ticket_id)
                if not partner_id:
                    return None
                return (field_names, values.key(partner_id, field_names))

            def seen(ticket_id, key=key, field_labels=field_labels):
                text_key = key(ticket_id)
                if text_key not in seen_values:
                    partner_id = batch.partner_of.get(ticket_id)
                    if not partner_id:
                        seen_values[text_key] = (env._("no customer"),)
                    else:
                        seen_values[text_key] = explain.join(
                            "; ",
                            [
                                (f"{label} = ", *values.text(partner_id, name))
                                for name, label in field_labels
                            ],
                        )
                return seen_values[text_key]

            result[rule.id] = [Condition(CUSTOMER, label, matched, seen, key=key)]
        return result

    def _ticket_conditions(self, rules, faults):
        env, batch = self.env, self.batch
        adapter = batch.adapter
        result = defaultdict(list)
        Rule = env["helpdesk.routing.rule"]
        priorities = dict(
            adapter.Ticket._fields[adapter.fields["priority"]]._description_selection(
                env
            )
        )
        domains = self._domains(rules, "ticket_domain", faults)
        if batch.is_new:
            # tickets being created are not in the database yet
            in_domains = batch.match_in_memory(domains)
            for rule_id, matched in list(in_domains.items()):
                if isinstance(matched, Exception):
                    faults[rule_id] = fault_reason(env, matched)
                    del in_domains[rule_id]
        else:
            in_domains = self.search_many(adapter.model, domains, batch.ids, faults)
        for rule in rules:
            if rule.id in faults:
                continue
            conditions = result[rule.id]
            channels = adapter.rule_records(rule, "channel_id")
            if channels:
                conditions.append(
                    Condition(
                        TICKET,
                        lambda channels=channels: explain.compose(
                            env._("Channel is %(channels)s"),
                            channels=", ".join(channels.mapped("name")),
                        ),
                        batch.union("channel", channels.ids),
                        lambda tid: (
                            batch.record(tid, "channel_id").name
                            or env._("(no channel)"),
                        ),
                        key=lambda tid: batch.value(tid, "channel_id"),
                    )
                )
            tags = adapter.rule_records(rule, "tag_ids")
            if tags:
                conditions.append(
                    Condition(
                        TICKET,
                        lambda tags=tags: explain.compose(
                            env._("Ticket tagged %(tags)s"),
                            tags=explain.Ref.of(tags),
                        ),
                        batch.union("tag", tags.ids),
                        lambda tid: (
                            (explain.Ref.of(batch.record(tid, "tag_ids")),)
                            if batch.value(tid, "tag_ids")
                            else (env._("(no tag)"),)
                        ),
                        key=lambda tid: tuple(batch.value(tid, "tag_ids")),
                    )
                )
            keywords = rule._keyword_list()
            if keywords:
                texts = batch.texts()
                # one scan of each text for all the keywords of the rule
                pattern = re.compile("|".join(map(re.escape, keywords)))
                matched = {tid for tid, text in texts.items() if pattern.search(text)}

                def found_in(tid, keywords=keywords, texts=texts):
                    return tuple(k for k in keywords if k in texts[tid])

                def seen(tid, found_in=found_in):
                    found = found_in(tid)
                    if found:
                        return (env._("found: %(found)s", found=", ".join(found)),)
                    return (env._("none found"),)

                conditions.append(
                    Condition(
                        TICKET,
                        lambda rule=rule: (
                            env._("Mentions %(keywords)s", keywords=rule.keywords),
                        ),
                        matched,
                        seen,
                        # the tickets mentioning the same keywords share them
                        key=found_in,
                    )
                )
            if rule.priority_min:
                minimum = rule.priority_min
                conditions.append(
                    Condition(
                        TICKET,
                        lambda minimum=minimum: (
                            env._(
                                "Priority at least %(priority)s",
                                priority=priorities.get(minimum, minimum),
                            ),
                        ),
                        batch.union(
                            "priority",
                            [p for p in priorities if int(p) >= int(minimum)],
                        ),
                        lambda tid: (priorities.get(batch.value(tid, "priority"), ""),),
                        key=lambda tid: batch.value(tid, "priority"),
                    )
                )
            team = adapter.rule_records(rule, "alias_team_id")
            if team:
                conditions.append(
                    Condition(
                        TICKET,
                        lambda team=team: (
                            env._(
                                "Came through the email alias of %(team)s",
                                team=team.name,
                            ),
                        ),
                        batch.union("alias", team.ids),
                        lambda tid: (
                            batch.record(tid, "alias_team_id").name
                            or env._("not through an alias"),
                        ),
                        key=lambda tid: batch.value(tid, "alias_team_id"),
                    )
                )
            if rule.id in in_domains:
                conditions.append(
                    Condition(
                        TICKET,
                        lambda rule=rule: explain.compose(
                            env._("Ticket matches %(filter)s"),
                            filter=Rule._describe_filter(
                                adapter.model, rule.ticket_domain
                            ),
                        ),
                        in_domains[rule.id],
                    )
                )
        return result
