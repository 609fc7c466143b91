# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Helpdesk Routing - Website",
    "summary": "A public help form on the website that opens a routed ticket",
    "version": "18.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/helpdesk-segments-routing/helpdesk-segments-routing",
    "author": "Helpdesk Segments & Routing contributors",
    "maintainers": [],
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["helpdesk_routing", "website"],
    "data": [
        "views/helpdesk_routing_website_templates.xml",
        "data/website_menu_data.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "helpdesk_routing_website/static/tests/tours/*.js",
        ],
    },
}
