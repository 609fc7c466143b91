# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.osv import expression

from odoo.addons.helpdesk_segments.tools import conditions

from ..engine import explain
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

# the fields holding a rule's conditions
CONDITION_FIELDS = (
    "event_condition_ids",
    "partner_domain",
    "channel_ids",
    "tag_ids",
    "keywords",
    "priority_min",
    "alias_team_id",
    "ticket_domain",
)
# what a manager edits to fix a rule in error
RULE_CONDITION_FIELDS = {"active", "match", *CONDITION_FIELDS}


class HelpdeskRoutingRule(models.Model):
    _name = "helpdesk.routing.rule"
    _inherit = [
        "helpdesk.input.mixin",
        "helpdesk.routing.condition.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
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
    # what the customer did
    event_condition_ids = fields.One2many(
        "helpdesk.routing.rule.event.condition",
        "rule_id",
        string="Customer events",
        copy=True,
    )
    # the ticket (the other conditions: helpdesk.routing.condition.mixin)
    channel_ids = fields.Many2many(
        relation="helpdesk_routing_rule_channel_rel",
        column1="rule_id",
        column2="channel_id",
    )
    tag_ids = fields.Many2many(
        relation="helpdesk_routing_rule_tag_rel",
        column1="rule_id",
        column2="tag_id",
    )
    keywords = fields.Char(
        help="Comma separated; any of them found in the subject or the "
        "description (case-insensitive).",
    )
    alias_team_id = fields.Many2one(
        "helpdesk.routing.team",
        string="Email alias of",
        ondelete="set null",
        check_company=True,
        help="The ticket came by email through this team's alias.",
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
    require_skill_ids = fields.Many2many(
        "helpdesk.routing.skill",
        "helpdesk_routing_rule_skill_rel",
        "rule_id",
        "skill_id",
        string="Requires skills",
        help="Skills the ticket needs: a team assigning by skill gives it only "
        "to an agent having them.",
    )
    warning = fields.Text(
        readonly=True,
        copy=False,
        help="Why the rule was deactivated automatically.",
    )
    state = fields.Selection(
        [("ok", "In use"), ("error", "Error")],
        required=True,
        default="ok",
        readonly=True,
        copy=False,
        tracking=True,
        help="Error: routing could not evaluate the rule's conditions and skips "
        "it (tickets are routed by the other rules) until it is fixed.",
    )
    error_message = fields.Text(readonly=True, copy=False)
    has_condition = fields.Boolean(compute="_compute_has_condition")
    conflict_warning = fields.Char(compute="_compute_conflict_warning")
    log_count = fields.Integer(compute="_compute_log_count")

    # ------------------------------------------------------------------
    # fields
    # ------------------------------------------------------------------
    @api.depends(*CONDITION_FIELDS)
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
    def _hs_destination_teams(self):
        """The teams the rule sends tickets to, one per helpdesk it routes
        (helpdesk_routing_mgmt adds the helpdesk_mgmt team)."""
        self.ensure_one()
        return [self.team_id] if self.team_id else []

    @api.constrains("destination", "team_id", "view_id", "active")
    def _check_destination(self):
        for rule in self.filtered("active"):
            teams = rule._hs_destination_teams()
            if rule.destination == "team" and not teams:
                raise ValidationError(
                    self.env._("The rule %(rule)s needs a team.", rule=rule.name)
                )
            if rule.destination == "view" and not rule.view_id:
                raise ValidationError(
                    self.env._("The rule %(rule)s needs a saved view.", rule=rule.name)
                )
            # rules are deactivated when their team or view is archived: an
            # active rule cannot be pointed at an archived one either
            targets = teams if rule.destination == "team" else [rule.view_id]
            for target in targets:
                if not target.sudo().active:
                    raise ValidationError(
                        self.env._(
                            "The rule %(rule)s cannot route to %(target)s, which "
                            "is archived.",
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

    def _hs_filter_subject(self, filter_label):
        self.ensure_one()
        return self.env._(
            "the %(filter)s of the rule %(rule)s", filter=filter_label, rule=self.name
        )

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
        edited = RULE_CONDITION_FIELDS & set(vals)
        if edited and not self.env.context.get("hs_condition_fault"):
            # the conditions were edited (and are checked on save): routing
            # uses the rule again
            vals = dict(vals, state="ok", error_message=False)
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
    @tools.ormcache("model", "text", "self.env.lang")
    def _describe_filter_cached(self, model, text):
        domain = self._parse_domain(text, raise_error=False)
        return explain.describe_domain(self.sudo().env, model, domain)

    @api.model
    def _describe_filter(self, model, text):
        """A filter of the rules in words (an explanation text; see
        ``engine/explain.py``), once per text and language; filters with
        relative dates are described with today's dates."""
        text = (text or "").strip()
        if DYNAMIC_DOMAIN.search(text):
            domain = self._parse_domain(text, raise_error=False)
            return explain.describe_domain(self.sudo().env, model, domain)
        return self._describe_filter_cached(model, text)

    # ------------------------------------------------------------------
    # routing (engine/): the rules it uses, and the rules it cannot use
    # ------------------------------------------------------------------
    @api.model
    def _active_rules(self, reroute_only=False):
        """The rules routing uses: active, and not in error."""
        domain = [("active", "=", True), ("state", "!=", "error")]
        if reroute_only:
            domain.append(("reroute", "=", True))
        return self.sudo().search(domain)

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

    def _hs_fault_texts(self, date, reason):
        return (
            self.env._(
                "Skipped by routing since %(date)s UTC: %(reason)s Fix the "
                "rule, then save it or click Retry.",
                date=date,
                reason=reason,
            ),
            self.env._("Routing rule in error"),
        )

    def action_retry(self):
        """Back to routing: the conditions are checked again first."""
        self.check_access("write")
        self._check_domains()
        self.write({"state": "ok", "error_message": False})
        self.activity_unlink(["mail.mail_activity_data_warning"])
        return True
