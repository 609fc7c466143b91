# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    hs_helpdesk_unavailable = fields.Boolean(
        string="Unavailable for assignment",
        help="Automatic ticket assignment skips this user (holidays, sick leave...).",
    )

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + ["hs_helpdesk_unavailable"]

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["hs_helpdesk_unavailable"]
