# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.tools import SQL

from ..engine.sequence import Enroller, stop_enrollments


class HelpdeskRoutingTicket(models.Model):
    _inherit = "helpdesk.routing.ticket"

    # ------------------------------------------------------------------
    # starting: a ticket tag added (the ticket's customer starts); leaving:
    # the starting tag removed from the ticket. No query on ticket creation
    # or tag writes when no running sequence starts from a ticket tag
    # (cached), two queries per batch otherwise.
    # ------------------------------------------------------------------
    def _hs_sequence_tag_rows(self, tag_ids):
        self.flush_recordset(["tag_ids", "partner_id"])
        rows = self.env.execute_query(
            SQL(
                "SELECT t.id, rel.tag_id, t.partner_id "
                "FROM helpdesk_routing_ticket_tag_rel rel "
                "JOIN helpdesk_routing_ticket t ON t.id = rel.ticket_id "
                "WHERE rel.ticket_id = ANY(%s) AND rel.tag_id = ANY(%s)",
                self.ids,
                list(tag_ids),
            )
        )
        return set(rows)

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        if any(vals.get("tag_ids") for vals in vals_list):
            tags = self.env["helpdesk.routing.sequence"]._hs_triggers()["ticket_tag"]
            if tags:
                tickets._hs_sequence_tags_changed(tags, set())
        return tickets

    def write(self, vals):
        if "tag_ids" not in vals or not self:
            return super().write(vals)
        tags = self.env["helpdesk.routing.sequence"]._hs_triggers()["ticket_tag"]
        if not tags:
            return super().write(vals)
        before = self._hs_sequence_tag_rows(tags)
        res = super().write(vals)
        self._hs_sequence_tags_changed(tags, before)
        return res

    def _hs_sequence_tags_changed(self, tags, before):
        after = self._hs_sequence_tag_rows(tags)
        before_pairs = {(ticket, tag) for ticket, tag, _p in before}
        after_pairs = {(ticket, tag) for ticket, tag, _p in after}
        removed = {row for row in before if row[:2] not in after_pairs}
        if removed:
            stop_enrollments(
                self.env,
                partner_ids={partner for _t, _tag, partner in removed if partner},
                skip=self.env.context.get("hs_sequence_running") or (),
            )
        added = sorted(row for row in after if row[:2] not in before_pairs)
        if added:
            # the engine writes enrollments, whoever tagged the ticket
            Enroller(self.env(su=True)).start(
                [
                    (seq_id, partner_id, ticket_id)
                    for ticket_id, tag_id, partner_id in added
                    if partner_id
                    for seq_id in tags.get(tag_id, ())
                ],
                "ticket_tag",
            )
