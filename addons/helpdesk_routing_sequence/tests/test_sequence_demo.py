# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from odoo.addons.helpdesk_routing.tests.common import HelpdeskRoutingCase

TUESDAY_10AM = datetime(2026, 3, 10, 10, 0)


@tagged("post_install", "-at_install", "hs_sequence")
class TestSequenceDemo(HelpdeskRoutingCase):
    """The seed's funnels, as demo data: the macro *Thinking it over* tags
    the customer, which starts the reminder; a new customer gets five
    messages, then the offer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["helpdesk.routing.rule"].search([]).action_archive()
        cls.env.company.write(
            {
                "hs_sequence_daily_cap": 2,
                "hs_sequence_quiet_start": 21.0,
                "hs_sequence_quiet_end": 8.0,
            }
        )
        cls.customer.tz = "UTC"
        cls.thinking = cls.env.ref(
            "helpdesk_routing_sequence.helpdesk_routing_sequence_thinking"
        )
        cls.newcomers = cls.env.ref(
            "helpdesk_routing_sequence.helpdesk_routing_sequence_new_customer"
        )

    def _run(self, when):
        with freeze_time(when):
            self.env["helpdesk.routing.sequence.enrollment"]._cron_run()

    def test_thinking_it_over_macro_starts_the_reminder(self):
        macro = self.env.ref("helpdesk_routing.helpdesk_routing_macro_thinking")
        ticket = self._ticket(team_id=self.team_a.id, user_id=self.agent.id)
        with freeze_time(TUESDAY_10AM):
            macro.with_user(self.agent)._hs_apply(ticket.with_user(self.agent))
        enrollment = self.thinking.enrollment_ids.filtered(
            lambda e: e.partner_id == self.customer
        )
        self.assertEqual(enrollment.state, "active")
        self._run(TUESDAY_10AM)
        self._run(TUESDAY_10AM + timedelta(days=2))
        self.assertFalse(enrollment.log_ids)
        self._run(TUESDAY_10AM + timedelta(days=3))
        self.assertEqual(enrollment.log_ids.mapped("kind"), ["remove_tag", "email"])
        self.assertEqual(enrollment.state, "completed")
        tag = self.env.ref("helpdesk_routing.res_partner_category_thinking")
        self.assertNotIn(tag, self.customer.category_id)

    def test_new_customers_get_five_messages_then_the_offer(self):
        tag = self.env.ref(
            "helpdesk_routing_sequence.res_partner_category_new_customer"
        )
        steps = self.newcomers.step_ids.filtered(lambda s: s.kind == "email")
        self.assertEqual(len(steps), 6)
        with freeze_time(TUESDAY_10AM):
            self.customer.category_id = [Command.link(tag.id)]
        enrollment = self.newcomers.enrollment_ids
        when = TUESDAY_10AM
        for _i in range(12):
            self._run(when)
            if enrollment.state != "active":
                break
            when = enrollment.next_date
        self.assertEqual(enrollment.state, "completed")
        self.assertEqual(
            enrollment.log_ids.sorted("id").step_id.template_id, steps.template_id
        )
