# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL, split_every

from odoo.addons.helpdesk_segments.tools import list_changes

# customers whose open tickets are looked up in one search
REROUTE_CHUNK = 10000
# the queued "field" saying that events of a type were added or removed for
# a customer: "event:<type id>" (see helpdesk.routing.event)
EVENT_MARK = "event:"


def event_mark(type_id):
    return f"{EVENT_MARK}{type_id}"


class HelpdeskCustomerList(models.Model):
    _inherit = "helpdesk.customer.list"

    event_condition_ids = fields.One2many(
        "helpdesk.customer.list.event.condition",
        "list_id",
        string="Customer Events",
        copy=True,
        help="What the customers did: e.g. placed an order at least twice in the "
        "last 30 days, or did not renew in the last 365 days. Customers enter and "
        "leave as their events arrive and as they age out of the window.",
    )

    # ------------------------------------------------------------------
    # Event conditions in the list's one statement
    # ------------------------------------------------------------------
    def _members_query(self, now=None):
        """The conditions on what the customers did, added to the list's
        query as correlated sub-queries on their events, read with the
        rights of the list's owner (as the rest of the conditions); the
        list's company counts the events of no company or of its own."""
        query = super()._members_query(now)
        event_conditions = self.sudo().event_condition_ids
        if not event_conditions:
            return query
        now = now or fields.Datetime.now()
        Event = self._owner_partner_model().env["helpdesk.routing.event"]
        company = self.sudo().company_id
        partner_id = SQL.identifier(query.table, "id")
        for condition in event_conditions:
            query.add_where(
                condition._hs_partner_sql(
                    Event, partner_id, now, company.ids if company else None
                )
            )
        return query

    def _hs_event_conditions_changed(self):
        # narrow sudo: the refresh mode of lists whose conditions were just
        # changed (by someone allowed to)
        self.sudo().filtered(
            lambda lst: lst.refresh_mode == "incremental"
        )._hs_redefined()

    def _hs_reads(self):
        """An always-fresh list with event conditions also reads the events
        of their types (``event:<type id>`` marks, queued by the events)."""
        reads = super()._hs_reads()
        types = self.sudo().event_condition_ids.type_id
        if not types or reads.fields is None:
            return reads
        return list_changes.ListReads(
            reads.fields | {event_mark(type_id) for type_id in types.ids},
            reads.follows,
            reads.lists,
        )

    def _hs_moves_with_time(self):
        return super()._hs_moves_with_time() or bool(self.sudo().event_condition_ids)

    def _hs_moved_windows(self, before, now):
        """Plus the customers whose events entered or left the window of an
        event condition since ``before`` (range queries on the events)."""
        windows = super()._hs_moved_windows(before, now)
        # narrow sudo: ids of customers to evaluate again, with the owner's
        # rights (the evaluation itself reads as the owner)
        Event = self.env["helpdesk.routing.event"].sudo()
        windows += [
            condition._hs_moved_window_sql(Event, before, now)
            for condition in self.sudo().event_condition_ids
        ]
        return windows

    def _on_members_changed(self, joined_ids, left_ids):
        """Customers who entered or left the list are, for a re-routing rule
        whose customer filter looks at list membership, customers who
        changed: their open tickets, still unassigned or new, are re-routed
        (nothing is searched when no such rule exists)."""
        res = super()._on_members_changed(joined_ids, left_ids)
        Rule = self.env["helpdesk.routing.rule"]
        if "hs_customer_list_ids" in Rule._reroute_customer_fields():
            Partner = self.env["res.partner"]
            router = self.env["helpdesk.routing.ticket"]._hs_router()
            for partner_ids in split_every(REROUTE_CHUNK, joined_ids + left_ids, list):
                router.reroute_customers(
                    Partner.browse(partner_ids), {"hs_customer_list_ids"}
                )
        return res
