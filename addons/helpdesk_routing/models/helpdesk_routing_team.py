# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import ast
from collections import defaultdict

from odoo import api, fields, models


class HelpdeskRoutingTeam(models.Model):
    _name = "helpdesk.routing.team"
    _description = "Helpdesk Team"
    _inherit = ["helpdesk.input.mixin", "mail.alias.mixin"]
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
    last_assigned_user_id = fields.Many2one(
        "res.users",
        string="Last Assigned Agent",
        readonly=True,
        copy=False,
        help="Round robin starts after this agent.",
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

    def write(self, vals):
        self._hs_check_input_vals([vals], operation="write")
        if "active" in vals and not vals["active"]:
            # routing rules pointing here are deactivated, with a warning
            self.env["helpdesk.routing.rule"]._deactivate_for_destinations(
                teams=self.filtered("active"), reason=self.env._("archived")
            )
        return super().write(vals)

    def unlink(self):
        self.env["helpdesk.routing.rule"]._deactivate_for_destinations(
            teams=self, reason=self.env._("deleted")
        )
        return super().unlink()

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
    def _pick_agents(self, count):
        """Return count agents (res.users, possibly empty) for new tickets of
        this team, following its assignment method, and remember the last one
        for round robin. Deterministic: members are taken by id order."""
        self.ensure_one()
        team = self.sudo()
        if team.assignment_method == "none" or not count:
            return []
        agents = team.member_ids.filtered(
            lambda u: u.active and not u.hs_helpdesk_unavailable
        ).sorted("id")
        if not agents:
            return []
        if team.assignment_method == "round_robin":
            last = team.last_assigned_user_id
            start = next((i for i, a in enumerate(agents) if a.id > last.id), 0)
            picked = [agents[(start + i) % len(agents)] for i in range(count)]
            # the round robin's position: the only team write of an
            # assignment (fewest open tickets keeps no state, so concurrent
            # creations do not contend on the team row)
            team.last_assigned_user_id = picked[-1]
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
