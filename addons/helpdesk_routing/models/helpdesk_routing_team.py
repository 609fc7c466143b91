# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import ast
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.base.models.ir_sequence import _update_nogap

# code of the teams' round robin counters (ir.sequence, one per team)
ROUND_ROBIN_CODE = "helpdesk.routing.team.round_robin"


class HelpdeskRoutingTeam(models.Model):
    _name = "helpdesk.routing.team"
    _description = "Support Team"
    _inherit = [
        "helpdesk.input.mixin",
        "helpdesk.condition.target.mixin",
        "mail.alias.mixin",
    ]
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    member_ids = fields.Many2many(
        "res.users",
        "helpdesk_routing_team_member_rel",
        "team_id",
        "user_id",
        string="Agents",
        domain=[("share", "=", False)],
        check_company=True,
    )
    leader_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        domain=[("share", "=", False)],
        check_company=True,
    )
    special_agent_ids = fields.Many2many(
        "res.users",
        "helpdesk_routing_team_special_agent_rel",
        "team_id",
        "user_id",
        string="Special Agents",
        domain=[("share", "=", False)],
        help="Users added as followers of the team's tickets by routing triggers.",
    )
    assignment_method = fields.Selection(
        [
            ("none", "None"),
            ("round_robin", "Round robin"),
            ("fewest_open", "Fewest open tickets"),
        ],
        required=True,
        default="none",
        help="How a new ticket of this team without an agent gets one. Agents "
        "marked unavailable for assignment are skipped.",
    )
    round_robin_sequence_id = fields.Many2one(
        "ir.sequence",
        string="Round Robin Counter",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups="base.group_system",
        help="Counter of the round robin: each new ticket without an agent "
        "takes its next value. A PostgreSQL sequence, outside of transactions: "
        "concurrent ticket creations neither write the team nor wait for each "
        "other.",
    )
    round_robin_next_user_id = fields.Many2one(
        "res.users",
        string="Next Agent",
        compute="_compute_round_robin_next_user_id",
        help="The agent the next new ticket without an agent gets. Round robin "
        "gives the tickets to the available agents in turn, in the order their "
        "users were created.",
    )
    ticket_ids = fields.One2many("helpdesk.routing.ticket", "team_id")
    open_ticket_count = fields.Integer(compute="_compute_ticket_counts")
    unassigned_ticket_count = fields.Integer(
        string="Open tickets without agent", compute="_compute_ticket_counts"
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_ticket_counts(self):
        counts = defaultdict(lambda: [0, 0])
        for team, user, count in self.env["helpdesk.routing.ticket"]._read_group(
            [("team_id", "in", self.ids), ("is_closed", "=", False)],
            ["team_id", "user_id"],
            ["__count"],
        ):
            counts[team.id][0] += count
            if not user:
                counts[team.id][1] += count
        for team in self:
            team.open_ticket_count, team.unassigned_ticket_count = counts[team.id]

    @api.depends(
        "assignment_method", "member_ids.active", "member_ids.hs_helpdesk_unavailable"
    )
    def _compute_round_robin_next_user_id(self):
        # one counter (and query) per team: shown on the team form only
        for team in self:
            agents = (
                team._available_agents()
                if team.assignment_method == "round_robin"
                else None
            )
            if not agents:
                team.round_robin_next_user_id = False
                continue
            counter = team.sudo().round_robin_sequence_id
            # the sequence moves outside of the ORM: never a cached value
            counter.invalidate_recordset(["number_next_actual"])
            next_value = counter.number_next_actual if counter else 1
            team.round_robin_next_user_id = agents[(next_value - 1) % len(agents)]

    # mail.alias.mixin
    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = (
            self.env["ir.model"]._get("helpdesk.routing.ticket").id
        )
        if self.id:
            values["alias_defaults"] = defaults = ast.literal_eval(
                self.alias_defaults or "{}"
            )
            defaults["team_id"] = self.id
        return values

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        teams._ensure_round_robin_counters()
        return teams

    def write(self, vals):
        self._hs_check_input_vals([vals], operation="write")
        if "active" in vals and not vals["active"]:
            # routing rules pointing here are deactivated, with a warning
            self.env["helpdesk.routing.rule"]._deactivate_for_destinations(
                teams=self.filtered("active"), reason=self.env._("archived")
            )
        res = super().write(vals)
        if vals.get("assignment_method") == "round_robin":
            self._ensure_round_robin_counters()
        return res

    def unlink(self):
        self.env["helpdesk.routing.rule"]._deactivate_for_destinations(
            teams=self, reason=self.env._("deleted")
        )
        counters = self.sudo().round_robin_sequence_id
        res = super().unlink()
        counters.unlink()
        return res

    def action_open_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_routing.helpdesk_routing_ticket_action"
        )
        action["domain"] = [("team_id", "=", self.id)]
        action["context"] = {"default_team_id": self.id}
        action["display_name"] = self.display_name
        return action

    # assignment
    def _available_agents(self):
        """The team's members who may get tickets (active, available), by id."""
        self.ensure_one()
        return (
            self.sudo()
            .member_ids.filtered(lambda u: u.active and not u.hs_helpdesk_unavailable)
            .sorted("id")
            .with_env(self.env)
        )

    def _ensure_round_robin_counters(self):
        """Give each round robin team of self without a counter its own, as
        superuser (managers and agents may not create sequences): when a team
        is created or switched to round robin, or when a team lacks one
        (created before the counters, or its sequence deleted). A team that
        leaves round robin keeps its counter (and its turn)."""
        teams = self.sudo().filtered(
            lambda t: (
                t.assignment_method == "round_robin" and not t.round_robin_sequence_id
            )
        )
        if not teams:
            return
        counters = (
            self.env["ir.sequence"]
            .sudo()
            .create(
                [
                    {
                        "name": self.env._(
                            "Helpdesk team %(team)s: round robin", team=team.name
                        ),
                        "code": ROUND_ROBIN_CODE,
                        "implementation": "standard",
                        "number_next": 1,
                        "number_increment": 1,
                        "company_id": team.company_id.id,
                    }
                    for team in teams
                ]
            )
        )
        for team, counter in zip(teams, counters, strict=True):
            team.round_robin_sequence_id = counter

    def _round_robin_values(self, count):
        """count values of the team's round robin counter, in one query and
        without writing the team: the PostgreSQL sequence of a standard
        ir.sequence is not transactional, so concurrent ticket creations of
        the team get distinct values without waiting for each other."""
        self.ensure_one()
        team = self.sudo()
        if not team.round_robin_sequence_id:
            team._ensure_round_robin_counters()
        counter = team.round_robin_sequence_id
        rows = self.env.execute_query(
            SQL(
                "SELECT nextval(to_regclass(%s)) FROM generate_series(1, %s)",
                f"ir_sequence_{counter.id:03d}",
                count,
            )
        )
        values = [row[0] for row in rows]
        if None in values:
            # no PostgreSQL sequence: the counter was switched to "no gap";
            # Odoo's own (locking) way, one value at a time
            values = [
                _update_nogap(counter, counter.number_increment) for _i in range(count)
            ]
        return sorted(values)

    def _pick_agents(self, count):
        """Return count agents (res.users, possibly empty) for new tickets of
        this team, following its assignment method. Deterministic: members are
        taken by id order. Round robin takes count values of the team's
        counter and gives value n to the available agent n modulo their
        number; neither method writes the team, so concurrent creations in
        the same team do not contend on its row."""
        self.ensure_one()
        team = self.sudo()
        if team.assignment_method == "none" or not count:
            return []
        agents = team._available_agents()
        if not agents:
            return []
        if team.assignment_method == "round_robin":
            picked = [
                agents[(value - 1) % len(agents)]
                for value in team._round_robin_values(count)
            ]
        else:
            load = dict.fromkeys(agents.ids, 0)
            for user, open_count in team.env["helpdesk.routing.ticket"]._read_group(
                [
                    ("team_id", "=", team.id),
                    ("user_id", "in", agents.ids),
                    ("is_closed", "=", False),
                ],
                ["user_id"],
                ["__count"],
            ):
                load[user.id] = open_count
            by_id = {a.id: a for a in agents}
            picked = []
            for _i in range(count):
                user_id = min(load, key=lambda uid: (load[uid], uid))
                load[user_id] += 1
                picked.append(by_id[user_id])
        return picked
