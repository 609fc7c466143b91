# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Assignment that respects people: who of a team's agents takes a ticket.

Plain Python, no ORM: the team model reads the agents (skills, capacity,
open load, absence) and the tickets' needs once per batch, gives them to
:class:`Assigner`, writes the :class:`Assignment` results itself and
records them in the routing log (:func:`log_entry`, rendered by
``explain.py`` like every routing explanation).

Rules, in order, for each ticket (highest priority, then oldest first when
the team's queue is drained):

1. an absent agent (away switch, outside working hours, on time off) gets
   nothing;
2. with *assign by skill*, an agent lacking one of the ticket's required
   skills gets nothing;
3. an agent at capacity (open tickets of the team, weighted by priority when
   the team says so) gets nothing;
4. with *returning customers*, the agent of the customer's last ticket takes
   it when still a candidate;
5. otherwise the team's method among the candidates: fewest open tickets
   (then higher skill level, then id) or round robin.

No candidate: the ticket stays in the team's queue, with the reasons.

Assignments of a team are serialized by a lock on the team row, taken
without waiting once per batch (``helpdesk.routing.team._hs_lock_assignment``):
a batch that finds another transaction assigning in the team leaves its
tickets in the queue (:attr:`Assignment.busy`), assigned right after its
commit.
"""

from dataclasses import dataclass, field

from .decisions import ConditionResult, Entry
from .explain import Ref, compose, join

# why an agent was skipped
AWAY, OFF_HOURS, TIME_OFF, SKILL, CAPACITY = (
    "away",
    "off_hours",
    "time_off",
    "skill",
    "capacity",
)
ABSENCES = (AWAY, OFF_HOURS, TIME_OFF)
FAMILY = "assignment"

# weight of an open ticket by priority when a team weighs its capacity
PRIORITY_WEIGHTS = {"0": 1, "1": 1, "2": 2, "3": 3}


def weight(priority, weighted):
    return PRIORITY_WEIGHTS.get(priority or "1", 1) if weighted else 1


@dataclass(frozen=True, slots=True)
class Agent:
    """An agent of the team as assignment sees them."""

    user_id: int
    skills: dict = field(default_factory=dict)  # skill id -> level
    capacity: int | None = None  # None: no limit
    load: int = 0  # open tickets of the team (weighted)
    absence: str | None = None  # one of ABSENCES, or None


@dataclass(frozen=True, slots=True)
class Need:
    """A ticket to assign."""

    key: object  # the ticket's id, or its position before it exists
    skill_ids: frozenset = frozenset()
    weight: int = 1
    last_agent_id: int | None = None  # agent of the customer's last ticket


@dataclass(frozen=True, slots=True)
class Skip:
    user_id: int
    reason: str
    missing: tuple = ()  # skill ids the agent lacks (reason SKILL)


@dataclass(slots=True)
class Assignment:
    key: object
    user_id: int | None
    candidates: tuple = ()
    skipped: tuple = ()
    returning: bool = False
    # another transaction was assigning in the team: queued without looking
    # at the agents, assigned as soon as that transaction ends
    busy: bool = False

    @property
    def queued(self):
        return self.user_id is None


class Assigner:
    """Assigns a batch of tickets to the agents of one team."""

    def __init__(
        self, agents, method="fewest_open", by_skill=False, returning=False, turns=()
    ):
        self.agents = sorted(agents, key=lambda a: a.user_id)
        self.method = method
        self.by_skill = by_skill
        self.returning = returning
        # round robin counter values, one used per assigned ticket
        self.turns = iter(turns)
        self.load = {a.user_id: a.load for a in self.agents}

    def _skip(self, agent, need):
        if agent.absence:
            return Skip(agent.user_id, agent.absence)
        if self.by_skill and need.skill_ids:
            missing = tuple(sorted(need.skill_ids.difference(agent.skills)))
            if missing:
                return Skip(agent.user_id, SKILL, missing)
        if (
            agent.capacity is not None
            and self.load[agent.user_id] + need.weight > agent.capacity
        ):
            return Skip(agent.user_id, CAPACITY)
        return None

    def _level(self, agent, need):
        return sum(agent.skills.get(skill_id, 0) for skill_id in need.skill_ids)

    def assign_one(self, need):
        candidates, skipped = [], []
        for agent in self.agents:
            skip = self._skip(agent, need)
            if skip:
                skipped.append(skip)
            else:
                candidates.append(agent)
        result = Assignment(
            need.key,
            None,
            tuple(a.user_id for a in candidates),
            tuple(skipped),
        )
        if not candidates:
            return result
        chosen = None
        if self.returning and need.last_agent_id:
            chosen = next(
                (a for a in candidates if a.user_id == need.last_agent_id), None
            )
            result.returning = chosen is not None
        if chosen is None and self.method == "round_robin":
            turn = next(self.turns, None)
            if turn is not None:
                chosen = candidates[(turn - 1) % len(candidates)]
        if chosen is None:
            chosen = min(
                candidates,
                key=lambda a: (self.load[a.user_id], -self._level(a, need), a.user_id),
            )
        self.load[chosen.user_id] += need.weight
        result.user_id = chosen.user_id
        return result

    def assign(self, needs):
        """One :class:`Assignment` per need, in the order given (the caller
        orders a queue by priority, then age)."""
        return [self.assign_one(need) for need in needs]


def order_queue(rows):
    """Queued tickets, highest priority first, then oldest: rows are
    (ticket id, priority, create date)."""
    return sorted(rows, key=lambda r: (-int(r[1] or 0), r[2], r[0]))


# agents named per line of an assignment's log entry (a team of 200 agents
# at capacity logs one line "Agent 1, ..., Agent 10 (+190 more): at capacity")
MAX_NAMED = 10


def log_entry(env, assignment, users, skills):
    """The routing log entry of an assignment: one line per reason agents
    were skipped for (naming up to :data:`MAX_NAMED` of them), the other
    candidates, the choice; names as at assignment time.

    :param users: {user id: res.users record} (sudo, for their names)
    :param skills: {skill id: helpdesk.routing.skill record}
    """
    _ = env._
    reasons = {
        AWAY: _("away"),
        OFF_HOURS: _("outside working hours"),
        TIME_OFF: _("on time off"),
        SKILL: _("lacks skills"),
        CAPACITY: _("at capacity"),
    }
    Users = env["res.users"]

    def named(user_ids, seen):
        shown = user_ids[:MAX_NAMED]
        if len(user_ids) > MAX_NAMED:
            seen = compose(
                _("%(text)s (and %(count)s more)"),
                text=seen,
                count=len(user_ids) - MAX_NAMED,
            )
        records = Users.browse(shown).with_env(users[shown[0]].env)
        return (Ref.of(records),), seen

    groups = {}
    for skip in assignment.skipped:
        groups.setdefault((skip.reason, skip.missing), []).append(skip.user_id)
    lines = []
    for (reason, missing), user_ids in groups.items():
        seen = (reasons[reason],)
        if missing:
            seen = compose(
                _("%(reason)s: %(skills)s"),
                reason=reasons[reason],
                skills=join(
                    ", ", [(Ref.of(skills[sid]),) for sid in missing if sid in skills]
                ),
            )
        label, seen = named(user_ids, seen)
        lines.append(ConditionResult(FAMILY, label, False, seen))
    others = [uid for uid in assignment.candidates if uid != assignment.user_id]
    if others:
        label, seen = named(others, (_("candidate"),))
        lines.append(ConditionResult(FAMILY, label, False, seen))
    if assignment.user_id:
        seen = (
            _("chosen: agent of the customer's last ticket")
            if assignment.returning
            else _("chosen")
        )
        lines.append(
            ConditionResult(FAMILY, (Ref.of(users[assignment.user_id]),), True, (seen,))
        )
        destination = _(
            "assigned to %(agent)s", agent=users[assignment.user_id].display_name
        )
    elif assignment.busy:
        destination = _(
            "left in the team queue: assigned once the team's concurrent "
            "assignment ends"
        )
    else:
        destination = _("left in the team queue: no available agent")
    return Entry(None, destination, tuple(lines), applied=not assignment.queued)
