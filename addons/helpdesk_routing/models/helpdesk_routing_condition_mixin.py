# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.helpdesk_segments.tools import conditions

from .helpdesk_routing_ticket import PRIORITIES

_logger = logging.getLogger(__name__)

MATCH = [("all", "All conditions"), ("any", "Any condition")]
# the filters of the conditions, and the model each one reads
FILTER_FIELDS = (
    ("partner_domain", "res.partner"),
    ("ticket_domain", "helpdesk.routing.ticket"),
)


class HelpdeskRoutingConditionMixin(models.AbstractModel):
    """The conditions on a ticket and its customer that routing rules and
    service level policies share, in the one condition language
    (``helpdesk_segments/tools/conditions.py``): their fields, how their
    filters are read and checked, and who is told when they cannot be
    evaluated. The routing evaluator (``engine/evaluator.py``) reads them.

    A model using it names its own relation tables for ``channel_ids`` and
    ``tag_ids`` (``relation``, ``column1``, ``column2``), and says in
    :meth:`_hs_filter_subject` whose filter an error is about. A model of
    another addon repeats ``selection`` on ``match`` and ``priority_min``:
    their values (and translations) then belong to that addon, which may be
    installed after this one."""

    _name = "helpdesk.routing.condition.mixin"
    _description = "Helpdesk Routing Ticket Conditions"

    match = fields.Selection(MATCH, required=True, default="all")
    # who the customer is
    partner_domain = fields.Char(
        string="Customer filter",
        default="[]",
        help="Customers (contacts) this rule applies to.",
    )
    # the ticket
    channel_ids = fields.Many2many(
        "helpdesk.routing.channel",
        string="Channels",
        help="The ticket came through one of these channels.",
    )
    tag_ids = fields.Many2many(
        "helpdesk.routing.tag",
        string="Ticket tags",
        help="The ticket has any of these tags.",
    )
    priority_min = fields.Selection(
        PRIORITIES, string="Priority at least", help="Empty: any priority."
    )
    ticket_domain = fields.Char(
        string="Ticket filter",
        default="[]",
        help="Any other condition on the ticket.",
    )

    # ------------------------------------------------------------------
    # filters
    # ------------------------------------------------------------------
    @api.model
    def _domain_eval_context(self):
        """The evaluation context of the filters: the one of every
        condition (``helpdesk_segments.tools.conditions.eval_context``),
        relative to now in the user's time zone."""
        return conditions.eval_context(self.env)

    @api.model
    def _parse_domain(self, text, raise_error=True):
        """The filter written in ``text`` as a normalized domain (a new
        list), read by the one condition parser; [] when it cannot be read
        and not ``raise_error``."""
        text = (text or "").strip()
        if text in ("", "[]"):
            return []
        # the same static text always gives the same domain: parsed once
        static = self._parse_static_domain(text)
        if static is not None:
            return list(static)
        try:
            return conditions.parse(self.env, text, self._domain_eval_context())
        except ValidationError:
            if raise_error:
                raise
            return []

    @api.model
    def _parse_static_domain(self, text):
        """A filter that names nothing of the evaluation context (no relative
        date, no uid), parsed: a pure function of the text, cached per
        process; None for the other texts."""
        return conditions.parse_static(text)

    @api.model
    def _domain_fields(self, domain):
        return conditions.top_fields(domain)

    def _check_filters(self):
        """Raise a translated ``ValidationError`` naming the record and the
        filter when a filter of ``self`` cannot be read (unknown field,
        code, bad syntax...)."""
        for record in self:
            for field_name, model in FILTER_FIELDS:
                try:
                    conditions.validate(
                        self.env,
                        model,
                        record[field_name] or "[]",
                        self._domain_eval_context(),
                    )
                except conditions.ConditionError as error:
                    label = record._fields[field_name]._description_string(self.env)
                    raise error.about(
                        self.env, record._hs_filter_subject(label)
                    ) from error

    def _hs_filter_subject(self, filter_label):
        """Whose filter a validation error is about, in words (e.g. "the
        Customer filter of the rule R"): each model says it."""
        raise NotImplementedError

    # ------------------------------------------------------------------
    # faults
    # ------------------------------------------------------------------
    def _hs_fault_user(self):
        """Who is told that the conditions cannot be evaluated: the manager
        who last edited the record, else the one who created it, else the
        administrator."""
        self.ensure_one()
        managers = self.env.ref("helpdesk_segments.group_helpdesk_manager").users
        return next(
            (
                user
                for user in (self.write_uid, self.create_uid)
                if user.active and not user.share and user in managers
            ),
            self.env.ref("base.user_admin", raise_if_not_found=False),
        )

    def _hs_fault_texts(self, date, reason):
        """``(error message, activity summary)`` of a fault found on
        ``date`` (UTC) for ``reason``: each model words its own."""
        raise NotImplementedError

    def _hs_flag_fault(self, reasons):
        """The conditions of these records could not be evaluated ({id:
        reason}): they go to the state *Error* with the reason and are
        skipped until a manager fixes them (saving the conditions, or Retry);
        the others decide meanwhile (see ``engine/evaluator.py``). The
        manager is told once per fault, not once per ticket: an activity on
        the record (a record in error is not evaluated again)."""
        date = fields.Datetime.to_string(fields.Datetime.now())
        # configuration the ticket's author may not write: flagged as
        # superuser, with the evaluator's reason only
        for record in self.sudo().filtered(lambda r: r.state != "error"):
            # before flagging: the flag's write is the ticket author's
            user = record._hs_fault_user()
            reason = reasons.get(record.id) or ""
            _logger.warning(
                "%s %s (%s) skipped and flagged: %s",
                record._name,
                record.id,
                record.name,
                reason,
            )
            message, summary = record._hs_fault_texts(date, reason)
            record.with_context(hs_condition_fault=True).write(
                {"state": "error", "error_message": message}
            )
            if user:
                record.activity_schedule(
                    "mail.mail_activity_data_warning",
                    user_id=user.id,
                    summary=summary,
                    note=record.error_message,
                )
