# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Helpdesk Routing - Follow-up Sequences",
    "summary": "Follow-up sequences (funnels) started by customer tags, ticket "
    "tags or customer lists: timed emails, notes, activities and tags",
    "version": "18.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/helpdesk-segments-routing/helpdesk-segments-routing",
    "author": "Helpdesk Segments & Routing contributors",
    "maintainers": [],
    "license": "LGPL-3",
    "installable": True,
    "depends": ["helpdesk_routing", "mail"],
    "data": [
        "security/ir.model.access.csv",
        "security/helpdesk_routing_sequence_security.xml",
        "data/ir_cron_data.xml",
        "views/helpdesk_routing_sequence_views.xml",
        "views/helpdesk_routing_sequence_enrollment_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/helpdesk_routing_sequence_templates.xml",
    ],
    "demo": ["demo/helpdesk_routing_sequence_demo.xml"],
}
