# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""How the routing engine sees tickets.

The engine knows tickets only through a :class:`TicketAdapter`: which field
of the ticket model plays each role the conditions look at, which tickets
may still be re-routed, and how a decision is applied (the ticket model
writes itself). Routing another ticket model (OCA ``helpdesk_mgmt``'s
``helpdesk.ticket``) means writing an adapter for it.

A :class:`TicketBatch` holds the tickets of one routing call as plain
values, indexed by what the conditions look at.
"""

from collections import defaultdict

from odoo.tools import html2plaintext

# the roles a ticket field can play for the conditions
ROLES = (
    "partner_id",  # the customer (res.partner)
    "channel_id",  # helpdesk.routing.channel
    "priority",  # "0".."3"
    "alias_team_id",  # the team whose email alias the ticket came through
    "company_id",
    "team_id",
    "tag_ids",  # ticket tags
    "name",  # subject
    "description",  # html
)


class TicketAdapter:
    """The interface between the routing engine and a ticket model.

    Subclasses set :attr:`model` and :attr:`fields` (role -> field name of
    the model, for every role of :data:`ROLES`) and implement the methods
    below; the engine calls nothing else of the ticket model."""

    model = None
    fields = {}

    def __init__(self, env):
        self.env = env

    @property
    def Ticket(self):
        return self.env[self.model]

    def reroutable(self, tickets):
        """The tickets that may still be re-routed (open, and without team
        or still in their team's first stage)."""
        raise NotImplementedError

    def rule_records(self, rule, role):
        """What ``rule`` names for a role, as records of this ticket model's
        comodels: the channels (``channel_id``) and tags (``tag_ids``) its
        conditions ask for, the team whose email alias they ask for
        (``alias_team_id``), the team it routes to (``team_id``: empty when
        it routes to a saved view, or to no team of this model), the saved
        view it places tickets in (``view_id``: empty when this model has
        none) and the tags it adds (``add_tag_ids``)."""
        raise NotImplementedError

    def applicable_rules(self, rules):
        """The rules among ``rules`` that can apply to this model's tickets
        (all of them, unless a rule names what this model does not have)."""
        return rules

    def fallback_team(self, company):
        """The team tickets of ``company`` go to when no rule matched (empty:
        they stay unassigned)."""
        raise NotImplementedError

    def open_tickets(self, partners):
        """The open tickets of the customers ``partners`` (as superuser)."""
        raise NotImplementedError

    def apply(self, tickets, decisions, trigger):
        """Write the decisions ({ticket id: Decision}) on stored tickets and
        record them (log, chatter)."""
        raise NotImplementedError

    def finish_new(self, tickets, decisions):
        """Complete the routing of tickets just created with their
        decisions' values: followers, log, chatter."""
        raise NotImplementedError


class NewValues:
    """The values of tickets being created over their defaults, merged only
    when asked for (filters on the ticket: most batches have none)."""

    __slots__ = ("_defaults", "_merged", "_vals_list")

    def __init__(self, vals_list, defaults):
        self._vals_list = vals_list
        self._defaults = defaults
        self._merged = None

    def merged(self):
        if self._merged is None:
            self._merged = [{**self._defaults, **vals} for vals in self._vals_list]
        return self._merged


class TicketBatch:
    """The tickets of a batch as plain values keyed by role, indexed by
    what the conditions look at. Built from stored tickets
    (:meth:`from_tickets`) or from the values of tickets being created
    (:meth:`from_values`, keyed by their position: they have no id yet)."""

    def __init__(self, adapter, rows, tickets=None, values=None):
        self.adapter = adapter
        self.env = adapter.env
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
            self.index["alias"][row["alias_team_id"]].add(tid)
            for tag_id in row["tag_ids"]:
                self.index["tag"][tag_id].add(tid)
            self.by_company[row["company_id"]].add(tid)
            self.company_of[tid] = row["company_id"]

    @classmethod
    def from_tickets(cls, adapter, tickets):
        """Stored tickets (one read for the batch)."""
        names = adapter.fields
        rows = {}
        for row in tickets.read([names[role] for role in ROLES], load=None):
            rows[row["id"]] = {role: row[names[role]] for role in ROLES}
        return cls(adapter, rows, tickets=tickets)

    @classmethod
    def from_values(cls, adapter, vals_list, defaults):
        """Tickets about to be created, keyed by their position."""
        Ticket = adapter.Ticket
        fields = [(role, adapter.fields[role]) for role in ROLES]
        tags = Ticket._fields[adapter.fields["tag_ids"]]
        rows = {}
        for position, vals in enumerate(vals_list):
            # the values over the defaults, without a merged copy of each
            row = {
                role: (vals[name] if name in vals else defaults.get(name)) or False
                for role, name in fields
            }
            row["tag_ids"] = (
                tuple(
                    tag_id
                    for tag_id in tags.convert_to_cache(
                        row["tag_ids"], Ticket.browse(), validate=False
                    )
                    if isinstance(tag_id, int)
                )
                if row["tag_ids"]
                else ()
            )
            rows[position] = row
        return cls(adapter, rows, values=NewValues(vals_list, defaults))

    def subset(self, ticket_ids):
        """The batch restricted to some of its tickets."""
        return TicketBatch(
            self.adapter,
            {tid: row for tid, row in self.rows.items() if tid in ticket_ids},
            tickets=self._tickets,
            values=self._values,
        )

    def value(self, ticket_id, role):
        return self.rows[ticket_id][role]

    def record(self, ticket_id, role):
        """The record(s) a relational role of a ticket points at,
        prefetched with those of the whole batch."""
        field = self.adapter.Ticket._fields[self.adapter.fields[role]]
        multi = field.type == "many2many"
        value = self.rows[ticket_id][role]
        if not multi:
            value = [value] if value else []
        if role not in self._prefetch:
            self._prefetch[role] = tuple(
                {
                    record_id
                    for row in self.rows.values()
                    for record_id in (row[role] if multi else [row[role]])
                    if record_id
                }
            )
        return (
            self.env[field.comodel_name]
            .browse(value)
            .with_prefetch(self._prefetch[role])
        )

    def match_in_memory(self, domains):
        """{key: domain} -> {key: positions of the tickets being created
        that match}, on new records built from their values; a domain that
        cannot be evaluated gives its exception instead of positions."""
        if not domains:
            return {}
        Ticket = self.adapter.Ticket
        news = Ticket.concat(*(Ticket.new(vals) for vals in self._values.merged()))
        position = {new_id: index for index, new_id in enumerate(news._ids)}
        result = {}
        for key, domain in domains.items():
            try:
                result[key] = {
                    position[new_id] for new_id in news.filtered_domain(domain)._ids
                }
            except Exception as error:  # reported as the rule's fault
                result[key] = error
        return result

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


class RoutingTicketAdapter(TicketAdapter):
    """``helpdesk.routing.ticket``, this addon's tickets."""

    model = "helpdesk.routing.ticket"
    fields = {
        "partner_id": "partner_id",
        "channel_id": "channel_id",
        "priority": "priority",
        "alias_team_id": "hs_alias_team_id",
        "company_id": "company_id",
        "team_id": "team_id",
        "tag_ids": "tag_ids",
        "name": "name",
        "description": "description",
    }

    def reroutable(self, tickets):
        return tickets._hs_reroutable()

    def applicable_rules(self, rules):
        """Not the rules sending tickets to a team of another helpdesk only
        (helpdesk_routing_mgmt: a rule may name a helpdesk_mgmt team and
        none of ours): they do not route this helpdesk's tickets. (A draft
        rule naming no team yet previews on every helpdesk.)"""
        return rules.filtered(
            lambda r: (
                r.destination != "team" or r.team_id or not r._hs_destination_teams()
            )
        )

    def rule_records(self, rule, role):
        if role == "channel_id":
            return rule.channel_ids
        if role == "tag_ids":
            return rule.tag_ids
        if role == "alias_team_id":
            return rule.alias_team_id
        if role == "team_id":
            return rule.team_id if rule.destination == "team" else rule.team_id.browse()
        if role == "view_id":
            return rule.view_id if rule.destination == "view" else rule.view_id.browse()
        if role == "add_tag_ids":
            return rule.add_tag_ids
        raise KeyError(role)

    def fallback_team(self, company):
        team = company.helpdesk_routing_fallback_team_id
        if company.helpdesk_routing_fallback == "team" and team.active:
            return team
        return team.browse()

    def open_tickets(self, partners):
        return self.Ticket.sudo().search(
            [("partner_id", "in", partners.ids), ("is_closed", "=", False)]
        )

    def apply(self, tickets, decisions, trigger):
        tickets._hs_apply_routing(decisions, trigger)

    def finish_new(self, tickets, decisions):
        tickets._hs_finish_routing(decisions)
