# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class HelpdeskRoutingRatingPolicy(models.Model):
    """Which rating request a ticket gets when it reaches a stage that asks
    for one: the first policy (by sequence) whose conditions the ticket meets
    decides (another rating email, or none); without a matching policy the
    stage's own rating email is sent. Empty conditions match every ticket."""

    _name = "helpdesk.routing.rating.policy"
    _inherit = ["helpdesk.input.mixin"]
    _description = "Helpdesk Rating Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True
    )
    team_ids = fields.Many2many(
        "helpdesk.routing.team",
        "helpdesk_routing_rating_policy_team_rel",
        "policy_id",
        "team_id",
        string="Teams",
        check_company=True,
        help="Tickets of these teams (any team when empty).",
    )
    channel_ids = fields.Many2many(
        "helpdesk.routing.channel",
        "helpdesk_routing_rating_policy_channel_rel",
        "policy_id",
        "channel_id",
        string="Channels",
        help="Tickets that came through these channels (any when empty).",
    )
    tag_ids = fields.Many2many(
        "helpdesk.routing.tag",
        "helpdesk_routing_rating_policy_tag_rel",
        "policy_id",
        "tag_id",
        string="Ticket Tags",
        help="Tickets with at least one of these tags (any ticket when empty).",
    )
    lang_ids = fields.Many2many(
        "res.lang",
        "helpdesk_routing_rating_policy_lang_rel",
        "policy_id",
        "lang_id",
        string="Customer Languages",
        help="Tickets whose customer speaks one of these languages (any when empty).",
    )
    action = fields.Selection(
        [("template", "Send this rating email"), ("none", "Send no rating request")],
        required=True,
        default="template",
    )
    template_id = fields.Many2one(
        "mail.template",
        string="Rating Email",
        domain=[("model", "=", "helpdesk.routing.ticket")],
        help="Leave empty to send the stage's rating email.",
    )

    def _matches(self, ticket):
        """Whether ticket meets the policy's conditions (no query: the
        policy's relations are prefetched with the policies)."""
        self.ensure_one()
        if self.company_id and self.company_id != ticket.company_id:
            return False
        if self.team_ids and ticket.team_id not in self.team_ids:
            return False
        if self.channel_ids and ticket.channel_id not in self.channel_ids:
            return False
        if self.tag_ids and not (self.tag_ids & ticket.sudo().tag_ids):
            return False
        lang = ticket.partner_id.lang
        return not self.lang_ids or lang in self.lang_ids.mapped("code")

    @api.model
    def _match_ticket(self, ticket):
        """The first policy (by sequence) whose conditions ticket meets, or
        an empty recordset."""
        # sudo: the policies are configuration agents cannot read; they only
        # decide which request the customer gets
        for policy in self.sudo().search([]):
            if policy._matches(ticket):
                return policy
        return self.browse()

    def _rating_template(self, default_template):
        """The rating email of the policy: its own, none, or default_template
        (the stage's); no policy (empty self) sends default_template. Other
        actions (a survey: helpdesk_routing_survey) send no rating email."""
        if not self:
            return default_template
        self.ensure_one()
        if self.action == "template":
            return self.template_id or default_template
        return self.env["mail.template"]
