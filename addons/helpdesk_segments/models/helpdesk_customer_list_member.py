# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HelpdeskCustomerListMember(models.Model):
    """A customer stored as member of a list. Written only by the refresh
    (set-based SQL); nobody creates or edits these rows through the ORM.

    No create/write uid and date columns (``joined_at`` is the date): each
    row they would add costs two foreign-key checks in every increment."""

    _name = "helpdesk.customer.list.member"
    _inherit = ["helpdesk.input.mixin"]
    _description = "Customer List Member"
    _log_access = False
    _order = "joined_at desc, id desc"
    _rec_name = "partner_id"

    list_id = fields.Many2one(
        "helpdesk.customer.list",
        string="List",
        required=True,
        ondelete="cascade",
        readonly=True,
    )  # indexed by list_partner_uniq (list_id first)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    joined_at = fields.Datetime(
        string="Member Since", required=True, readonly=True, default=fields.Datetime.now
    )

    _sql_constraints = [
        (
            "list_partner_uniq",
            "unique(list_id, partner_id)",
            "A customer is a member of a list only once.",
        ),
    ]
