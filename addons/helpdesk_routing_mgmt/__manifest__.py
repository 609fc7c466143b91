# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Helpdesk Routing - OCA Helpdesk",
    "summary": "Route OCA helpdesk_mgmt tickets with the helpdesk routing rules",
    "version": "18.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/helpdesk-segments-routing/helpdesk-segments-routing",
    "author": "Helpdesk Segments & Routing contributors",
    "maintainers": [],
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "auto_install": True,
    "depends": ["helpdesk_routing", "helpdesk_mgmt"],
    "data": [
        "security/ir.model.access.csv",
        "security/helpdesk_routing_mgmt_security.xml",
        "views/helpdesk_routing_rule_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_routing_wizard_views.xml",
    ],
    "demo": ["demo/helpdesk_routing_rule_demo.xml"],
    "uninstall_hook": "uninstall_hook",
}
