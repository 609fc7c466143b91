# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What routing decides, as plain typed values (no recordset, no dict).

A :class:`Decision` per ticket: the team to set (or None), what to add (saved
views, tags, followers), the priority, and the :class:`Entry` of each rule
that matched or was skipped (plus the fallback), with the
:class:`ConditionResult` of each of its conditions. Ids, not records: the
ticket model applies a decision with its own writes
(``helpdesk.routing.ticket._hs_apply_routing``), the log stores its entries.
"""

from dataclasses import dataclass, field

from .explain import from_json

# families of conditions (shown in the explanation and the log)
EVENT, CUSTOMER, TICKET = "event", "customer", "ticket"


@dataclass(slots=True)
class ConditionResult:
    """One condition of a rule, evaluated for one ticket."""

    family: str
    label: tuple  # explain.Text
    held: bool
    seen: tuple = ()  # explain.Text: the values the condition looked at

    @classmethod
    def from_json(cls, data):
        return cls(
            data.get("family") or "",
            from_json(data.get("label")),
            bool(data.get("held")),
            from_json(data.get("seen")),
        )


@dataclass(frozen=True, slots=True)
class Entry:
    """A rule that matched (or was skipped because it cannot be evaluated),
    or the fallback, for one ticket (or several: entries are immutable, the
    tickets routed by a rule with the same results share one)."""

    rule_id: int | None
    destination: str
    # ConditionResult of each condition (a tuple the routing of a batch
    # shares between the tickets with the same results: read-only)
    conditions: tuple = ()
    fallback: bool = False
    # the fallback sent the ticket to the company's fallback team
    routed: bool = False
    # why the rule was skipped (it could not be evaluated), or None
    fault: str | None = None
    # the rule's destination was applied (not a team already chosen or kept)
    applied: bool = False

    @property
    def shown_in_chatter(self):
        return not self.fault and (not self.fallback or self.routed)


@dataclass(slots=True)
class Decision:
    """What routing does with one ticket.

    The ids to add are frozensets (usually the shared empty one: a decision
    is made for every ticket created, and four new empty sets each would
    only feed Python's garbage collector); a rule adding some replaces
    them with their union."""

    team_id: int | None = None
    view_ids: frozenset = frozenset()
    tag_ids: frozenset = frozenset()
    follower_ids: frozenset = frozenset()
    priority: str | None = None
    entries: list = field(default_factory=list)
    # skills the ticket needs (rule action "requires skills"), for assignment
    skill_ids: frozenset = frozenset()

    @property
    def matched(self):
        """Whether a rule matched (not only the fallback or skipped rules)."""
        return any(not e.fallback and not e.fault for e in self.entries)

    def is_empty(self):
        return not (
            self.team_id
            or self.view_ids
            or self.tag_ids
            or self.follower_ids
            or self.priority
            or self.entries
            or self.skill_ids
        )


@dataclass(frozen=True, slots=True)
class RuleActions:
    """What a rule does when it matches, read once per batch."""

    team_id: int | None
    destination: str
    view_id: int | None
    priority: str | None
    tag_ids: tuple
    follower_ids: tuple
    continue_matching: bool
    skill_ids: tuple = ()
