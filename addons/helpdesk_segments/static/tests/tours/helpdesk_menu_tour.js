/** @odoo-module **/
// Copyright 2026 Helpdesk Segments & Routing contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("helpdesk_segments_menu_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Helpdesk app",
            trigger: ".o_app[data-menu-xmlid='helpdesk_segments.helpdesk_menu_root']",
            run: "click",
        },
        {
            content: "The Helpdesk menu is shown",
            trigger: ".o_main_navbar .o_menu_brand:contains('Customer Support')",
        },
        {
            content: "Open Customers",
            trigger:
                ".o_main_navbar [data-menu-xmlid='helpdesk_segments.res_partner_menu_helpdesk_customer']",
            run: "click",
        },
        {
            content: "The customers list is shown",
            trigger: ".o_breadcrumb:contains('Customers')",
        },
        {
            content: "Agents do not see the configuration menu",
            trigger:
                ".o_main_navbar:not(:has([data-menu-xmlid='helpdesk_segments.helpdesk_menu_config']))",
        },
    ],
});
