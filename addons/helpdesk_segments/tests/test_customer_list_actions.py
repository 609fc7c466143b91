# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .customer_list_common import TEST_REF, CustomerListCase


@tagged("post_install", "-at_install")
class TestCustomerListActions(CustomerListCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tag_vip = cls.env["res.partner.category"].create({"name": "vip"})
        cls.alice, cls.bob = cls._partners(
            [
                {
                    "name": 'Alice, "the" Ärztin',
                    "email": "alice@example.com",
                    "category_id": [(6, 0, cls.tag_vip.ids)],
                    "type": "invoice",
                },
                {
                    "name": "Bob",
                    "email": False,
                    "category_id": [(6, 0, cls.tag_vip.ids)],
                },
            ]
        )
        cls.vip = cls._list('[("category_id.name", "=", "vip")]', name="VIP")
        cls.vip._refresh_members()

    def test_export_default_columns(self):
        content = self.vip._export_csv_content()
        self.assertEqual(
            content.decode("utf-8").splitlines(),
            [
                '"Name","Email"',
                '"Alice, ""the"" Ärztin","alice@example.com"',
                '"Bob",""',
            ],
        )

    def test_export_chosen_columns_with_custom_field(self):
        model = self.env["ir.model"]._get("res.partner")
        custom = self.env["ir.model.fields"].create(
            {
                "model_id": model.id,
                "name": "x_hs_phone_model",
                "field_description": "Phone model",
                "ttype": "selection",
                "selection_ids": [
                    (0, 0, {"value": "desk", "name": "Desk phone", "sequence": 1}),
                    (0, 0, {"value": "mobile", "name": "Mobile", "sequence": 2}),
                ],
                "state": "manual",
            }
        )
        self.env["res.partner"].browse(self.alice.id).x_hs_phone_model = "mobile"
        Fields = self.env["ir.model.fields"]
        self.vip.export_field_ids = (
            Fields._get("res.partner", "name")
            | Fields._get("res.partner", "category_id")
            | Fields._get("res.partner", "type")
            | custom
        )
        lines = self.vip._export_csv_content().decode("utf-8").splitlines()
        self.assertEqual(lines[0].split(",")[0], '"Name"')
        header = lines[0].split(",")
        self.assertEqual(
            set(header), {'"Name"', '"Tags"', '"Address Type"', '"Phone model"'}
        )
        alice = dict(zip(header, lines[1].rsplit(",", 3)[-3:], strict=False))
        self.assertIn('"vip"', lines[1])
        self.assertIn('"Invoice Address"', lines[1])
        self.assertIn('"Mobile"', lines[1])
        self.assertTrue(alice)

    def test_export_action_and_access(self):
        action = self.vip.action_export_csv()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(
            action["url"], f"/helpdesk_segments/customer_list/{self.vip.id}/export.csv"
        )
        private = self._list(
            "[]", name="Private", sharing="private", user_id=self.manager.id
        )
        with self.assertRaises(AccessError):
            private.with_user(self.agent).action_export_csv()
        with self.assertRaises(AccessError):
            private.with_user(self.agent)._export_csv_content()

    def test_send_email_opens_composer_with_members(self):
        action = self.vip.with_user(self.agent).action_send_email()
        self.assertEqual(action["res_model"], "mail.compose.message")
        context = action["context"]
        self.assertEqual(context["default_composition_mode"], "mass_mail")
        self.assertEqual(context["default_model"], "res.partner")
        self.assertEqual(
            sorted(context["default_res_ids"]), sorted((self.alice | self.bob).ids)
        )
        composer = Form(self.env["mail.compose.message"].with_context(**context))
        composer.subject = "Hello VIPs"
        composer.body = "<p>News for you</p>"
        wizard = composer.save()
        self.assertEqual(wizard.composition_mode, "mass_mail")
        self.assertEqual(
            sorted(wizard._evaluate_res_ids()), sorted((self.alice | self.bob).ids)
        )
        empty = self._list('[("name", "=", "nobody")]', name="Empty")
        empty._refresh_members()
        with self.assertRaises(UserError):
            empty.action_send_email()


@tagged("post_install", "-at_install")
class TestCustomerListExportRoute(HttpCase):
    def test_export_route(self):
        agent = new_test_user(
            self.env,
            login="hsr_export_agent",
            password="hsr_export_agent",
            name="Export Agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        tag = self.env["res.partner.category"].create({"name": "vip"})
        self.env["res.partner"].create(
            [
                {
                    "name": "Zoë Export",
                    "email": "zoe@example.com",
                    "ref": TEST_REF,
                    "category_id": [(6, 0, tag.ids)],
                },
            ]
        )
        List = self.env["helpdesk.customer.list"]
        shared = List.create(
            {
                "name": "VIP export",
                "sharing": "everyone",
                "domain": f'[("ref", "=", "{TEST_REF}"), '
                '("category_id.name", "=", "vip")]',
            }
        )
        shared._refresh_members()
        private = List.create({"name": "Private", "sharing": "private", "domain": "[]"})
        self.authenticate(agent.login, agent.login)
        response = self.url_open(
            f"/helpdesk_segments/customer_list/{shared.id}/export.csv"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("text/csv", response.headers["Content-Type"])
        self.assertIn("VIP%20export.csv", response.headers["Content-Disposition"])
        self.assertEqual(
            response.content.decode("utf-8").splitlines(),
            ['"Name","Email"', '"Zoë Export","zoe@example.com"'],
        )
        response = self.url_open(
            f"/helpdesk_segments/customer_list/{private.id}/export.csv"
        )
        self.assertEqual(response.status_code, 403)
        self.assertNotIn(b"zoe@example.com", response.content)
