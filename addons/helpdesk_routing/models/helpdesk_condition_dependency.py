# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from odoo.addons.helpdesk_segments.models.helpdesk_condition_dependency import (
    ConditionHolder,
    Dependent,
)

# conditions of the rules made of records, not domains:
# model of the records -> [(rule field, whether the rule breaks without them)]
# (a rule "tagged A" without A would match every ticket; a rule adding the
# tag A still routes; the destinations are handled by
# helpdesk.routing.rule._deactivate_for_destinations)
RULE_RELATIONS = {
    "helpdesk.routing.event.type": [("event_condition_ids.type_id", True)],
    "helpdesk.routing.tag": [("tag_ids", True), ("add_tag_ids", False)],
    "helpdesk.routing.channel": [("channel_ids", True)],
    "helpdesk.routing.team": [("team_id", False), ("alias_team_id", False)],
    "helpdesk.routing.view": [("view_id", False)],
    "res.partner": [("add_follower_ids", False)],
}


class HelpdeskConditionDependency(models.AbstractModel):
    _inherit = "helpdesk.condition.dependency"

    @api.model
    def _condition_holders(self):
        return super()._condition_holders() + [
            ConditionHolder("helpdesk.routing.rule", "partner_domain", "res.partner"),
            ConditionHolder(
                "helpdesk.routing.rule", "ticket_domain", "helpdesk.routing.ticket"
            ),
            ConditionHolder(
                "helpdesk.routing.view", "domain", "helpdesk.routing.ticket"
            ),
        ]

    @api.model
    def _relational_dependents(self, model_name, ids):
        found = super()._relational_dependents(model_name, ids)
        # every active rule, whoever deletes (only their names are shown)
        Rule = self.env["helpdesk.routing.rule"].sudo()
        for path, breaks in RULE_RELATIONS.get(model_name, []):
            field = Rule._fields[path.split(".")[0]]
            for rule in Rule.search([(path, "in", list(ids))]):
                found.append(Dependent(rule, self._label(rule, field), breaks))
        if model_name == "helpdesk.routing.event.type":
            # the lists counting these events, whoever deletes (names only)
            Lists = self.env["helpdesk.customer.list"].sudo()
            field = Lists._fields["event_condition_ids"]
            for customer_list in Lists.search(
                [("event_condition_ids.type_id", "in", list(ids))]
            ):
                found.append(
                    Dependent(customer_list, self._label(customer_list, field))
                )
        return found
