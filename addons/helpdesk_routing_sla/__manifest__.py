# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Helpdesk Routing - Service Levels",
    "summary": "SLA policies by customer segment: working-time deadlines, "
    "status, escalation and reports",
    "version": "18.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/helpdesk-segments-routing/helpdesk-segments-routing",
    "author": "Helpdesk Segments & Routing contributors",
    "maintainers": [],
    "license": "LGPL-3",
    "installable": True,
    "depends": ["helpdesk_routing", "resource"],
    "data": [
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/helpdesk_routing_sla_policy_views.xml",
        "views/helpdesk_routing_ticket_views.xml",
        "views/helpdesk_routing_team_views.xml",
        "views/helpdesk_routing_stage_views.xml",
        "report/helpdesk_routing_sla_report_views.xml",
    ],
    "demo": ["demo/helpdesk_routing_sla_policy_demo.xml"],
    "post_init_hook": "post_init_hook",
    "assets": {
        "web.assets_tests": [
            "helpdesk_routing_sla/static/tests/tours/*.js",
        ],
    },
}
