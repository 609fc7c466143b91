# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo import api, fields, models
from odoo.tools import SQL

WINDOW_UNITS = {"minutes": 60, "hours": 3600, "days": 86400}


class HelpdeskRoutingEventConditionMixin(models.AbstractModel):
    """A condition on what the customer did: "did <event> at least <n>
    times in the last <window>" or "did not...". The routing rules hold some
    (``helpdesk.routing.rule.event.condition``, counted per ticket by the
    routing engine) and so do the customer lists
    (``helpdesk.customer.list.event.condition``, turned into SQL by
    :meth:`_hs_partner_sql`): one set of fields, labels and windows."""

    _name = "helpdesk.routing.event.condition.mixin"
    _inherit = ["helpdesk.input.mixin"]
    _description = "Customer Event Condition (mixin)"

    sequence = fields.Integer(default=10)
    did = fields.Selection(
        [("did", "did"), ("did_not", "did not")],
        string="The customer",
        required=True,
        default="did",
    )
    type_id = fields.Many2one(
        "helpdesk.routing.event.type",
        string="Event",
        required=True,
        ondelete="cascade",
    )
    min_count = fields.Integer(
        string="At least (times)",
        required=True,
        default=1,
        help="How many events of this type count as having done it.",
    )
    within = fields.Integer(
        string="Within the last",
        default=0,
        help="Length of the time window; 0 means at any time.",
    )
    within_unit = fields.Selection(
        [("minutes", "minutes"), ("hours", "hours"), ("days", "days")],
        string="Unit",
        required=True,
        default="days",
    )

    _sql_constraints = [
        (
            "min_count_positive",
            "CHECK(min_count >= 1)",
            "An event condition needs a count of at least 1.",
        ),
        (
            "within_positive",
            "CHECK(within >= 0)",
            "The time window of an event condition cannot be negative.",
        ),
    ]

    def _window_seconds(self):
        """Length of the window in seconds, None for 'at any time'."""
        self.ensure_one()
        if not self.within:
            return None
        return self.within * WINDOW_UNITS[self.within_unit]

    def _since(self, now):
        seconds = self._window_seconds()
        if seconds is None:
            return datetime(1970, 1, 1)
        return now - timedelta(seconds=seconds)

    def _window_label(self):
        self.ensure_one()
        if not self.within:
            return self.env._("at any time")
        unit = dict(self._fields["within_unit"]._description_selection(self.env))[
            self.within_unit
        ]
        return self.env._(
            "in the last %(count)s %(unit)s", count=self.within, unit=unit
        )

    def _label(self):
        self.ensure_one()
        if self.did == "did":
            return self.env._(
                "Customer did %(event)s at least %(count)s time(s) %(window)s",
                event=self.type_id.name,
                count=self.min_count,
                window=self._window_label(),
            )
        return self.env._(
            "Customer did not do %(event)s %(count)s time(s) %(window)s",
            event=self.type_id.name,
            count=self.min_count,
            window=self._window_label(),
        )

    def _holds(self, count):
        self.ensure_one()
        if self.did == "did":
            return count >= self.min_count
        return count < self.min_count

    def _implies(self, other):
        """True when this condition holding proves ``other`` holds (same
        event and direction, same or stricter count and window)."""
        self.ensure_one()
        if self.type_id != other.type_id or self.did != other.did:
            return False
        mine, theirs = self._window_seconds(), other._window_seconds()
        if self.did == "did":
            narrower = theirs is None or (mine is not None and mine <= theirs)
            return self.min_count >= other.min_count and narrower
        wider = mine is None or (theirs is not None and mine >= theirs)
        return self.min_count <= other.min_count and wider

    @api.depends("did", "type_id", "min_count", "within", "within_unit")
    def _compute_display_name(self):
        for condition in self:
            condition.display_name = condition._label()

    def _hs_partner_sql(self, event_model, partner_id, now, company_ids=None):
        """The condition as SQL on a res.partner row whose id is the SQL
        ``partner_id``: a correlated sub-query on the customer's events
        (through the index on (partner_id, type_id, occurred_at)), so that
        an increment evaluating a few customers reads only their events.

        ``event_model``: ``helpdesk.routing.event`` with the rights of whom
        the condition is evaluated for (its record rules apply);
        ``company_ids``: the events of no company or of these companies
        only (None: any). The events after ``now`` do not count yet."""
        self.ensure_one()
        domain = [("type_id", "=", self.type_id.id), ("occurred_at", "<=", now)]
        if self.within:
            domain.append(("occurred_at", ">=", self._since(now)))
        if company_ids is not None:
            domain.append(("company_id", "in", [False, *company_ids]))
        query = event_model._search(domain)
        query.add_where(
            SQL("%s = %s", SQL.identifier(query.table, "partner_id"), partner_id)
        )
        if self.min_count == 1:
            did = SQL("EXISTS(%s)", query.select(SQL("1")))
        else:
            did = SQL("(%s) >= %s", query.select(SQL("count(*)")), self.min_count)
        return did if self.did == "did" else SQL("NOT %s", did)

    def _hs_moved_window_sql(self, event_model, before, now):
        """SQL of the customers whose condition may hold otherwise at
        ``now`` than at ``before`` only because time passed: those with an
        event of the type in the window its start moved over, or one that
        was still to come at ``before``."""
        self.ensure_one()
        ranges = [("occurred_at", ">", before), ("occurred_at", "<=", now)]
        if self.within:
            ranges = [
                "|",
                "&",
                ("occurred_at", ">=", self._since(before)),
                ("occurred_at", "<=", self._since(now)),
                "&",
                *ranges,
            ]
        query = event_model._search([("type_id", "=", self.type_id.id), *ranges])
        return query.select(SQL("%s AS id", SQL.identifier(query.table, "partner_id")))
