# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HelpdeskRoutingRuleEventCondition(models.Model):
    _name = "helpdesk.routing.rule.event.condition"
    _inherit = ["helpdesk.routing.event.condition.mixin"]
    _description = "Routing Rule: Customer Event Condition"
    _order = "rule_id, sequence, id"

    rule_id = fields.Many2one(
        "helpdesk.routing.rule", required=True, index=True, ondelete="cascade"
    )
