# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, split_every

from ..engine import SlaEngine
from ..engine.escalation import Escalation

_logger = logging.getLogger(__name__)

# tickets escalated per run of the scheduled action (notes and activities:
# about a hundred queries each), and tickets whose status is refreshed (one
# UPDATE) per escalated ticket
ESCALATION_BATCH = 200
REFRESH_FACTOR = 50
# tickets filed before the install given their service level at a time
BACKFILL_BATCH = 1000

SLA_STATUSES = [
    ("on_track", "On track"),
    ("at_risk", "At risk"),
    ("breached", "Breached"),
    ("met", "Met"),
]
SLA_RESULTS = [("met", "Met"), ("breached", "Breached")]
# the routing log's entries written by service levels
SLA_TRIGGERS = ("sla", "sla_change", "escalation")


class HelpdeskRoutingTicket(models.Model):
    _inherit = "helpdesk.routing.ticket"

    # the routing log's entries of routing decisions on one side, of service
    # levels on the other (both on the Routing tab)
    routing_log_ids = fields.One2many(domain=[("trigger", "not in", SLA_TRIGGERS)])
    sla_log_ids = fields.One2many(
        "helpdesk.routing.log",
        "ticket_id",
        string="Service level decisions",
        readonly=True,
        domain=[("trigger", "in", SLA_TRIGGERS)],
    )
    sla_policy_id = fields.Many2one(
        "helpdesk.routing.sla.policy",
        string="Service level",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The first service level policy whose conditions the ticket meets "
        "(why: Routing tab).",
    )
    sla_start_date = fields.Datetime(
        string="SLA clock started", readonly=True, copy=False
    )
    sla_first_response_deadline = fields.Datetime(
        string="First response due", readonly=True, copy=False
    )
    sla_first_response_date = fields.Datetime(
        string="First response",
        readonly=True,
        copy=False,
        help="The first public reply of an agent to the customer.",
    )
    sla_first_response_result = fields.Selection(
        SLA_RESULTS, string="First response target", readonly=True, copy=False
    )
    sla_next_response_start = fields.Datetime(
        string="Customer waiting since",
        readonly=True,
        copy=False,
        help="The customer's message an agent has not answered yet.",
    )
    sla_next_response_deadline = fields.Datetime(
        string="Next response due", readonly=True, copy=False
    )
    sla_next_response_breached = fields.Boolean(
        string="Next response late", readonly=True, copy=False
    )
    sla_next_response_result = fields.Selection(
        SLA_RESULTS,
        string="Next response target",
        readonly=True,
        copy=False,
        help="Met: every message of the customer agents answered was answered "
        "in time; breached: one was not.",
    )
    sla_resolution_deadline = fields.Datetime(
        string="Resolution due", readonly=True, copy=False
    )
    sla_resolution_result = fields.Selection(
        SLA_RESULTS, string="Resolution target", readonly=True, copy=False
    )
    sla_deadline = fields.Datetime(
        string="SLA deadline",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The nearest deadline of the targets still open.",
    )
    sla_at_risk_date = fields.Datetime(
        string="SLA at risk from",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    sla_status = fields.Selection(
        SLA_STATUSES,
        string="SLA status",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="On track, at risk (most of the time of an open target has "
        "elapsed), breached (a target was missed), met (closed within every "
        "target). Kept up to date by the scheduled action Service levels: "
        "statuses and escalation.",
    )
    sla_paused_since = fields.Datetime(
        string="SLA paused since",
        readonly=True,
        copy=False,
        help="The ticket waits for the customer: the clocks are stopped.",
    )
    sla_paused_hours = fields.Float(
        string="SLA paused (working hours)",
        readonly=True,
        copy=False,
        help="Working time spent waiting for the customer: the deadlines moved "
        "by as much.",
    )
    sla_escalated = fields.Boolean(string="SLA escalated", readonly=True, copy=False)

    # ------------------------------------------------------------------
    # the engine decides (engine/sla.py); the ticket writes itself
    # ------------------------------------------------------------------
    @api.model
    def _hs_sla_engine(self):
        return SlaEngine(self.env)

    def _hs_sla_write(self, vals, initial=False):
        """Write service level values computed by the engine, the same for
        all of ``self``, in one UPDATE: they are computed (nothing to check
        or track; no field depends on them), and a ticket creation pays no
        second round of the ORM's write (input checks, automation rules'
        filters).

        A change of the status is the exception: it is written through the
        ORM (:meth:`_hs_sla_write_status`), so that automation rules and
        re-routing rules see it; ``initial``: the tickets get their first
        status (at their creation, or when the addon is installed), which
        the automation rules *on creation* see anyway."""
        if not self or not vals:
            return
        if "sla_status" in vals and not initial:
            vals = dict(vals)
            status = vals.pop("sla_status")
            self._hs_sla_write(vals, initial=True)
            self._hs_sla_write_status(status)
            return
        names = sorted(vals)
        self.flush_recordset(names)
        assignments = [
            SQL(
                "%s = %s",
                SQL.identifier(name),
                self._fields[name].convert_to_column(vals[name], self),
            )
            for name in names
        ]
        self.env.execute_query(
            SQL(
                "UPDATE helpdesk_routing_ticket SET %s WHERE id = ANY(%s)",
                SQL(", ").join(assignments),
                list(self.ids),
            )
        )
        self.invalidate_recordset(names)

    def _hs_sla_write_status(self, status):
        """Write the SLA status of ``self`` through the ORM, in one write:
        automation rules (``base_automation``: *on update* with the trigger
        field *SLA status*, their before/after filters) and the routing
        rules reading the status (re-routing) see the change; the service
        levels do not run again (context ``hs_sla_running``)."""
        if not self or not status:
            return
        tickets = self.sudo().with_context(hs_sla_running=True, mail_notrack=True)
        changed = tickets.filtered(lambda t: t.sla_status != status)
        changed.write({"sla_status": status})

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        if not self.env.context.get("hs_no_sla"):
            self._hs_sla_engine().apply(tickets, "create")
        return tickets

    def write(self, vals):
        if not self.env.su and any(name.startswith("sla_") for name in vals):
            # computed by the service levels (engine/sla.py), written as
            # superuser only: nobody sets a deadline or a status by hand
            raise AccessError(
                self.env._(
                    "The service level of a ticket is computed from its policy; "
                    "it cannot be written."
                )
            )
        if self.env.context.get("hs_sla_running") or self.env.context.get("hs_no_sla"):
            return super().write(vals)
        stage_change = "stage_id" in vals or "active" in vals
        watched = self.env["helpdesk.routing.sla.policy"]._hs_sla_ticket_fields()
        policy_change = bool(watched.intersection(vals))
        if not (stage_change or policy_change):
            return super().write(vals)
        if stage_change:
            was_paused = {t.id: bool(t.sla_paused_since) for t in self.sudo()}
        res = super().write(vals)
        # tickets whose service level was set at their creation
        started = self.sudo().filtered("sla_start_date")
        if not started:
            return res
        engine = self._hs_sla_engine()
        if stage_change:
            started._hs_sla_stage_changed(engine, was_paused)
        if policy_change:
            engine.apply(started, "change")
        if stage_change:
            engine.refresh(started)
        return res

    def _hs_sla_stage_changed(self, engine, was_paused):
        """Stages waiting for the customer stop the clocks: entering one
        starts the pause; leaving it adds the working time spent waiting to
        the pause, which moves the deadlines by as much."""
        now = fields.Datetime.now()
        starting = self.browse()
        for ticket in self:
            waiting = bool(
                ticket.stage_id.hs_sla_pause and ticket.active and not ticket.is_closed
            )
            if waiting and not was_paused.get(ticket.id):
                starting |= ticket
            elif not waiting and ticket.sla_paused_since:
                wt = engine.working_time(ticket)
                spent = wt.hours_between(ticket.sla_paused_since, now) if wt else 0.0
                ticket._hs_sla_write(
                    {
                        "sla_paused_since": False,
                        "sla_paused_hours": (ticket.sla_paused_hours or 0.0) + spent,
                    }
                )
        if starting:
            starting._hs_sla_write({"sla_paused_since": now})

    # ------------------------------------------------------------------
    # replies: the first public reply of an agent stops the first response
    # clock; a customer's message starts the next response clock
    # ------------------------------------------------------------------
    def _message_post_after_hook(self, message, msg_values):
        res = super()._message_post_after_hook(message, msg_values)
        if len(self) == 1 and self.sudo().sla_policy_id:
            self._hs_sla_message_posted(message)
        return res

    def _hs_sla_message_posted(self, message):
        self.ensure_one()
        ticket = self.sudo()
        message = message.sudo()
        author_users = message.author_id.user_ids
        now = fields.Datetime.now()
        comment = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        is_agent = bool(author_users) and not all(author_users.mapped("share"))
        if (
            is_agent
            and message.message_type == "comment"
            and message.subtype_id.id == comment
            and ticket.partner_id
            and message.author_id != ticket.partner_id
        ):
            vals = {}
            if not ticket.sla_first_response_date:
                vals["sla_first_response_date"] = now
            if ticket.sla_next_response_start:
                if (
                    ticket.sla_next_response_deadline
                    and now > ticket.sla_next_response_deadline
                ):
                    vals["sla_next_response_breached"] = True
                elif (
                    ticket.sla_next_response_deadline
                    and ticket.sla_next_response_result != "breached"
                ):
                    vals["sla_next_response_result"] = "met"
                vals["sla_next_response_start"] = False
            if vals:
                ticket._hs_sla_write(vals)
                self._hs_sla_engine().refresh(ticket, now)
        elif (
            not is_agent
            and message.message_type in ("comment", "email")
            and message.author_id == ticket.partner_id
            and ticket.sla_first_response_date
            and not ticket.sla_next_response_start
            and ticket.sla_policy_id.next_response_hours
            and not ticket.is_closed
        ):
            ticket._hs_sla_write({"sla_next_response_start": now})
            self._hs_sla_engine().refresh(ticket, now)

    @api.model
    def _hs_sla_customers_changed(self, partners):
        """Customers changed a field a policy reads: the service level of
        their open tickets follows (one search for all of them)."""
        if not partners or self.env.context.get("hs_no_sla"):
            return
        # every open ticket of these customers, whoever changed them
        tickets = self.sudo().search(
            [
                ("partner_id", "in", partners.ids),
                ("is_closed", "=", False),
                ("sla_start_date", "!=", False),
            ]
        )
        self._hs_sla_engine().apply(tickets, "change")

    # ------------------------------------------------------------------
    # tickets filed before the addon was installed
    # ------------------------------------------------------------------
    @api.model
    def _hs_sla_backfill(self, batch_size=BACKFILL_BATCH):
        """Give their service level to the open tickets that have none yet
        (filed before the addon was installed; called by its
        ``post_init_hook``), ``batch_size`` tickets at a time: from their
        history, in one UPDATE per batch, the clock started at their
        creation, the first public reply of an agent, the customer's
        message still unanswered and the pause of a waiting stage (from now:
        the time waited before is not known); then the policy is chosen and
        the deadlines computed as for a new ticket, and logged. Tickets
        already breached at install are marked escalated: the scheduled
        action does not escalate, all at once, tickets that were late before
        any policy existed. Returns the number of tickets done."""
        Ticket = self.sudo().with_context(mail_notrack=True)
        Ticket.flush_model()
        ids = [
            row[0]
            for row in self.env.execute_query(
                SQL(
                    """SELECT id FROM helpdesk_routing_ticket
                       WHERE active AND NOT COALESCE(is_closed, FALSE)
                         AND sla_start_date IS NULL
                       ORDER BY id"""
                )
            )
        ]
        if not ids:
            return 0
        engine = self._hs_sla_engine()
        comment = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        now = fields.Datetime.now()
        for batch_ids in split_every(batch_size, ids, list):
            self.env.execute_query(self._hs_sla_history_query(batch_ids, comment, now))
            tickets = Ticket.browse(batch_ids)
            tickets.invalidate_recordset()
            engine.apply(tickets, "install")
            late = tickets.filtered(lambda t: t.sla_status == "breached")
            late._hs_sla_write({"sla_escalated": True})
            _logger.info(
                "Service levels: %s tickets filed before the install done",
                len(batch_ids),
            )
            self.env.invalidate_all()
        return len(ids)

    @api.model
    def _hs_sla_history_query(self, ticket_ids, comment, now):
        """The UPDATE setting the service level clocks of ``ticket_ids``
        from their history (see :meth:`_hs_sla_backfill`); an agent's reply
        is a public comment (subtype ``comment``) of an internal user to a
        ticket with a customer, as in :meth:`_hs_sla_message_posted`."""
        agent_reply = SQL(
            """m.model = 'helpdesk.routing.ticket' AND m.res_id = t.id
               AND m.message_type = 'comment' AND m.subtype_id = %s
               AND m.author_id != t.partner_id
               AND EXISTS (SELECT 1 FROM res_users u
                           WHERE u.partner_id = m.author_id AND u.active
                             AND NOT u.share)""",
            comment,
        )
        return SQL(
            """WITH h AS (
                   SELECT t.id,
                          (SELECT min(m.date) FROM mail_message m
                           WHERE %(agent_reply)s) AS first_reply,
                          (SELECT max(m.date) FROM mail_message m
                           WHERE %(agent_reply)s) AS last_reply,
                          (SELECT max(m.date) FROM mail_message m
                           WHERE m.model = 'helpdesk.routing.ticket'
                             AND m.res_id = t.id
                             AND m.message_type IN ('comment', 'email')
                             AND m.author_id = t.partner_id) AS last_customer,
                          s.hs_sla_pause AS waiting
                   FROM helpdesk_routing_ticket t
                   LEFT JOIN helpdesk_routing_stage s ON s.id = t.stage_id
                   WHERE t.id = ANY(%(ids)s))
               UPDATE helpdesk_routing_ticket t SET
                 sla_start_date = t.create_date,
                 sla_first_response_date = h.first_reply,
                 sla_next_response_start = CASE
                   WHEN h.last_customer > h.last_reply THEN h.last_customer END,
                 sla_paused_since = CASE WHEN h.waiting THEN %(now)s::timestamp END,
                 sla_paused_hours = 0
               FROM h WHERE t.id = h.id""",
            agent_reply=agent_reply,
            ids=list(ticket_ids),
            now=now,
        )

    # ------------------------------------------------------------------
    # the scheduled pass: statuses, then escalation (engine/escalation.py)
    # ------------------------------------------------------------------
    @api.model
    def _cron_hs_sla_escalate(self, batch_size=ESCALATION_BATCH):
        """One batch of the scheduled action *Service levels: statuses and
        escalation*: tickets whose at-risk moment or deadline passed get
        their status, then up to ``batch_size`` of the tickets to escalate
        are claimed and escalated (each exactly once, whatever the number of
        workers). Reports its progress: the cron runs again at once while
        work remains."""
        escalation = Escalation(self.env)
        refreshed = escalation.refresh_due(batch_size * REFRESH_FACTOR)
        claimed = escalation.claim(batch_size)
        escalation.escalate(self.browse(claimed))
        self.env["ir.cron"]._notify_progress(
            done=len(refreshed) + len(claimed), remaining=escalation.remaining()
        )
        return claimed
