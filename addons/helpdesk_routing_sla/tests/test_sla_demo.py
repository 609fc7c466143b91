# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "hs_sla")
class TestSlaDemo(TransactionCase):
    """The demo policies follow the customers' *Service level* field:
    Platinum 1 h / 8 h, Gold 4 h / 24 h, everyone else 8 h / 48 h."""

    def test_demo_policies(self):
        expected = {
            "base.res_partner_1": ("platinum", 1, 8),
            "base.res_partner_2": ("gold", 4, 24),
            "base.res_partner_12": ("standard", 8, 48),
        }
        Ticket = self.env["helpdesk.routing.ticket"].with_context(tracking_disable=True)
        for xmlid, (policy, first, resolution) in expected.items():
            ticket = Ticket.create(
                {"name": "Demo SLA", "partner_id": self.env.ref(xmlid).id}
            )
            self.assertEqual(
                ticket.sla_policy_id,
                self.env.ref(
                    f"helpdesk_routing_sla.helpdesk_routing_sla_policy_demo_{policy}"
                ),
                xmlid,
            )
            self.assertEqual(ticket.sla_policy_id.first_response_hours, first)
            self.assertEqual(ticket.sla_policy_id.resolution_hours, resolution)
            self.assertEqual(ticket.sla_status, "on_track")
            self.assertTrue(ticket.sla_deadline)
        waiting = self.env.ref("helpdesk_routing.helpdesk_routing_stage_waiting")
        self.assertTrue(waiting.hs_sla_pause)
