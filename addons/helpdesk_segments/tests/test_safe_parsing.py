# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer list conditions are parsed, never executed: code smuggled into
them (imports, attribute access, dunder tricks) is refused with a
ValidationError and has no effect."""

import os
import tempfile

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


def attack_payloads(marker_path, partner_name):
    """Payloads that would leave a trace (a file, a customer) if executed."""
    return [
        f"__import__('os').system('touch {marker_path}')",
        f"[('name', '=', __import__('os').system('touch {marker_path}'))]",
        f"[('name', '=', open({marker_path!r}, 'w').write('pwned'))]",
        "().__class__.__bases__[0].__subclasses__()",
        "[('name', '=', ().__class__.__mro__[1].__subclasses__())]",
        "[('name', '=', obj.__class__)]",
        "[('name', '=', context_today.__globals__)]",
        "[('name', '=', relativedelta.__init__.__globals__['sys'])]",
        "[('name', '=', datetime.datetime.__subclasses__())]",
        f"[('name', '=', env['res.partner'].create({{'name': {partner_name!r}}}).id)]",
        f"[('name', '=', (lambda: __import__('os').system('touch {marker_path}'))())]",
        "[('name', '=', [c for c in ().__class__.__base__.__subclasses__()])]",
        "[('name', '=', f'{().__class__}')]",
        "[('name', '=', getattr(time, 'sleep')(5))]",
        "[('name', '=', eval('1'))]",
        "[('name', '=', exec('import os'))]",
    ]


@tagged("post_install", "-at_install")
class TestCustomerListSafeParsing(TransactionCase):
    def setUp(self):
        super().setUp()
        handle, self.marker = tempfile.mkstemp(prefix="hsr_safe_parsing_")
        os.close(handle)
        os.unlink(self.marker)
        self.partner_name = "Created by an injected condition"
        self.customer_list = self.env["helpdesk.customer.list"].create(
            {"name": "Safe parsing", "domain": "[]"}
        )

    def _assert_no_trace(self):
        self.assertFalse(os.path.exists(self.marker), "the payload was executed")
        self.assertFalse(
            self.env["res.partner"].search_count([("name", "=", self.partner_name)]),
            "the payload created a customer",
        )

    @mute_logger("odoo.addons.helpdesk_segments.models.helpdesk_customer_list")
    def test_payloads_refused_on_write_and_create(self):
        for payload in attack_payloads(self.marker, self.partner_name):
            with self.subTest(payload=payload):
                with self.assertRaises(ValidationError):
                    self.customer_list.write({"domain": payload})
                with self.assertRaises(ValidationError):
                    self.env["helpdesk.customer.list"].create(
                        {"name": "Injected", "domain": payload}
                    )
                self._assert_no_trace()
        self.assertEqual(self.customer_list.domain, "[]")

    @mute_logger("odoo.addons.helpdesk_segments.models.helpdesk_customer_list")
    def test_payload_stored_by_sql_is_not_executed_by_refresh(self):
        """A payload that bypassed the constraint (written in SQL) is not
        executed by the refresh either: the list goes to error."""
        payload = attack_payloads(self.marker, self.partner_name)[1]
        self.env.cr.execute(
            "UPDATE helpdesk_customer_list SET domain = %s WHERE id = %s",
            (payload, self.customer_list.id),
        )
        self.customer_list.invalidate_recordset(["domain"])
        self.customer_list.action_refresh()
        self.assertEqual(self.customer_list.state, "error")
        self.assertIn("cannot be read", self.customer_list.error_message)
        self._assert_no_trace()

    def test_relative_dates_still_work(self):
        """The fixed evaluation context keeps what the domain editor writes."""
        self.customer_list.write(
            {
                "domain": "[('create_date', '>=', (context_today() - "
                "relativedelta(days=30)).strftime('%Y-%m-%d'))]"
            }
        )
        self.assertTrue(self.customer_list._get_partner_domain())
