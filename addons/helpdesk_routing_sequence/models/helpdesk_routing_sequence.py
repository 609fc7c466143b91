# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..engine.sequence import Enroller, stop_enrollments

STATES = [("draft", "Draft"), ("running", "Running")]


class HelpdeskRoutingSequence(models.Model):
    """A follow-up sequence ("funnel"): timed steps run for each customer
    who starts it (a customer tag, a ticket tag, a customer list), until
    the customer leaves it (engine/sequence.py)."""

    _name = "helpdesk.routing.sequence"
    _description = "Follow-up Sequence"
    _order = "sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    state = fields.Selection(
        STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        help="A draft sequence starts nobody: preview who would start, then run it.",
    )
    date_running = fields.Datetime(string="Running since", readonly=True, copy=False)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        help="Activities of the sequence go to the customer's salesperson, "
        "else to this user.",
    )
    # starting
    partner_tag_ids = fields.Many2many(
        "res.partner.category",
        "helpdesk_routing_sequence_partner_tag_rel",
        "sequence_id",
        "category_id",
        string="Customer tags",
        help="Starts for a customer when one of these tags is added to them.",
    )
    ticket_tag_ids = fields.Many2many(
        "helpdesk.routing.tag",
        "helpdesk_routing_sequence_ticket_tag_rel",
        "sequence_id",
        "tag_id",
        string="Ticket tags",
        help="Starts for the customer of a ticket when one of these tags is "
        "added to the ticket.",
    )
    list_ids = fields.Many2many(
        "helpdesk.customer.list",
        "helpdesk_routing_sequence_list_rel",
        "sequence_id",
        "list_id",
        string="Customer lists",
        help="Starts for a customer when they join one of these lists (at the "
        "list's refresh).",
    )
    # stopping
    stop_on_reply = fields.Boolean(
        string="Stop when the customer replies", default=True
    )
    stop_on_ticket = fields.Boolean(
        string="Stop when the customer opens a ticket", default=True
    )
    stop_event_type_ids = fields.Many2many(
        "helpdesk.routing.event.type",
        "helpdesk_routing_sequence_event_type_rel",
        "sequence_id",
        "event_type_id",
        string="Stop on customer events",
        help="The customer leaves the sequence when one of these events "
        "happens (e.g. placed an order).",
    )
    step_ids = fields.One2many(
        "helpdesk.routing.sequence.step", "sequence_id", string="Steps", copy=True
    )
    enrollment_ids = fields.One2many(
        "helpdesk.routing.sequence.enrollment", "sequence_id", string="Enrollments"
    )
    hidden_from_agents = fields.Boolean(
        compute="_compute_hidden_from_agents",
        store=True,
        compute_sudo=True,
        help="Started by a tag of a group hidden from agents: only Helpdesk "
        "Managers see the sequence and its customers.",
    )
    last_error = fields.Text(
        readonly=True,
        copy=False,
        help="The last step that failed (a template that does not render...): "
        "its customers went on to the next step.",
    )
    # statistics
    enrolled_count = fields.Integer(compute="_compute_counts", string="Enrolled")
    active_count = fields.Integer(compute="_compute_counts", string="In progress")
    completed_count = fields.Integer(compute="_compute_counts", string="Completed")
    stopped_count = fields.Integer(compute="_compute_counts", string="Stopped")

    @api.depends(
        "partner_tag_ids.hs_hidden_from_agents", "ticket_tag_ids.hs_hidden_from_agents"
    )
    def _compute_hidden_from_agents(self):
        for seq in self:
            seq.hidden_from_agents = any(
                seq.partner_tag_ids.mapped("hs_hidden_from_agents")
            ) or any(seq.ticket_tag_ids.mapped("hs_hidden_from_agents"))

    @api.depends_context("uid")
    def _compute_counts(self):
        groups = self.env["helpdesk.routing.sequence.enrollment"]._read_group(
            [("sequence_id", "in", self.ids)], ["sequence_id", "state"], ["__count"]
        )
        counts = {(seq.id, state): count for seq, state, count in groups}
        for seq in self:
            seq.active_count = counts.get((seq.id, "active"), 0)
            seq.completed_count = counts.get((seq.id, "completed"), 0)
            seq.stopped_count = counts.get((seq.id, "stopped"), 0)
            seq.enrolled_count = (
                seq.active_count + seq.completed_count + seq.stopped_count
            )

    # ------------------------------------------------------------------
    # checks
    # ------------------------------------------------------------------
    @api.constrains("state", "partner_tag_ids", "ticket_tag_ids", "list_ids")
    def _check_start(self):
        for seq in self:
            if seq.state == "running" and not (
                seq.partner_tag_ids or seq.ticket_tag_ids or seq.list_ids
            ):
                raise ValidationError(
                    self.env._(
                        "Sequence %(name)s starts from nothing: choose a customer "
                        "tag, a ticket tag or a customer list.",
                        name=seq.name,
                    )
                )

    def _check_runnable(self):
        for seq in self:
            if not seq.step_ids.filtered(lambda s: s.kind != "wait"):
                raise UserError(
                    self.env._(
                        "Sequence %(name)s does nothing yet: add a step that "
                        "sends, posts, schedules or tags.",
                        name=seq.name,
                    )
                )
            seq.step_ids._check_values()

    # ------------------------------------------------------------------
    # the cache of what starts sequences (read on every tag write)
    # ------------------------------------------------------------------
    @api.model
    @tools.ormcache()
    def _hs_triggers(self):
        """{'partner_tag': {tag id: (sequence ids)}, 'ticket_tag': {...}} of
        the running sequences: cached, so a tag write with no sequence to
        start costs no query."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT 'partner_tag', r.category_id, s.id
                  FROM helpdesk_routing_sequence s
                  JOIN helpdesk_routing_sequence_partner_tag_rel r
                    ON r.sequence_id = s.id
                 WHERE s.active AND s.state = 'running'
                UNION ALL
                SELECT 'ticket_tag', r.tag_id, s.id
                  FROM helpdesk_routing_sequence s
                  JOIN helpdesk_routing_sequence_ticket_tag_rel r
                    ON r.sequence_id = s.id
                 WHERE s.active AND s.state = 'running'
                """
            )
        )
        result = {"partner_tag": {}, "ticket_tag": {}}
        for kind, tag_id, seq_id in rows:
            result[kind].setdefault(tag_id, []).append(seq_id)
        return {
            kind: {tag: tuple(seqs) for tag, seqs in tags.items()}
            for kind, tags in result.items()
        }

    @api.model_create_multi
    def create(self, vals_list):
        sequences = super().create(vals_list)
        self.env.registry.clear_cache()
        return sequences

    def write(self, vals):
        res = super().write(vals)
        if {"active", "state", "partner_tag_ids", "ticket_tag_ids"} & set(vals):
            self.env.registry.clear_cache()
        if vals.get("active") is False:
            self._hs_stop_all()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    def _hs_stop_all(self):
        """Archived or back to draft: every customer leaves."""
        enrollments = (
            self.env["helpdesk.routing.sequence.enrollment"]
            .sudo()
            .with_context(active_test=False)
            .search([("sequence_id", "in", self.ids), ("state", "=", "active")])
        )
        if enrollments:
            stop_enrollments(self.env, enrollment_ids=enrollments.ids)

    # ------------------------------------------------------------------
    # who would start now
    # ------------------------------------------------------------------
    def _hs_candidates_query(self):
        """(sequence, customer, ticket) of the customers who carry a starting
        tag, have a ticket with one, or are in a starting list, and are not
        in the sequence now."""
        self.ensure_one()
        return SQL(
            """
            SELECT %(seq)s, c.partner_id, min(c.ticket_id), min(c.trigger)
              FROM (
                SELECT rel.partner_id, NULL::int AS ticket_id,
                       'partner_tag' AS trigger
                  FROM res_partner_res_partner_category_rel rel
                 WHERE rel.category_id = ANY(%(ptags)s)
                UNION ALL
                SELECT t.partner_id, t.id, 'ticket_tag'
                  FROM helpdesk_routing_ticket_tag_rel rel
                  JOIN helpdesk_routing_ticket t ON t.id = rel.ticket_id
                 WHERE rel.tag_id = ANY(%(ttags)s) AND t.partner_id IS NOT NULL
                   AND t.active
                UNION ALL
                SELECT m.partner_id, NULL, 'list'
                  FROM helpdesk_customer_list_member m
                 WHERE m.list_id = ANY(%(lists)s)
              ) c
              JOIN res_partner p ON p.id = c.partner_id AND p.active
             WHERE NOT EXISTS (
                   SELECT 1 FROM helpdesk_routing_sequence_enrollment e
                    WHERE e.sequence_id = %(seq)s AND e.partner_id = c.partner_id
                      AND e.state = 'active')
             GROUP BY c.partner_id
            """,
            seq=self.id,
            ptags=self.partner_tag_ids.ids,
            ttags=self.ticket_tag_ids.ids,
            lists=self.list_ids.ids,
        )

    def _hs_candidates(self):
        self.env.flush_all()
        return self.env.execute_query(self._hs_candidates_query())

    def action_preview(self):
        """Who would start now: the customers (that the user may see)."""
        self.ensure_one()
        ids = [row[1] for row in self._hs_candidates()]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Who would start: %(name)s", name=self.name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            # the user's own search: record rules filter the customers
            "domain": [("id", "in", ids)],
            "context": {"create": False},
        }

    def action_run(self):
        """Run the sequence: the customers who match now start it."""
        self.check_access("write")
        for seq in self:
            seq._check_runnable()
            seq.write({"state": "running", "date_running": fields.Datetime.now()})
            rows = seq._hs_candidates()
            by_trigger = {}
            for seq_id, partner_id, ticket_id, trigger in rows:
                by_trigger.setdefault(trigger, []).append(
                    (seq_id, partner_id, ticket_id)
                )
            for trigger, triples in by_trigger.items():
                # the enrollments are the engine's (no right to create them
                # by hand); the manager's write right was checked above
                Enroller(self.env(su=True)).start(triples, trigger)
        return True

    def action_draft(self):
        self.check_access("write")
        self.write({"state": "draft"})
        self._hs_stop_all()
        return True

    def action_view_enrollments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_routing_sequence.helpdesk_routing_sequence_enrollment_action"
        )
        action["domain"] = [("sequence_id", "=", self.id)]
        action["context"] = {"default_sequence_id": self.id}
        return action

    def _hs_enroll(self, partners):
        """Start the sequence for ``partners`` by hand (an agent applying
        it): the agent must see the sequence and the customers."""
        self.ensure_one()
        self.check_access("read")
        partners = partners.with_env(self.env)
        partners.check_access("read")
        if self.state != "running" or not self.active:
            raise UserError(
                self.env._(
                    "Sequence %(name)s is not running: a manager runs it first.",
                    name=self.name,
                )
            )
        # the engine writes enrollments (agents only read them); the rights
        # on the sequence and the customers were checked above
        return Enroller(self.env(su=True)).start(
            [(self.id, partner.id, None) for partner in partners], "manual"
        )
