# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.helpdesk_routing_ticket import SLA_RESULTS

TARGETS = [
    ("first_response", "First response"),
    ("next_response", "Next response"),
    ("resolution", "Resolution"),
]


class HelpdeskRoutingSlaReport(models.Model):
    """Service level targets of tickets, met or missed: one row per ticket,
    target and customer list of the customer (``is_primary``: the one row of
    each ticket and target, for every grouping but by customer list).
    Targets still open are left out."""

    _name = "helpdesk.routing.sla.report"
    _description = "Helpdesk Service Level Analysis"
    _auto = False
    _order = "date desc"

    ticket_id = fields.Many2one("helpdesk.routing.ticket", readonly=True)
    sla_policy_id = fields.Many2one(
        "helpdesk.routing.sla.policy", string="Service level", readonly=True
    )
    team_id = fields.Many2one("helpdesk.routing.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    channel_id = fields.Many2one("helpdesk.routing.channel", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    customer_list_id = fields.Many2one(
        "helpdesk.customer.list", string="Customer list", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Datetime(string="Received on", readonly=True)
    target = fields.Selection(TARGETS, readonly=True)
    result = fields.Selection(SLA_RESULTS, readonly=True)
    met_rate = fields.Float(
        string="Targets met (%)", aggregator="avg", readonly=True, digits=(16, 1)
    )
    is_primary = fields.Boolean(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE OR REPLACE VIEW %s AS (
                SELECT row_number() OVER () AS id, r.*,
                       (row_number() OVER (
                           PARTITION BY r.ticket_id, r.target
                           ORDER BY r.customer_list_id NULLS LAST) = 1) AS is_primary
                FROM (
                    SELECT t.id AS ticket_id, t.sla_policy_id, t.team_id,
                           t.user_id, t.channel_id, t.partner_id, m.list_id
                           AS customer_list_id, t.company_id, t.create_date AS date,
                           x.target, x.result,
                           CASE WHEN x.result = 'met' THEN 100.0 ELSE 0.0 END
                           AS met_rate, t.write_date
                    FROM helpdesk_routing_ticket t
                    CROSS JOIN LATERAL (VALUES
                        ('first_response', t.sla_first_response_result),
                        ('next_response', t.sla_next_response_result),
                        ('resolution', t.sla_resolution_result)
                    ) AS x(target, result)
                    LEFT JOIN helpdesk_customer_list_member m
                        ON m.partner_id = t.partner_id
                    WHERE t.sla_policy_id IS NOT NULL AND t.active
                      AND x.result IS NOT NULL
                ) AS r
            )""",
                SQL.identifier(self._table),
            )
        )
