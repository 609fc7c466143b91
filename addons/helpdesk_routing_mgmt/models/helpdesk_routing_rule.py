# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class HelpdeskRoutingRule(models.Model):
    _inherit = "helpdesk.routing.rule"

    # what the rule names in helpdesk_mgmt, for its tickets
    mgmt_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Helpdesk team",
        ondelete="set null",
        help="The helpdesk_mgmt team this rule sends Helpdesk tickets to "
        "(when its destination is a team).",
    )
    mgmt_channel_ids = fields.Many2many(
        "helpdesk.ticket.channel",
        "helpdesk_routing_rule_mgmt_channel_rel",
        "rule_id",
        "channel_id",
        string="Helpdesk channels",
        help="Condition for Helpdesk tickets: one of these channels.",
    )
    mgmt_tag_ids = fields.Many2many(
        "helpdesk.ticket.tag",
        "helpdesk_routing_rule_mgmt_tag_rel",
        "rule_id",
        "tag_id",
        string="Helpdesk tags",
        help="Condition for Helpdesk tickets: tagged with one of these tags.",
    )
    mgmt_add_tag_ids = fields.Many2many(
        "helpdesk.ticket.tag",
        "helpdesk_routing_rule_mgmt_add_tag_rel",
        "rule_id",
        "tag_id",
        string="Helpdesk tags to add",
        help="Tags added to the Helpdesk tickets this rule matches.",
    )

    def _hs_destination_teams(self):
        """A rule names its team in each helpdesk it routes: ours, and/or
        helpdesk_mgmt's; it routes only the tickets of the helpdesks whose
        team it names (see the ticket adapters' ``applicable_rules``)."""
        teams = super()._hs_destination_teams()
        if self.mgmt_team_id:
            teams.append(self.mgmt_team_id)
        return teams

    @api.constrains("mgmt_team_id")
    def _check_mgmt_destination(self):
        self._check_destination()
