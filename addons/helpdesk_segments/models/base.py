# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from ..tools.visibility import hide_hidden_tags


class Base(models.AbstractModel):
    _inherit = "base"

    @api.model
    def _search(self, domain, *args, **kwargs):
        # Conditions on tags of groups hidden from agents go through the tags'
        # record rules, on every model: Odoo compiles some of them without
        # (see tools/visibility.py), and reaches customers' tags from other
        # models too (res.users inherits them, auto_join fields). A no-op for
        # the superuser and Helpdesk Managers.
        return super()._search(hide_hidden_tags(self, domain), *args, **kwargs)
