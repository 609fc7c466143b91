# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Follow-up sequences: who starts, who stops, and the steps each due
enrollment runs. Plain Python over the ORM and set-based SQL; the models
only hold fields, constraints and buttons.

Exactly once, whatever the number of workers: a run *claims* the due
enrollments with ``FOR UPDATE SKIP LOCKED`` (and a transaction-level
advisory lock on each customer, so the daily cap is exact across workers),
runs their steps, and in the SAME transaction records each step as done
(a row of ``helpdesk.routing.sequence.log``, unique per enrollment and
step) and moves the enrollment on. Mails and SMS are queued in that
transaction (``mail.mail`` / ``sms.sms``, sent by Odoo's queues after the
commit): a worker that dies mid-batch rolls everything back, the rows are
unlocked and the next run does them, once.

Stop conditions need no clock: at its start an enrollment records the last
ticket and event ids, and at each message the last message id; a ticket,
event or customer message with a higher id came later.
"""

import ast
import logging
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup

from odoo import Command, fields
from odoo.tools import SQL
from odoo.tools.misc import hmac

_logger = logging.getLogger(__name__)

# one namespace for the advisory locks on customers (any 32-bit constant)
LOCK_NAMESPACE = 7_311_017
MESSAGE_KINDS = frozenset({"email", "sms", "post"})
WAIT_UNITS = {"minutes": 1, "hours": 60, "days": 1440}
UNSUBSCRIBE_SCOPE = "helpdesk-sequence-unsubscribe"
OPEN_SCOPE = "helpdesk-sequence-open"


# ----------------------------------------------------------------------
# links in the emails: the unsubscribe link and the open-tracking image
# ----------------------------------------------------------------------
def unsubscribe_token(env, enrollment_id: int) -> str:
    """The token of an enrollment's unsubscribe link (an HMAC of its id with
    the database secret: it cannot be guessed, nothing is stored)."""
    # sudo: reads the database secret (ir.config_parameter), nothing else
    return hmac(env(su=True), UNSUBSCRIBE_SCOPE, int(enrollment_id))


def open_token(env, log_id: int) -> str:
    """The token of a step record's open-tracking image."""
    # sudo: reads the database secret (ir.config_parameter), nothing else
    return hmac(env(su=True), OPEN_SCOPE, int(log_id))


def unsubscribe_url(env, base_url: str, enrollment_id: int) -> str:
    token = unsubscribe_token(env, enrollment_id)
    return f"{base_url}/helpdesk/sequence/unsubscribe/{int(enrollment_id)}/{token}"


def open_url(env, base_url: str, log_id: int) -> str:
    token = open_token(env, log_id)
    return f"{base_url}/helpdesk/sequence/open/{int(log_id)}/{token}.gif"


def _with_footer(body: str, footer: str) -> str:
    """``body`` (an email's HTML) with ``footer`` at the end of its <body>."""
    body = body or ""
    position = body.lower().rfind("</body>")
    if position < 0:
        return body + footer
    return body[:position] + footer + body[position:]


def _with_unsubscribe_header(headers: str | None, url: str) -> str:
    """The mail's headers (a dict literal, as mail.mail reads them) with a
    List-Unsubscribe header."""
    try:
        values = ast.literal_eval(headers) if headers else {}
    except (ValueError, SyntaxError):
        values = {}
    if not isinstance(values, dict):
        values = {}
    values["List-Unsubscribe"] = f"<{url}>"
    return repr(values)


# ----------------------------------------------------------------------
# time windows
# ----------------------------------------------------------------------
def wait_delta(amount: int, unit: str) -> timedelta:
    return timedelta(minutes=int(amount or 0) * WAIT_UNITS.get(unit, 1))


def _hour(value: float) -> time:
    value = max(0.0, min(float(value or 0.0), 23.99))
    hours = int(value)
    return time(hours, int(round((value - hours) * 60)) % 60)


