# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import api, fields, models
from odoo.tools import SQL

from ..engine.decisions import ConditionResult
from ..engine.explain import Renderer

TRIGGERS = [
    ("create", "Creation"),
    ("reroute", "Re-routing"),
    ("test", "Test"),
    ("assign", "Assignment"),
]


class HelpdeskRoutingLog(models.Model):
    _name = "helpdesk.routing.log"
    _inherit = ["helpdesk.input.mixin"]
    _description = "Helpdesk Routing Decision"
    _order = "date desc, id"

    ticket_id = fields.Many2one(
        "helpdesk.routing.ticket", required=True, index=True, ondelete="cascade"
    )
    rule_id = fields.Many2one(
        "helpdesk.routing.rule", string="Rule", index=True, ondelete="set null"
    )
    is_fallback = fields.Boolean(string="Fallback")
    trigger = fields.Selection(TRIGGERS, required=True, default="create")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    destination = fields.Char()
    # as recorded by routing (superuser): may name what the reader may not
    # see; people read ``explanation``, rendered for them
    conditions = fields.Json(
        help="Each condition, whether it held, values seen.",
        groups="helpdesk_segments.group_helpdesk_manager",
    )
    fault = fields.Text(
        string="Skipped because",
        help="Routing could not evaluate the rule and skipped it.",
    )
    explanation = fields.Text(compute="_compute_explanation")
    company_id = fields.Many2one(related="ticket_id.company_id")

    @api.depends("rule_id", "is_fallback", "trigger")
    def _compute_display_name(self):
        for log in self:
            if log.trigger == "assign":
                log.display_name = self.env._("Assignment")
                continue
            log.display_name = (
                self.env._("Fallback")
                if log.is_fallback
                else log.rule_id.name or self.env._("Deleted rule")
            )

    @api.depends("conditions", "is_fallback", "fault")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_explanation(self):
        # recorded as superuser, rendered for the reader (engine/explain.py)
        recorded = {
            log.id: [ConditionResult.from_json(c) for c in log.sudo().conditions or ()]
            for log in self
        }
        renderer = Renderer(self.env)
        renderer.prefetch_results(
            result for results in recorded.values() for result in results
        )
        for log in self:
            log.explanation = self._explain(
                recorded[log.id], renderer, fallback=log.is_fallback, fault=log.fault
            )

    @api.model
    def _explain(self, results, renderer, fallback=False, fault=None):
        """The explanation of one entry of a decision, for the reader of
        ``renderer``: what the log, Test routing and Preview show."""
        if fault:
            return self.env._("Skipped: %(reason)s", reason=fault)
        if fallback:
            return self.env._("No rule matched.")
        if not results:
            return self.env._("The rule has no condition.")
        if results[0].family == "assignment":
            lines = []
            for result in results:
                text = renderer.render(result.label)
                lines.append(
                    ("\u2713 " if result.held else "\u2717 ")
                    + f"{text}: {renderer.render(result.seen)}"
                )
            return "\n".join(lines)
        lines = []
        for result in results:
            text = renderer.render(result.label)
            if result.seen:
                text = f"{text} ({renderer.render(result.seen)})"
            lines.append(("\u2713 " if result.held else "\u2717 ") + text)
        return "\n".join(lines)

    @api.model
    def _insert_batch(self, vals_list, ticket_field="ticket_id"):
        """Insert routing decisions with one INSERT (routing runs in every
        ticket creation: the ORM's per-record create costs too much here).
        The log has no computed stored field and nothing depends on it.

        :param ticket_field: the log's many2one to the routed tickets' model
            (``vals["ticket_id"]`` goes there): another ticket model's bridge
            adds its own field to the log"""
        if not vals_list:
            return
        field = self._fields[ticket_field]
        if field.type != "many2one" or not field.store:
            raise ValueError(ticket_field)
        now = fields.Datetime.now()
        uid = self.env.uid
        # the rows travel as one JSON document unpacked by PostgreSQL: no
        # per-row SQL to build in Python
        rows = json.dumps(
            [
                {
                    "ticket_id": vals["ticket_id"],
                    "rule_id": vals["rule_id"] or None,
                    "is_fallback": bool(vals["is_fallback"]),
                    "trigger": vals["trigger"],
                    "destination": vals["destination"],
                    "conditions": vals["conditions"],
                    "fault": vals.get("fault") or None,
                }
                for vals in vals_list
            ]
        )
        self.env.execute_query(
            SQL(
                """INSERT INTO helpdesk_routing_log
                   (%s, rule_id, is_fallback, trigger, date, destination,
                    conditions, fault, create_uid, create_date, write_uid,
                    write_date)
                   SELECT r.ticket_id, r.rule_id, r.is_fallback, r.trigger, %s,
                          r.destination, r.conditions, r.fault, %s, %s, %s, %s
                   FROM jsonb_to_recordset(%s::jsonb) AS r(
                       ticket_id integer, rule_id integer, is_fallback boolean,
                       trigger varchar, destination varchar, conditions jsonb,
                       fault text)""",
                SQL.identifier(ticket_field),
                now,
                uid,
                now,
                uid,
                now,
                rows,
            )
        )
        # the tickets' routing_log_ids are read again from the database
        self.env[field.comodel_name].invalidate_model(
            [
                name
                for name, other in self.env[field.comodel_name]._fields.items()
                if other.type == "one2many"
                and other.comodel_name == self._name
                and other.inverse_name == ticket_field
            ]
        )
