# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import Command, api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL, html2plaintext
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval
from odoo.tools.safe_eval import time as safe_time

from .helpdesk_routing_ticket import PRIORITIES

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
    _description = "Helpdesk Routing Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        help="Tickets of this company only; empty for every company.",
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
        "helpdesk.routing.team", string="Team", ondelete="set null", index=True
    )
    view_id = fields.Many2one(
        "helpdesk.routing.view", string="Saved view", ondelete="set null", index=True
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

    @api.constrains("partner_domain", "ticket_domain")
    def _check_domains(self):
        for rule in self:
            for field_name, model in (
                ("partner_domain", "res.partner"),
                ("ticket_domain", "helpdesk.routing.ticket"),
            ):
                try:
                    domain = rule._parse_domain(rule[field_name])
                    self.env[model].sudo().search_count(domain, limit=1)
                except Exception as error:
                    raise ValidationError(
                        self.env._(
                            "The %(filter)s of the rule %(rule)s is not valid: "
                            "%(error)s",
                            filter=rule._fields[field_name].string,
                            rule=rule.name,
                            error=error,
                        )
                    ) from error

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self.env.registry.clear_cache()
        return rules

    def write(self, vals):
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
        domain = []
        if teams:
            domain = expression.OR(
                [domain, [("team_id", "in", teams.ids)]]
                + [[("alias_team_id", "in", teams.ids)]]
            )
        if views:
            domain = expression.OR([domain, [("view_id", "in", views.ids)]])
        if not domain:
            return
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

    def action_activate(self):
        self.write({"active": True})

    def action_open_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_routing.helpdesk_routing_log_action"
        )
        action["domain"] = [("rule_id", "=", self.id)]
        return action

    def action_preview(self):
        self.ensure_one()
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
        """Fixed, minimal evaluation context of the rule filters (relative
        dates only)."""
        return {
            "datetime": safe_datetime,
            "time": safe_time,
            "relativedelta": relativedelta,
            "context_today": lambda: fields.Date.context_today(self),
            "uid": self.env.uid,
        }

    @api.model
    def _parse_domain(self, text, raise_error=True):
        try:
            domain = safe_eval(text or "[]", self._domain_eval_context())
            if not isinstance(domain, list | tuple):
                raise ValueError(self.env._("a filter must be a list"))
            return expression.normalize_domain(list(domain)) if domain else []
        except Exception:
            if raise_error:
                raise
            return []

    @api.model
    def _domain_fields(self, domain):
        return {
            leaf[0].split(".")[0]
            for leaf in domain
            if isinstance(leaf, list | tuple) and len(leaf) == 3
        }

    # ------------------------------------------------------------------
    # evaluation: one query per condition family for the whole batch
    # ------------------------------------------------------------------
    def _condition_families(self):
        """The condition family evaluators: each takes (tickets, now) and
        returns {(rule_id, ticket_id): [condition, ...]}. Add one method here
        for a new family (e.g. membership of a customer list)."""
        return [
            self._eval_event_conditions,
            self._eval_partner_domain,
            self._eval_ticket_conditions,
        ]

    @api.model
    def _condition(self, family, label, held, seen=""):
        return {"family": family, "label": label, "held": bool(held), "seen": seen}

    def _evaluate(self, tickets, now=None):
        """Evaluate the rules (self) for a batch of tickets.

        :return: {(rule_id, ticket_id): (held, [condition, ...])}, a condition
            being a dict (family, label, held, seen)
        """
        now = now or fields.Datetime.now()
        rules = self.sudo()
        tickets = tickets.sudo()
        found = defaultdict(list)
        if rules and tickets:
            for family in rules._condition_families():
                for key, conditions in family(tickets, now).items():
                    found[key].extend(conditions)
        result = {}
        for rule in rules:
            for ticket in tickets:
                if rule.company_id and rule.company_id != ticket.company_id:
                    continue
                conditions = found[rule.id, ticket.id]
                if not conditions:
                    held = True
                elif rule.match == "all":
                    held = all(c["held"] for c in conditions)
                else:
                    held = any(c["held"] for c in conditions)
                result[rule.id, ticket.id] = (held, conditions)
        return result

    def _eval_event_conditions(self, tickets, now):
        conditions = self.event_condition_ids
        partner_ids = tickets.partner_id.ids
        if not conditions:
            return {}
        counts = {}
        if partner_ids:
            self.env["helpdesk.routing.event"].flush_model()
            values = SQL(", ").join(
                SQL("(%s, %s, %s::timestamp)", c.id, c.type_id.id, c._since(now))
                for c in conditions
            )
            rows = self.env.execute_query(
                SQL(
                    """SELECT c.cond_id, e.partner_id, count(*)
                       FROM (VALUES %s) AS c(cond_id, type_id, since)
                       JOIN helpdesk_routing_event e
                         ON e.type_id = c.type_id AND e.occurred_at >= c.since
                       WHERE e.partner_id = ANY(%s) AND e.occurred_at <= %s
                       GROUP BY c.cond_id, e.partner_id""",
                    values,
                    partner_ids,
                    now,
                )
            )
            counts = {(cond_id, partner_id): n for cond_id, partner_id, n in rows}
        result = defaultdict(list)
        for rule in self:
            for ticket in tickets:
                for condition in rule.event_condition_ids:
                    count = counts.get((condition.id, ticket.partner_id.id), 0)
                    seen = self.env._(
                        "%(event)s x%(count)s %(window)s",
                        event=condition.type_id.name,
                        count=count,
                        window=condition._window_label(),
                    )
                    result[rule.id, ticket.id].append(
                        self._condition(
                            "event", condition._label(), condition._holds(count), seen
                        )
                    )
        return result

    def _eval_partner_domain(self, tickets, now):
        result = {}
        Partner = self.env["res.partner"].with_context(active_test=False)
        partners = tickets.partner_id
        for rule in self:
            domain = rule._parse_domain(rule.partner_domain, raise_error=False)
            if not domain:
                continue
            matched = set()
            if partners:
                matched = set(
                    Partner.search(
                        expression.AND([[("id", "in", partners.ids)], domain])
                    ).ids
                )
            label = self.env._(
                "Customer matches %(filter)s", filter=rule.partner_domain
            )
            field_names = [
                name for name in self._domain_fields(domain) if name in Partner._fields
            ]
            for ticket in tickets:
                partner = ticket.partner_id
                if partner:
                    seen = "; ".join(
                        f"{Partner._fields[name].get_description(self.env)['string']}"
                        f" = {self._display_value(partner, name)}"
                        for name in field_names
                    )
                else:
                    seen = self.env._("no customer")
                result[rule.id, ticket.id] = [
                    self._condition("customer", label, partner.id in matched, seen)
                ]
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

    def _eval_ticket_conditions(self, tickets, now):
        result = defaultdict(list)
        texts = {}
        priorities = dict(PRIORITIES)
        for rule in self:
            keywords = rule._keyword_list()
            domain = rule._parse_domain(rule.ticket_domain, raise_error=False)
            in_domain = set()
            if domain:
                in_domain = set(
                    tickets.with_context(active_test=False)
                    .search(expression.AND([[("id", "in", tickets.ids)], domain]))
                    .ids
                )
            for ticket in tickets:
                conditions = result[rule.id, ticket.id]
                if rule.channel_ids:
                    conditions.append(
                        self._condition(
                            "ticket",
                            self.env._(
                                "Channel is %(channels)s",
                                channels=", ".join(rule.channel_ids.mapped("name")),
                            ),
                            ticket.channel_id in rule.channel_ids,
                            ticket.channel_id.name or self.env._("(no channel)"),
                        )
                    )
                if rule.tag_ids:
                    conditions.append(
                        self._condition(
                            "ticket",
                            self.env._(
                                "Ticket tagged %(tags)s",
                                tags=", ".join(rule.tag_ids.mapped("name")),
                            ),
                            ticket.tag_ids & rule.tag_ids,
                            ", ".join(ticket.tag_ids.mapped("name"))
                            or self.env._("(no tag)"),
                        )
                    )
                if keywords:
                    if ticket.id not in texts:
                        texts[ticket.id] = " ".join(
                            [
                                ticket.name or "",
                                html2plaintext(ticket.description or ""),
                            ]
                        ).lower()
                    found = [k for k in keywords if k in texts[ticket.id]]
                    conditions.append(
                        self._condition(
                            "ticket",
                            self.env._("Mentions %(keywords)s", keywords=rule.keywords),
                            found,
                            self.env._("found: %(found)s", found=", ".join(found))
                            if found
                            else self.env._("none found"),
                        )
                    )
                if rule.priority_min:
                    conditions.append(
                        self._condition(
                            "ticket",
                            self.env._(
                                "Priority at least %(priority)s",
                                priority=priorities[rule.priority_min],
                            ),
                            int(ticket.priority) >= int(rule.priority_min),
                            priorities.get(ticket.priority, ""),
                        )
                    )
                if rule.alias_team_id:
                    conditions.append(
                        self._condition(
                            "ticket",
                            self.env._(
                                "Came through the email alias of %(team)s",
                                team=rule.alias_team_id.name,
                            ),
                            ticket.hs_alias_team_id == rule.alias_team_id,
                            ticket.hs_alias_team_id.name
                            or self.env._("not through an alias"),
                        )
                    )
                if domain:
                    conditions.append(
                        self._condition(
                            "ticket",
                            self.env._(
                                "Ticket matches %(filter)s", filter=rule.ticket_domain
                            ),
                            ticket.id in in_domain,
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
        tickets = tickets.sudo()
        if rules is None:
            rules = self._active_rules(reroute_only=trigger == "reroute")
        rules = rules.sudo().sorted(lambda r: (r.sequence, r.id))
        defaults = defaults or {}
        evaluation = rules._evaluate(tickets)
        Team = self.env["helpdesk.routing.team"].sudo()
        decisions = {}
        for ticket in tickets:
            decision = {
                "team": None,
                "views": self.env["helpdesk.routing.view"].sudo(),
                "tags": self.env["helpdesk.routing.tag"].sudo(),
                "followers": self.env["res.partner"].sudo(),
                "priority": None,
                "entries": [],
            }
            team_decided = ticket.id in locked
            for rule in rules:
                held, conditions = evaluation.get((rule.id, ticket.id), (False, []))
                if not held:
                    continue
                notes = []
                if rule.destination == "team":
                    if team_decided:
                        notes.append(
                            self.env._("team kept: %(team)s", team=ticket.team_id.name)
                            if ticket.id in locked
                            else self.env._("team already chosen by an earlier rule")
                        )
                    else:
                        decision["team"] = rule.team_id
                        team_decided = True
                        notes.append(rule.team_id.name)
                else:
                    decision["views"] |= rule.view_id
                    notes.append(
                        self.env._("saved view %(view)s", view=rule.view_id.name)
                    )
                if rule.set_priority and decision["priority"] is None:
                    decision["priority"] = rule.set_priority
                decision["tags"] |= rule.add_tag_ids
                decision["followers"] |= rule.add_follower_ids
                decision["entries"].append(
                    {
                        "rule": rule,
                        "fallback": False,
                        "destination": ", ".join(notes),
                        "conditions": conditions,
                    }
                )
                if not rule.continue_matching:
                    break
            if decision["team"] is None and ticket.id in defaults:
                decision["team"] = defaults[ticket.id]
            if not decision["entries"] and trigger in ("create", "test"):
                self._decide_fallback(ticket, decision, locked, Team)
            decisions[ticket.id] = decision
        return decisions

    @api.model
    def _decide_fallback(self, ticket, decision, locked, Team):
        company = ticket.company_id
        routed = False
        team = company.helpdesk_routing_fallback_team_id
        if ticket.id in locked or decision["team"] or ticket.team_id:
            destination = self.env._(
                "team kept: %(team)s", team=(decision["team"] or ticket.team_id).name
            )
        elif company.helpdesk_routing_fallback == "team" and team.active:
            decision["team"] = Team.browse(team.id)
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
    def _route_new_tickets(self, tickets, state):
        if state is None or not tickets:
            return
        tickets = tickets.sudo()
        companies = tickets.company_id.filtered("helpdesk_routing_enabled")
        locked, defaults, to_route = set(), {}, tickets.browse()
        Team = self.env["helpdesk.routing.team"].sudo()
        for ticket, (kind, team_id) in zip(tickets, state, strict=True):
            if ticket.company_id not in companies:
                if kind == "default":
                    defaults[ticket.id] = Team.browse(team_id)
                continue
            to_route |= ticket
            if kind == "locked":
                locked.add(ticket.id)
            elif kind == "default":
                defaults[ticket.id] = Team.browse(team_id)
        decisions = self._decide(to_route, "create", locked=locked, defaults=defaults)
        for ticket_id, team in defaults.items():
            decisions.setdefault(
                ticket_id,
                {
                    "team": team,
                    "views": self.env["helpdesk.routing.view"],
                    "tags": self.env["helpdesk.routing.tag"],
                    "followers": self.env["res.partner"],
                    "priority": None,
                    "entries": [],
                },
            )
        self._apply(tickets, decisions, "create")

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
        """Write the decisions with one write per distinct outcome, log them
        and post one chatter note per ticket."""
        # on create, the ticket subscribes customers and agents once for the
        # batch after routing (hs_batch_subscribe)
        tickets = tickets.sudo().with_context(
            hs_routing_running=True,
            mail_notrack=True,
            hs_batch_subscribe=trigger == "create",
        )
        groups = defaultdict(list)
        followers = defaultdict(list)
        for ticket in tickets:
            decision = decisions.get(ticket.id)
            if not decision:
                continue
            key = (
                decision["team"].id if decision["team"] else None,
                tuple(decision["views"].ids),
                tuple(decision["tags"].ids),
                decision["priority"],
            )
            groups[key].append(ticket.id)
            if decision["followers"]:
                followers[tuple(decision["followers"].ids)].append(ticket.id)
        for (team_id, view_ids, tag_ids, priority), ticket_ids in groups.items():
            vals = {}
            if view_ids:
                vals["view_ids"] = [Command.link(v) for v in view_ids]
            if tag_ids:
                vals["tag_ids"] = [Command.link(t) for t in tag_ids]
            if priority:
                vals["priority"] = priority
            records = tickets.browse(ticket_ids)
            if team_id:
                records = records.filtered(lambda t, tid=team_id: t.team_id.id != tid)
                if records:
                    # the ticket's own write picks agents for the new team
                    records.write(dict(vals, team_id=team_id))
                    vals = {}
            if vals:
                tickets.browse(ticket_ids).write(vals)
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
                    lines.append(self._chatter_line(entry))
            if lines:
                bodies[ticket.id] = Markup("<br/>").join(lines)
        self.env["helpdesk.routing.log"].sudo().create(log_vals)
        if bodies:
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
