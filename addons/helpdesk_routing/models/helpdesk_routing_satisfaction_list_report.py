# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class HelpdeskRoutingSatisfactionListReport(models.Model):
    """Satisfaction per customer list: one row for each rated ticket and each
    customer list its customer is a member of (the stored members of
    helpdesk_segments, as of the lists' last refresh). A ticket whose
    customer is in two lists counts in both; the figures are averages of the
    tickets' last rating, as in the other satisfaction reports.

    Who sees which rows is the record rules' business
    (security/helpdesk_routing_security.xml): the rows of the lists the user
    may see (shared or their own, of their companies) and of the tickets they
    may see."""

    _name = "helpdesk.routing.satisfaction.list.report"
    _description = "Satisfaction per Customer List"
    _auto = False
    _rec_name = "ticket_id"
    _order = "ticket_id desc, list_id"

    ticket_id = fields.Many2one(
        "helpdesk.routing.ticket", string="Ticket", readonly=True
    )
    list_id = fields.Many2one(
        "helpdesk.customer.list", string="Customer List", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    team_id = fields.Many2one("helpdesk.routing.team", string="Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Assigned Agent", readonly=True)
    channel_id = fields.Many2one(
        "helpdesk.routing.channel", string="Channel", readonly=True
    )
    stage_id = fields.Many2one("helpdesk.routing.stage", string="Stage", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    create_date = fields.Datetime(string="Opened on", readonly=True)
    rating = fields.Selection(
        selection=lambda self: (
            self.env["helpdesk.routing.ticket"]._fields["rating"].selection
        ),
        string="Satisfaction",
        readonly=True,
    )
    rating_last_value = fields.Float(
        string="Average Rating (1-5)", aggregator="avg", readonly=True
    )

    def _query(self):
        return SQL(
            """
            SELECT row_number() OVER (ORDER BY t.id, m.list_id) AS id,
                   t.id AS ticket_id,
                   m.list_id AS list_id,
                   t.partner_id AS partner_id,
                   t.team_id AS team_id,
                   t.user_id AS user_id,
                   t.channel_id AS channel_id,
                   t.stage_id AS stage_id,
                   t.company_id AS company_id,
                   t.create_date AS create_date,
                   t.rating AS rating,
                   t.rating_last_value AS rating_last_value
              FROM helpdesk_routing_ticket t
              JOIN helpdesk_customer_list_member m ON m.partner_id = t.partner_id
             WHERE t.rating_last_value > 0 AND t.active
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
