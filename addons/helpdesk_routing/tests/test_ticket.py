# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.helpdesk_segments.models.helpdesk_input_mixin import (
    HelpdeskInputMixin,
)

from .common import HelpdeskRoutingCase


@tagged("post_install", "-at_install")
class TestTicket(HelpdeskRoutingCase):
    def _flush_tracking(self):
        self.env.flush_all()
        self.env.cr.precommit.run()

    def test_number_and_display_name(self):
        tickets = self.Ticket.create(
            [{"name": "Broken screen"}, {"name": "Late delivery"}]
        )
        first, second = tickets
        self.assertRegex(first.number, r"^SUP\d{5}$")
        self.assertEqual(first.display_name, f"{first.number} Broken screen")
        self.assertEqual(
            int(second.number[3:]),
            int(first.number[3:]) + 1,
            "one batch takes consecutive references",
        )
        copy = first.copy()
        self.assertNotEqual(copy.number, first.number)
        self.assertTrue(re.match(r"^SUP\d{5}$", copy.number))

    def test_values_checked_once(self):
        check = HelpdeskInputMixin._hs_check_input_vals
        with patch.object(
            HelpdeskInputMixin, "_hs_check_input_vals", autospec=True, side_effect=check
        ) as spy:
            self.Ticket.create([{"name": "Checked once"}, {"name": "Also once"}])
            self.assertEqual(spy.call_count, 1)
            spy.reset_mock()
            self.env["helpdesk.routing.rule"].create(
                {"name": "Checked once", "team_id": self.team_a.id}
            )
            self.assertEqual(spy.call_count, 1)
        # and still checked
        with self.assertRaises(ValidationError):
            self.Ticket.create({"name": "Bad", "priority": "9"})
        with self.assertRaises(ValidationError):
            self.Ticket.create({"name": "Bad\x00"})

    def test_stage_default_is_first_stage_of_team(self):
        stage_b = self.env["helpdesk.routing.stage"].create(
            {"name": "Triage B", "sequence": 0, "team_ids": [(6, 0, self.team_b.ids)]}
        )
        ticket_a = self._ticket(team_id=self.team_a.id)
        ticket_b = self._ticket(team_id=self.team_b.id)
        ticket_none = self._ticket()
        self.assertEqual(ticket_a.stage_id, self.stage_new)
        self.assertEqual(ticket_b.stage_id, stage_b)
        self.assertEqual(ticket_none.stage_id, self.stage_new)
        # moving to a team that does not use the stage resets it
        ticket_b.team_id = self.team_a
        self.assertEqual(ticket_b.stage_id, self.stage_new)
        # a stage shared by both teams is kept
        ticket_a.stage_id = self.stage_progress
        ticket_a.team_id = self.team_b
        self.assertEqual(ticket_a.stage_id, self.stage_progress)

    def test_kanban_shows_every_stage_of_the_team(self):
        stage_b = self.env["helpdesk.routing.stage"].create(
            {"name": "Triage B", "sequence": 0, "team_ids": [(6, 0, self.team_b.ids)]}
        )
        self._ticket(team_id=self.team_a.id)
        groups = self.Ticket.with_context(default_team_id=self.team_a.id).read_group(
            [("team_id", "=", self.team_a.id)], ["stage_id"], ["stage_id"]
        )
        stage_ids = [group["stage_id"][0] for group in groups]
        self.assertIn(self.stage_solved.id, stage_ids, "empty stages are shown")
        self.assertNotIn(stage_b.id, stage_ids, "other teams' stages are not")

    def test_closed_and_assigned_dates(self):
        ticket = self._ticket(team_id=self.team_a.id)
        self.assertFalse(ticket.closed_date)
        self.assertFalse(ticket.assigned_date)
        self.assertFalse(ticket.is_closed)
        ticket.user_id = self.agent
        assigned = ticket.assigned_date
        self.assertTrue(assigned)
        ticket.user_id = self.agent_2
        self.assertEqual(ticket.assigned_date, assigned, "first assignment is kept")
        ticket.stage_id = self.stage_solved
        self.assertTrue(ticket.is_closed)
        self.assertTrue(ticket.closed_date)
        ticket.stage_id = self.stage_progress
        self.assertFalse(ticket.closed_date, "reopening clears the closing date")

    def test_tracking_and_followers(self):
        Ticket = self.Ticket.with_context(tracking_disable=False)
        ticket = Ticket.create({"name": "Tracked", "partner_id": self.customer.id})
        self._flush_tracking()
        ticket.write(
            {
                "team_id": self.team_a.id,
                "user_id": self.agent.id,
                "priority": "3",
                "stage_id": self.stage_progress.id,
            }
        )
        self._flush_tracking()
        tracked = ticket.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertTrue({"team_id", "user_id", "priority", "stage_id"} <= set(tracked))
        self.assertIn(self.customer, ticket.message_partner_ids)
        self.assertIn(self.agent.partner_id, ticket.message_partner_ids)
        # changing the customer subscribes the new one
        ticket.partner_id = self.customer_2
        self.assertIn(self.customer_2, ticket.message_partner_ids)
        customer_follower = ticket.message_follower_ids.filtered(
            lambda f: f.partner_id == self.customer
        )
        self.assertFalse(
            customer_follower.subtype_ids.filtered("internal"),
            "the customer does not follow internal notes",
        )

    def test_assign_to_me_and_rating(self):
        ticket = self._ticket()
        ticket.with_user(self.agent).action_assign_to_me()
        self.assertEqual(ticket.user_id, self.agent)
        ticket.with_user(self.agent).write(
            {"rating": "bad_comment", "rating_comment": "Too slow"}
        )
        self.assertEqual(ticket.rating, "bad_comment")
        self.assertEqual(ticket.rating_comment, "Too slow")

    def test_channel_code_unique(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["helpdesk.routing.channel"].create(
                {"name": "Mail again", "code": "email"}
            )

    def test_channels_from_data(self):
        codes = self.env["helpdesk.routing.channel"].search([]).mapped("code")
        self.assertTrue(
            {"email", "web_form", "phone", "sms", "chat", "whatsapp", "social"}
            <= set(codes)
        )
