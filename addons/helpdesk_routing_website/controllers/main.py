# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The public help form of the website (/support/new).

A visitor's request becomes a ticket of the channel *Web form*, routed like
any ticket, and its customer gets the acknowledgement. The form is the
portal's new-ticket form (same checks of the subject and description,
controllers/portal.py of helpdesk_routing) with, for a visitor who is not
signed in, a name and an email address:

- the customer is found by email (Odoo's normalized email, no duplicate
  partner) or created in the website's language;
- an address that belongs to a user account (portal or internal) is refused
  with a request to sign in: a visitor never adds a ticket to somebody's
  account, where it would show in their portal; a customer without an account
  gets the ticket and, by email, its acknowledgement, so they know;
- the confirmation page gives the reference only: the ticket's link goes to
  the email address, not to whoever typed it.

Against robots: Odoo's CSRF token (the form is served by this site), a
honeypot field, and a limit of requests per hour per email address and per
browser session (system parameter ``helpdesk_routing_website.hourly_limit``).
Whatever is refused is refused before anything is written.
"""

import time
from datetime import timedelta

from odoo import fields, http
from odoo.exceptions import ValidationError
from odoo.http import request
from odoo.tools import email_normalize, email_split

from odoo.addons.helpdesk_routing.controllers.portal import HelpdeskRoutingPortal

NAME_MAX = 100
EMAIL_MAX = 254
HOURLY_LIMIT = 5
# the honeypot: a field hidden from people, which robots fill in
HONEYPOT = "hs_website_url"
SESSION_KEY = "hs_website_ticket_times"


class TooManyRequests(ValidationError):
    """A request over the hourly limit (answered with HTTP 429)."""


class HelpdeskRoutingWebsite(HelpdeskRoutingPortal):
    @http.route(
        ["/support/new"],
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        sitemap=True,
    )
    def hs_website_ticket_new(self, **post):
        values = {"error": "", "error_login": False, "post": {}}
        if request.httprequest.method == "POST":
            try:
                vals = self._hs_website_ticket_values(post)
            except ValidationError as error:
                values.update(
                    {
                        "error": error.args[0],
                        "error_login": getattr(error, "hs_sign_in", False),
                        "post": {
                            key: value
                            for key, value in post.items()
                            if key != HONEYPOT and isinstance(value, str)
                        },
                    }
                )
                response = request.render(
                    "helpdesk_routing_website.website_hs_ticket_new", values
                )
                response.status_code = (
                    429 if isinstance(error, TooManyRequests) else 400
                )
                return response
            # a visitor's request is not followed by the public user
            request.update_context(mail_create_nosubscribe=True)
            ticket = self._hs_create_ticket(vals)
            self._hs_website_count_request()
            request.session["hs_website_ticket_number"] = ticket.number
            return request.redirect("/support/thanks")
        return request.render("helpdesk_routing_website.website_hs_ticket_new", values)

    @http.route(
        ["/support/thanks"], type="http", auth="public", website=True, sitemap=False
    )
    def hs_website_ticket_thanks(self, **kw):
        number = request.session.get("hs_website_ticket_number")
        if not number:
            return request.redirect("/support/new")
        return request.render(
            "helpdesk_routing_website.website_hs_ticket_thanks", {"number": number}
        )

    # ------------------------------------------------------------------
    # the values of the ticket
    # ------------------------------------------------------------------
    def _hs_website_ticket_values(self, post):
        """The values of the visitor's ticket; ValidationError (nothing
        written) for a robot, a request over the limit or bad input."""
        _ = request.env._
        if post.get(HONEYPOT):
            raise ValidationError(_("Your request could not be sent."))
        self._hs_website_check_session_limit()
        # subject and description: the portal form's checks
        vals = self._hs_ticket_new_values(post)
        user = request.env.user
        if user._is_public():
            name, email = self._hs_website_visitor_identity(post)
            self._hs_website_check_email_limit(email)
            vals["partner_id"] = self._hs_website_find_or_create_customer(
                name, email
            ).id
        else:
            # signed in: the request is always the user's, whatever was posted
            vals["partner_id"] = user.partner_id.id
        channel = self._hs_website_channel()
        vals["channel_id"] = channel.id
        return vals

    def _hs_website_visitor_identity(self, post):
        _ = request.env._
        name = post.get("name")
        email = post.get("email")
        if not isinstance(name, str) or not isinstance(email, str):
            raise ValidationError(_("Please give your name and your email address."))
        name = " ".join(name.split())
        email = email.strip()
        if not name:
            raise ValidationError(_("Please give your name."))
        if len(name) > NAME_MAX or "\x00" in name:
            raise ValidationError(
                _("The name is too long (at most %(max)s characters).", max=NAME_MAX)
            )
        normalized = (
            email_normalize(email, strict=True)
            if len(email) <= EMAIL_MAX and "\x00" not in email
            else False
        )
        if not normalized or len(email_split(email)) != 1:
            raise ValidationError(_("Please give one valid email address."))
        return name, normalized

    def _hs_website_find_or_create_customer(self, name, email):
        """The customer of a visitor's request: the partner of this email
        address (the oldest, among the website company's and the shared
        ones), or a new one in the website's language; ValidationError when
        the address belongs to a user account."""
        _ = request.env._
        # sudo: a visitor reads no partner; only the partners of the given
        # address are looked at, and nothing of them is shown
        Partner = request.env["res.partner"].sudo()
        # any account of the address, in any company
        accounts = (
            request.env["res.users"]
            .sudo()
            .search_count([("partner_id.email_normalized", "=", email)], limit=1)
        )
        if accounts:
            error = ValidationError(
                _(
                    "An account uses this email address: please sign in to send "
                    "your request, so that it shows in your account."
                )
            )
            error.hs_sign_in = True
            raise error
        partners = Partner.search(
            [
                ("email_normalized", "=", email),
                ("company_id", "in", [False, request.website.company_id.id]),
            ],
            order="id",
            limit=1,
        )
        if partners:
            return partners
        lang = request.lang.code if request.lang else False
        return Partner.create({"name": name, "email": email, "lang": lang})

    def _hs_website_channel(self):
        # the channel the routing rules know as "Web form" (helpdesk_routing)
        channel = request.env.ref(
            "helpdesk_routing.helpdesk_routing_channel_web_form",
            raise_if_not_found=False,
        )
        if not channel:
            # sudo: configuration, read for a visitor
            channel = (
                request.env["helpdesk.routing.channel"]
                .sudo()
                .search([("code", "=", "web_form")], limit=1)
            )
        return channel

    # ------------------------------------------------------------------
    # limits
    # ------------------------------------------------------------------
    def _hs_website_hourly_limit(self):
        # sudo: a system parameter, read for a visitor
        value = (
            request.env["ir.config_parameter"]
            .sudo()
            .get_param("helpdesk_routing_website.hourly_limit", HOURLY_LIMIT)
        )
        try:
            return max(int(value), 1)
        except (TypeError, ValueError):
            return HOURLY_LIMIT

    def _hs_website_too_many(self):
        return TooManyRequests(
            request.env._(
                "You have sent too many requests: please try again in an hour."
            )
        )

    def _hs_website_check_session_limit(self):
        now = time.time()
        recent = [t for t in request.session.get(SESSION_KEY, []) if now - t < 3600]
        if len(recent) >= self._hs_website_hourly_limit():
            raise self._hs_website_too_many()

    def _hs_website_count_request(self):
        now = time.time()
        recent = [t for t in request.session.get(SESSION_KEY, []) if now - t < 3600]
        request.session[SESSION_KEY] = recent + [now]

    def _hs_website_check_email_limit(self, email):
        """At most the hourly limit of web tickets per email address."""
        channel = self._hs_website_channel()
        # sudo: counting the web tickets of the address, for a visitor
        count = (
            self._hs_tickets_sudo()
            .with_context(active_test=False)
            .search_count(
                [
                    ("partner_id.email_normalized", "=", email),
                    ("channel_id", "=", channel.id),
                    ("create_date", ">", fields.Datetime.now() - timedelta(hours=1)),
                ]
            )
        )
        if count >= self._hs_website_hourly_limit():
            raise self._hs_website_too_many()