def in_quiet_hours(local: datetime, start: float, end: float) -> bool:
    """Whether the local time ``local`` is within the quiet hours from
    ``start`` to ``end`` (hours of the day, e.g. 21.0 to 8.5; over midnight
    when start > end; none when they are equal)."""
    if start == end:
        return False
    moment = local.time()
    begin, finish = _hour(start), _hour(end)
    if begin < finish:
        return begin <= moment < finish
    return moment >= begin or moment < finish


def quiet_end_after(now: datetime, tz: str, start: float, end: float) -> datetime:
    """The first moment (naive UTC) at or after ``now`` (naive UTC) outside
    the quiet hours, in the time zone ``tz``."""
    zone = _zone(tz)
    local = pytz.utc.localize(now).astimezone(zone)
    if not in_quiet_hours(local, start, end):
        return now
    finish = _hour(end)
    day = local.date() if local.time() < finish else local.date() + timedelta(days=1)
    target = zone.localize(datetime.combine(day, finish))
    return target.astimezone(pytz.utc).replace(tzinfo=None)


def next_local_day(now: datetime, tz: str, start: float, end: float) -> datetime:
    """The start of the customer's next day (naive UTC), moved out of the
    quiet hours: when the daily cap is reached."""
    zone = _zone(tz)
    local = pytz.utc.localize(now).astimezone(zone)
    midnight = zone.localize(
        datetime.combine(local.date() + timedelta(days=1), time(0, 0))
    )
    moment = midnight.astimezone(pytz.utc).replace(tzinfo=None)
    return quiet_end_after(moment, tz, start, end)


def _zone(tz):
    try:
        return pytz.timezone(tz or "UTC")
    except pytz.UnknownTimeZoneError:
        return pytz.utc


# ----------------------------------------------------------------------
# results
# ----------------------------------------------------------------------
@dataclass(slots=True)
class RunResult:
    """What one run did: ids of the enrollments claimed, and counts."""

    claimed: list = field(default_factory=list)
    sent: int = 0
    done_steps: int = 0
    skipped: int = 0
    deferred: int = 0
    completed: int = 0
    stopped: int = 0


@dataclass(slots=True)
class Plan:
    """The change of one claimed enrollment after this run."""

    enrollment_id: int
    partner_id: int
    step_index: int
    next_date: datetime | None = None
    state: str = "active"
    sent_message: bool = False


