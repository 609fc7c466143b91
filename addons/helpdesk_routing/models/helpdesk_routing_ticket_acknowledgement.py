# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.tools import email_normalize


class HelpdeskRoutingTicket(models.Model):
    """Acknowledge tickets created from an email (kept apart from the
    ticket's intake and routing code)."""

    _inherit = "helpdesk.routing.ticket"

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        ticket = super().message_new(msg_dict, custom_values=custom_values)
        if not self._hs_is_mail_loop(msg_dict):
            ticket._hs_send_acknowledgement()
        return ticket

    @api.model
    def _hs_is_mail_loop(self, msg_dict):
        """Never answer an automatic email (auto-reply, bounce, bulk: see
        mail.thread._message_route_process) nor one of our own addresses."""
        if self.env.context.get("hs_mail_auto_submitted"):
            return True
        email = email_normalize(msg_dict.get("email_from") or "")
        if not email:
            return True
        # sudo: alias domains and aliases are configuration the gateway user
        # may not read; only their count is used
        domains = self.env["mail.alias.domain"].sudo().search([])
        own = set(
            domains.mapped("bounce_email")
            + domains.mapped("catchall_email")
            + domains.mapped("default_from_email")
        )
        if email in own:
            return True
        return bool(
            self.env["mail.alias"]
            .sudo()
            .search_count([("alias_full_name", "=", email)], limit=1)
        )
