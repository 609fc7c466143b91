# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The scheduled pass over open tickets: statuses that time changed, then
escalation, in batches, safe with several cron workers.

- :meth:`Escalation.refresh_due`: tickets whose at-risk moment or deadline
  passed get their new status (and missed targets) in one
  ``UPDATE ... FROM (SELECT ... FOR UPDATE SKIP LOCKED)``; routing rules
  reading the SLA status then see it (re-routing);
- :meth:`Escalation.claim`: the tickets to escalate are claimed by setting
  their ``sla_escalated`` flag in one ``UPDATE ... RETURNING`` over rows
  locked with ``SKIP LOCKED``: two workers never claim the same ticket, and a
  claimed ticket is never claimed again (escalation happens once);
- :meth:`Escalation.escalate`: the policy's actions (re-route to a team or a
  saved view, raise the priority, notify the team leader and the followers,
  schedule an activity), each recorded in the ticket's routing log.
"""

from collections import defaultdict

from markupsafe import Markup, escape

from odoo import Command, fields
from odoo.tools import SQL

from odoo.addons.helpdesk_routing.engine import explain
from odoo.addons.helpdesk_routing.engine.decisions import TICKET

# the ticket fields the status refresh writes in SQL (the status itself is
# written through the ORM: automation rules and re-routing see it change)
REFRESHED_FIELDS = [
    "sla_first_response_result",
    "sla_resolution_result",
    "sla_next_response_breached",
    "sla_next_response_result",
]


class Escalation:
    """One pass of the scheduled action, as superuser (it acts on every
    ticket, whoever may read it)."""

    def __init__(self, env, now=None):
        self.env = env(su=True)
        self.now = now or fields.Datetime.now()

    # ------------------------------------------------------------------
    def _due_where(self):
        return SQL(
            """t.sla_policy_id IS NOT NULL AND t.active AND NOT t.is_closed
               AND t.sla_paused_since IS NULL
               AND t.sla_status IN ('on_track', 'at_risk')
               AND (t.sla_deadline < %(now)s
                    OR (t.sla_status = 'on_track'
                        AND t.sla_at_risk_date <= %(now)s))""",
            now=self.now,
        )

    def _escalable_where(self):
        return SQL(
            """NOT COALESCE(t.sla_escalated, FALSE) AND t.active AND NOT t.is_closed
               AND (t.sla_status = 'breached'
                    OR (t.sla_status = 'at_risk' AND p.escalate_on = 'at_risk'))
               AND p.escalate_on != 'none'"""
        )

    def remaining(self):
        """How many tickets the next passes still have to do."""
        self.env["helpdesk.routing.ticket"].flush_model()
        rows = self.env.execute_query(
            SQL(
                """SELECT
                     (SELECT count(*) FROM helpdesk_routing_ticket t WHERE %s),
                     (SELECT count(*) FROM helpdesk_routing_ticket t
                      JOIN helpdesk_routing_sla_policy p ON p.id = t.sla_policy_id
                      WHERE %s)""",
                self._due_where(),
                self._escalable_where(),
            )
        )
        return sum(rows[0])

    def refresh_due(self, limit):
        """New statuses of up to ``limit`` tickets whose at-risk moment or
        deadline passed; returns their ids.

        The missed targets are written in one ``UPDATE`` over the rows it
        locks (``SKIP LOCKED``: another worker skips them); the new status is
        then written through the ORM, one write per status value, so that
        automation rules (``base_automation``, e.g. *on update* of *SLA
        status*) and routing rules reading the status (re-routing) see the
        change."""
        Ticket = self.env["helpdesk.routing.ticket"]
        Ticket.flush_model()
        next_missed = SQL(
            """t.sla_next_response_start IS NOT NULL
               AND t.sla_next_response_deadline < %s""",
            self.now,
        )
        rows = self.env.execute_query(
            SQL(
                """WITH due AS (
                       SELECT t.id FROM helpdesk_routing_ticket t
                       WHERE %(where)s
                       ORDER BY t.id LIMIT %(limit)s
                       FOR NO KEY UPDATE SKIP LOCKED)
                   UPDATE helpdesk_routing_ticket t SET
                     sla_first_response_result = CASE
                       WHEN t.sla_first_response_result IS NULL
                            AND t.sla_first_response_deadline < %(now)s
                       THEN 'breached' ELSE t.sla_first_response_result END,
                     sla_resolution_result = CASE
                       WHEN t.sla_resolution_result IS NULL
                            AND t.sla_resolution_deadline < %(now)s
                       THEN 'breached' ELSE t.sla_resolution_result END,
                     sla_next_response_breached =
                       COALESCE(t.sla_next_response_breached, FALSE)
                       OR (%(next_missed)s),
                     sla_next_response_result = CASE WHEN %(next_missed)s
                       THEN 'breached' ELSE t.sla_next_response_result END
                   FROM due WHERE t.id = due.id
                   RETURNING t.id, CASE WHEN t.sla_deadline < %(now)s
                       THEN 'breached' ELSE 'at_risk' END""",
                where=self._due_where(),
                limit=limit,
                now=self.now,
                next_missed=next_missed,
            )
        )
        ids = [row[0] for row in rows]
        if ids:
            Ticket.browse(ids).invalidate_recordset(REFRESHED_FIELDS)
            by_status = defaultdict(list)
            for ticket_id, status in rows:
                by_status[status].append(ticket_id)
            for status, ticket_ids in sorted(by_status.items()):
                Ticket.browse(ticket_ids)._hs_sla_write_status(status)
        return ids

    def claim(self, limit):
        """Claim up to ``limit`` tickets to escalate (see the module
        docstring); returns their ids."""
        Ticket = self.env["helpdesk.routing.ticket"]
        Ticket.flush_model()
        rows = self.env.execute_query(
            SQL(
                """UPDATE helpdesk_routing_ticket SET sla_escalated = TRUE
                   WHERE id IN (
                       SELECT t.id FROM helpdesk_routing_ticket t
                       JOIN helpdesk_routing_sla_policy p ON p.id = t.sla_policy_id
                       WHERE %s
                       ORDER BY t.sla_deadline NULLS LAST, t.id
                       LIMIT %s
                       FOR NO KEY UPDATE OF t SKIP LOCKED)
                   RETURNING id""",
                self._escalable_where(),
                limit,
            )
        )
        ids = [row[0] for row in rows]
        Ticket.browse(ids).invalidate_recordset(["sla_escalated"])
        return ids

    # ------------------------------------------------------------------
    def escalate(self, tickets):
        """Run the escalation actions of each ticket's policy (tickets
        claimed by :meth:`claim`), with one write per action and policy."""
        env = self.env
        tickets = tickets.sudo().with_context(mail_notrack=True)
        done = defaultdict(list)  # ticket id -> [action texts]
        for policy, group in tickets.grouped("sla_policy_id").items():
            team = policy.escalate_team_id
            if team and team.active:
                moving = group.filtered(lambda t, team=team: t.team_id != team)
                moving.write({"team_id": team.id})
                for ticket in moving:
                    done[ticket.id].append(
                        env._("re-routed to %(team)s", team=team.name)
                    )
            view = policy.escalate_view_id
            if view and view.active:
                group.write({"view_ids": [Command.link(view.id)]})
                for ticket in group:
                    done[ticket.id].append(
                        env._("added to the saved view %(view)s", view=view.name)
                    )
            priority = policy.escalate_priority
            if priority:
                raising = group.filtered(lambda t, p=priority: int(t.priority) < int(p))
                raising.write({"priority": priority})
                label = dict(
                    tickets._fields["priority"]._description_selection(env)
                ).get(priority)
                for ticket in raising:
                    done[ticket.id].append(
                        env._("priority raised to %(priority)s", priority=label)
                    )
            if policy.escalate_notify:
                for ticket in group:
                    if self._notify(ticket):
                        done[ticket.id].append(
                            env._("team leader and followers notified")
                        )
            if policy.escalate_activity:
                for ticket in group:
                    user = ticket.user_id or ticket.team_id.leader_id
                    if user:
                        ticket.activity_schedule(
                            "mail.mail_activity_data_todo",
                            user_id=user.id,
                            summary=env._(
                                "Service level %(status)s", status=self._status(ticket)
                            ),
                            note=self._reason(ticket),
                        )
                        done[ticket.id].append(
                            env._("activity scheduled for %(user)s", user=user.name)
                        )
        self._log(tickets, done)

    def _status(self, ticket):
        return dict(ticket._fields["sla_status"]._description_selection(self.env)).get(
            ticket.sla_status, ""
        )

    def _reason(self, ticket):
        return self.env._(
            "Service level %(policy)s %(status)s: deadline %(deadline)s UTC.",
            policy=ticket.sla_policy_id.name,
            status=self._status(ticket),
            deadline=fields.Datetime.to_string(ticket.sla_deadline) or "-",
        )

    def _notify(self, ticket):
        """An internal note to the team leader and the internal followers
        (the customer follows public messages only: a note never reaches
        them)."""
        partners = ticket.team_id.leader_id.partner_id | ticket.message_partner_ids
        partners = partners.filtered(
            lambda p: p.user_ids and not all(p.user_ids.mapped("share"))
        )
        if not partners:
            return False
        ticket.message_post(
            body=Markup("<p>%s</p>") % escape(self._reason(ticket)),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            partner_ids=partners.ids,
        )
        return True

    def _log(self, tickets, done):
        env = self.env
        log_vals = []
        for ticket in tickets:
            actions = done.get(ticket.id) or [env._("no action")]
            label = explain.compose(
                env._("Service level is %(status)s"), status=self._status(ticket)
            )
            seen = (
                env._(
                    "deadline %(deadline)s UTC",
                    deadline=fields.Datetime.to_string(ticket.sla_deadline) or "-",
                ),
            )
            log_vals.append(
                {
                    "ticket_id": ticket.id,
                    "sla_policy_id": ticket.sla_policy_id.id,
                    "trigger": "escalation",
                    "destination": env._(
                        "Escalated: %(actions)s", actions="; ".join(actions)
                    ),
                    "conditions": [
                        {
                            "family": TICKET,
                            "label": explain.to_json(label),
                            "held": True,
                            "seen": explain.to_json(seen),
                        }
                    ],
                }
            )
        env["helpdesk.routing.log"]._hs_insert_sla_batch(log_vals)
