# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Helpdesk Segments - Email Marketing",
    "summary": "Create an email marketing mailing from a customer list",
    "version": "18.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/helpdesk-segments-routing/helpdesk-segments-routing",
    "author": "Helpdesk Segments & Routing contributors",
    "maintainers": [],
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["helpdesk_segments", "mass_mailing"],
    "data": [
        "views/helpdesk_customer_list_views.xml",
    ],
}
