# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestRoutingDemo(TransactionCase):
    """The seeds' demo rules route tickets of the demo customers."""

    def _new_ticket(self, partner_xmlid, **vals):
        return self.env["helpdesk.routing.ticket"].create(
            dict(
                {
                    "name": "Demo routing check",
                    "partner_id": self.env.ref(partner_xmlid).id,
                },
                **vals,
            )
        )

    def test_vip_list_member_goes_to_vip_support(self):
        vip_list = self.env.ref("helpdesk_segments.helpdesk_customer_list_demo_vip")
        vip_list._refresh_members()
        member = self.env.ref("base.res_partner_1")
        self.assertIn(member, vip_list.member_ids.partner_id)
        ticket = self._new_ticket("base.res_partner_1")
        self.assertEqual(
            ticket.team_id,
            self.env.ref("helpdesk_routing.helpdesk_routing_team_vip_support"),
        )
        self.assertIn(
            self.env.ref("helpdesk_routing.helpdesk_routing_rule_vip"),
            ticket.routing_log_ids.rule_id,
        )

    def test_churn_risk_customer_goes_to_retention(self):
        ticket = self._new_ticket("base.res_partner_12")
        self.assertEqual(
            ticket.team_id,
            self.env.ref("helpdesk_routing.helpdesk_routing_team_retention"),
        )
