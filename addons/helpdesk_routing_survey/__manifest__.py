# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Helpdesk Routing - Surveys",
    "summary": "Rating policies that send a survey, its answers linked to the ticket",
    "version": "18.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/helpdesk-segments-routing/helpdesk-segments-routing",
    "author": "Helpdesk Segments & Routing contributors",
    "maintainers": [],
    "license": "LGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["helpdesk_routing", "survey"],
    "data": [
        "views/helpdesk_routing_rating_policy_views.xml",
        "views/survey_user_input_views.xml",
    ],
}
