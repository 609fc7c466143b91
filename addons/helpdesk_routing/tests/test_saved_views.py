# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import HelpdeskRoutingCase


@tagged("post_install", "-at_install")
class TestSavedViews(HelpdeskRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        View = cls.env["helpdesk.routing.view"]
        cls.fraud = View.create({"name": "Fraud"})
        cls.urgent = View.create(
            {
                "name": "Urgent",
                "domain": repr(
                    [("priority", "=", "3"), ("partner_id", "=", cls.customer.id)]
                ),
            }
        )
        cls.ticket_a = cls._ticket(team_id=cls.team_a.id, priority="3")
        cls.ticket_b = cls._ticket(team_id=cls.team_b.id)
        cls.ticket_free = cls._ticket()

    def _open(self, view, user=None):
        action = view.with_user(user or self.env.user).action_open_tickets()
        return (
            self.env["helpdesk.routing.ticket"]
            .with_user(user or self.env.user)
            .search(action["domain"])
        )

    def test_membership_without_team(self):
        self.ticket_free.view_ids = self.fraud | self.urgent
        self.ticket_b.view_ids = self.fraud
        self.assertFalse(self.ticket_free.team_id, "placing does not assign a team")
        self.assertEqual(self.fraud.ticket_ids, self.ticket_free | self.ticket_b)
        self.assertEqual(self.fraud.ticket_count, 2)
        self.assertEqual(self._open(self.fraud), self.ticket_free | self.ticket_b)

    def test_domain_and_members_count(self):
        self.assertEqual(self.urgent.ticket_count, 1)
        self.ticket_free.view_ids = self.urgent
        self.urgent.invalidate_recordset(["ticket_count"])
        self.assertEqual(self.urgent.ticket_count, 2)
        self.assertEqual(self._open(self.urgent), self.ticket_a | self.ticket_free)
        # live: a ticket matching the filter appears without being placed
        self.ticket_b.priority = "3"
        self.urgent.invalidate_recordset(["ticket_count"])
        self.assertEqual(self.urgent.ticket_count, 3)

    def test_counts_follow_access_rights(self):
        self.ticket_b.view_ids = self.fraud
        self.ticket_free.view_ids = self.fraud
        self.assertEqual(self.fraud.with_user(self.agent).ticket_count, 1)
        self.assertEqual(self.fraud.with_user(self.manager).ticket_count, 2)
        self.assertEqual(self._open(self.fraud, self.agent), self.ticket_free)

    def test_agent_places_a_ticket_but_cannot_edit_views(self):
        self.ticket_free.with_user(self.agent).view_ids = self.fraud
        self.assertEqual(self.fraud.ticket_ids, self.ticket_free)
        with self.assertRaises(AccessError):
            self.fraud.with_user(self.agent).name = "Renamed"
        with self.assertRaises(AccessError):
            self.env["helpdesk.routing.view"].with_user(self.agent).create(
                {"name": "Mine"}
            )
        self.env["helpdesk.routing.view"].with_user(self.manager).create(
            {"name": "Managers create views"}
        )

    def test_invalid_domain(self):
        with self.assertRaises(ValidationError):
            self.urgent.domain = "[('no_such_field', '=', 1)]"
        with self.assertRaises(ValidationError):
            self.urgent.domain = "not a domain"
