# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.tools import email_split

# RFC 3834 Auto-Submitted, and the headers auto-responders use without it
AUTO_REPLY_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Auto-Response")
AUTO_PRECEDENCES = ("bulk", "junk", "list", "auto_reply")
AUTO_SENDERS = ("mailer-daemon", "postmaster", "noreply", "no-reply", "do-not-reply")


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def _message_route_process(self, message, message_dict, routes):
        """Flag automatic emails (auto-replies, bounces, bulk) in the context
        of their processing: ``hs_mail_auto_submitted``. Odoo answers none of
        them itself; the helpdesk acknowledgement must not answer them either
        (mail loops)."""
        auto = self._hs_is_auto_submitted(message, message_dict)
        return super(
            MailThread, self.with_context(hs_mail_auto_submitted=auto)
        )._message_route_process(message, message_dict, routes)

    @api.model
    def _hs_is_auto_submitted(self, message, msg_dict):
        auto_submitted = (message.get("Auto-Submitted") or "").strip().lower()
        if auto_submitted and auto_submitted != "no":
            return True
        if any(message.get(header) for header in AUTO_REPLY_HEADERS):
            return True
        precedence = (message.get("Precedence") or "").strip().lower()
        if precedence in AUTO_PRECEDENCES:
            return True
        if msg_dict.get("is_bounce"):
            return True
        emails = email_split(msg_dict.get("email_from") or "")
        local_part = emails[0].rsplit("@", 1)[0].lower() if emails else ""
        return local_part in AUTO_SENDERS