# ----------------------------------------------------------------------
# starting
# ----------------------------------------------------------------------
class Enroller:
    """Starts enrollments, set-based: one INSERT for any number of
    (sequence, customer, ticket) triples; a customer already active in a
    sequence is left as they are (the unique partial index decides, so two
    transactions never enroll them twice)."""

    def __init__(self, env):
        self.env = env

    def start(self, triples, trigger):
        """``triples``: iterable of (sequence_id, partner_id, ticket_id or
        None). Returns the ids of the enrollments started."""
        seen, seqs, partners, tickets = set(), [], [], []
        for sequence_id, partner_id, ticket_id in triples:
            if not partner_id or (sequence_id, partner_id) in seen:
                continue
            seen.add((sequence_id, partner_id))
            seqs.append(sequence_id)
            partners.append(partner_id)
            tickets.append(ticket_id or None)
        if not seqs:
            return []
        self.env.flush_all()
        now = fields.Datetime.now()
        rows = self.env.execute_query(
            SQL(
                """
                INSERT INTO helpdesk_routing_sequence_enrollment
                    (sequence_id, partner_id, ticket_id, trigger, state,
                     step_index, next_date, date_start, ticket_watermark,
                     event_watermark, company_id, create_uid, write_uid,
                     create_date, write_date)
                SELECT s.id, v.partner_id, v.ticket_id, %(trigger)s, 'active',
                       0, %(now)s, %(now)s,
                       (SELECT COALESCE(max(id), 0) FROM helpdesk_routing_ticket),
                       (SELECT COALESCE(max(id), 0) FROM helpdesk_routing_event),
                       s.company_id, %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM unnest(%(seqs)s::int[], %(partners)s::int[],
                              %(tickets)s::int[]) AS v(sequence_id, partner_id,
                                                       ticket_id)
                  JOIN helpdesk_routing_sequence s
                    ON s.id = v.sequence_id AND s.active AND s.state = 'running'
                  JOIN res_partner p ON p.id = v.partner_id AND p.active
                ON CONFLICT (sequence_id, partner_id) WHERE state = 'active'
                DO NOTHING
                RETURNING id
                """,
                trigger=trigger,
                now=now,
                uid=self.env.uid,
                seqs=seqs,
                partners=partners,
                tickets=tickets,
            )
        )
        self.env["helpdesk.routing.sequence.enrollment"].invalidate_model()
        return [row[0] for row in rows]

    def start_from_lists(self, days=7):
        """Customers who joined a starting list of a running sequence (the
        lists' history, last ``days`` days, since the sequence runs) and were
        not started from that history row yet."""
        self.env.flush_all()
        now = fields.Datetime.now()
        rows = self.env.execute_query(
            SQL(
                """
                INSERT INTO helpdesk_routing_sequence_enrollment
                    (sequence_id, partner_id, trigger, state, step_index,
                     next_date, date_start, ticket_watermark, event_watermark,
                     list_history_id, company_id, create_uid, write_uid,
                     create_date, write_date)
                SELECT DISTINCT ON (s.id, h.partner_id)
                       s.id, h.partner_id, 'list', 'active', 0, %(now)s,
                       %(now)s,
                       (SELECT COALESCE(max(id), 0) FROM helpdesk_routing_ticket),
                       (SELECT COALESCE(max(id), 0) FROM helpdesk_routing_event),
                       h.id, s.company_id, %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM helpdesk_routing_sequence s
                  JOIN helpdesk_routing_sequence_list_rel r
                    ON r.sequence_id = s.id
                  JOIN helpdesk_customer_list_history h
                    ON h.list_id = r.list_id AND h.event = 'joined'
                   AND h.date >= GREATEST(s.date_running, %(since)s)
                  JOIN res_partner p ON p.id = h.partner_id AND p.active
                 WHERE s.active AND s.state = 'running'
                   AND NOT EXISTS (
                       SELECT 1 FROM helpdesk_routing_sequence_enrollment e
                        WHERE e.list_history_id = h.id AND e.sequence_id = s.id)
                 ORDER BY s.id, h.partner_id, h.id DESC
                ON CONFLICT (sequence_id, partner_id) WHERE state = 'active'
                DO NOTHING
                RETURNING id
                """,
                now=now,
                since=now - timedelta(days=days),
                uid=self.env.uid,
            )
        )
        return [row[0] for row in rows]


# ----------------------------------------------------------------------
# stopping
# ----------------------------------------------------------------------
def _stop_reason_sql():
    """The first reason an active enrollment ``e`` of sequence ``s`` and
    customer ``p`` has to stop, or NULL."""
    return SQL(
        """
        CASE
          WHEN NOT s.active OR s.state != 'running' THEN 'archived'
          WHEN p.email_normalized IS NOT NULL AND EXISTS (
               SELECT 1 FROM mail_blacklist b
                WHERE b.email = p.email_normalized AND b.active)
            THEN 'blacklisted'
          WHEN p.hs_sequence_opt_out THEN 'unsubscribed'
          WHEN s.stop_on_reply AND e.message_watermark IS NOT NULL AND EXISTS (
               SELECT 1 FROM mail_message m
                WHERE m.author_id = e.partner_id
                  AND m.id > e.message_watermark
                  AND m.message_type IN ('email', 'comment'))
            THEN 'replied'
          WHEN s.stop_on_ticket AND EXISTS (
               SELECT 1 FROM helpdesk_routing_ticket t
                WHERE t.partner_id = e.partner_id
                  AND t.id > e.ticket_watermark)
            THEN 'new_ticket'
          WHEN EXISTS (
               SELECT 1 FROM helpdesk_routing_event ev
                 JOIN helpdesk_routing_sequence_event_type_rel er
                   ON er.event_type_id = ev.type_id AND er.sequence_id = s.id
                WHERE ev.partner_id = e.partner_id
                  AND ev.id > e.event_watermark)
            THEN 'event'
          WHEN e.trigger = 'partner_tag' AND NOT EXISTS (
               SELECT 1 FROM res_partner_res_partner_category_rel pt
                 JOIN helpdesk_routing_sequence_partner_tag_rel st
                   ON st.category_id = pt.category_id AND st.sequence_id = s.id
                WHERE pt.partner_id = e.partner_id)
            THEN 'tag_lost'
          WHEN e.trigger = 'ticket_tag' AND e.ticket_id IS NOT NULL AND NOT EXISTS (
               SELECT 1 FROM helpdesk_routing_ticket_tag_rel tt
                 JOIN helpdesk_routing_sequence_ticket_tag_rel st
                   ON st.tag_id = tt.tag_id AND st.sequence_id = s.id
                WHERE tt.ticket_id = e.ticket_id)
            THEN 'tag_lost'
        END
        """
    )


