# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, create_index

from .helpdesk_customer_list import EVENT_MARK, event_mark

# fields of an event whose change may change what the customer did
EVENT_CONDITION_FIELDS = ("partner_id", "type_id", "occurred_at", "company_id")
RETENTION_PARAM = "helpdesk_routing.event_retention_days"
DEFAULT_RETENTION_DAYS = 365


class HelpdeskRoutingEvent(models.Model):
    _name = "helpdesk.routing.event"
    _inherit = ["helpdesk.input.mixin"]
    _description = "Customer Event"
    _order = "occurred_at desc, id desc"
    _rec_name = "type_id"
    # the customer must be shared (no company) or of the event's company
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    type_id = fields.Many2one(
        "helpdesk.routing.event.type",
        string="Event",
        required=True,
        index=True,
        ondelete="restrict",
    )
    occurred_at = fields.Datetime(
        string="Occurred on", required=True, default=fields.Datetime.now, index=True
    )
    value = fields.Float()
    reference = fields.Char(index="btree_not_null")
    properties = fields.Json(help="Free data sent by the integration (JSON object).")
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )

    def init(self):
        create_index(
            self.env.cr,
            "helpdesk_routing_event_partner_type_occurred_index",
            self._table,
            ["partner_id", "type_id", "occurred_at"],
        )

    @api.depends("type_id", "partner_id")
    def _compute_display_name(self):
        for event in self:
            event.display_name = self.env._(
                "%(event)s by %(customer)s",
                event=event.type_id.name or "",
                customer=event.partner_id.display_name or "",
            )

    @api.model_create_multi
    def create(self, vals_list):
        """Accept ``type_code`` instead of ``type_id`` (integrations), resolved
        with one search for the whole batch."""
        self._hs_check_input_vals(
            vals_list,
            field_filter=lambda name: name != "type_code",
            operation="create",
        )
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            code = vals.get("type_code")
            if code and (not isinstance(code, str) or "\x00" in code):
                raise ValidationError(
                    self.env._(
                        "The customer event type code must be a text, not %(value)s.",
                        value=repr(code)[:80],
                    )
                )
        codes = {vals["type_code"] for vals in vals_list if vals.get("type_code")}
        if codes:
            types = (
                self.env["helpdesk.routing.event.type"]
                .with_context(active_test=False)
                .search_fetch([("code", "in", list(codes))], ["code"])
            )
            by_code = {t.code: t.id for t in types}
            unknown = sorted(codes - set(by_code))
            if unknown:
                raise UserError(
                    self.env._(
                        "Unknown customer event type code(s): %(codes)s",
                        codes=", ".join(unknown),
                    )
                )
        for vals in vals_list:
            code = vals.pop("type_code", None)
            if code and not vals.get("type_id"):
                vals["type_id"] = by_code[code]
        events = super().create(vals_list)
        if self._hs_lists_count_events():
            self._hs_customers_did(
                (event.partner_id.id, event.type_id.id) for event in events
            )
        return events

    def write(self, vals):
        if not self._hs_lists_count_events() or not any(
            fname in vals for fname in EVENT_CONDITION_FIELDS
        ):
            return super().write(vals)
        before = self._hs_partner_types()
        res = super().write(vals)
        self._hs_customers_did(before + self._hs_partner_types())
        return res

    def unlink(self):
        if self._hs_lists_count_events():
            self._hs_customers_did(self._hs_partner_types())
        return super().unlink()

    @api.model
    def _hs_lists_count_events(self):
        """Whether an always-fresh customer list counts events (no query:
        what the lists read is cached per worker)."""
        list_ids, watched, __ = self.env[
            "helpdesk.customer.list"
        ]._hs_incremental_info()
        return bool(list_ids) and (
            watched is None or any(name.startswith(EVENT_MARK) for name in watched)
        )

    def _hs_partner_types(self):
        """``[(customer id, event type id)]`` of the events that exist, read
        in one query (records already deleted, as at uninstall, are none)."""
        if not self.ids:
            return []
        self.flush_recordset(["partner_id", "type_id"])
        return [
            tuple(row)
            for row in self.env.execute_query(
                SQL(
                    "SELECT partner_id, type_id FROM helpdesk_routing_event "
                    "WHERE id = ANY(%s)",
                    self.ids,
                )
            )
        ]

    @api.model
    def _hs_customers_did(self, partner_type_pairs):
        """Events of these (customer, event type) pairs were added, changed
        or removed: the customers are queued for the always-fresh lists with
        event conditions on these types (one statement per type; nothing
        when no list reads them)."""
        by_type = defaultdict(set)
        for partner_id, type_id in partner_type_pairs:
            by_type[type_id].add(partner_id)
        List = self.env["helpdesk.customer.list"]
        for type_id, partner_ids in by_type.items():
            List._hs_partners_changed(sorted(partner_ids), {event_mark(type_id)})

    # retention
    @api.model
    def _retention_days(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(RETENTION_PARAM, DEFAULT_RETENTION_DAYS)
        )
        try:
            return max(int(value), 0)
        except (TypeError, ValueError):
            return DEFAULT_RETENTION_DAYS

    @api.model
    def _cron_purge_events(self, batch_size=10000, max_batches=20):
        """Delete the events older than the retention period, by batches of
        set-based DELETEs; reports its progress to the cron runner (which
        runs it again while some remain)."""
        days = self._retention_days()
        if not days:
            return
        limit_date = fields.Datetime.now() - timedelta(days=days)
        self.env.flush_all()
        done = 0
        for _i in range(max_batches):
            self.env.cr.execute(
                SQL(
                    """DELETE FROM helpdesk_routing_event WHERE id IN (
                        SELECT id FROM helpdesk_routing_event
                        WHERE occurred_at < %s LIMIT %s)
                       RETURNING partner_id, type_id""",
                    limit_date,
                    batch_size,
                )
            )
            deleted = self.env.cr.fetchall()
            # the lists counting events "at any time" follow the purge
            self._hs_customers_did(set(deleted))
            done += len(deleted)
            if len(deleted) < batch_size:
                break
        self.env.invalidate_all()
        remaining = self.env.execute_query(
            SQL(
                "SELECT count(*) FROM helpdesk_routing_event WHERE occurred_at < %s",
                limit_date,
            )
        )[0][0]
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done
