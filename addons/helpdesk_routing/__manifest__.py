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
    "depends": ["helpdesk_segments", "mail"],
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
        "data/helpdesk_routing_event_type_data.xml",
        "data/ir_cron_data.xml",
        "views/helpdesk_routing_rule_views.xml",
        "views/helpdesk_routing_log_views.xml",
        "views/helpdesk_routing_event_views.xml",
        "views/helpdesk_routing_event_type_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/helpdesk_routing_rule_preview_views.xml",
        "wizards/helpdesk_routing_ticket_test_views.xml",
    ],
    "demo": [
        "demo/helpdesk_routing_demo.xml",
        "demo/helpdesk_routing_rule_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "helpdesk_routing/static/tests/tours/*.js",
        ],
    },
}
