# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import uuid
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, email_normalize

from odoo.addons.helpdesk_segments.models.helpdesk_input_mixin import CheckedValues
from odoo.addons.rating.models import rating_data

from ..engine import Router, RoutingTicketAdapter, assign, explain

_logger = logging.getLogger(__name__)

# customers whose tickets get a high priority and the team's special agents
# (automation rule "Priority customers"): manual customer fields, used only
# when they exist
HS_PRIORITY_SERVICE_LEVELS = ("platinum",)
HS_PRIORITY_SOCIAL_INFLUENCES = ("high",)
HS_PRIORITY_ANNUAL_SPEND = 1000.0
HS_BAD_RATINGS = ("bad", "bad_comment")
# the Ratings tag group's tag for each grade of rating.rating (data file)
HS_RATING_TAGS = {
    "great": "helpdesk_routing.helpdesk_routing_tag_rating_satisfied",
    "okay": "helpdesk_routing.helpdesk_routing_tag_rating_okay",
    "bad": "helpdesk_routing.helpdesk_routing_tag_rating_dissatisfied",
}

# a write of these may free an agent's capacity in the ticket's team
FREEING_FIELDS = {"stage_id", "user_id", "active", "team_id", "priority"}


def _x2many_ids(commands):
    """The ids an x2many's create values link (ids, or link/set commands)."""
    ids = set()
    for command in commands or ():
        if isinstance(command, int):
            ids.add(command)
        elif command[0] == Command.LINK:
            ids.add(command[1])
        elif command[0] == Command.SET:
            ids.update(command[2])
    return ids


PRIORITIES = [
    ("0", "Low"),
    ("1", "Normal"),
    ("2", "High"),
    ("3", "Urgent"),
]


