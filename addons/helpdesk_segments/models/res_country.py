# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResCountry(models.Model):
    _inherit = "res.country"

    def write(self, vals):
        res = super().write(vals)
        # conditions such as country_id.code: the always-fresh lists reading
        # the customers' country follow (sudo: the queue is no record of the
        # user; the lists are evaluated with their owners' rights)
        self.env["helpdesk.customer.list"].sudo()._hs_linked_records_changed(
            "country_id", self.ids
        )
        return res


class ResCountryState(models.Model):
    _inherit = "res.country.state"

    def write(self, vals):
        res = super().write(vals)
        self.env["helpdesk.customer.list"].sudo()._hs_linked_records_changed(
            "state_id", self.ids
        )
        return res
