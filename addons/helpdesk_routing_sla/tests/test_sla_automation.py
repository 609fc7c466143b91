# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import FRIDAY_4PM, SlaCase


@tagged("post_install", "-at_install", "hs_sla")
class TestSlaAutomation(SlaCase):
    """Automation rules (``base_automation``) see the changes of the SLA
    status: the scheduled pass and the engine write it through the ORM."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.late_tag = cls.env["helpdesk.routing.tag"].create({"name": "SLA late"})
        cls.risk_tag = cls.env["helpdesk.routing.tag"].create({"name": "SLA risk"})
        status_field = cls.env["ir.model.fields"]._get(
            "helpdesk.routing.ticket", "sla_status"
        )
        for status, tag in (("breached", cls.late_tag), ("at_risk", cls.risk_tag)):
            cls.env["base.automation"].create(
                {
                    "name": f"SLA {status}: tag",
                    "model_id": cls.env["ir.model"]._get_id("helpdesk.routing.ticket"),
                    "trigger": "on_create_or_write",
                    "trigger_field_ids": [Command.set(status_field.ids)],
                    "filter_domain": repr([("sla_status", "=", status)]),
                    "action_server_ids": [
                        Command.create(
                            {
                                "name": f"Tag {status}",
                                "model_id": cls.env["ir.model"]._get_id(
                                    "helpdesk.routing.ticket"
                                ),
                                "state": "code",
                                "code": "records.write({'tag_ids': [Command.link(%d)]})"
                                % tag.id,
                            }
                        )
                    ],
                }
            )
        cls.policy_standard.escalate_on = "none"

    def test_scheduled_pass_status_fires_automation(self):
        with freeze_time(datetime(2026, 3, 9, 9, 0)):
            tickets = self.Ticket.create(
                [
                    {
                        "name": f"Automation {i}",
                        "partner_id": self.customer.id,
                        "team_id": self.team_a.id,
                    }
                    for i in range(3)
                ]
            )
        self.assertFalse(tickets.tag_ids)
        # 6 of the 8 hours: at risk
        with freeze_time(datetime(2026, 3, 9, 15, 30)):
            self.Ticket._cron_hs_sla_escalate()
        self.assertEqual(set(tickets.mapped("sla_status")), {"at_risk"})
        for ticket in tickets:
            self.assertEqual(ticket.tag_ids, self.risk_tag)
        with freeze_time(datetime(2026, 3, 9, 17, 1)):
            self.Ticket._cron_hs_sla_escalate()
        self.assertEqual(set(tickets.mapped("sla_status")), {"breached"})
        for ticket in tickets:
            self.assertEqual(ticket.tag_ids, self.risk_tag | self.late_tag)

    def test_late_reply_fires_automation(self):
        with freeze_time(datetime(2026, 3, 9, 9, 0)):
            ticket = self._sla_ticket()
            ticket.with_user(self.agent).message_post(
                body="Hi", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        with freeze_time(datetime(2026, 3, 9, 10, 0)):
            ticket.message_post(
                body="Any news?",
                author_id=self.customer.id,
                message_type="email",
                subtype_xmlid="mail.mt_comment",
            )
        # the next response (4 h) comes late, before any scheduled pass
        with freeze_time(datetime(2026, 3, 9, 15, 0)):
            ticket.with_user(self.agent).message_post(
                body="Sorry", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(ticket.sla_status, "breached")
        self.assertEqual(ticket.sla_next_response_result, "breached")
        self.assertIn(self.late_tag, ticket.tag_ids)

    def test_creation_keeps_its_status_in_sql(self):
        # a new ticket's first status is not a change: no rule fires
        with freeze_time(FRIDAY_4PM):
            ticket = self._sla_ticket()
        self.assertEqual(ticket.sla_status, "on_track")
        self.assertFalse(ticket.tag_ids)
