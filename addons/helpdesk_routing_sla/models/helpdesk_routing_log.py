# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import api, fields, models
from odoo.tools import SQL


class HelpdeskRoutingLog(models.Model):
    """Service level decisions and escalations are in the ticket's routing
    log, explained by the same renderer as routing decisions."""

    _inherit = "helpdesk.routing.log"

    trigger = fields.Selection(
        selection_add=[
            ("sla", "Service level"),
            ("sla_change", "Service level change"),
            ("escalation", "Escalation"),
        ],
        ondelete={
            "sla": "cascade",
            "sla_change": "cascade",
            "escalation": "cascade",
        },
    )
    sla_policy_id = fields.Many2one(
        "helpdesk.routing.sla.policy",
        string="Service level policy",
        index="btree_not_null",
        ondelete="set null",
    )

    @api.depends("rule_id", "is_fallback", "sla_policy_id", "trigger")
    def _compute_display_name(self):
        res = super()._compute_display_name()
        for log in self.filtered(
            lambda log: log.trigger in ("sla", "sla_change", "escalation")
        ):
            log.display_name = log.sla_policy_id.name or self.env._(
                "No service level policy"
            )
        return res

    @api.depends("conditions", "is_fallback", "fault", "sla_policy_id", "trigger")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_explanation(self):
        res = super()._compute_explanation()
        for log in self:
            if log.trigger in ("sla", "sla_change") and not (
                log.sla_policy_id or log.fault
            ):
                log.explanation = self.env._("No service level policy matches.")
        return res

    @api.model
    def _hs_insert_sla_batch(self, vals_list):
        """Insert service level entries with one INSERT, as routing does
        (``_insert_batch``), with their policy."""
        if not vals_list:
            return
        now = fields.Datetime.now()
        uid = self.env.uid
        rows = json.dumps(
            [
                {
                    "ticket_id": vals["ticket_id"],
                    "sla_policy_id": vals.get("sla_policy_id") or None,
                    "trigger": vals["trigger"],
                    "destination": vals["destination"],
                    "conditions": vals.get("conditions") or [],
                    "fault": vals.get("fault") or None,
                }
                for vals in vals_list
            ]
        )
        self.env.execute_query(
            SQL(
                """INSERT INTO helpdesk_routing_log
                   (ticket_id, sla_policy_id, is_fallback, trigger, date,
                    destination, conditions, fault, create_uid, create_date,
                    write_uid, write_date)
                   SELECT r.ticket_id, r.sla_policy_id, FALSE, r.trigger, %s,
                          r.destination, r.conditions, r.fault, %s, %s, %s, %s
                   FROM jsonb_to_recordset(%s::jsonb) AS r(
                       ticket_id integer, sla_policy_id integer,
                       trigger varchar, destination varchar, conditions jsonb,
                       fault text)""",
                now,
                uid,
                now,
                uid,
                now,
                rows,
            )
        )
        self.env["helpdesk.routing.ticket"].invalidate_model(
            ["routing_log_ids", "sla_log_ids"]
        )
