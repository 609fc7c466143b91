# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The two public links of the emails a follow-up sequence sends: the
customer's unsubscribe page and the image that tells the email was opened.
Both are reached by anonymous visitors; an HMAC token of the record's id
(engine/sequence.py) is the only key, checked with ``consteq`` before any
record is read."""

import base64
import logging

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.http import request
from odoo.tools import SQL, consteq

from ..engine.sequence import open_token, stop_enrollments, unsubscribe_token

_logger = logging.getLogger(__name__)

# a transparent 1x1 GIF
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


class HelpdeskSequenceController(http.Controller):
    @http.route(
        "/helpdesk/sequence/unsubscribe/<int:enrollment_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,  # a frontend page (Odoo's layout, the visitor's language)
        sitemap=False,
    )
    def hs_sequence_unsubscribe(self, enrollment_id, token, **post):
        """GET: a page that asks to confirm; POST (with the CSRF token of the
        page): the customer gets *No follow-up sequences* and leaves every
        sequence they are in."""
        if not consteq(token or "", unsubscribe_token(request.env, enrollment_id)):
            raise NotFound()
        # sudo: the visitor is anonymous; the token proves they got the email
        # of this enrollment, and only its customer is read and written
        enrollment = (
            request.env["helpdesk.routing.sequence.enrollment"]
            .sudo()
            .browse(enrollment_id)
            .exists()
        )
        if not enrollment:
            raise NotFound()
        partner = enrollment.partner_id
        done = partner.hs_sequence_opt_out
        if request.httprequest.method == "POST" and not done:
            partner.write({"hs_sequence_opt_out": True})
            stop_enrollments(enrollment.env, partner_ids=partner.ids)
            done = True
        return request.render(
            "helpdesk_routing_sequence.sequence_unsubscribe_page",
            {
                "enrollment_id": enrollment_id,
                "token": token,
                "company": enrollment.company_id or request.env.company,
                "done": done,
            },
        )

    @http.route(
        "/helpdesk/sequence/open/<int:log_id>/<string:token>.gif",
        type="http",
        auth="public",
        methods=["GET"],
        sitemap=False,
    )
    def hs_sequence_open(self, log_id, token, **kwargs):
        """The email's tracking image: the first load records when the email
        was opened. Always the image, whatever happens."""
        try:
            if consteq(token or "", open_token(request.env, log_id)):
                # plain SQL, no access rights: the token proves the email was
                # loaded; the one column opened_date of this row, once
                with request.env.cr.savepoint():
                    request.env.execute_query(
                        SQL(
                            "UPDATE helpdesk_routing_sequence_log "
                            "SET opened_date = %s "
                            "WHERE id = %s AND opened_date IS NULL",
                            fields.Datetime.now(),
                            log_id,
                        )
                    )
        except Exception:  # pylint: disable=broad-except
            _logger.exception("Follow-up sequences: open of step record %s", log_id)
        return request.make_response(
            PIXEL,
            headers=[
                ("Content-Type", "image/gif"),
                ("Content-Length", str(len(PIXEL))),
                ("Cache-Control", "no-store, no-cache, must-revalidate, max-age=0"),
            ],
        )
