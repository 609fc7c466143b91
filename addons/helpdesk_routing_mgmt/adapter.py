# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""How the routing engine sees OCA ``helpdesk_mgmt``'s ``helpdesk.ticket``
(see ``helpdesk_routing/engine/tickets.py``)."""

from odoo.addons.helpdesk_routing.engine import Router, TicketAdapter


def mgmt_router(env):
    return Router(MgmtTicketAdapter(env))


class MgmtTicketAdapter(TicketAdapter):
    """``helpdesk.ticket`` of helpdesk_mgmt: rules name its teams, channels
    and tags in their ``mgmt_*`` fields; it has no saved views, no email
    alias condition and no fallback team."""

    model = "helpdesk.ticket"
    fields = {
        "partner_id": "partner_id",
        "channel_id": "channel_id",
        "priority": "priority",
        # helpdesk_mgmt tickets do not record an alias team: always empty
        "alias_team_id": "hs_alias_team_id",
        "company_id": "company_id",
        "team_id": "team_id",
        "tag_ids": "tag_ids",
        "name": "name",
        "description": "description",
    }

    def applicable_rules(self, rules):
        """Not the rules whose conditions name only what OCA tickets lack:
        our channels or tags without their Helpdesk counterparts, an email
        alias team, a ticket filter on fields ``helpdesk.ticket`` has not
        (such a rule would match too broadly, or be flagged in error
        because of an OCA ticket), and the rules sending tickets to a team
        that name no helpdesk_mgmt team."""
        Ticket = self.Ticket

        def applies(rule):
            if rule.destination == "team" and rule.team_id and not rule.mgmt_team_id:
                # sends tickets to one of our teams only (a rule names its
                # team in each helpdesk it routes)
                return False
            if rule.channel_ids and not rule.mgmt_channel_ids:
                return False
            if rule.tag_ids and not rule.mgmt_tag_ids:
                return False
            if rule.alias_team_id:
                return False
            domain = rule._parse_domain(rule.ticket_domain, raise_error=False)
            return all(name in Ticket._fields for name in rule._domain_fields(domain))

        return rules.filtered(applies)

    def rule_records(self, rule, role):
        if role == "channel_id":
            return rule.mgmt_channel_ids
        if role == "tag_ids":
            return rule.mgmt_tag_ids
        if role == "alias_team_id":
            return self.env["helpdesk.ticket.team"]
        if role == "team_id":
            if rule.destination == "team":
                return rule.mgmt_team_id
            return rule.mgmt_team_id.browse()
        if role == "view_id":
            return self.env["helpdesk.routing.view"]
        if role == "add_tag_ids":
            return rule.mgmt_add_tag_ids
        raise KeyError(role)

    def fallback_team(self, company):
        return self.env["helpdesk.ticket.team"]

    def reroutable(self, tickets):
        return tickets._hs_mgmt_reroutable()

    def open_tickets(self, partners):
        return self.Ticket.sudo().search(
            [("partner_id", "in", partners.ids), ("closed", "=", False)]
        )

    def apply(self, tickets, decisions, trigger):
        tickets._hs_apply_routing(decisions, trigger)

    def finish_new(self, tickets, decisions):
        tickets._hs_finish_routing(decisions)
