# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

from .helpdesk_routing_sequence_step import KINDS

LOG_STATES = [("done", "Done"), ("skipped", "Skipped"), ("failed", "Failed")]


class HelpdeskRoutingSequenceLog(models.Model):
    """A step run for an enrollment: written by the engine in the
    transaction that queued the message, unique per enrollment and step
    (a step never runs twice for a customer)."""

    _name = "helpdesk.routing.sequence.log"
    _description = "Follow-up Sequence Step Run"
    _order = "date desc, id desc"
    _rec_name = "step_id"

    enrollment_id = fields.Many2one(
        "helpdesk.routing.sequence.enrollment",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    sequence_id = fields.Many2one(
        "helpdesk.routing.sequence",
        string="Follow-up sequence",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    step_id = fields.Many2one(
        "helpdesk.routing.sequence.step",
        string="Step",
        ondelete="set null",
        index=True,
        readonly=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        ondelete="cascade",
        readonly=True,
    )
    kind = fields.Selection(KINDS, string="Step kind", readonly=True)
    date = fields.Datetime(readonly=True, default=fields.Datetime.now)
    state = fields.Selection(LOG_STATES, default="done", readonly=True)
    note = fields.Char(readonly=True)
    mail_id = fields.Many2one(
        "mail.mail", string="Email", ondelete="set null", readonly=True
    )
    message_id = fields.Many2one(
        "mail.message", string="Message", ondelete="set null", readonly=True
    )
    ticket_id = fields.Many2one(
        "helpdesk.routing.ticket", ondelete="set null", readonly=True
    )
    replied = fields.Boolean(readonly=True)
    opened_date = fields.Datetime(
        string="Opened on",
        readonly=True,
        help="When the customer first opened the email (its tracking image "
        "was loaded).",
    )

    _sql_constraints = [
        (
            "enrollment_step_uniq",
            "unique(enrollment_id, step_id)",
            "A step runs once for a customer.",
        ),
    ]

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS helpdesk_routing_sequence_log_partner_idx "
                "ON helpdesk_routing_sequence_log (partner_id, date)"
            )
        )

    def _hs_opened_counts(self, step_ids):
        """Messages the customer opened, per step: an email whose tracking
        image was loaded (``opened_date``, set by the public route of
        controllers/main.py), or a message whose notification is read."""
        if not step_ids:
            return {}
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT l.step_id, count(*)
                  FROM helpdesk_routing_sequence_log l
                 WHERE l.step_id = ANY(%s)
                   AND (l.opened_date IS NOT NULL OR EXISTS (
                        SELECT 1 FROM mail_notification n
                         WHERE n.mail_message_id = l.message_id
                           AND n.res_partner_id = l.partner_id
                           AND n.is_read))
                 GROUP BY l.step_id
                """,
                list(step_ids),
            )
        )
        return dict(rows)
