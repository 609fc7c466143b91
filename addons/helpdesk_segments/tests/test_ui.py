# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestHelpdeskMenuTour(HttpCase):
    def test_agent_opens_helpdesk_menu(self):
        new_test_user(
            self.env,
            login="hsr_tour_agent",
            name="Tour Agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        self.start_tour("/odoo", "helpdesk_segments_menu_tour", login="hsr_tour_agent")
