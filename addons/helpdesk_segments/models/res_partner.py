# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Customer lists (helpdesk.customer.list)
    # ------------------------------------------------------------------
    hs_customer_list_ids = fields.Many2many(
        "helpdesk.customer.list",
        string="Customer Lists",
        compute="_compute_hs_customer_list_ids",
        search="_search_hs_customer_list_ids",
        help="The customer lists (that you can see) this customer belongs to, "
        "as of their last refresh.",
    )
    hs_customer_list_count = fields.Integer(
        string="Customer List Count", compute="_compute_hs_customer_list_ids"
    )

    def _compute_hs_customer_list_ids(self):
        CustomerList = self.env["helpdesk.customer.list"]
        lists_by_partner = defaultdict(list)
        # new records (forms being edited) count as their origin, if any
        partner_ids = [pid for pid in self._origin.ids if pid]
        if partner_ids and CustomerList.has_access("read"):
            self.env["helpdesk.customer.list.member"].flush_model()
            self.env.cr.execute(
                SQL(
                    "SELECT partner_id, array_agg(list_id) "
                    "FROM helpdesk_customer_list_member "
                    "WHERE partner_id IN %s GROUP BY partner_id",
                    tuple(partner_ids),
                )
            )
            rows = self.env.cr.fetchall()
            all_ids = {list_id for __, ids in rows for list_id in ids}
            # one search as the current user: the record rules decide which
            # lists can be shown
            visible = set(CustomerList.search([("id", "in", list(all_ids))]).ids)
            for partner_id, ids in rows:
                lists_by_partner[partner_id] = [lid for lid in ids if lid in visible]
        for partner in self:
            ids = lists_by_partner.get(partner._origin.id, [])
            partner.hs_customer_list_ids = CustomerList.browse(ids)
            partner.hs_customer_list_count = len(ids)

    def _search_hs_customer_list_ids(self, operator, value):
        if operator not in ("in", "not in", "=", "!="):
            raise NotImplementedError()
        if value is False or value is None or value == []:
            # "has no list" / "has any list"
            member_sql = SQL("(SELECT partner_id FROM helpdesk_customer_list_member)")
            positive = operator in ("!=", "not in")
        else:
            values = value if isinstance(value, list | tuple) else [value]
            lists_query = self.env["helpdesk.customer.list"]._search(
                [("id", "in", [v for v in values if isinstance(v, int)])]
                if all(isinstance(v, int) for v in values)
                else [("name", "in", list(values))]
            )
            member_sql = SQL(
                "(SELECT partner_id FROM helpdesk_customer_list_member "
                "WHERE list_id IN %s)",
                lists_query.subselect(),
            )
            positive = operator in ("in", "=")
        return [("id", "in" if positive else "not in", member_sql)]

    def action_hs_view_customer_lists(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_segments.helpdesk_customer_list_action"
        )
        action["domain"] = [("id", "in", self.hs_customer_list_ids.ids)]
        action["context"] = {"create": False}
        return action

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        self._hs_customer_lists_customers_changed()
        return partners

    def write(self, vals):
        res = super().write(vals)
        self._hs_customer_lists_customers_changed()
        return res

    @api.model
    def _hs_customer_lists_customers_changed(self):
        """Mark the auto-refreshed customer lists as stale (no query at all
        when there is none): the cron refreshes them in the background."""
        self.env["helpdesk.customer.list"].sudo()._mark_auto_refresh_lists_stale()