def stop_enrollments(env, enrollment_ids=None, partner_ids=None, skip=()):
    """Stop the active enrollments (all, or of these ids / customers) that
    have a reason to; the others are left as they are. Rows another
    transaction holds are skipped (their worker checks them). Returns
    {enrollment id: reason}."""
    env.flush_all()
    where = [SQL("e.state = 'active'")]
    if enrollment_ids is not None:
        where.append(SQL("e.id = ANY(%s)", list(enrollment_ids)))
    if partner_ids is not None:
        where.append(SQL("e.partner_id = ANY(%s)", list(partner_ids)))
    if skip:
        where.append(SQL("e.id != ALL(%s)", list(skip)))
    rows = env.execute_query(
        SQL(
            """
            UPDATE helpdesk_routing_sequence_enrollment e
               SET state = 'stopped', stop_reason = r.reason,
                   date_end = %(now)s, next_date = NULL, write_date = %(now)s
              FROM (
                SELECT e.id, %(reason)s AS reason
                  FROM helpdesk_routing_sequence_enrollment e
                  JOIN helpdesk_routing_sequence s ON s.id = e.sequence_id
                  JOIN res_partner p ON p.id = e.partner_id
                 WHERE %(where)s
                   FOR NO KEY UPDATE OF e SKIP LOCKED
              ) r
             WHERE r.id = e.id AND r.reason IS NOT NULL
            RETURNING e.id, r.reason
            """,
            now=fields.Datetime.now(),
            reason=_stop_reason_sql(),
            where=SQL(" AND ").join(where),
        )
    )
    if rows:
        env["helpdesk.routing.sequence.enrollment"].invalidate_model()
        replied = [row[0] for row in rows if row[1] == "replied"]
        if replied:
            # the reply answers the last message the sequence sent
            env.execute_query(
                SQL(
                    """
                    UPDATE helpdesk_routing_sequence_log l SET replied = TRUE
                      FROM (SELECT DISTINCT ON (enrollment_id) id
                              FROM helpdesk_routing_sequence_log
                             WHERE enrollment_id = ANY(%s) AND state = 'done'
                               AND kind IN ('email', 'sms', 'post')
                             ORDER BY enrollment_id, id DESC) last
                     WHERE l.id = last.id
                    """,
                    replied,
                )
            )
            env["helpdesk.routing.sequence.log"].invalidate_model(["replied"])
    return dict(rows)


