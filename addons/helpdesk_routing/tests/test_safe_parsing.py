# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Routing rule filters, saved view filters and team alias defaults are
parsed, never executed: code smuggled into them is refused with a
ValidationError and has no effect."""

import os
import tempfile

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.helpdesk_segments.tests.test_safe_parsing import attack_payloads

from .common import HelpdeskRoutingCase


@tagged("post_install", "-at_install")
class TestRoutingSafeParsing(HelpdeskRoutingCase):
    def setUp(self):
        super().setUp()
        handle, self.marker = tempfile.mkstemp(prefix="hsr_safe_parsing_")
        os.close(handle)
        os.unlink(self.marker)
        self.partner_name = "Created by an injected filter"
        self.rule = self.env["helpdesk.routing.rule"].create(
            {"name": "Safe parsing", "team_id": self.team_a.id}
        )
        self.view = self.env["helpdesk.routing.view"].create({"name": "Safe view"})

    def _assert_no_trace(self):
        self.assertFalse(os.path.exists(self.marker), "the payload was executed")
        self.assertFalse(
            self.env["res.partner"].search_count([("name", "=", self.partner_name)]),
            "the payload created a customer",
        )

    def test_rule_filters_refuse_payloads(self):
        for payload in attack_payloads(self.marker, self.partner_name):
            for fname in ("partner_domain", "ticket_domain"):
                with self.subTest(field=fname, payload=payload):
                    with self.assertRaises(ValidationError):
                        self.rule.write({fname: payload})
                    with self.assertRaises(ValidationError):
                        self.env["helpdesk.routing.rule"].create(
                            {"name": "X", "team_id": self.team_a.id, fname: payload}
                        )
                    self._assert_no_trace()
        self.assertEqual(self.rule.partner_domain, "[]")
        self.assertEqual(self.rule.ticket_domain, "[]")

    def test_rule_filter_stored_by_sql_is_not_executed_by_routing(self):
        """A payload that bypassed the constraint (written in SQL) is not
        executed when tickets are routed: the rule simply does not match."""
        payload = attack_payloads(self.marker, self.partner_name)[1]
        self.env.cr.execute(
            "UPDATE helpdesk_routing_rule SET partner_domain = %s WHERE id = %s",
            (payload, self.rule.id),
        )
        self.rule.invalidate_recordset(["partner_domain"])
        self.env.registry.clear_cache()
        ticket = self._ticket(name="Routed despite a broken rule")
        self.assertTrue(ticket.exists())
        self._assert_no_trace()

    def test_saved_view_filter_refuses_payloads(self):
        for payload in attack_payloads(self.marker, self.partner_name):
            with self.subTest(payload=payload):
                with self.assertRaises(ValidationError):
                    self.view.write({"domain": payload})
                self._assert_no_trace()
        self.assertEqual(self.view.domain, "[]")

    def test_team_alias_defaults_refuse_payloads(self):
        for payload in (
            f"{{'x': __import__('os').system('touch {self.marker}')}}",
            "{'x': ().__class__.__bases__[0].__subclasses__()}",
        ):
            with self.subTest(payload=payload):
                with self.assertRaises(ValidationError):
                    self.team_a.write({"alias_defaults": payload})
                self._assert_no_trace()
