# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HelpdeskCustomerListHistory(models.Model):
    """Membership history: one row each time a customer joins or leaves a
    list, written by the refresh in the same statement as the members.
    No create/write uid and date columns (``date`` is the date), as the
    members."""

    _name = "helpdesk.customer.list.history"
    _inherit = ["helpdesk.input.mixin"]
    _description = "Customer List Membership History"
    _log_access = False
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    list_id = fields.Many2one(
        "helpdesk.customer.list",
        string="List",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    event = fields.Selection(
        [("joined", "Joined"), ("left", "Left")], required=True, readonly=True
    )
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    change = fields.Integer(
        help="+1 when the customer joined, -1 when they left: the sum over a "
        "period is the growth of the list.",
        readonly=True,
        aggregator="sum",
    )
    # when the refresh that wrote the row held the list (database clock,
    # microseconds, UTC): from the start of its statement, run under the
    # list's refresh lock, to the insert of the row. Empty on the rows
    # written before these fields existed (no default to backfill).
    refresh_started_at = fields.Datetime(string="Refresh Started", readonly=True)
    refresh_ended_at = fields.Datetime(string="Refresh Ended", readonly=True)
