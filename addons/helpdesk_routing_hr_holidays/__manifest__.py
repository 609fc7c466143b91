# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Helpdesk Routing - Time Off",
    "summary": "Agents on validated time off get no helpdesk ticket; their "
    "teams' policy applies to their open tickets",
    "version": "18.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/helpdesk-segments-routing/helpdesk-segments-routing",
    "author": "Helpdesk Segments & Routing contributors",
    "maintainers": [],
    "license": "LGPL-3",
    "application": False,
    "installable": True,
    "auto_install": True,
    "depends": ["helpdesk_routing", "hr_holidays"],
    "data": [],
}
