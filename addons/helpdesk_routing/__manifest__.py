# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Helpdesk Routing",
    "summary": "Helpdesk tickets and teams, with routing rules driven by customer "
    "profiles, customer events and ticket properties",
    "version": "18.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/helpdesk-segments-routing/helpdesk-segments-routing",
    "author": "Helpdesk Segments & Routing contributors",
    "maintainers": [],
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "depends": ["helpdesk_segments", "mail", "base_automation"],
    "data": [
        "security/ir.model.access.csv",
        "security/helpdesk_routing_security.xml",
        "data/ir_sequence_data.xml",
        "data/helpdesk_routing_channel_data.xml",
        "data/helpdesk_routing_stage_data.xml",
        "views/helpdesk_routing_ticket_views.xml",
        "views/helpdesk_routing_team_views.xml",
        "views/helpdesk_routing_stage_views.xml",
        "views/helpdesk_routing_channel_views.xml",
        "views/helpdesk_routing_tag_views.xml",
        "views/helpdesk_routing_view_views.xml",
        "views/res_users_views.xml",
        "data/helpdesk_routing_tag_data.xml",
        "data/base_automation_data.xml",
    ],
    "demo": [
        "demo/helpdesk_routing_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "helpdesk_routing/static/tests/tours/*.js",
        ],
    },
}
