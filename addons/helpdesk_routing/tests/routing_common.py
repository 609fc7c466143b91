# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .common import HelpdeskRoutingCase


class RoutingCase(HelpdeskRoutingCase):
    """Routing tests start from no active rule (the demo rules are archived),
    with event types, channels, tags, a saved view and a third team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rule = cls.env["helpdesk.routing.rule"]
        cls.Event = cls.env["helpdesk.routing.event"]
        cls.Log = cls.env["helpdesk.routing.log"]
        cls.Rule.search([]).action_archive()
        cls.env.company.write(
            {
                "helpdesk_routing_enabled": True,
                "helpdesk_routing_fallback": "unassigned",
            }
        )
        cls.placed_order = cls.env.ref(
            "helpdesk_routing.helpdesk_routing_event_type_placed_order"
        )
        cls.cancelled_order = cls.env.ref(
            "helpdesk_routing.helpdesk_routing_event_type_cancelled_order"
        )
        cls.channel_sms = cls.env.ref("helpdesk_routing.helpdesk_routing_channel_sms")
        cls.channel_phone = cls.env.ref(
            "helpdesk_routing.helpdesk_routing_channel_phone"
        )
        Tag = cls.env["helpdesk.routing.tag"]
        cls.tag_order = Tag.create({"name": "Test Order"})
        cls.tag_refund = Tag.create({"name": "Test Refund"})
        cls.view_urgent = cls.env["helpdesk.routing.view"].create(
            {"name": "Test urgent"}
        )
        cls.team_c = cls.Team.create({"name": "Test Team C"})
        cls.churn_tag = cls.env["res.partner.category"].create(
            {"name": "Test churn risk"}
        )
        cls.customer.category_id = cls.churn_tag

    @classmethod
    def _rule(cls, **values):
        vals = {"name": "Rule", "team_id": cls.team_c.id}
        vals.update(values)
        return cls.Rule.create(vals)
