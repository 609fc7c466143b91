# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, new_test_user


class HelpdeskSegmentsCase(TransactionCase):
    """Users of every helpdesk role, created once per test class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.manager = new_test_user(
            cls.env,
            login="hsr_manager",
            name="Helpdesk Manager",
            groups="helpdesk_segments.group_helpdesk_manager",
        )
        cls.agent = new_test_user(
            cls.env,
            login="hsr_agent",
            name="Helpdesk Agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        cls.employee = new_test_user(
            cls.env,
            login="hsr_employee",
            name="Plain Employee",
            groups="base.group_user",
        )
        cls.portal = new_test_user(
            cls.env, login="hsr_portal", name="Portal User", groups="base.group_portal"
        )
