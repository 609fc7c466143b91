# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Helpdesk Segments",
    "summary": "Customer profiles, tag groups and customer lists for support teams",
    "version": "18.0.1.2.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/helpdesk-segments-routing/helpdesk-segments-routing",
    "author": "Helpdesk Segments & Routing contributors",
    "maintainers": [],
    "license": "LGPL-3",
    "application": True,
    "installable": True,
    "depends": ["base", "contacts", "mail"],
    "data": [
        "security/helpdesk_segments_security.xml",
        "security/ir.model.access.csv",
        "data/helpdesk_customer_group_data.xml",
        "data/helpdesk_customer_field_template_data.xml",
        "views/res_partner_views.xml",
        "views/res_partner_profile_views.xml",
        "views/menus.xml",
        "views/helpdesk_customer_field_views.xml",
        "views/helpdesk_customer_field_template_views.xml",
        "views/helpdesk_customer_group_views.xml",
        "views/helpdesk_tag_group_views.xml",
        "views/res_partner_category_views.xml",
        "data/helpdesk_customer_list_data.xml",
        "views/helpdesk_customer_list_views.xml",
        "views/helpdesk_customer_list_history_views.xml",
        "data/helpdesk_customer_field_data.xml",
    ],
    "demo": [
        "demo/helpdesk_customer_group_demo.xml",
        "demo/helpdesk_tag_group_demo.xml",
        "demo/helpdesk_customer_field_demo.xml",
        "demo/helpdesk_customer_list_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "assets": {
        "web.assets_backend": [
            "helpdesk_segments/static/src/hs_many2many_tags/*",
        ],
        "web.assets_tests": [
            "helpdesk_segments/static/tests/tours/*.js",
        ],
    },
}
