# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customers' *Tickets* in Odoo's portal (/my/support).

The URLs are not /my/tickets and /my/ticket: OCA helpdesk_mgmt and Odoo's
helpdesk route those, and both helpdesks may be installed together.

Portal users have no access right on tickets: nothing of a ticket can be read
over RPC. What a customer sees is decided by the tickets' record rules for
portal users (security/helpdesk_routing_customer_security.xml), evaluated here
for the current user, and narrowed to their commercial partner's tickets; the
templates show a fixed list of public fields, and the chatter only the
public messages (Odoo's portal chatter, with the ticket's access token).
"""

from urllib.parse import urlencode

from odoo import http
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import consteq, plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

TICKET = "helpdesk.routing.ticket"
PAGE_SIZE = 20
SUBJECT_MAX = 200
DESCRIPTION_MAX = 10000
# the Tickets card of /my: "show" or "hide"; by default it hides itself when
# another helpdesk with its own Tickets card is installed (OCA helpdesk_mgmt,
# Odoo's helpdesk: the model helpdesk.ticket); /my/support works in any case


class HelpdeskRoutingPortal(CustomerPortal):
    # ------------------------------------------------------------------
    # access
    # ------------------------------------------------------------------
    def _hs_ticket_domain(self):
        """The tickets the current user may see in the portal: the record
        rules of tickets for them, and only their commercial partner's."""
        user = request.env.user
        return expression.AND(
            [
                request.env["ir.rule"]._compute_domain(TICKET, "read"),
                [("partner_id", "child_of", user.partner_id.commercial_partner_id.id)],
            ]
        )

    def _hs_tickets_sudo(self):
        # sudo: portal users have no access right on tickets (nothing over
        # RPC); the domain is their record rules, see _hs_ticket_domain
        return request.env[TICKET].sudo()

    def _hs_ticket_check_access(self, ticket_id, access_token=None):
        """The ticket (sudo) if the user may see it, or its valid token was
        given; MissingError otherwise (no difference between a ticket that
        does not exist and one of somebody else)."""
        Ticket = self._hs_tickets_sudo()
        ticket = Ticket.browse(ticket_id).exists()
        if not ticket:
            raise MissingError(request.env._("This ticket does not exist."))
        if (
            access_token
            and ticket.access_token
            and consteq(ticket.access_token, access_token)
        ):
            return ticket
        if not request.env.user._is_public() and Ticket.search_count(
            expression.AND([[("id", "=", ticket.id)], self._hs_ticket_domain()]),
            limit=1,
        ):
            return ticket
        raise MissingError(request.env._("This ticket does not exist."))

    def _hs_portal_card_shown(self):
        return request.env[TICKET]._hs_portal_card_shown()

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "hs_ticket_count" in counters:
            values["hs_ticket_count"] = (
                self._hs_tickets_sudo().search_count(self._hs_ticket_domain())
                if self._hs_portal_card_shown()
                else 0
            )
        return values

    # ------------------------------------------------------------------
    # list and detail
    # ------------------------------------------------------------------
    def _hs_searchbar_sortings(self):
        _ = request.env._
        return {
            "date": {"label": _("Newest"), "order": "create_date desc, id desc"},
            "name": {"label": _("Subject"), "order": "name, id"},
            "stage": {"label": _("Stage"), "order": "stage_id, id desc"},
        }

    def _hs_searchbar_filters(self):
        _ = request.env._
        return {
            "all": {"label": _("All"), "domain": []},
            "open": {"label": _("Open"), "domain": [("is_closed", "=", False)]},
            "closed": {"label": _("Closed"), "domain": [("is_closed", "=", True)]},
        }

    @http.route(
        ["/my/support", "/my/support/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_hs_tickets(self, page=1, sortby=None, filterby=None, **kw):
        values = self._prepare_portal_layout_values()
        sortings = self._hs_searchbar_sortings()
        filters = self._hs_searchbar_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        domain = expression.AND([self._hs_ticket_domain(), filters[filterby]["domain"]])
        Ticket = self._hs_tickets_sudo()
        count = Ticket.search_count(domain)
        pager = portal_pager(
            url="/my/support",
            url_args={"sortby": sortby, "filterby": filterby},
            total=count,
            page=page,
            step=PAGE_SIZE,
        )
        tickets = Ticket.search(
            domain,
            order=sortings[sortby]["order"],
            limit=PAGE_SIZE,
            offset=pager["offset"],
        )
        request.session["my_hs_tickets_history"] = tickets.ids[:100]
        values.update(
            {
                "tickets": tickets,
                "page_name": "hs_ticket",
                "pager": pager,
                "default_url": "/my/support",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("helpdesk_routing.portal_my_hs_tickets", values)

    @http.route(
        ["/my/support/<int:ticket_id>"], type="http", auth="public", website=True
    )
    def portal_my_hs_ticket(self, ticket_id, access_token=None, **kw):
        try:
            ticket = self._hs_ticket_check_access(ticket_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._hs_ticket_page_values(ticket, access_token, **kw)
        return request.render("helpdesk_routing.portal_my_hs_ticket", values)

    def _hs_ticket_page_values(self, ticket, access_token, **kw):
        ticket._portal_ensure_token()
        rating = ticket.rating_ids.filtered("consumed").sorted(
            "write_date", reverse=True
        )[:1]
        values = {
            "page_name": "hs_ticket",
            "ticket": ticket,
            "hs_rating": rating,
            "hs_can_rate": ticket._hs_portal_can_rate(request.env.user),
            "hs_rate_query": (
                "?" + urlencode({"access_token": access_token}) if access_token else ""
            ),
            "user": request.env.user,
        }
        values = self._get_page_view_values(
            ticket, access_token, values, "my_hs_tickets_history", False, **kw
        )
        # the chatter reads and posts with the ticket's token: the customer
        # has no access right on tickets (see _hs_ticket_domain)
        values["token"] = ticket.access_token
        return values

    # ------------------------------------------------------------------
    # rating from the portal
    # ------------------------------------------------------------------
    @http.route(
        ["/my/support/<int:ticket_id>/rate/<int:rate>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_my_hs_ticket_rate(self, ticket_id, rate, access_token=None, **kw):
        """The faces of the ticket page: the customer's rating goes through
        Odoo's rating page (/rate/<token>/<rate>), as from the rating email,
        so it has the same effect (satisfaction, rating tag, "Bad rating"
        trigger) and the customer can add a comment there."""
        try:
            ticket = self._hs_ticket_check_access(ticket_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        if rate not in (1, 3, 5) or not ticket._hs_portal_can_rate(request.env.user):
            return request.redirect(ticket.get_portal_url())
        # the pending rating request of the ticket's customer, or a new one
        token = ticket._rating_get_access_token()
        return request.redirect(f"/rate/{token}/{rate}")

    # ------------------------------------------------------------------
    # new ticket
    # ------------------------------------------------------------------
    @http.route(
        ["/my/support/new"],
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_my_hs_ticket_new(self, **post):
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "hs_ticket_new", "error": "", "post": {}})
        if request.httprequest.method == "POST":
            try:
                vals = self._hs_ticket_new_values(post)
            except ValidationError as error:
                values.update({"error": error.args[0], "post": post})
                response = request.render(
                    "helpdesk_routing.portal_my_hs_ticket_new", values
                )
                response.status_code = 400
                return response
            ticket = self._hs_create_ticket(vals)
            return request.redirect(ticket.access_url)
        return request.render("helpdesk_routing.portal_my_hs_ticket_new", values)

    def _hs_ticket_new_values(self, post):
        """The values of a new portal ticket: subject and description only
        (anything else posted is ignored); ValidationError when they are not
        acceptable."""
        _ = request.env._
        subject = post.get("subject")
        description = post.get("description")
        if not isinstance(subject, str) or not isinstance(description, str | None):
            raise ValidationError(_("The ticket form was not filled in correctly."))
        subject = " ".join(subject.split())
        description = (description or "").strip()
        if not subject:
            raise ValidationError(_("Please give your request a subject."))
        if len(subject) > SUBJECT_MAX:
            raise ValidationError(
                _(
                    "The subject is too long (at most %(max)s characters).",
                    max=SUBJECT_MAX,
                )
            )
        if len(description) > DESCRIPTION_MAX:
            raise ValidationError(
                _(
                    "The description is too long (at most %(max)s characters).",
                    max=DESCRIPTION_MAX,
                )
            )
        if "\x00" in subject or "\x00" in description:
            raise ValidationError(_("The ticket form was not filled in correctly."))
        channel = request.env.ref(
            "helpdesk_routing.helpdesk_routing_channel_portal", raise_if_not_found=False
        )
        user = request.env.user
        return {
            "name": subject,
            # plain text only: whatever markup was typed is shown as text
            "description": plaintext2html(description) if description else False,
            "partner_id": user.partner_id.id,
            "channel_id": channel.id if channel else False,
        }

    def _hs_create_ticket(self, vals):
        # sudo: portal users cannot create tickets themselves; the values are
        # the checked subject and description, for their own partner. Routing
        # runs as on any new ticket.
        ticket = self._hs_tickets_sudo().create(vals)
        ticket._hs_send_acknowledgement()
        return ticket
