# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import ast
import logging
from collections import defaultdict
from functools import partial

import psycopg2.errors

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.base.models.ir_sequence import _update_nogap

from ..engine import assign

_logger = logging.getLogger(__name__)

# code of the teams' round robin counters (ir.sequence, one per team)
ROUND_ROBIN_CODE = "helpdesk.routing.team.round_robin"

# a team's settings that may let its queued tickets be assigned
ASSIGNMENT_FIELDS = {
    "active",
    "assignment_method",
    "assign_by_skill",
    "max_open_tickets",
    "capacity_by_priority",
    "capacity_ids",
    "use_working_hours",
    "member_ids",
}

# teams whose queue is assigned once the transaction commits (postcommit data)
AFTER_COMMIT_KEY = "helpdesk_routing.assign_team_ids"
# how long that pass waits for another transaction's assignment of a team;
# past it, the cron serves the queue (every 5 minutes)
AFTER_COMMIT_LOCK_TIMEOUT = "10s"


def _assign_queues_after_commit(registry, team_ids):
    """Assign the queues of teams whose assignment was busy in a committed
    transaction (``_hs_lock_assignment``), in a transaction of its own, READ
    COMMITTED: it waits for each team's lock (in id order) and then sees
    every assignment committed before. Runs after the commit of an HTTP
    request (before its answer) or a cron; an error is logged, never raised:
    the cron catches up."""
    try:
        with registry.cursor() as cr:
            if not registry.in_test_mode():
                # first statements of the transaction
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
                # (psycopg2 interpolates on the client: a literal for SET)
                cr.execute(
                    SQL("SET LOCAL lock_timeout = %s", AFTER_COMMIT_LOCK_TIMEOUT)
                )
            env = api.Environment(cr, SUPERUSER_ID, {})
            teams = env["helpdesk.routing.team"].browse(sorted(team_ids)).exists()
            teams.with_context(hs_assign_wait=True)._hs_assign_queue()
    except psycopg2.errors.LockNotAvailable:
        _logger.info(
            "Teams %s: still assigning elsewhere, the cron catches up", team_ids
        )
    except Exception:  # pylint: disable=broad-except
        _logger.exception("Teams %s: assignment after commit failed", team_ids)


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
    # assignment that respects people (engine/assign.py)
    assign_by_skill = fields.Boolean(
        help="A ticket goes only to an agent having every skill it needs (from "
        "its tags, its customer's language and its routing rules); when nobody "
        "has them, it waits in the team queue.",
    )
    max_open_tickets = fields.Integer(
        string="Capacity per Agent",
        help="Maximum open tickets of this team per agent (0: no limit). Agents "
        "at capacity get nothing; tickets wait in the team queue and are "
        "assigned, highest priority and oldest first, as capacity frees.",
    )
    capacity_by_priority = fields.Boolean(
        string="Weigh Capacity by Priority",
        help="A high priority ticket counts as 2, an urgent one as 3.",
    )
    capacity_ids = fields.One2many(
        "helpdesk.routing.team.capacity",
        "team_id",
        string="Agent Capacities",
        help="Agents whose capacity differs from the team's (with a capacity "
        "per agent set on the team).",
    )
    use_working_hours = fields.Boolean(
        string="Respect Working Hours",
        help="Agents outside their working hours or on time off (their "
        "working schedule, in Settings > Users) get no ticket.",
    )
    assign_returning_customers = fields.Boolean(
        string="Returning Customers to their Agent",
        help="A customer's new ticket goes to the agent of their last ticket "
        "of this team, when available and with capacity.",
    )
    absent_ticket_policy = fields.Selection(
        [
            ("keep", "Keep them"),
            ("queue", "Back to the team queue"),
            ("backup", "To the backup agent"),
        ],
        string="Open Tickets of an Absent Agent",
        required=True,
        default="keep",
        help="What happens to an agent's open tickets of this team when they "
        "switch to away, or are on time off (with Respect Working Hours). "
        "Outside their working hours agents keep their tickets.",
    )
    absent_backup_user_id = fields.Many2one(
        "res.users",
        string="Backup Agent",
        domain=[("share", "=", False)],
        check_company=True,
    )
    # bumped under lock by each assignment: serializes assignments of the team
    hs_assign_serial = fields.Integer(
        string="Assignment Lock Counter", readonly=True, copy=False
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

    @api.constrains("max_open_tickets", "absent_ticket_policy", "absent_backup_user_id")
    def _check_assignment_settings(self):
        for team in self:
            if team.max_open_tickets < 0:
                raise ValidationError(
                    self.env._(
                        "Team %(team)s: the capacity per agent cannot be negative.",
                        team=team.name,
                    )
                )
            if team.absent_ticket_policy == "backup" and not team.absent_backup_user_id:
                raise ValidationError(
                    self.env._(
                        "Team %(team)s: name the backup agent of absent agents' "
                        "tickets.",
                        team=team.name,
                    )
                )

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
        if ASSIGNMENT_FIELDS.intersection(vals):
            # more capacity or candidates: the queue moves on at once
            # (superuser: as when a ticket is solved; docs/security.md)
            self.sudo()._hs_assign_queue()
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

    # assignment that respects people (engine/assign.py decides)
    def _hs_assignment_rules(self):
        """Whether the team assigns with the rules of engine/assign.py
        (skills, capacity, hours, returning customers) rather than the plain
        method only."""
        self.ensure_one()
        team = self.sudo()
        return team.assignment_method != "none" and bool(
            team.assign_by_skill
            or team.max_open_tickets
            or team.use_working_hours
            or team.assign_returning_customers
        )

    def _hs_lock_assignment(self):
        """Take the team's assignment lock for the rest of the transaction:
        True, or False at once (nothing waits, nothing fails) when another
        transaction holds it or assigned in the team since this one began.

        Odoo runs in REPEATABLE READ: an assignment must not count the
        agents' open tickets from a snapshot older than the last committed
        assignment of the team. Each assignment locks the team row and, when
        it gives a ticket to an agent, updates it (:meth:`_hs_mark_assigned`);
        taking the lock NOWAIT in a savepoint fails both when another
        transaction holds it (LockNotAvailable) and when one committed an
        assignment after this transaction's snapshot (SerializationFailure).
        This transaction then assigns nothing in the team: its tickets wait
        in the queue, which is assigned right after its commit by
        :func:`_assign_queues_after_commit` (a transaction of its own, READ
        COMMITTED, that waits for the lock). No HTTP request, email intake
        nor cron fails or is retried for it, no capacity is exceeded, no
        ticket assigned twice (tests/test_assign_concurrency.py)."""
        self.ensure_one()
        cr = self.env.cr
        if self.env.context.get("hs_assign_wait"):
            # READ COMMITTED (after commit): wait for the lock, then every
            # following statement sees what the transaction holding it did
            cr.execute(
                SQL(
                    "SELECT id FROM helpdesk_routing_team WHERE id = %s"
                    " FOR NO KEY UPDATE",
                    self.id,
                )
            )
            return True
        try:
            with cr.savepoint(flush=False):
                cr.execute(
                    SQL(
                        "SELECT id FROM helpdesk_routing_team WHERE id = %s"
                        " FOR NO KEY UPDATE NOWAIT",
                        self.id,
                    ),
                    log_exceptions=False,
                )
        except (
            psycopg2.errors.LockNotAvailable,
            psycopg2.errors.SerializationFailure,
        ):
            _logger.info(
                "Team %s: another transaction is assigning, the queue is "
                "assigned after this one commits",
                self.id,
            )
            self._hs_assign_after_commit()
            return False
        return True

    def _hs_mark_assigned(self):
        """Under the lock, once tickets of the team got an agent: update the
        team row, so that a transaction whose snapshot is older than this
        one's commit fails to take the lock (its counts of open tickets
        would miss these). An assignment that gives nothing keeps the row:
        it changed no agent's load."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_routing_team"
                " SET hs_assign_serial = COALESCE(hs_assign_serial, 0) + 1"
                " WHERE id = %s",
                self.id,
            )
        )
        self.invalidate_recordset(["hs_assign_serial"])

    def _hs_assign_after_commit(self):
        """Assign the queues of the teams of self once this transaction has
        committed (:func:`_assign_queues_after_commit`), once per team."""
        cr = self.env.cr
        team_ids = cr.postcommit.data.get(AFTER_COMMIT_KEY)
        if team_ids is None:
            team_ids = cr.postcommit.data[AFTER_COMMIT_KEY] = set()
            cr.postcommit.add(
                partial(_assign_queues_after_commit, self.env.registry, team_ids)
            )
        team_ids.update(self.ids)

    def _hs_agents(self, now=None):
        """The team's agents as engine/assign.py sees them, read in a few
        queries for all of them: skills, capacity, open load, absence."""
        self.ensure_one()
        team = self.sudo()
        users = team.member_ids.filtered("active").sorted("id")
        if not users:
            return []
        absences = users._hs_absences(now, working_hours=team.use_working_hours)
        skills = defaultdict(dict)
        for row in (
            self.env["helpdesk.routing.agent.skill"]
            .sudo()
            .search_fetch(
                [("user_id", "in", users.ids), ("skill_id.active", "=", True)],
                ["user_id", "skill_id", "level"],
            )
        ):
            skills[row.user_id.id][row.skill_id.id] = int(row.level)
        default = team.max_open_tickets or None
        capacity = {c.user_id.id: c.max_open_tickets for c in team.capacity_ids}
        self.env["helpdesk.routing.ticket"].flush_model(
            ["user_id", "team_id", "is_closed", "priority", "active"]
        )
        weights = SQL(
            "CASE priority WHEN '2' THEN 2 WHEN '3' THEN 3 ELSE 1 END"
            if team.capacity_by_priority
            else "1"
        )
        load = dict(
            self.env.execute_query(
                SQL(
                    """SELECT user_id, SUM(%s) FROM helpdesk_routing_ticket
                       WHERE team_id = %s AND user_id = ANY(%s)
                         AND is_closed IS NOT TRUE AND active
                       GROUP BY user_id""",
                    weights,
                    team.id,
                    users.ids,
                )
            )
        )
        return [
            assign.Agent(
                user.id,
                skills.get(user.id, {}),
                capacity.get(user.id, default),
                load.get(user.id, 0),
                absences.get(user.id),
            )
            for user in users
        ]

    def _hs_needs(self, rows):
        """What each ticket needs: rows are (key, tag ids, skill ids, partner
        id, priority); skills come from the tags, the customer's language and
        the routing rules (skill ids)."""
        self.ensure_one()
        team = self.sudo()
        Skill = self.env["helpdesk.routing.skill"].sudo()
        by_tag, by_lang = defaultdict(set), {}
        if team.assign_by_skill:
            for skill in Skill.search([]):
                for tag in skill.tag_ids:
                    by_tag[tag.id].add(skill.id)
                if skill.lang:
                    by_lang[skill.lang] = skill.id
        partner_ids = {row[3] for row in rows if row[3]}
        langs = {}
        if by_lang and partner_ids:
            langs = {
                p.id: p.lang for p in self.env["res.partner"].sudo().browse(partner_ids)
            }
        last_agent = {}
        if team.assign_returning_customers and partner_ids:
            self.env["helpdesk.routing.ticket"].flush_model(
                ["partner_id", "user_id", "team_id"]
            )
            last_agent = dict(
                self.env.execute_query(
                    SQL(
                        """SELECT DISTINCT ON (partner_id) partner_id, user_id
                           FROM helpdesk_routing_ticket
                           WHERE team_id = %s AND partner_id = ANY(%s)
                             AND user_id IS NOT NULL
                           ORDER BY partner_id, create_date DESC, id DESC""",
                        team.id,
                        list(partner_ids),
                    )
                )
            )
        needs = []
        for key, tag_ids, skill_ids, partner_id, priority in rows:
            required = set(skill_ids)
            for tag_id in tag_ids:
                required |= by_tag.get(tag_id, set())
            if langs.get(partner_id) in by_lang:
                required.add(by_lang[langs[partner_id]])
            needs.append(
                assign.Need(
                    key,
                    frozenset(required),
                    assign.weight(priority, team.capacity_by_priority),
                    last_agent.get(partner_id),
                )
            )
        return needs

    def _hs_assign_needs(self, rows, now=None):
        """Assign tickets of the team (rows as in :meth:`_hs_needs`, in the
        order to serve them), under the team's lock: the list of
        :class:`~..engine.assign.Assignment`."""
        self.ensure_one()
        team = self.sudo()
        if (
            not self.env.context.get("hs_assign_locked")
            and not team._hs_lock_assignment()
        ):
            # another transaction is assigning: queued, assigned after commit
            return [assign.Assignment(row[0], None, busy=True) for row in rows]
        agents = team._hs_agents(now)
        needs = team._hs_needs(rows)
        turns = ()
        if team.assignment_method == "round_robin" and agents:
            turns = team._round_robin_values(len(needs))
        assigner = assign.Assigner(
            agents,
            method=team.assignment_method,
            by_skill=team.assign_by_skill,
            returning=team.assign_returning_customers,
            turns=turns,
        )
        results = assigner.assign(needs)
        if any(not result.queued for result in results):
            team._hs_mark_assigned()
        return results

    def _hs_assign_queue(self, now=None):
        """Assign the teams' queued tickets (open, without agent), highest
        priority then oldest first, as far as the agents' capacity goes: one
        write per agent. Called when capacity frees (a ticket closed or
        unassigned, an agent back) and by the cron."""
        Ticket = self.env["helpdesk.routing.ticket"].sudo()
        assigned = 0
        # a fixed order: two workers lock teams in the same order
        for team in self.sudo().sorted("id"):
            if not team.active or not team._hs_assignment_rules():
                continue
            if self.env.context.get("hs_assign_wait"):
                # after commit (READ COMMITTED): the lock, then the queue as
                # committed now, skipping the tickets another transaction is
                # writing (no waiting on them: no deadlock)
                team._hs_lock_assignment()
                queued = Ticket.browse(
                    [
                        row[0]
                        for row in self.env.execute_query(
                            SQL(
                                "SELECT id FROM helpdesk_routing_ticket"
                                " WHERE team_id = %s AND user_id IS NULL"
                                " AND is_closed IS NOT TRUE AND active"
                                " ORDER BY priority DESC, create_date, id"
                                " FOR NO KEY UPDATE SKIP LOCKED",
                                team.id,
                            )
                        )
                    ]
                )
            else:
                queued = Ticket.search_fetch(
                    [
                        ("team_id", "=", team.id),
                        ("user_id", "=", False),
                        ("is_closed", "=", False),
                    ],
                    ["tag_ids", "required_skill_ids", "partner_id", "priority"],
                    order="priority desc, create_date, id",
                )
                # nothing queued: no lock, no contention with other workers
                if not queued or not team._hs_lock_assignment():
                    continue
            if not queued:
                continue
            results = team.with_context(hs_assign_locked=True)._hs_assign_needs(
                [
                    (
                        t.id,
                        t.tag_ids.ids,
                        t.required_skill_ids.ids,
                        t.partner_id.id,
                        t.priority,
                    )
                    for t in queued
                ],
                now,
            )
            done = [r for r in results if not r.queued]
            by_agent = defaultdict(list)
            for result in done:
                by_agent[result.user_id].append(result.key)
            # followers and "assigned to you" notifications once per agent
            # for the whole batch (as at creation), not ticket by ticket
            for user_id, ticket_ids in by_agent.items():
                Ticket.browse(ticket_ids).with_context(
                    hs_assigning=True, hs_batch_subscribe=True
                ).write({"user_id": user_id})
            tickets = Ticket.browse([r.key for r in done])
            if not self.env.context.get("tracking_disable"):
                tickets._subscribe_customers_and_agents()
            tickets._hs_record_assignments(done)
            assigned += len(done)
        return assigned

    def _hs_release_time_off(self, now=None):
        """Agents of teams respecting working hours who are on time off now:
        the policy of those teams applies to their open tickets (keep,
        queue, backup), as when they switch to away. Agents merely outside
        their working hours (evenings, weekends) keep their tickets: they
        get no new ones until their hours begin, and find their own tickets
        in the morning."""
        on_leave = self.env["res.users"]
        for team in self.filtered(
            lambda t: t.use_working_hours and t.absent_ticket_policy != "keep"
        ):
            members = team.member_ids.filtered("active") - on_leave
            absences = members._hs_absences(now, working_hours=True)
            on_leave |= members.filtered(
                lambda u, absences=absences: absences.get(u.id) == assign.TIME_OFF
            )
        if on_leave:
            on_leave._hs_release_tickets(reason=assign.TIME_OFF, now=now)

    def action_assign_queue(self):
        """Button: assign the team's queued tickets now (managers)."""
        self.check_access("write")
        assigned = self._hs_assign_queue()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "info",
                "message": self.env._(
                    "%(count)s queued tickets assigned.", count=assigned
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _cron_assign_queue(self):
        """Assign the queued tickets of every team assigning with rules
        (agents back at work, capacity freed without a ticket write)."""
        teams = self.sudo().search([("assignment_method", "!=", "none")])
        teams = teams.filtered(lambda t: t._hs_assignment_rules())
        teams._hs_release_time_off()
        for position, team in enumerate(teams):
            # a team another worker is assigning in is served right after
            # this cron's commit (never a failed cron run)
            team._hs_assign_queue()
            self.env["ir.cron"]._notify_progress(
                done=position + 1, remaining=len(teams) - position - 1
            )
