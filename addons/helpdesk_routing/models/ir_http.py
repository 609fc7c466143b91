# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        info = super().session_info()
        user = self.env.user
        # the user menu's Away switch (static/src/user_menu/away_item.js),
        # for helpdesk agents only
        if user.has_group("helpdesk_segments.group_helpdesk_agent"):
            info["hs_helpdesk_away"] = user.hs_helpdesk_unavailable
        return info
