# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from collections import defaultdict

from markupsafe import Markup, escape

from odoo import Command, api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL, html2plaintext

from odoo.addons.helpdesk_segments.tools import conditions

from .helpdesk_routing_ticket import PRIORITIES

# names of the evaluation context of the filters: a filter naming one of them
# (relative dates, the user) is parsed each time it is used
DYNAMIC_DOMAIN = re.compile(r"\b(?:%s)\b" % "|".join(sorted(conditions.CONTEXT_NAMES)))

# ticket fields each ticket condition looks at (for re-routing on write)
TICKET_CONDITION_FIELDS = {
    "channel_ids": ["channel_id"],
    "tag_ids": ["tag_ids"],
    "keywords": ["name", "description"],
    "priority_min": ["priority"],
    "alias_team_id": ["hs_alias_team_id"],
}


class HelpdeskRoutingRule(models.Model):
    _name = "helpdesk.routing.rule"
    _inherit = ["helpdesk.input.mixin"]
    _description = "Helpdesk Routing Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        index=True,
        help="Tickets of this company only; empty for every company (such a rule "
        "can only send tickets to saved views of every company, not to a team).",
    )
    continue_matching = fields.Boolean(
        string="Continue",
        help="After this rule, later rules are still tried: they may add views, "
        "tags or followers but never change the team.",
    )
    reroute = fields.Boolean(
        string="Re-route",
        help="Also apply this rule when the fields it looks at (or the customer) "
        "change while the ticket has no team or is still in its first stage.",
    )
    match = fields.Selection(
        [("all", "All conditions"), ("any", "Any condition")],
        required=True,
        default="all",
    )
    # what the customer did
    event_condition_ids = fields.One2many(
        "helpdesk.routing.rule.event.condition",
        "rule_id",
        string="Customer events",
        copy=True,
    )
    # who the customer is
    partner_domain = fields.Char(
        string="Customer filter",
        default="[]",
        help="Customers (contacts) this rule applies to.",
    )
    # the ticket
    channel_ids = fields.Many2many(
        "helpdesk.routing.channel",
        "helpdesk_routing_rule_channel_rel",
        "rule_id",
        "channel_id",
        string="Channels",
        help="The ticket came through one of these channels.",
    )
    tag_ids = fields.Many2many(
        "helpdesk.routing.tag",
        "helpdesk_routing_rule_tag_rel",
        "rule_id",
        "tag_id",
        string="Ticket tags",
        help="The ticket has any of these tags.",
    )
    keywords = fields.Char(
        help="Comma separated; any of them found in the subject or the "
        "description (case-insensitive).",
    )
    priority_min = fields.Selection(
        PRIORITIES, string="Priority at least", help="Empty: any priority."
    )
    alias_team_id = fields.Many2one(
        "helpdesk.routing.team",
        string="Email alias of",
        ondelete="set null",
        check_company=True,
        help="The ticket came by email through this team's alias.",
    )
    ticket_domain = fields.Char(
        string="Ticket filter",
        default="[]",
        help="Any other condition on the ticket.",
    )
    # destination
    destination = fields.Selection(
        [("team", "Team"), ("view", "Saved view")],
        required=True,
        default="team",
    )
    team_id = fields.Many2one(
        "helpdesk.routing.team",
        string="Team",
        ondelete="set null",
        index=True,
        check_company=True,
    )
    view_id = fields.Many2one(
        "helpdesk.routing.view",
        string="Saved view",
        ondelete="set null",
        index=True,
        check_company=True,
    )
    set_priority = fields.Selection(PRIORITIES)
    add_tag_ids = fields.Many2many(
        "helpdesk.routing.tag",
        "helpdesk_routing_rule_add_tag_rel",
        "rule_id",
        "tag_id",
        string="Add tags",
    )
    add_follower_ids = fields.Many2many(
        "res.partner",
        "helpdesk_routing_rule_follower_rel",
        "rule_id",
        "partner_id",
        string="Add followers",
        help="Users (through their contact) or contacts who follow the ticket.",
    )
    warning = fields.Text(
        readonly=True,
        copy=False,
        help="Why the rule was deactivated automatically.",
    )
    has_condition = fields.Boolean(compute="_compute_has_condition")
    conflict_warning = fields.Char(compute="_compute_conflict_warning")
    log_count = fields.Integer(compute="_compute_log_count")

    # ------------------------------------------------------------------
    # fields
    # ------------------------------------------------------------------
    @api.depends(
        "event_condition_ids",
        "partner_domain",
        "channel_ids",
        "tag_ids",
        "keywords",
        "priority_min",
        "alias_team_id",
        "ticket_domain",
    )
    def _compute_has_condition(self):
        for rule in self:
            rule.has_condition = bool(rule._condition_atoms())

    def _compute_log_count(self):
        counts = dict(
            self.env["helpdesk.routing.log"]._read_group(
                [("rule_id", "in", self.ids)], ["rule_id"], ["__count"]
            )
        )
        for rule in self:
            rule.log_count = counts.get(rule._origin, 0)

    @api.depends_context("uid")
    def _compute_conflict_warning(self):
        others = self.search([("continue_matching", "=", False)])
        for rule in self:
            rule.conflict_warning = False
            if not rule.active or not rule._origin.id:
                continue
            for earlier in others:
                if (earlier.sequence, earlier.id) >= (rule.sequence, rule._origin.id):
                    break
                if earlier.company_id and earlier.company_id != rule.company_id:
                    continue
                if rule._shadowed_by(earlier):
                    rule.conflict_warning = self.env._(
                        "Never fires: the earlier rule %(rule)s catches every "
                        "ticket this one would.",
                        rule=earlier.name,
                    )
                    break

    def _shadowed_by(self, earlier):
        """True when ``earlier`` provably matches whenever this rule does."""
        mine, theirs = self._condition_atoms(), earlier._condition_atoms()
        if not theirs:
            return True
        if self.match == "any" and len(mine) > 1:
            return False

        def covered(atom):
            return any(self._atom_implies(own, atom) for own in mine)

        if earlier.match == "all" or len(theirs) == 1:
            return all(covered(atom) for atom in theirs)
        return any(covered(atom) for atom in theirs)

    @api.model
    def _atom_implies(self, own, other):
        kind, value = own
        other_kind, other_value = other
        if kind != other_kind:
            return False
        if kind in ("channel_ids", "tag_ids", "keywords"):
            return bool(value) and value <= other_value
        if kind == "priority_min":
            return int(value) >= int(other_value)
        if kind == "event":
            return value._implies(other_value)
        return value == other_value

    def _condition_atoms(self):
        """The rule's conditions as comparable (kind, value) pairs."""
        self.ensure_one()
        atoms = [("event", condition) for condition in self.event_condition_ids]
        if self._parse_domain(self.partner_domain, raise_error=False):
            atoms.append(("partner_domain", (self.partner_domain or "").strip()))
        if self.channel_ids:
            atoms.append(("channel_ids", frozenset(self.channel_ids.ids)))
        if self.tag_ids:
            atoms.append(("tag_ids", frozenset(self.tag_ids.ids)))
        if self._keyword_list():
            atoms.append(("keywords", frozenset(self._keyword_list())))
        if self.priority_min:
            atoms.append(("priority_min", self.priority_min))
        if self.alias_team_id:
            atoms.append(("alias_team_id", self.alias_team_id.id))
        if self._parse_domain(self.ticket_domain, raise_error=False):
            atoms.append(("ticket_domain", (self.ticket_domain or "").strip()))
        return atoms

    def _keyword_list(self):
        return [
            k.strip().lower() for k in (self.keywords or "").split(",") if k.strip()
        ]

    # ------------------------------------------------------------------
    # constraints and CRUD
    # ------------------------------------------------------------------
    @api.constrains("destination", "team_id", "view_id", "active")
    def _check_destination(self):
        for rule in self.filtered("active"):
            if rule.destination == "team" and not rule.team_id:
                raise ValidationError(
                    self.env._("The rule %(rule)s needs a team.", rule=rule.name)
                )
            if rule.destination == "view" and not rule.view_id:
                raise ValidationError(
                    self.env._("The rule %(rule)s needs a saved view.", rule=rule.name)
                )
            # rules are deactivated when their team or view is archived: an
            # active rule cannot be pointed at an archived one either
            target = rule.team_id if rule.destination == "team" else rule.view_id
            if not target.sudo().active:
                raise ValidationError(
                    self.env._(
                        "The rule %(rule)s cannot route to %(target)s, which is "
                        "archived.",
                        rule=rule.name,
                        target=target.sudo().display_name,
                    )
                )

    @api.constrains("partner_domain", "ticket_domain")
    def _check_domains(self):
        self._check_filters()

    @api.constrains("active")
    def _check_domains_on_activation(self):
        # a rule deactivated because its filter no longer reads (a deleted
        # customer field...) is checked again when it is reactivated
        self.filtered("active")._check_filters()

    def _check_filters(self):
        for rule in self:
            for field_name, model in (
                ("partner_domain", "res.partner"),
                ("ticket_domain", "helpdesk.routing.ticket"),
            ):
                try:
                    conditions.validate(
                        self.env,
                        model,
                        rule[field_name] or "[]",
                        self._domain_eval_context(),
                    )
                except conditions.ConditionError as error:
                    raise error.about(
                        self.env,
                        self.env._(
                            "the %(filter)s of the rule %(rule)s",
                            filter=rule._fields[field_name]._description_string(
                                self.env
                            ),
                            rule=rule.name,
                        ),
                    ) from error

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = self._hs_check_input_vals(vals_list, operation="create")
        rules = super().create(vals_list)
        self.env.registry.clear_cache()
        return rules

    def write(self, vals):
        self._hs_check_input_vals([vals], operation="write")
        if vals.get("active"):
            vals = dict(vals, warning=False)
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    @api.model
    def _deactivate_for_destinations(self, teams=None, views=None, reason=""):
        """Deactivate the rules pointing at teams or views being archived or
        deleted, with a warning saying why."""
        domains = []
        if teams:
            domains.append([("team_id", "in", teams.ids)])
            domains.append([("alias_team_id", "in", teams.ids)])
        if views:
            domains.append([("view_id", "in", views.ids)])
        if not domains:
            return
        domain = expression.OR(domains)
        rules = self.sudo().search(domain)
        for rule in rules:
            if views and rule.view_id in views:
                target = rule.view_id
            elif teams and rule.team_id in teams:
                target = rule.team_id
            else:
                target = rule.alias_team_id
            rule.write(
                {
                    "active": False,
                    "warning": self.env._(
                        "Deactivated: %(target)s, which it points at, was "
                        "%(reason)s. Choose another one and reactivate the rule.",
                        target=target.display_name,
                        reason=reason,
                    ),
                }
            )

    def _hs_condition_broken(self, reason):
        """Something the rule's conditions use was deleted: the rule is
        deactivated with the reason, as for an archived team."""
        self.write(
            {
                "active": False,
                "warning": self.env._(
                    "Deactivated: %(reason)s Change its conditions and reactivate "
                    "the rule.",
                    reason=reason,
                ),
            }
        )

    def action_activate(self):
        self.write({"active": True})

    def action_open_logs(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_routing.helpdesk_routing_log_action"
        )
        action["domain"] = [("rule_id", "=", self.id)]
        return action

    def action_preview(self):
        self.ensure_one()
        self.check_access("read")
        wizard = self.env["helpdesk.routing.rule.preview"].create({"rule_id": self.id})
        wizard._fill_lines()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Preview: %(rule)s", rule=self.name),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    # ------------------------------------------------------------------
    # domains
    # ------------------------------------------------------------------
    @api.model
    def _domain_eval_context(self):
        """The evaluation context of the rule filters: the one of every
        condition (``helpdesk_segments.tools.conditions.eval_context``),
        relative to now in the user's time zone."""
        return conditions.eval_context(self.env)

    @api.model
    def _parse_domain(self, text, raise_error=True):
        """The filter written in ``text`` as a normalized domain (a new
        list), read by the one condition parser; [] when it cannot be read
        and not ``raise_error``."""
        text = (text or "").strip()
        if text in ("", "[]"):
            return []
        # the same static text always gives the same domain: parsed once
        static = self._parse_static_domain(text)
        if static is not None:
            return list(static)
        try:
            return conditions.parse(self.env, text, self._domain_eval_context())
        except ValidationError:
            if raise_error:
                raise
            return []

    @api.model
    def _parse_static_domain(self, text):
        """A filter that names nothing of the evaluation context (no relative
        date, no uid), parsed: a pure function of the text, cached per
        process; None for the other texts."""
        return conditions.parse_static(text)

    @api.model
    def _domain_fields(self, domain):
        return conditions.top_fields(domain)

    # ------------------------------------------------------------------
    # evaluation: one query per condition family for the whole batch
    # ------------------------------------------------------------------
    def _condition_families(self):
        """The condition family evaluators: each takes (batch, now) and
        returns {rule_id: [Condition, ...]}, every condition holding for a
        set of ticket ids. Add one method here for a new family (e.g.
        membership of a customer list)."""
        return [
            self._eval_event_conditions,
            self._eval_partner_domain,
            self._eval_ticket_conditions,
        ]

    def _evaluate(self, tickets, now=None):
        """Evaluate the rules (self) for a batch of tickets, set-based: each
        condition yields the set of ticket ids it holds for; the text
        explaining it is only built for the decisions that are shown.

        :return: an :class:`Evaluation`
        """
        now = now or fields.Datetime.now()
        rules = self.sudo()
        batch = (
            tickets
            if isinstance(tickets, _Batch)
            else _Batch.from_tickets(tickets.sudo())
        )
        found = defaultdict(list)
        if rules and batch.ids:
            for family in rules._condition_families():
                for rule_id, conditions in family(batch, now).items():
                    found[rule_id].extend(conditions)
        matches = {}
        for rule in rules:
            candidates = batch.for_company(rule.company_id.id)
            conditions = found[rule.id]
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
        return Evaluation(rules, batch, found, matches)

    def _eval_event_conditions(self, batch, now):
        conditions = self.event_condition_ids
        if not conditions:
            return {}
        counts = defaultdict(int)
        if batch.by_partner:
            self.env["helpdesk.routing.event"].flush_model()
            values = SQL(", ").join(
                SQL("(%s, %s, %s::timestamp)", c.id, c.type_id.id, c._since(now))
                for c in conditions
            )
            rows = self.env.execute_query(
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
                return self.env._(
                    "%(event)s x%(count)s %(window)s",
                    event=condition.type_id.name,
                    count=count_for(condition, ticket_id),
                    window=condition._window_label(),
                )

            result[condition.rule_id.id].append(
                Condition("event", condition._label, matched, seen)
            )
        return result

    @api.model
    def _search_many(self, model, domains, ids):
        """Search several domains among the records ``ids`` at once:
        {key: domain} -> {key: set of ids}, in one query.

        A domain whose SQL is a plain condition on the model's table (no
        join; sub-queries included: the usual case) becomes a boolean column
        of a single scan of ``ids``, so that the list of ids is sent and
        planned once, not once per domain. The others are searched as parts
        of a UNION ALL."""
        result = {key: set() for key in domains}
        if not domains or not ids:
            return result
        # execute_query flushes the fields the domains use
        Model = self.env[model].sudo().with_context(active_test=False)
        ids = list(ids)
        table = SQL.identifier(Model._table)
        id_column = SQL.identifier(Model._table, "id")
        columns, parts = [], []
        for key, domain in domains.items():
            query = Model._search(domain)
            if query.is_empty():
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

    def _eval_partner_domain(self, batch, now):
        result = {}
        Partner = self.env["res.partner"].with_context(active_test=False)
        domains = {}
        for rule in self:
            domain = rule._parse_domain(rule.partner_domain, raise_error=False)
            if domain:
                domains[rule.id] = domain
        found = self._search_many("res.partner", domains, batch.by_partner)
        # what a ticket's customer has in the fields of the filters, shared by
        # the rules looking at the same fields
        seen_values = {}
        for rule in self:
            domain = domains.get(rule.id)
            if not domain:
                continue
            matched = set()
            for partner_id in found.get(rule.id, ()):
                matched |= batch.by_partner[partner_id]
            # the field labels once per rule, the values once per customer
            field_labels = tuple(
                (name, Partner._fields[name]._description_string(self.env))
                for name in sorted(self._domain_fields(domain))
                if name in Partner._fields
            )

            def label(rule=rule):
                return self.env._(
                    "Customer matches %(filter)s", filter=rule.partner_domain
                )

            def seen(ticket_id, field_labels=field_labels):
                key = (batch.partner_of.get(ticket_id), field_labels)
                if key not in seen_values:
                    partner = batch.record(ticket_id, "partner_id")
                    seen_values[key] = (
                        "; ".join(
                            f"{label} = {self._display_value(partner, name)}"
                            for name, label in field_labels
                        )
                        if partner
                        else self.env._("no customer")
                    )
                return seen_values[key]

            result[rule.id] = [Condition("customer", label, matched, seen)]
        return result

    @api.model
    def _display_value(self, record, field_name):
        field = record._fields[field_name]
        value = record[field_name]
        if field.type == "selection":
            selection = dict(field._description_selection(self.env))
            return selection.get(value, "") if value else self.env._("(empty)")
        if field.relational:
            return ", ".join(value.mapped("display_name")) or self.env._("(empty)")
        if value is False or value is None:
            return self.env._("(empty)")
        return str(value)

    def _eval_ticket_conditions(self, batch, now):
        result = defaultdict(list)
        priorities = dict(PRIORITIES)
        domains = {}
        for rule in self:
            domain = rule._parse_domain(rule.ticket_domain, raise_error=False)
            if domain:
                domains[rule.id] = domain
        if batch.is_new:
            # tickets being created are not in the database yet
            in_domains = batch.match_in_memory(domains)
        else:
            in_domains = self._search_many(
                "helpdesk.routing.ticket", domains, batch.ids
            )
        for rule in self:
            conditions = result[rule.id]
            if rule.channel_ids:
                channels = rule.channel_ids
                conditions.append(
                    Condition(
                        "ticket",
                        lambda channels=channels: self.env._(
                            "Channel is %(channels)s",
                            channels=", ".join(channels.mapped("name")),
                        ),
                        batch.union("channel", channels.ids),
                        lambda tid: (
                            batch.record(tid, "channel_id").name
                            or self.env._("(no channel)")
                        ),
                    )
                )
            if rule.tag_ids:
                tags = rule.tag_ids
                conditions.append(
                    Condition(
                        "ticket",
                        lambda tags=tags: self.env._(
                            "Ticket tagged %(tags)s",
                            tags=", ".join(tags.mapped("name")),
                        ),
                        batch.union("tag", tags.ids),
                        lambda tid: (
                            ", ".join(batch.record(tid, "tag_ids").mapped("name"))
                            or self.env._("(no tag)")
                        ),
                    )
                )
            keywords = rule._keyword_list()
            if keywords:
                texts = batch.texts()
                # one scan of each text for all the keywords of the rule
                pattern = re.compile("|".join(map(re.escape, keywords)))
                matched = {tid for tid, text in texts.items() if pattern.search(text)}

                def seen(tid, keywords=keywords, texts=texts):
                    found = [k for k in keywords if k in texts[tid]]
                    if found:
                        return self.env._("found: %(found)s", found=", ".join(found))
                    return self.env._("none found")

                conditions.append(
                    Condition(
                        "ticket",
                        lambda rule=rule: self.env._(
                            "Mentions %(keywords)s", keywords=rule.keywords
                        ),
                        matched,
                        seen,
                    )
                )
            if rule.priority_min:
                minimum = rule.priority_min
                conditions.append(
                    Condition(
                        "ticket",
                        lambda minimum=minimum: self.env._(
                            "Priority at least %(priority)s",
                            priority=priorities[minimum],
                        ),
                        batch.union(
                            "priority",
                            [p for p in priorities if int(p) >= int(minimum)],
                        ),
                        lambda tid: priorities.get(batch.value(tid, "priority"), ""),
                    )
                )
            if rule.alias_team_id:
                team = rule.alias_team_id
                conditions.append(
                    Condition(
                        "ticket",
                        lambda team=team: self.env._(
                            "Came through the email alias of %(team)s",
                            team=team.name,
                        ),
                        batch.union("alias", team.ids),
                        lambda tid: (
                            batch.record(tid, "hs_alias_team_id").name
                            or self.env._("not through an alias")
                        ),
                    )
                )
            if rule.id in in_domains:
                matched = in_domains[rule.id]
                conditions.append(
                    Condition(
                        "ticket",
                        lambda rule=rule: self.env._(
                            "Ticket matches %(filter)s", filter=rule.ticket_domain
                        ),
                        matched,
                    )
                )
        return result

    # ------------------------------------------------------------------
    # routing decisions
    # ------------------------------------------------------------------
    @api.model
    def _active_rules(self, reroute_only=False):
        domain = [("active", "=", True)]
        if reroute_only:
            domain.append(("reroute", "=", True))
        return self.sudo().search(domain)

    @api.model
    def _routing_enabled(self):
        return not self.env.context.get("hs_no_routing")

    @api.model
    def _decide(self, tickets, trigger="create", rules=None, locked=(), defaults=None):
        """What routing would do for each ticket, without writing anything.

        :param locked: ids of tickets whose team must not change
        :param defaults: {ticket_id: team} applied when no rule sets a team
            (the team of the email alias the ticket came through)
        :return: {ticket_id: decision}; a decision is a dict with ``team``
            (a team to set, or None), ``views``, ``tags``, ``followers``
            (recordsets to add), ``priority`` and ``entries``: the rules
            that matched (or the fallback), each a dict (rule, fallback,
            destination, conditions)
        """
        batch = (
            tickets
            if isinstance(tickets, _Batch)
            else _Batch.from_tickets(tickets.sudo())
        )
        if rules is None:
            rules = self._active_rules(reroute_only=trigger == "reroute")
        rules = rules.sudo().sorted(lambda r: (r.sequence, r.id))
        defaults = defaults or {}
        evaluation = rules._evaluate(batch)
        decisions = {}
        rule_matches = [(rule, evaluation.matches[rule.id]) for rule in rules]
        # what a rule does, read once per batch, when it first matches
        actions = {}
        empty = self._empty_decision()

        def actions_of(rule):
            if rule.id not in actions:
                to_team = rule.destination == "team"
                actions[rule.id] = (
                    rule.team_id if to_team else None,
                    rule.team_id.name
                    if to_team
                    else self.env._("saved view %(view)s", view=rule.view_id.name),
                    rule.view_id,
                    rule.set_priority,
                    rule.add_tag_ids,
                    rule.add_follower_ids,
                    rule.continue_matching,
                )
            return actions[rule.id]

        for ticket_id in batch.rows:
            decision = dict(empty, entries=[])
            team_decided = ticket_id in locked
            for rule, matched in rule_matches:
                if ticket_id not in matched:
                    continue
                team, note, view, priority, tags, followers, continue_matching = (
                    actions_of(rule)
                )
                if team is not None and team_decided:
                    note = (
                        self.env._(
                            "team kept: %(team)s",
                            team=batch.record(ticket_id, "team_id").name,
                        )
                        if ticket_id in locked
                        else self.env._("team already chosen by an earlier rule")
                    )
                elif team is not None:
                    decision["team"] = team
                    team_decided = True
                else:
                    decision["views"] |= view
                if priority and decision["priority"] is None:
                    decision["priority"] = priority
                if tags:
                    decision["tags"] |= tags
                if followers:
                    decision["followers"] |= followers
                decision["entries"].append(
                    {
                        "rule": rule,
                        "fallback": False,
                        "destination": note,
                        "conditions": evaluation.conditions(rule.id, ticket_id),
                    }
                )
                if not continue_matching:
                    break
            if decision["team"] is None and ticket_id in defaults:
                decision["team"] = defaults[ticket_id]
            if not decision["entries"] and trigger in ("create", "test"):
                self._decide_fallback(batch, ticket_id, decision, locked)
            decisions[ticket_id] = decision
        return decisions

    @api.model
    def _decide_fallback(self, batch, ticket_id, decision, locked):
        company = batch.record(ticket_id, "company_id")
        current_team = batch.record(ticket_id, "team_id")
        routed = False
        team = company.helpdesk_routing_fallback_team_id
        if ticket_id in locked or decision["team"] or current_team:
            destination = self.env._(
                "team kept: %(team)s", team=(decision["team"] or current_team).name
            )
        elif company.helpdesk_routing_fallback == "team" and team.active:
            decision["team"] = team
            destination = team.name
            routed = True
        else:
            destination = self.env._("stays unassigned")
        decision["entries"].append(
            {
                "rule": self.browse(),
                "fallback": True,
                "routed": routed,
                "destination": destination,
                "conditions": [],
            }
        )

    # ------------------------------------------------------------------
    # applying decisions
    # ------------------------------------------------------------------
    @api.model
    def _prepare_create_routing(self, vals_list):
        """Called by ticket create before the insert: tickets created with an
        explicit team keep it; the team of an email alias becomes a default
        applied after the rules. Returns the routing state per values."""
        state = []
        if not self._routing_enabled():
            return None
        default_team = self.env.context.get("default_team_id")
        for vals in vals_list:
            team_id = vals.get("team_id", default_team)
            alias_team_id = vals.get("hs_alias_team_id")
            if team_id and alias_team_id and team_id == alias_team_id:
                vals["team_id"] = False
                state.append(("default", alias_team_id))
            elif team_id:
                state.append(("locked", team_id))
            else:
                state.append((None, None))
        return state

    @api.model
    def _route_new_values(self, vals_list):
        """Route tickets about to be created, from their values: the rules
        are evaluated on the values (as new records, set-based like for
        stored tickets) and the decisions are written into the values, so
        that each ticket is created in its team (its stage, agent
        assignment and automation rules see the team from the start, and no
        second write follows the creation).

        :return: what :meth:`_route_created_tickets` needs once the tickets
            exist (None when routing is disabled)
        """
        state = self._prepare_create_routing(vals_list)
        if state is None or not vals_list:
            return None
        Ticket = self.env["helpdesk.routing.ticket"].sudo()
        Team = self.env["helpdesk.routing.team"].sudo()
        batch = _Batch.from_values(
            Ticket,
            vals_list,
            Ticket.default_get(["company_id", "priority", "team_id"]),
        )
        enabled = set(
            Ticket.env["res.company"]
            .browse({row["company_id"] for row in batch.rows.values()})
            .filtered("helpdesk_routing_enabled")
            .ids
        )
        locked, team_defaults, routable = set(), {}, set()
        for position, (kind, team_id) in enumerate(state):
            if kind == "default":
                team_defaults[position] = Team.browse(team_id)
            if batch.rows[position]["company_id"] in enabled:
                routable.add(position)
                if kind == "locked":
                    locked.add(position)
        if routable != batch.ids:
            batch = batch.subset(routable)
        decisions = self._decide(batch, "create", locked=locked, defaults=team_defaults)
        for position, team in team_defaults.items():
            decisions.setdefault(position, self._empty_decision(team))
        routed = []
        for position, vals in enumerate(vals_list):
            decision = decisions.get(position)
            routed.append(decision)
            if not decision:
                continue
            if decision["team"]:
                vals["team_id"] = decision["team"].id
            if decision["priority"]:
                vals["priority"] = decision["priority"]
            for field_name, records in (
                ("view_ids", decision["views"]),
                ("tag_ids", decision["tags"]),
            ):
                if records:
                    vals[field_name] = list(vals.get(field_name) or []) + [
                        Command.link(record_id) for record_id in records.ids
                    ]
        return routed

    @api.model
    def _route_created_tickets(self, tickets, routed):
        """Finish the routing of :meth:`_route_new_values` once the tickets
        exist: followers the rules add, the explanation log, the chatter."""
        if not routed:
            return
        tickets = tickets.sudo()
        decisions = {
            ticket.id: decision
            for ticket, decision in zip(tickets, routed, strict=True)
            if decision
        }
        followers = defaultdict(list)
        for ticket_id, decision in decisions.items():
            if decision["followers"]:
                followers[tuple(decision["followers"].ids)].append(ticket_id)
        for partner_ids, ticket_ids in followers.items():
            tickets.browse(ticket_ids).message_subscribe(partner_ids=list(partner_ids))
        self._log(tickets, decisions, "create")

    @api.model
    def _empty_decision(self, team=None):
        return {
            "team": team,
            "views": self.env["helpdesk.routing.view"],
            "tags": self.env["helpdesk.routing.tag"],
            "followers": self.env["res.partner"],
            "priority": None,
            "entries": [],
        }

    @api.model
    @tools.ormcache()
    def _reroute_watched_fields(self):
        """Ticket fields the re-routing rules look at (cached)."""
        watched = set()
        for rule in self._active_rules(reroute_only=True):
            watched.add("partner_id")
            for field_name, ticket_fields in TICKET_CONDITION_FIELDS.items():
                if rule[field_name]:
                    watched.update(ticket_fields)
            domain = rule._parse_domain(rule.ticket_domain, raise_error=False)
            watched.update(self._domain_fields(domain))
        return frozenset(watched)

    @api.model
    @tools.ormcache()
    def _reroute_customer_fields(self):
        """Customer fields the customer filters of re-routing rules look at
        (cached; empty without such a rule)."""
        watched = set()
        for rule in self._active_rules(reroute_only=True):
            domain = rule._parse_domain(rule.partner_domain, raise_error=False)
            watched.update(self._domain_fields(domain))
        return frozenset(watched)

    @api.model
    def _reroute_customers_tickets(self, partners, vals):
        """A customer changed a field a re-routing rule's customer filter
        looks at: re-route their open tickets still unassigned or new (one
        search for all the customers written)."""
        if (
            not partners
            or not self._routing_enabled()
            or self.env.context.get("hs_routing_running")
            or not self._reroute_customer_fields().intersection(vals)
        ):
            return
        tickets = (
            self.env["helpdesk.routing.ticket"]
            .sudo()
            .search([("partner_id", "in", partners.ids), ("is_closed", "=", False)])
        )
        self._reroute_tickets(tickets, {"partner_id": True})

    @api.model
    def _reroute_tickets(self, tickets, vals):
        """Re-route tickets still unassigned or in their first stage when a
        field a re-routing rule looks at changed."""
        if (
            not tickets
            or not self._routing_enabled()
            or self.env.context.get("hs_routing_running")
            or not self._reroute_watched_fields().intersection(vals)
        ):
            return
        tickets = tickets.sudo()
        stages = self.env["helpdesk.routing.stage"].sudo().search([])
        eligible = tickets.filtered(
            lambda t: (
                t.company_id.helpdesk_routing_enabled
                and not t.is_closed
                and (
                    not t.team_id
                    or t.stage_id == stages._filter_for_team(t.team_id)[:1]
                )
            )
        )
        if not eligible:
            return
        decisions = self._decide(eligible, "reroute")
        decisions = {
            ticket_id: decision
            for ticket_id, decision in decisions.items()
            if decision["entries"]
        }
        self._apply(eligible, decisions, "reroute")

    @api.model
    def _apply(self, tickets, decisions, trigger):
        """Write the decisions on stored tickets (re-routing) with one write
        per distinct value, log them and post one chatter note per ticket."""
        tickets = tickets.sudo().with_context(
            hs_routing_running=True, mail_notrack=True
        )
        # one write per distinct value (team, view, tag, priority), whatever
        # the number of tickets
        writes = defaultdict(list)
        followers = defaultdict(list)
        for ticket in tickets:
            decision = decisions.get(ticket.id)
            if not decision:
                continue
            team = decision["team"]
            if team and team != ticket.team_id:
                writes["team_id", team.id].append(ticket.id)
            for view_id in decision["views"].ids:
                writes["view_ids", view_id].append(ticket.id)
            for tag_id in decision["tags"].ids:
                writes["tag_ids", tag_id].append(ticket.id)
            if decision["priority"] and decision["priority"] != ticket.priority:
                writes["priority", decision["priority"]].append(ticket.id)
            if decision["followers"]:
                followers[tuple(decision["followers"].ids)].append(ticket.id)
        for (field_name, value), ticket_ids in writes.items():
            if field_name in ("view_ids", "tag_ids"):
                value = [Command.link(value)]
            # a team write picks agents with the team's assignment method
            tickets.browse(ticket_ids).write({field_name: value})
        for partner_ids, ticket_ids in followers.items():
            tickets.browse(ticket_ids).message_subscribe(partner_ids=list(partner_ids))
        self._log(tickets, decisions, trigger)

    @api.model
    def _log(self, tickets, decisions, trigger):
        log_vals, bodies = [], {}
        for ticket in tickets:
            decision = decisions.get(ticket.id)
            if not decision or not decision["entries"]:
                continue
            lines = []
            for entry in decision["entries"]:
                log_vals.append(
                    {
                        "ticket_id": ticket.id,
                        "rule_id": entry["rule"].id,
                        "is_fallback": entry["fallback"],
                        "trigger": trigger,
                        "destination": entry["destination"],
                        "conditions": entry["conditions"],
                    }
                )
                if not entry["fallback"] or entry.get("routed"):
                    lines.append(entry)
            if lines:
                bodies[ticket.id] = lines
        self.env["helpdesk.routing.log"]._insert_batch(log_vals)
        # like mail's creation message, the chatter note follows tracking
        if bodies and not self.env.context.get("tracking_disable"):
            bodies = {
                ticket_id: Markup("<br/>").join(self._chatter_line(e) for e in entries)
                for ticket_id, entries in bodies.items()
            }
            tickets.browse(list(bodies))._message_log_batch(bodies=bodies)

    @api.model
    def _chatter_line(self, entry):
        if entry["fallback"]:
            return escape(
                self.env._(
                    "Routed to %(destination)s by the fallback (no rule matched)",
                    destination=entry["destination"],
                )
            )
        conditions = "; ".join(
            self.env["helpdesk.routing.log"]._condition_text(c)
            for c in entry["conditions"]
        ) or self.env._("no condition")
        return escape(
            self.env._(
                "Routed to %(destination)s by rule %(rule)s: %(conditions)s",
                destination=entry["destination"],
                rule=entry["rule"].name,
                conditions=conditions,
            )
        )


class Condition:
    """One condition of a rule evaluated on a batch: the ticket ids it holds
    for; its label and the values seen are computed on demand."""

    __slots__ = ("family", "label", "matched", "seen", "_label")

    def __init__(self, family, label, matched, seen=None):
        self.family = family
        self.label = label
        self.matched = matched
        self.seen = seen
        self._label = None

    def explain(self, ticket_id):
        if self._label is None:
            self._label = self.label()
        return {
            "family": self.family,
            "label": self._label,
            "held": ticket_id in self.matched,
            "seen": self.seen(ticket_id) if self.seen else "",
        }


class _Batch:
    """The tickets of a batch as plain values, indexed by what the
    conditions look at. Built from stored tickets (:meth:`from_tickets`) or
    from the values of tickets being created (:meth:`from_values`, keyed by
    their position: they have no id yet)."""

    FIELDS = (
        "partner_id",
        "channel_id",
        "priority",
        "hs_alias_team_id",
        "company_id",
        "team_id",
        "tag_ids",
        "name",
        "description",
    )

    def __init__(self, env, rows, tickets=None, values=None):
        self.env = env
        self.rows = rows
        self.is_new = values is not None
        self._tickets = tickets
        self._values = values
        self.ids = set(rows)
        self.by_partner = defaultdict(set)
        self.partner_of = {}
        self.index = defaultdict(lambda: defaultdict(set))
        self.by_company = defaultdict(set)
        self.company_of = {}
        self._texts = None
        self._prefetch = {}
        for tid, row in rows.items():
            if row["partner_id"]:
                self.by_partner[row["partner_id"]].add(tid)
                self.partner_of[tid] = row["partner_id"]
            self.index["channel"][row["channel_id"]].add(tid)
            self.index["priority"][row["priority"]].add(tid)
            self.index["alias"][row["hs_alias_team_id"]].add(tid)
            for tag_id in row["tag_ids"]:
                self.index["tag"][tag_id].add(tid)
            self.by_company[row["company_id"]].add(tid)
            self.company_of[tid] = row["company_id"]

    @classmethod
    def from_tickets(cls, tickets):
        """Stored tickets (one read for the batch)."""
        rows = {row["id"]: row for row in tickets.read(list(cls.FIELDS), load=None)}
        return cls(tickets.env, rows, tickets=tickets)

    @classmethod
    def from_values(cls, Ticket, vals_list, defaults):
        """Tickets about to be created, keyed by their position."""
        tags = Ticket._fields["tag_ids"]
        values = [{**defaults, **vals} for vals in vals_list]
        rows = {}
        for position, vals in enumerate(values):
            row = {name: vals.get(name) or False for name in cls.FIELDS}
            row["tag_ids"] = (
                [
                    tag_id
                    for tag_id in tags.convert_to_cache(
                        vals["tag_ids"], Ticket.browse(), validate=False
                    )
                    if isinstance(tag_id, int)
                ]
                if vals.get("tag_ids")
                else []
            )
            rows[position] = row
        return cls(Ticket.env, rows, values=values)

    def subset(self, ticket_ids):
        """The batch restricted to some of its tickets."""
        return _Batch(
            self.env,
            {tid: row for tid, row in self.rows.items() if tid in ticket_ids},
            tickets=self._tickets,
            values=self._values,
        )

    def value(self, ticket_id, field_name):
        return self.rows[ticket_id][field_name]

    def record(self, ticket_id, field_name):
        """The record(s) a relational field of a ticket points at,
        prefetched with those of the whole batch."""
        field = self.env["helpdesk.routing.ticket"]._fields[field_name]
        value = self.rows[ticket_id][field_name]
        if field.type != "many2many":
            value = [value] if value else []
        if field_name not in self._prefetch:
            self._prefetch[field_name] = tuple(
                {
                    record_id
                    for row in self.rows.values()
                    for record_id in (
                        row[field_name]
                        if field.type == "many2many"
                        else [row[field_name]]
                    )
                    if record_id
                }
            )
        return (
            self.env[field.comodel_name]
            .browse(value)
            .with_prefetch(self._prefetch[field_name])
        )

    def match_in_memory(self, domains):
        """{key: domain} -> {key: positions of the tickets being created
        that match}, on new records built from their values."""
        if not domains:
            return {}
        Ticket = self.env["helpdesk.routing.ticket"]
        news = Ticket.concat(*(Ticket.new(vals) for vals in self._values))
        position = {new_id: index for index, new_id in enumerate(news._ids)}
        return {
            key: {position[new_id] for new_id in news.filtered_domain(domain)._ids}
            for key, domain in domains.items()
        }

    def union(self, key, values):
        index = self.index[key]
        return set().union(*(index.get(value, ()) for value in values))

    def for_company(self, company_id):
        return set(self.ids) if not company_id else set(self.by_company[company_id])

    def texts(self):
        if self._texts is None:
            self._texts = {
                tid: " ".join(
                    [
                        row["name"] or "",
                        html2plaintext(row["description"])
                        if row["description"]
                        else "",
                    ]
                ).lower()
                for tid, row in self.rows.items()
            }
        return self._texts


class Evaluation:
    """Result of evaluating rules on a batch: which rule holds for which
    ticket, and the explanation of a (rule, ticket) pair on demand."""

    def __init__(self, rules, batch, conditions, matches):
        self.rules = rules
        self.batch = batch
        self.conditions_by_rule = conditions
        self.matches = matches

    def held(self, rule_id, ticket_id):
        return ticket_id in self.matches.get(rule_id, ())

    def conditions(self, rule_id, ticket_id):
        return [c.explain(ticket_id) for c in self.conditions_by_rule.get(rule_id, [])]

    def get(self, key, default=None):
        rule_id, ticket_id = key
        if rule_id not in self.matches:
            return default
        return self.held(rule_id, ticket_id), self.conditions(rule_id, ticket_id)