class HelpdeskRoutingTicket(models.Model):
    _name = "helpdesk.routing.ticket"
    _description = "Support Ticket"
    _inherit = [
        "helpdesk.input.mixin",
        "helpdesk.routing.routed.mixin",
        "mail.thread.cc",
        "mail.activity.mixin",
        "portal.mixin",
        "rating.mixin",
    ]
    _order = "priority desc, id desc"
    _check_company_auto = True

    number = fields.Char(
        string="Reference", readonly=True, copy=False, index=True, default="/"
    )
    name = fields.Char(string="Subject", required=True, tracking=True)
    description = fields.Html()
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", tracking=True, index=True
    )
    partner_email = fields.Char(
        string="Customer Email", related="partner_id.email", readonly=True
    )
    partner_phone = fields.Char(
        string="Customer Phone", related="partner_id.phone", readonly=True
    )
    partner_category_ids = fields.Many2many(
        "res.partner.category",
        string="Customer Tags",
        compute="_compute_partner_category_ids",
        search="_search_partner_category_ids",
        help="The customer's tags that you can see (a related field would be "
        "computed as superuser and show the tags hidden from agents).",
    )
    partner_customer_group_id = fields.Many2one(
        related="partner_id.hs_customer_group_id", string="Customer Group"
    )
    partner_customer_status = fields.Selection(
        related="partner_id.hs_customer_status", string="Customer Status"
    )
    partner_is_blocked = fields.Boolean(
        related="partner_id.hs_is_blocked", string="Blocked Customer"
    )
    partner_customer_list_ids = fields.Many2many(
        related="partner_id.hs_customer_list_ids",
        # as the current user: only the lists they may see
        compute_sudo=False,
        string="Customer Lists",
        help="The customer lists (that you can see) the customer belongs to.",
    )
    hs_priority_customer = fields.Boolean(
        string="Priority Customer",
        compute="_compute_hs_priority_customer",
        help="The customer's service level is Platinum, their average annual "
        "spend is over 1000 or their social influence is High (only the "
        "customer fields that exist are checked).",
    )
    channel_id = fields.Many2one(
        "helpdesk.routing.channel", string="Channel", index=True, tracking=True
    )
    tag_ids = fields.Many2many(
        "helpdesk.routing.tag",
        "helpdesk_routing_ticket_tag_rel",
        "ticket_id",
        "tag_id",
        string="Tags",
    )
    required_skill_ids = fields.Many2many(
        "helpdesk.routing.skill",
        "helpdesk_routing_ticket_skill_rel",
        "ticket_id",
        "skill_id",
        string="Required Skills",
        help="Skills set by the routing rules: a team assigning by skill gives "
        "the ticket to an agent having them (with those of its tags and its "
        "customer's language).",
    )
    team_id = fields.Many2one(
        "helpdesk.routing.team",
        string="Team",
        tracking=True,
        index=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned Agent",
        tracking=True,
        index=True,
        domain=[("share", "=", False)],
        check_company=True,
    )
    priority = fields.Selection(
        PRIORITIES, default="1", required=True, tracking=True, index=True
    )
    stage_id = fields.Many2one(
        "helpdesk.routing.stage",
        string="Stage",
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        ondelete="restrict",
        group_expand="_read_group_expand_stage_ids",
        domain="['|', ('team_ids', '=', False), ('team_ids', 'in', team_id)]",
    )
    is_closed = fields.Boolean(
        related="stage_id.is_closing", store=True, string="Closed"
    )
    view_ids = fields.Many2many(
        "helpdesk.routing.view",
        "helpdesk_routing_view_ticket_rel",
        "ticket_id",
        "view_id",
        string="Saved Views",
        check_company=True,
        help="Saved views this ticket was placed into, whatever its team.",
    )
    rating = fields.Selection(
        [("good", "Good"), ("bad", "Bad"), ("bad_comment", "Bad with comment")],
        string="Satisfaction",
        tracking=True,
    )
    rating_comment = fields.Text(string="Satisfaction Comment")
    assigned_date = fields.Datetime(
        compute="_compute_assigned_date",
        store=True,
        copy=False,
        help="First time an agent was assigned to the ticket.",
    )
    closed_date = fields.Datetime(
        compute="_compute_closed_date",
        store=True,
        copy=False,
        help="When the ticket entered a closing stage.",
    )
    # routing (helpdesk.routing.rule)
    hs_alias_team_id = fields.Many2one(
        "helpdesk.routing.team",
        string="Came through the alias of",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    routing_log_ids = fields.One2many(
        "helpdesk.routing.log", "ticket_id", string="Routing", readonly=True
    )

    _sql_constraints = [
        ("number_unique", "unique(number)", "The ticket reference must be unique."),
    ]

    @api.depends("number", "name")
    def _compute_display_name(self):
        for ticket in self:
            if ticket.number and ticket.number != "/":
                ticket.display_name = f"{ticket.number} {ticket.name or ''}".strip()
            else:
                ticket.display_name = ticket.name or ""

    @api.depends("team_id")
    def _compute_stage_id(self):
        stages = self.env["helpdesk.routing.stage"].search([])
        by_team = {}
        for ticket in self:
            team = ticket.team_id
            if team not in by_team:
                by_team[team] = stages._filter_for_team(team)
            team_stages = by_team[team]
            if ticket.stage_id and ticket.stage_id in team_stages:
                continue
            ticket.stage_id = team_stages[:1]

    @api.model
    def _read_group_expand_stage_ids(self, stages, domain):
        team_id = self.env.context.get("default_team_id")
        stage_domain = []
        if team_id:
            stage_domain = ["|", ("team_ids", "=", False), ("team_ids", "in", team_id)]
        return stages.search(stage_domain) | stages

    @api.depends("user_id")
    def _compute_assigned_date(self):
        now = fields.Datetime.now()
        for ticket in self:
            if ticket.user_id and not ticket.assigned_date:
                ticket.assigned_date = now

    @api.depends("stage_id.is_closing")
    def _compute_closed_date(self):
        now = fields.Datetime.now()
        for ticket in self:
            if not ticket.stage_id.is_closing:
                ticket.closed_date = False
            elif not ticket.closed_date:
                ticket.closed_date = now

    def _check_company(self, fnames=None):
        """Odoo checks the companies ticket by ticket (an environment and a
        ``filtered_domain`` per ticket and field); the outcome depends only on
        the ticket's company and the records its fields link, which the
        tickets of a batch share (a few teams, agents, stages): one ticket of
        each combination is checked, with Odoo's own check."""
        if len(self) < 2:
            return super()._check_company(fnames)
        if fnames is None or {"company_id", "company_ids"} & set(fnames):
            fnames = self._fields
        names = [
            name
            for name in fnames
            if self._fields[name].relational and self._fields[name].check_company
        ]
        first_of = {}
        for ticket in self.sudo():
            key = (ticket.company_id.id, *(ticket[name]._ids for name in names))
            first_of.setdefault(key, ticket.id)
        return super(
            HelpdeskRoutingTicket, self.browse(list(first_of.values()))
        )._check_company(fnames)

    # numbering
    def _next_numbers(self, count):
        """count references from the ticket sequence, in one query."""
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [
                    ("code", "=", "helpdesk.routing.ticket"),
                    ("company_id", "in", [self.env.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )
        if not sequence:
            return ["/"] * count
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence.next_by_id() for _i in range(count)]
        rows = self.env.execute_query(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        # ir.sequence.get_next_char, with the prefix and suffix interpolated
        # once for the batch (they depend on the date only)
        prefix, suffix = sequence._get_prefix_suffix()
        number_format = "%%0%sd" % sequence.padding
        return [f"{prefix}{number_format % row[0]}{suffix}" for row in rows]

    # assignment
    def _assign_agents(self, vals_list):
        """Fill user_id in the values of new tickets with a team and no
        agent, with one pick per team (no per-ticket query). Teams assigning
        with rules (skills, capacity, hours: engine/assign.py) may leave a
        ticket in their queue.

        :return: {position in vals_list: Assignment} of the tickets assigned
            with rules, to record in their routing log once created"""
        default_team = self.env.context.get("default_team_id")
        default_user = self.env.context.get("default_user_id")
        by_team = defaultdict(list)
        for position, vals in enumerate(vals_list):
            team_id = vals.get("team_id", default_team)
            if team_id and not vals.get("user_id", default_user):
                by_team[team_id].append(position)
        explained = {}
        for team_id, positions in sorted(by_team.items()):
            team = self.env["helpdesk.routing.team"].browse(team_id)
            if team._hs_assignment_rules():
                rows = [
                    (
                        position,
                        _x2many_ids(vals_list[position].get("tag_ids")),
                        _x2many_ids(vals_list[position].get("required_skill_ids")),
                        vals_list[position].get("partner_id"),
                        vals_list[position].get("priority"),
                    )
                    for position in positions
                ]
                for result in team._hs_assign_needs(rows):
                    explained[result.key] = result
                    if result.user_id:
                        vals_list[result.key]["user_id"] = result.user_id
                continue
            for position, agent in zip(
                positions, team._pick_agents(len(positions)), strict=False
            ):
                vals_list[position]["user_id"] = agent.id
        return explained

    def _hs_record_assignments(self, results):
        """Record assignments (engine/assign.py results, keyed by the
        tickets of self in order) in the tickets' routing log."""
        if not results:
            return
        all_users = (
            self.env["res.users"]
            .sudo()
            .browse(
                {uid for r in results for uid in r.candidates}
                | {s.user_id for r in results for s in r.skipped}
            )
        )
        all_users.mapped("display_name")  # one read for every name logged
        users = {user.id: user for user in all_users}
        skills = {
            skill.id: skill
            for skill in self.env["helpdesk.routing.skill"]
            .sudo()
            .browse({sid for r in results for s in r.skipped for sid in s.missing})
        }
        log_vals = []
        for ticket, result in zip(self, results, strict=True):
            entry = assign.log_entry(self.env, result, users, skills)
            log_vals.append(
                {
                    "ticket_id": ticket.id,
                    "rule_id": None,
                    "is_fallback": False,
                    "trigger": "assign",
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
                }
            )
        self.env["helpdesk.routing.log"]._insert_batch(log_vals)

    @api.model_create_multi
    def create(self, vals_list):
        self._hs_check_input_vals(vals_list, operation="create")
        # copies: routing, numbering and assignment add values (checked
        # above, or set by them)
        vals_list = [dict(vals) for vals in vals_list]
        self._company_from_team(vals_list)
        router = self._hs_router()
        # routed before the insert: the team's agent is picked below
        routed = router.route_new(vals_list)
        if routed:
            self._hs_routing_values(vals_list, routed)
        assigned = self._assign_agents(vals_list)
        to_number = [v for v in vals_list if v.get("number", "/") == "/"]
        numbers = self._next_numbers(len(to_number))
        for vals, number in zip(to_number, numbers, strict=True):
            vals["number"] = number
        # mail.thread subscribes the customer and the agent ticket by ticket:
        # do it once for the whole batch instead
        tickets = (
            super(HelpdeskRoutingTicket, self.with_context(hs_batch_subscribe=True))
            .create(CheckedValues(vals_list))
            .with_env(self.env)
        )
        router.finish_new(tickets, routed)
        if assigned:
            positions = sorted(assigned)
            tickets.browse([tickets[p].id for p in positions])._hs_record_assignments(
                [assigned[p] for p in positions]
            )
        if not self.env.context.get("tracking_disable"):
            tickets._subscribe_customers_and_agents()
        return tickets

    @api.model
    def _company_from_team(self, vals_list):
        """Tickets created without a company take their team's (explicit,
        default or email alias team): a ticket of a company B team is a
        company B ticket, never a company A ticket in a company B team."""
        default_team = self.env.context.get("default_team_id")
        todo = [
            (vals, vals.get("team_id") or default_team or vals.get("hs_alias_team_id"))
            for vals in vals_list
            if "company_id" not in vals and "default_company_id" not in self.env.context
        ]
        team_ids = {team_id for __, team_id in todo if isinstance(team_id, int)}
        if not team_ids:
            return
        teams = self.env["helpdesk.routing.team"].sudo().browse(team_ids).exists()
        company_of = {team.id: team.company_id.id for team in teams}
        for vals, team_id in todo:
            if company_of.get(team_id):
                vals["company_id"] = company_of[team_id]

    def _message_auto_subscribe(self, updated_values, followers_existing_policy="skip"):
        if self.env.context.get("hs_batch_subscribe"):
            return True
        return super()._message_auto_subscribe(
            updated_values, followers_existing_policy=followers_existing_policy
        )

    def _subscribe_customers_and_agents(self):
        """Batched version of mail's auto-subscription on create: the customer
        follows with the public subtypes, the agent with the default ones and
        gets the usual assignment notification."""
        Followers = self.env["mail.followers"].sudo()
        _child, default_ids, internal_ids, _parent, _relation = self.env[
            "mail.message.subtype"
        ]._get_auto_subscription_subtypes(self._name)
        public_ids = [sid for sid in default_ids if sid not in internal_ids]
        wanted = {}
        to_notify = defaultdict(lambda: self.browse())
        for ticket in self:
            agent = ticket.user_id.sudo()
            if agent.active and agent.partner_id:
                wanted[ticket.id, agent.partner_id.id] = default_ids
                if agent != self.env.user:
                    to_notify[agent] |= ticket
            if ticket.partner_id:
                wanted.setdefault((ticket.id, ticket.partner_id.id), public_ids)
        existing = Followers.search_fetch(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)],
            ["res_id", "partner_id"],
        )
        for follower in existing:
            wanted.pop((follower.res_id, follower.partner_id.id), None)
        Followers.create(
            [
                {
                    "res_model": self._name,
                    "res_id": res_id,
                    "partner_id": partner_id,
                    "subtype_ids": [Command.set(subtype_ids)],
                }
                for (res_id, partner_id), subtype_ids in wanted.items()
            ]
        )
        for agent, tickets in to_notify.items():
            tickets.with_context(
                lang=agent.partner_id.lang
            )._message_auto_subscribe_notify(
                agent.partner_id.ids, "mail.message_user_assigned"
            )

    def write(self, vals):
        self._hs_check_input_vals([vals], operation="write")
        if "tag_ids" in vals and not self.env.context.get("hs_hidden_tags_kept"):
            return self._hs_write_keeping_hidden_tags(vals)
        if vals.get("team_id") and not vals.get("user_id"):
            team = self.env["helpdesk.routing.team"].browse(vals["team_id"])
            unassigned = self.filtered(lambda t: not t.user_id)
            res = super().write(vals)
            if team._hs_assignment_rules():
                # the team's queue, served with its rules (engine/assign.py)
                if unassigned and not self.env.context.get("hs_assigning"):
                    team.sudo()._hs_assign_queue()
                unassigned = self.browse()
            agents = team._pick_agents(len(unassigned))
            by_agent = defaultdict(lambda: self.browse())
            for ticket, agent in zip(unassigned, agents, strict=False):
                by_agent[agent] |= ticket
            # the agent moving tickets to another team may not see them there
            for agent, tickets in by_agent.items():
                tickets.sudo().write({"user_id": agent.id})
        else:
            teams_before = self.team_id
            res = super().write(vals)
            if (
                FREEING_FIELDS.intersection(vals)
                and not self.env.context.get("hs_assigning")
                and (teams_before | self.team_id)
            ):
                # capacity may have freed: the team's queue moves on
                # (superuser: the agent closing a ticket may not assign
                # the team's other tickets; docs/security.md)
                (teams_before | self.team_id).sudo()._hs_assign_queue()
        self._hs_router().reroute(self, vals)
        return res

    # ------------------------------------------------------------------
    # Routing (the engine, engine/, decides; the ticket writes itself)
    # ------------------------------------------------------------------
    @api.model
    def _hs_router(self):
        return Router(RoutingTicketAdapter(self.env))

    @api.model
    def _hs_routing_values(self, vals_list, decisions):
        """Put the decisions of tickets about to be created into their
        values: each ticket is created in its team, with its priority,
        saved views and tags."""
        for vals, decision in zip(vals_list, decisions, strict=True):
            if not decision:
                continue
            if decision.team_id:
                vals["team_id"] = decision.team_id
            if decision.priority:
                vals["priority"] = decision.priority
            for field_name, ids in (
                ("view_ids", decision.view_ids),
                ("tag_ids", decision.tag_ids),
                ("required_skill_ids", decision.skill_ids),
            ):
                if ids:
                    vals[field_name] = list(vals.get(field_name) or []) + [
                        Command.link(record_id) for record_id in sorted(ids)
                    ]

    def _hs_reroutable(self):
        """The tickets re-routing may still move: open, and without team or
        still in their team's first stage."""
        stages = self.env["helpdesk.routing.stage"].sudo().search([])
        return self.filtered(
            lambda t: (
                t.company_id.helpdesk_routing_enabled
                and not t.is_closed
                and (
                    not t.team_id
                    or t.stage_id == stages._filter_for_team(t.team_id)[:1]
                )
            )
        )

    # ticket tags of groups hidden from agents (see the tag's record rules)
    def _hs_write_keeping_hidden_tags(self, vals):
        """Agents do not see the tags of hidden tag groups: their edits of a
        ticket's tags (e.g. a Command.set over RPC) keep the hidden ones."""
        hidden_before = {}
        if not self.env["res.partner"]._hs_sees_hidden_tags():
            for ticket in self.sudo():
                hidden = ticket.tag_ids.filtered("hs_hidden_from_agents")
                if hidden:
                    hidden_before[ticket.id] = hidden
        res = self.with_context(hs_hidden_tags_kept=True).write(vals)
        by_missing = defaultdict(list)
        for ticket in self.sudo().filtered(lambda t: t.id in hidden_before):
            missing = hidden_before[ticket.id] - ticket.tag_ids
            if missing:
                by_missing[missing].append(ticket.id)
        for missing, ticket_ids in by_missing.items():
            self.browse(ticket_ids).sudo().with_context(hs_hidden_tags_kept=True).write(
                {"tag_ids": [Command.link(tag.id) for tag in missing]}
            )
        return res

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        return [
            dict(vals, name=self.env._("%(name)s (copy)", name=ticket.name))
            for ticket, vals in zip(self, vals_list, strict=True)
        ]

    def action_assign_to_me(self):
        self.write({"user_id": self.env.user.id})

    def action_test_routing(self):
        self.ensure_one()
        return self.env["helpdesk.routing.ticket.test"].open_for(self)

    def action_hs_open_customer(self):
        """Smart button: the customer's form (profile, groups, tags)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer"),
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # mail
    def _message_auto_subscribe_followers(self, updated_values, default_subtype_ids):
        res = super()._message_auto_subscribe_followers(
            updated_values, default_subtype_ids
        )
        if updated_values.get("partner_id"):
            # the customer follows the ticket with the public subtypes only
            subtypes = self.env["mail.message.subtype"].browse(default_subtype_ids)
            public_subtypes = subtypes.filtered(lambda s: not s.internal)
            res.append((updated_values["partner_id"], public_subtypes.ids, False))
        return res

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        values = dict(custom_values or {})
        if values.get("team_id"):
            values.setdefault("hs_alias_team_id", values["team_id"])
        email_from = msg_dict.get("email_from") or ""
        partner = self.env["res.partner"]
        if not values.get("partner_id") and email_normalize(email_from, strict=False):
            partner = self._mail_find_partner_from_emails(
                [email_from], force_create=True
            )[0]
            values["partner_id"] = partner.id
            # the gateway looked the author up before the customer existed
            if not msg_dict.get("author_id"):
                msg_dict["author_id"] = partner.id
        if not values.get("channel_id"):
            channel = self.env["helpdesk.routing.channel"].search(
                [("code", "=", "email")], limit=1
            )
            values["channel_id"] = channel.id
        values.setdefault("name", msg_dict.get("subject") or self.env._("No Subject"))
        values.setdefault("description", msg_dict.get("body"))
        return super().message_new(msg_dict, custom_values=values)

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        if self.partner_id:
            self._message_add_suggested_recipient(
                recipients, partner=self.partner_id, reason=self.env._("Customer")
            )
        return recipients

    @api.depends("partner_id.category_id")
    @api.depends_context("uid")
    def _compute_partner_category_ids(self):
        tags = self.sudo().partner_id.category_id
        visible = set(tags.with_env(self.env)._filtered_access("read").ids)
        Tag = self.env["res.partner.category"]
        for ticket in self:
            ticket.partner_category_ids = Tag.browse(
                [
                    tag_id
                    for tag_id in ticket.sudo().partner_id.category_id.ids
                    if tag_id in visible
                ]
            )

    def _search_partner_category_ids(self, operator, value):
        return [("partner_id.category_id", operator, value)]

    # Searches by ``tag_ids`` (ids, "has any tag") go through the tags'
    # record rules for users who may not see hidden tags: the hook on
    # ``base._search`` of helpdesk_segments (tools/visibility.py) does it for
    # every model, this one included.

    # ------------------------------------------------------------------
    # Triggers (automation rules of data/base_automation_data.xml)
    # ------------------------------------------------------------------
    @api.depends("partner_id")
    def _compute_hs_priority_customer(self):
        priority_partners = self._hs_priority_partners(self.partner_id)
        for ticket in self:
            ticket.hs_priority_customer = ticket.partner_id in priority_partners

    @api.model
    def _hs_priority_partners(self, partners):
        """The priority customers among partners, judged on the customer
        fields that exist (manual fields created by the Retail template)."""
        fields_ = partners._fields
        checks = []
        if "x_hs_service_level" in fields_:
            checks.append(lambda p: p.x_hs_service_level in HS_PRIORITY_SERVICE_LEVELS)
        if "x_hs_average_annual_spend" in fields_:
            checks.append(
                lambda p: (
                    (p.x_hs_average_annual_spend or 0.0) > HS_PRIORITY_ANNUAL_SPEND
                )
            )
        if "x_hs_social_influence" in fields_:
            checks.append(
                lambda p: p.x_hs_social_influence in HS_PRIORITY_SOCIAL_INFLUENCES
            )
        if not checks or not partners:
            return partners.browse()
        # the customer fields may be restricted: only their values matter here
        return (
            partners.sudo()
            .with_context(active_test=False)
            .filtered(lambda p: any(check(p) for check in checks))
            .with_env(partners.env)
        )

    def _hs_trigger_bad_rating(self):
        """Automation "Bad rating": tag the ticket "Bad rating" and tick the
        requester's *Bad rating submitted* (so the customer gets the
        ``bad_rating`` tag). Problems are logged, never raised: the ticket and
        its rating are saved whatever happens here."""
        tickets = self.filtered(lambda t: t.rating in HS_BAD_RATINGS)
        if not tickets:
            return
        tag = self.env.ref(
            "helpdesk_routing.helpdesk_routing_tag_bad_rating",
            raise_if_not_found=False,
        )
        if tag:
            untagged = tickets.filtered(lambda t: tag not in t.tag_ids)
            self._hs_safe_write(untagged, {"tag_ids": [Command.link(tag.id)]})
        else:
            _logger.warning("Bad rating trigger: the ticket tag 'Bad rating' is gone")
        partners = tickets.partner_id
        if not partners:
            return
        if "x_hs_bad_rating_submitted" not in partners._fields:
            _logger.info(
                "Bad rating trigger: no customer field 'Bad rating submitted' "
                "(apply the 'Customer lists' template), customers left unchanged"
            )
            return
        # narrow sudo: agents rate tickets, they need not manage customers
        partners = partners.sudo().with_context(active_test=False)
        self._hs_safe_write(
            partners.filtered(lambda p: not p.x_hs_bad_rating_submitted),
            {"x_hs_bad_rating_submitted": True},
            savepoint=True,
        )

    def _hs_trigger_vip_priority(self):
        """Automation "Priority customers": high priority (unless urgent) and
        the team's special agents as followers, for the tickets of priority
        customers. Problems are logged, never raised."""
        priority_partners = self._hs_priority_partners(self.partner_id)
        tickets = self.filtered(lambda t: t.partner_id in priority_partners)
        self._hs_safe_write(
            tickets.filtered(lambda t: t.priority not in ("2", "3")),
            {"priority": "2"},
        )
        for team, team_tickets in tickets.grouped("team_id").items():
            followers = team.sudo().special_agent_ids.filtered("active").partner_id
            if not followers:
                continue
            try:
                team_tickets.message_subscribe(partner_ids=followers.ids)
            except UserError as error:
                _logger.warning(
                    "Priority customers trigger: cannot add the special agents "
                    "of %s as followers of tickets %s: %s",
                    team.display_name,
                    team_tickets.ids,
                    error,
                )

    @api.model
    def _hs_safe_write(self, records, vals, savepoint=False):
        """Write vals on records; log instead of raising when it fails.

        With savepoint, the write is flushed in a savepoint, so that database
        errors are caught too (one query more per call); without, only the
        errors the ORM raises before writing (access, checks) are caught, and
        the writes of many tickets stay batched in one UPDATE."""
        if not records:
            return True
        try:
            if savepoint:
                with self.env.cr.savepoint():
                    records.write(vals)
                    records.flush_recordset()
            else:
                records.write(vals)
        except UserError as error:
            _logger.warning(
                "Helpdesk trigger: cannot write %s on %s %s: %s",
                sorted(vals),
                records._name,
                records.ids,
                error,
            )
            return False
        return True

    # ------------------------------------------------------------------
    # Customer ratings, acknowledgements and portal (issue 16)
    # ------------------------------------------------------------------
    # the portal link of the notifications: given at creation, in the batch's
    # INSERT, rather than written ticket by ticket by the first notification
    # (portal.mixin._portal_ensure_token)
    access_token = fields.Char(default=lambda self: str(uuid.uuid4()))

    def _compute_access_url(self):
        # portal.mixin's only sets "#": every ticket has its portal page
        for ticket in self:
            ticket.access_url = f"/my/support/{ticket.id}"

    def _rating_get_parent_field_name(self):
        return "team_id"

    def _hs_asks_rating(self):
        """Whether the ticket's stage asks for a rating: its team collects
        ratings, the stage has a rating email and the customer is not the
        current user."""
        self.ensure_one()
        return bool(
            self.stage_id.rating_template_id
            and self.team_id.hs_rating_active
            and self.partner_id
            and self.partner_id != self.env.user.partner_id
        )

    def _hs_rating_request_template(self):
        """The rating email the ticket's stage asks for, as the rating
        policies decide (none when the stage asks for no rating)."""
        self.ensure_one()
        if not self._hs_asks_rating():
            return self.env["mail.template"]
        policy = self.env["helpdesk.routing.rating.policy"]._match_ticket(self)
        return policy._rating_template(self.stage_id.rating_template_id)

    def _track_template(self, changes):
        """A stage with a rating template sends the rating request (in the
        customer's language: the template's lang) when a ticket reaches it,
        as project tasks do with their stages' templates."""
        res = super()._track_template(changes)
        ticket = self[:1]
        if "stage_id" in changes and ticket:
            template = ticket._hs_rating_request_template()
            if template:
                res["stage_id"] = (
                    template,
                    {
                        "auto_delete_keep_log": False,
                        "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id(
                            "mail.mt_note"
                        ),
                        "email_layout_xmlid": "mail.mail_notification_light",
                    },
                )
        return res

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        """The customer's answer sets the ticket's satisfaction and rating
        tag. A feedback counts as a comment unless Odoo's rating page wrote
        it for the customer (context ``hs_rating_auto_feedback``)."""
        rating = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        comment = (
            ""
            if self.env.context.get("hs_rating_auto_feedback")
            else (feedback or "").strip()
        )
        self._hs_apply_customer_rating(rating.rating, comment)
        return rating

    def _hs_portal_can_rate(self, user):
        """Whether the ticket page of the portal offers ``user`` the rating
        faces: the team collects ratings, the ticket is closed or in a stage
        that asks for a rating, and ``user`` is its customer (or a visitor
        who opened the page with the ticket's token, i.e. the customer's
        link). Whether the page may be shown at all is the controller's
        check."""
        self.ensure_one()
        # sudo: the team's and stage's configuration, read for the customer
        ticket = self.sudo()
        if not (ticket.partner_id and ticket.team_id.hs_rating_active):
            return False
        if not (ticket.is_closed or ticket.stage_id.rating_template_id):
            return False
        return user._is_public() or user.partner_id == ticket.partner_id

    def _hs_apply_customer_rating(self, rate, comment=""):
        """Satisfaction and rating tag from a customer's rating: satisfied or
        okay is "good", dissatisfied "bad" ("bad_comment" with a comment);
        the tag of the answer replaces the ticket's other rating tags. The
        write fires the "Bad rating" automation rule like an agent's."""
        self.ensure_one()
        grade = rating_data._rating_to_grade(rate)
        if grade == "bad":
            satisfaction = "bad_comment" if comment else "bad"
        else:
            satisfaction = "good"
        vals = {"rating": satisfaction, "rating_comment": comment or False}
        tags = {
            key: self.env.ref(xmlid, raise_if_not_found=False)
            for key, xmlid in HS_RATING_TAGS.items()
        }
        tag = tags[grade]
        if tag:
            others = [other for key, other in tags.items() if other and key != grade]
            vals["tag_ids"] = [Command.unlink(other.id) for other in others] + [
                Command.link(tag.id)
            ]
        # rating tags belong to a group hidden from agents; the customer
        # (or the public rating page) has no write access on the ticket:
        # the caller checked the rating token or the portal access
        self.sudo().write(vals)

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        # Odoo's portal gives every notification the customer's portal link,
        # preparing their sign-up on the way (a write on the customer for
        # each notification: concurrent tickets of one customer collide on
        # its row). A notification the customer does not receive (an agent's
        # assignment) needs no link for them.
        records = self
        if (
            len(self) == 1
            and msg_vals
            and msg_vals.get("message_type") == "user_notification"
            and self.partner_id.id not in (msg_vals.get("partner_ids") or ())
        ):
            records = self.with_context(hs_no_customer_link=True)
        return super(HelpdeskRoutingTicket, records)._notify_get_recipients_groups(
            message, model_description, msg_vals=msg_vals
        )

    def _mail_get_partners(self, introspect_fields=False):
        partners = super()._mail_get_partners(introspect_fields=introspect_fields)
        if self.env.context.get("hs_no_customer_link"):
            return {key: value.browse() for key, value in partners.items()}
        return partners

    @api.model
    def _hs_portal_card_shown(self):
        """Whether the portal home shows our *Tickets* card: not when another
        helpdesk (OCA helpdesk_mgmt, Odoo's helpdesk) brings its own, unless
        the system parameter ``helpdesk_routing.portal_tickets_card`` says
        ``show`` or ``hide``."""
        # sudo: a system parameter, read for every portal user
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("helpdesk_routing.portal_tickets_card")
        )
        if param in ("show", "hide"):
            return param == "show"
        return "helpdesk.ticket" not in self.env

    def action_hs_open_ratings(self):
        """Stat button: the customer's ratings of the ticket."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_routing.rating_rating_action_helpdesk"
        )
        action["domain"] = [
            ("res_model", "=", self._name),
            ("res_id", "=", self.id),
            ("consumed", "=", True),
        ]
        action["context"] = {}
        return action

    def _hs_acknowledgement_template(self):
        """The acknowledgement email of the ticket's team (none if the team
        sends none), the standard one without a team."""
        self.ensure_one()
        # sudo: the team's configuration, whoever creates the ticket
        team = self.team_id.sudo()
        if team and not team.hs_send_acknowledgement:
            return self.env["mail.template"]
        return (
            team.hs_acknowledgement_template_id
            or self.env.ref(
                "helpdesk_routing.mail_template_ticket_acknowledgement",
                raise_if_not_found=False,
            )
            or self.env["mail.template"]
        )

    def _hs_send_acknowledgement(self):
        """Send the customers of new tickets (email, portal) the
        acknowledgement with the ticket's reference, in their language."""
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        for ticket in self:
            template = ticket._hs_acknowledgement_template()
            if not template or not ticket.partner_id.email:
                continue
            ticket.message_post_with_source(
                template.sudo(),
                subtype_id=subtype_id,
                email_layout_xmlid="mail.mail_notification_light",
            )
