# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.helpdesk_segments.tests.common import HelpdeskSegmentsCase


@tagged("post_install", "-at_install")
class TestCreateMailing(HelpdeskSegmentsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.marketer = new_test_user(
            cls.env,
            login="hsr_marketer",
            name="Marketer",
            groups="helpdesk_segments.group_helpdesk_agent,"
            "mass_mailing.group_mass_mailing_user",
        )
        tag = cls.env["res.partner.category"].create({"name": "vip"})
        cls.members = cls.env["res.partner"].create(
            [
                {"name": f"Mailing VIP {i}", "email": f"vip{i}@example.com"}
                for i in range(3)
            ]
        )
        cls.members.category_id = tag
        cls.env["res.partner"].create({"name": "Not VIP", "email": "no@example.com"})
        cls.vip = cls.env["helpdesk.customer.list"].create(
            {
                "name": "VIP mailing",
                "sharing": "everyone",
                "domain": f'[("category_id", "in", [{tag.id}])]',
            }
        )
        cls.vip._refresh_members()

    def test_create_mailing_targets_members(self):
        action = self.vip.with_user(self.marketer).action_create_mailing()
        mailing = self.env["mailing.mailing"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "mailing.mailing")
        self.assertEqual(mailing.subject, "VIP mailing")
        self.assertEqual(mailing.mailing_model_real, "res.partner")
        self.assertEqual(sorted(mailing._get_recipients()), sorted(self.members.ids))

    def test_agent_without_marketing_rights(self):
        with self.assertRaises(AccessError):
            self.vip.with_user(self.agent).action_create_mailing()