# ----------------------------------------------------------------------
# running
# ----------------------------------------------------------------------
class SequenceRunner:
    """One run of the scheduled action over the due enrollments (run as
    superuser: the sequences are the company's, not a user's)."""

    def __init__(self, env, now=None):
        self.env = env
        self.now = now or fields.Datetime.now()
        self.Enrollment = env["helpdesk.routing.sequence.enrollment"]

    # -- claiming --------------------------------------------------------
    def claim(self, limit):
        """Lock up to ``limit`` due enrollments no other worker holds, then
        keep those whose customer this worker can lock too (a transaction
        advisory lock per customer: all the due steps of a customer run in
        one worker at a time, so the daily cap holds). The rows of a customer
        another worker holds stay locked here until the commit, untouched,
        and are done by a later run."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT e.id, e.partner_id
                  FROM helpdesk_routing_sequence_enrollment e
                 WHERE e.state = 'active' AND e.next_date <= %s
                 ORDER BY e.next_date, e.id
                 LIMIT %s
                   FOR NO KEY UPDATE SKIP LOCKED
                """,
                self.now,
                limit,
            )
        )
        if not rows:
            return []
        ids, partners = zip(*rows, strict=True)
        locked = self.env.execute_query(
            SQL(
                """
                SELECT v.id
                  FROM unnest(%s::int[], %s::int[]) WITH ORDINALITY
                       AS v(id, partner_id, position)
                 WHERE pg_try_advisory_xact_lock(%s, v.partner_id)
                 ORDER BY v.position
                """,
                list(ids),
                list(partners),
                LOCK_NAMESPACE,
            )
        )
        return [row[0] for row in locked]

    def remaining(self):
        rows = self.env.execute_query(
            SQL(
                "SELECT count(*) FROM helpdesk_routing_sequence_enrollment "
                "WHERE state = 'active' AND next_date <= %s",
                self.now,
            )
        )
        return rows[0][0]

    def enroll_from_lists(self):
        return Enroller(self.env).start_from_lists()

    # -- the run ---------------------------------------------------------
    def run(self, limit):
        result = RunResult()
        result.claimed = self.claim(limit)
        if not result.claimed:
            return result
        stopped = stop_enrollments(self.env, enrollment_ids=result.claimed)
        result.stopped = len(stopped)
        enrollments = self.Enrollment.browse(
            [eid for eid in result.claimed if eid not in stopped]
        )
        if enrollments:
            self.process(enrollments, result)
        return result

    def process(self, enrollments, result):
        """Run the due steps of ``enrollments`` (claimed): each runs its steps
        in order until a wait, the quiet hours, the daily cap or its end."""
        env = self.env
        enrollments.fetch(["sequence_id", "partner_id", "step_index", "ticket_id"])
        sequences = enrollments.sequence_id
        steps_of = {seq.id: list(seq.step_ids) for seq in sequences}
        partners = enrollments.partner_id
        partners.fetch(["tz", "company_id"])
        sent_today = self._sent_today(partners)
        company = env.company
        cap = company.hs_sequence_daily_cap
        quiet = (company.hs_sequence_quiet_start, company.hs_sequence_quiet_end)
        default_tz = company.partner_id.tz or "UTC"
        tickets = self._tickets_for(enrollments)
        actions = {}  # step -> [(enrollment, ticket)]
        plans = []
        for enrollment in enrollments:
            partner = enrollment.partner_id
            tz = partner.tz or default_tz
            steps = steps_of[enrollment.sequence_id.id]
            plan = Plan(enrollment.id, partner.id, enrollment.step_index)
            while True:
                if plan.step_index >= len(steps):
                    plan.state = "completed"
                    break
                step = steps[plan.step_index]
                if step.kind == "wait":
                    plan.next_date = self.now + wait_delta(
                        step.wait_amount, step.wait_unit
                    )
                    plan.step_index += 1
                    break
                if step.kind in MESSAGE_KINDS:
                    allowed = quiet_end_after(self.now, tz, *quiet)
                    if allowed > self.now:
                        plan.next_date = allowed
                        result.deferred += 1
                        break
                    if cap and sent_today.get(partner.id, 0) >= cap:
                        plan.next_date = next_local_day(self.now, tz, *quiet)
                        result.deferred += 1
                        break
                    sent_today[partner.id] = sent_today.get(partner.id, 0) + 1
                    plan.sent_message = True
                actions.setdefault(step, []).append(
                    (enrollment, tickets.get(enrollment.id))
                )
                plan.step_index += 1
            plans.append(plan)
        logs = []
        for step, items in actions.items():
            logs += self._run_step_safely(step, items, result)
        self._save(plans, logs, result)

    def _run_step_safely(self, step, items, result):
        """A step that fails (a template that does not render, a tag or
        an activity type deleted meanwhile) fails for its customers only:
        recorded as failed, flagged on the sequence, the run goes on."""
        try:
            with self.env.cr.savepoint():
                return self._run_step(step, items, result)
        except Exception as error:
            self.env.invalidate_all()
            message = str(error)[:500]
            _logger.warning(
                "Follow-up sequence %s, step %s failed: %s",
                step.sequence_id.id,
                step.id,
                message,
            )
            self.env.execute_query(
                SQL(
                    "UPDATE helpdesk_routing_sequence SET last_error = %s "
                    "WHERE id = %s",
                    message,
                    step.sequence_id.id,
                )
            )
            result.skipped += len(items)
            return [
                self._log(step, enrollment, "failed", note=message)
                for enrollment, _ticket in items
            ]

    def _sent_today(self, partners):
        """Messages each customer got today (their local day), from every
        sequence."""
        if not partners:
            return {}
        rows = self.env.execute_query(
            SQL(
                """
                SELECT l.partner_id, count(*)
                  FROM helpdesk_routing_sequence_log l
                  JOIN res_partner p ON p.id = l.partner_id
                 WHERE l.partner_id = ANY(%(ids)s) AND l.state = 'done'
                   AND l.kind IN ('email', 'sms', 'post')
                   AND l.date >= %(since)s
                   AND (l.date AT TIME ZONE 'UTC'
                        AT TIME ZONE COALESCE(p.tz, %(tz)s))::date
                     = (%(now)s::timestamp AT TIME ZONE 'UTC'
                        AT TIME ZONE COALESCE(p.tz, %(tz)s))::date
                 GROUP BY l.partner_id
                """,
                ids=partners.ids,
                since=self.now - timedelta(days=2),
                now=self.now,
                tz=self.env.company.partner_id.tz or "UTC",
            )
        )
        return dict(rows)

    def _tickets_for(self, enrollments):
        """The ticket each enrollment posts on: its own, else its customer's
        latest open ticket (one query)."""
        result = {e.id: e.ticket_id for e in enrollments if e.ticket_id}
        missing = enrollments.filtered(lambda e: not e.ticket_id)
        if missing:
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT DISTINCT ON (t.partner_id) t.partner_id, t.id
                      FROM helpdesk_routing_ticket t
                     WHERE t.partner_id = ANY(%s) AND t.active
                       AND NOT COALESCE(t.is_closed, FALSE)
                     ORDER BY t.partner_id, t.id DESC
                    """,
                    missing.partner_id.ids,
                )
            )
            latest = dict(rows)
            Ticket = self.env["helpdesk.routing.ticket"]
            for enrollment in missing:
                ticket_id = latest.get(enrollment.partner_id.id)
                if ticket_id:
                    result[enrollment.id] = Ticket.browse(ticket_id)
        return result

    # -- the steps -------------------------------------------------------
    def _log(self, step, enrollment, state="done", **values):
        return dict(
            {
                "enrollment_id": enrollment.id,
                "sequence_id": step.sequence_id.id,
                "step_id": step.id,
                "partner_id": enrollment.partner_id.id,
                "kind": step.kind,
                "date": self.now,
                "state": state,
            },
            **values,
        )

    def _run_step(self, step, items, result):
        """Run one step for its enrollments (as a batch where Odoo allows);
        return the log values."""
        handler = getattr(self, f"_step_{step.kind}", None)
        if handler is None:
            result.skipped += len(items)
            return [
                self._log(step, enrollment, "skipped", note="unknown step")
                for enrollment, _ticket in items
            ]
        return handler(step, items, result)

    def _step_email(self, step, items, result):
        template = step.template_id
        partners = [enrollment.partner_id for enrollment, _ticket in items]
        logs = []
        sendable = [p for p in partners if p.email_normalized]
        mails = {}
        if sendable and template:
            mail_ids = template.with_context(
                mail_notify_force_send=False
            ).send_mail_batch(
                [p.id for p in sendable],
                force_send=False,
                raise_exception=False,
            )
            for partner, mail in zip(sendable, mail_ids, strict=False):
                mails[partner.id] = mail
            # the customer is the recipient, whatever the template says
            for partner, mail in zip(sendable, mail_ids, strict=False):
                if not mail.recipient_ids and not mail.email_to:
                    mail.recipient_ids = [Command.link(partner.id)]
        for enrollment, _ticket in items:
            mail = mails.get(enrollment.partner_id.id)
            if mail:
                result.sent += 1
                logs.append(
                    self._log(
                        step,
                        enrollment,
                        mail_id=mail.id,
                        message_id=mail.mail_message_id.id,
                    )
                )
            else:
                result.skipped += 1
                logs.append(self._log(step, enrollment, "skipped", note="no email"))
        return logs

    def _step_sms(self, step, items, result):
        logs = []
        if "sms.sms" not in self.env:
            result.skipped += len(items)
            return [
                self._log(step, e, "skipped", note="sms not installed")
                for e, _t in items
            ]
        vals, done = [], []
        for enrollment, _ticket in items:
            partner = enrollment.partner_id
            number = partner.mobile or partner.phone
            if not number:
                result.skipped += 1
                logs.append(self._log(step, enrollment, "skipped", note="no number"))
                continue
            vals.append(
                {
                    "number": number,
                    "partner_id": partner.id,
                    "body": step.sms_body or "",
                    "state": "outgoing",
                }
            )
            done.append(enrollment)
        if vals:
            self.env["sms.sms"].create(vals)
        for enrollment in done:
            result.sent += 1
            logs.append(self._log(step, enrollment))
        return logs

    def _step_post(self, step, items, result):
        logs = []
        for enrollment, ticket in items:
            if not ticket:
                result.skipped += 1
                logs.append(self._log(step, enrollment, "skipped", note="no ticket"))
                continue
            message = ticket.with_context(mail_notify_force_send=False).message_post(
                body=step.body,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=enrollment.partner_id.ids,
            )
            result.sent += 1
            logs.append(
                self._log(step, enrollment, message_id=message.id, ticket_id=ticket.id)
            )
        return logs

    def _step_activity(self, step, items, result):
        today = self.now.date()
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals = []
        for enrollment, _ticket in items:
            partner = enrollment.partner_id
            user = step.activity_user_id or partner.user_id or step.sequence_id.user_id
            vals.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": step.activity_type_id.id,
                    "summary": step.activity_summary or False,
                    "date_deadline": today + timedelta(days=step.activity_days),
                    "user_id": (user or self.env.ref("base.user_admin")).id,
                }
            )
        self.env["mail.activity"].create(vals)
        result.done_steps += len(items)
        return [self._log(step, enrollment) for enrollment, _t in items]

    def _tag_step(self, step, items, result, command):
        partners = self.env["res.partner"].browse(
            [enrollment.partner_id.id for enrollment, _t in items]
        )
        # the enrollments being run do not stop on their own tag change
        partners.with_context(
            hs_sequence_running=[enrollment.id for enrollment, _t in items]
        ).write({"category_id": [command(tag.id) for tag in step.tag_ids]})
        result.done_steps += len(items)
        return [self._log(step, enrollment) for enrollment, _t in items]

    def _step_add_tag(self, step, items, result):
        return self._tag_step(step, items, result, Command.link)

    def _step_remove_tag(self, step, items, result):
        return self._tag_step(step, items, result, Command.unlink)

    def _add_links(self, logs):
        """Each email sent gets, in its customer's language, an unsubscribe
        link (in its body and a List-Unsubscribe header) and the image that
        tells when it is opened: one read and one UPDATE for all the mails
        (the step records' ids are in the image's address, so this runs once
        they exist)."""
        if not logs:
            return
        env = self.env
        mails = logs.mail_id
        mails.fetch(["body_html", "headers"])
        logs.partner_id.fetch(["lang"])
        base_url = env["ir.config_parameter"].sudo().get_param("web.base.url") or ""
        base_url = base_url.rstrip("/")
        default_lang = env.company.partner_id.lang or env.lang or "en_US"
        texts = {}  # lang -> (sentence, link label)
        ids, bodies, headers = [], [], []
        for log in logs:
            lang = log.partner_id.lang or default_lang
            if lang not in texts:
                _ = env(context=dict(env.context, lang=lang))._
                texts[lang] = (
                    _("You receive this message as part of a follow-up."),
                    _("Unsubscribe"),
                )
            sentence, label = texts[lang]
            unsubscribe = unsubscribe_url(env, base_url, log.enrollment_id.id)
            footer = Markup(
                '<div style="margin-top:16px;font-size:12px;color:#888888;">'
                '%s <a href="%s" style="color:#888888;">%s</a></div>'
                '<img src="%s" alt="" width="1" height="1" border="0" '
                'style="display:block;width:1px;height:1px;border:0;"/>'
            ) % (sentence, unsubscribe, label, open_url(env, base_url, log.id))
            ids.append(log.mail_id.id)
            bodies.append(_with_footer(log.mail_id.body_html, str(footer)))
            headers.append(_with_unsubscribe_header(log.mail_id.headers, unsubscribe))
        mails.flush_recordset(["body_html", "headers"])
        env.execute_query(
            SQL(
                """
                UPDATE mail_mail m SET body_html = v.body, headers = v.headers
                  FROM unnest(%s::int[], %s::text[], %s::text[])
                       AS v(id, body, headers)
                 WHERE m.id = v.id
                """,
                ids,
                bodies,
                headers,
            )
        )
        mails.invalidate_recordset(["body_html", "headers"])

    # -- recording -------------------------------------------------------
    def _save(self, plans, logs, result):
        """Record the steps done and move the enrollments on, in the
        transaction that queued the messages (an enrollment a step of this
        batch stopped, e.g. by removing its starting tag, stays stopped)."""
        if logs:
            records = self.env["helpdesk.routing.sequence.log"].create(logs)
            self._add_links(records.filtered("mail_id"))
        self.env.flush_all()
        if not plans:
            return
        watermark = self.env.execute_query(
            SQL("SELECT COALESCE(max(id), 0) FROM mail_message")
        )[0][0]
        result.completed += sum(1 for plan in plans if plan.state == "completed")
        self.env.execute_query(
            SQL(
                """
                UPDATE helpdesk_routing_sequence_enrollment e
                   SET step_index = v.step_index,
                       state = v.state,
                       next_date = CASE WHEN v.state = 'active'
                                        THEN v.next_date END,
                       date_end = CASE WHEN v.state = 'completed'
                                       THEN %(now)s END,
                       message_watermark = CASE WHEN v.sent
                                                THEN %(watermark)s
                                                ELSE e.message_watermark END,
                       write_date = %(now)s
                  FROM unnest(%(ids)s::int[], %(indexes)s::int[],
                              %(states)s::varchar[], %(dates)s::timestamp[],
                              %(sent)s::bool[])
                       AS v(id, step_index, state, next_date, sent)
                 WHERE e.id = v.id AND e.state = 'active'
                """,
                now=self.now,
                watermark=watermark,
                ids=[plan.enrollment_id for plan in plans],
                indexes=[plan.step_index for plan in plans],
                states=[plan.state for plan in plans],
                dates=[plan.next_date or self.now for plan in plans],
                sent=[plan.sent_message for plan in plans],
            )
        )
        self.Enrollment.invalidate_model()
