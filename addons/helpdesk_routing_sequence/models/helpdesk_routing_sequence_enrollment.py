# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from ..engine.sequence import SequenceRunner

# enrollments run per call of the scheduled action (each queues a mail or
# two: a few queries each); the cron calls again while some are due
RUN_BATCH = 500

ENROLLMENT_STATES = [
    ("active", "In progress"),
    ("completed", "Completed"),
    ("stopped", "Stopped"),
]
TRIGGERS = [
    ("partner_tag", "Customer tag"),
    ("ticket_tag", "Ticket tag"),
    ("list", "Customer list"),
    ("manual", "Started by hand"),
]
STOP_REASONS = [
    ("replied", "Replied"),
    ("new_ticket", "Opened a ticket"),
    ("event", "Customer event"),
    ("tag_lost", "Lost the starting tag"),
    ("unsubscribed", "Unsubscribed"),
    ("blacklisted", "Blacklisted"),
    ("archived", "Sequence stopped"),
    ("manual", "Stopped by hand"),
]


class HelpdeskRoutingSequenceEnrollment(models.Model):
    """A customer in a sequence: written by the engine only
    (engine/sequence.py), read by agents for the customers they may see."""

    _name = "helpdesk.routing.sequence.enrollment"
    _description = "Follow-up Sequence Enrollment"
    _order = "date_start desc, id desc"
    _rec_name = "partner_id"

    sequence_id = fields.Many2one(
        "helpdesk.routing.sequence",
        string="Follow-up sequence",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    ticket_id = fields.Many2one(
        "helpdesk.routing.ticket",
        string="Ticket",
        ondelete="set null",
        readonly=True,
        help="The ticket whose tag started the sequence (posts go there).",
    )
    trigger = fields.Selection(TRIGGERS, string="Started by", readonly=True)
    state = fields.Selection(
        ENROLLMENT_STATES, default="active", required=True, readonly=True, index=True
    )
    stop_reason = fields.Selection(STOP_REASONS, readonly=True)
    step_index = fields.Integer(string="Steps done", readonly=True)
    next_date = fields.Datetime(string="Next step", readonly=True)
    date_start = fields.Datetime(string="Started", readonly=True)
    date_end = fields.Datetime(string="Ended", readonly=True)
    # what came before the enrollment (ids, no clock): later tickets, events
    # and customer messages stop it
    ticket_watermark = fields.Integer(readonly=True, groups="base.group_system")
    event_watermark = fields.Integer(readonly=True, groups="base.group_system")
    message_watermark = fields.Integer(readonly=True, groups="base.group_system")
    list_history_id = fields.Integer(
        readonly=True, index="btree_not_null", groups="base.group_system"
    )
    log_ids = fields.One2many(
        "helpdesk.routing.sequence.log", "enrollment_id", string="Steps run"
    )

    def init(self):
        # one enrollment per customer and sequence at a time
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS "
                "helpdesk_routing_sequence_enrollment_active_uniq "
                "ON helpdesk_routing_sequence_enrollment (sequence_id, partner_id) "
                "WHERE state = 'active'"
            )
        )
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS "
                "helpdesk_routing_sequence_enrollment_due_idx "
                "ON helpdesk_routing_sequence_enrollment (next_date, id) "
                "WHERE state = 'active'"
            )
        )

    def action_stop(self):
        """Stop by hand (managers: the record rules let only them write)."""
        self.check_access("write")
        active = self.filtered(lambda e: e.state == "active")
        if active:
            # written in SQL as the engine does (rows no other worker holds)
            self.env.flush_all()
            self.env.execute_query(
                SQL(
                    "UPDATE helpdesk_routing_sequence_enrollment "
                    "SET state = 'stopped', stop_reason = 'manual', "
                    "date_end = %s, next_date = NULL WHERE id = ANY(%s) "
                    "AND state = 'active'",
                    fields.Datetime.now(),
                    active.ids,
                )
            )
            active.invalidate_recordset()
        return True

    @api.model
    def _cron_run(self, batch_size=RUN_BATCH):
        """One batch of the scheduled action *Follow-up sequences: run due
        steps*: customers who joined a starting list start, then up to
        ``batch_size`` due enrollments are claimed and run (each step
        exactly once, whatever the number of workers). Reports progress: the
        cron calls again at once while some are due."""
        runner = SequenceRunner(self.env)
        if not self.env.context.get("hs_sequence_no_lists"):
            runner.enroll_from_lists()
        result = runner.run(batch_size)
        self.env["ir.cron"]._notify_progress(
            done=len(result.claimed), remaining=runner.remaining()
        )
        return result
