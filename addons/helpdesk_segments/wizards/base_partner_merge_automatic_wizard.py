# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.tools import SQL


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """Merging moves the members and tags of the merged customers onto
        the one kept with SQL (no write): recount the lists they were in and
        have the always-fresh lists evaluate the customer kept."""
        ids = (
            partner_ids.ids
            if isinstance(partner_ids, models.BaseModel)
            else [int(pid) for pid in partner_ids]
        )
        self.env["helpdesk.customer.list.member"].flush_model()
        self.env["helpdesk.customer.list"].flush_model(["member_count"])
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT list_id FROM helpdesk_customer_list_member "
                "WHERE partner_id = ANY(%s)",
                ids,
            )
        )
        list_ids = [row[0] for row in self.env.cr.fetchall()]
        res = super()._merge(
            partner_ids, dst_partner=dst_partner, extra_checks=extra_checks
        )
        kept = self.env["res.partner"].browse(ids).exists()
        if list_ids:
            self.env.cr.execute(
                SQL(
                    """UPDATE helpdesk_customer_list l
                          SET member_count = (
                              SELECT count(*) FROM helpdesk_customer_list_member m
                               WHERE m.list_id = l.id)
                        WHERE l.id = ANY(%s)""",
                    list_ids,
                )
            )
            self.env["helpdesk.customer.list"].invalidate_model(["member_count"])
        if kept:
            # sudo: the queue is no record of the user (see res.partner)
            kept.sudo()._hs_customer_lists_customers_changed()
        return res
