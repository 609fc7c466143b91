# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from ..engine.sequence import Enroller, stop_enrollments


class ResPartner(models.Model):
    _inherit = "res.partner"

    hs_sequence_opt_out = fields.Boolean(
        string="No follow-up sequences",
        help="The customer unsubscribed: they leave every follow-up sequence "
        "and start none.",
    )
    hs_sequence_enrollment_ids = fields.One2many(
        "helpdesk.routing.sequence.enrollment",
        "partner_id",
        string="Follow-up sequences",
    )
    hs_sequence_count = fields.Integer(
        compute="_compute_hs_sequence_count", string="Sequences"
    )

    @api.depends_context("uid")
    def _compute_hs_sequence_count(self):
        groups = self.env["helpdesk.routing.sequence.enrollment"]._read_group(
            [("partner_id", "in", self.ids), ("state", "=", "active")],
            ["partner_id"],
            ["__count"],
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.hs_sequence_count = counts.get(partner.id, 0)

    # ------------------------------------------------------------------
    # starting: a customer tag added; leaving: the starting tag removed.
    # Two queries per write of tags (before/after), none when no running
    # sequence starts from a customer tag (cached).
    # ------------------------------------------------------------------
    def _hs_sequence_tag_pairs(self, tag_ids):
        self.flush_recordset(["category_id"])
        rows = self.env.execute_query(
            SQL(
                "SELECT partner_id, category_id "
                "FROM res_partner_res_partner_category_rel "
                "WHERE partner_id = ANY(%s) AND category_id = ANY(%s)",
                self.ids,
                list(tag_ids),
            )
        )
        return set(rows)

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if any(vals.get("category_id") for vals in vals_list):
            triggers = self.env["helpdesk.routing.sequence"]._hs_triggers()
            if triggers["partner_tag"]:
                partners._hs_sequence_tags_changed(triggers["partner_tag"], set(), None)
        return partners

    def write(self, vals):
        if "category_id" not in vals or not self:
            return super().write(vals)
        tags = self.env["helpdesk.routing.sequence"]._hs_triggers()["partner_tag"]
        if not tags:
            return super().write(vals)
        before = self._hs_sequence_tag_pairs(tags)
        res = super().write(vals)
        self._hs_sequence_tags_changed(tags, before, None)
        return res

    def _hs_sequence_tags_changed(self, tags, before, after):
        after = self._hs_sequence_tag_pairs(tags) if after is None else after
        removed = before - after
        if removed:
            # the customers who lost a starting tag leave (the enrollments
            # a sequence is running, which may remove its own tag, stay)
            stop_enrollments(
                self.env,
                partner_ids={partner_id for partner_id, _tag in removed},
                skip=self.env.context.get("hs_sequence_running") or (),
            )
        added = after - before
        if added:
            # the engine writes enrollments, whoever tagged the customer
            Enroller(self.env(su=True)).start(
                [
                    (seq_id, partner_id, None)
                    for partner_id, tag_id in sorted(added)
                    for seq_id in tags.get(tag_id, ())
                ],
                "partner_tag",
            )

    def action_hs_view_sequences(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_routing_sequence.helpdesk_routing_sequence_enrollment_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"search_default_filter_active": 1}
        return action
