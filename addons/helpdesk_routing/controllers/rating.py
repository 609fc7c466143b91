# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.http import request

from odoo.addons.rating.controllers.main import Rating


class HelpdeskRating(Rating):
    @http.route()
    def action_open_rating(self, token, rate, **kwargs):
        # a click on a face of the rating email: Odoo writes a feedback
        # ("Customer rated ...") for the customer; a ticket must not take it
        # for a comment (see helpdesk.routing.ticket.rating_apply)
        request.update_context(hs_rating_auto_feedback=True)
        return super().action_open_rating(token, rate, **kwargs)
