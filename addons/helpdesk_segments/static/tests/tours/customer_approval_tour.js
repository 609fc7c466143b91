/** @odoo-module **/
// Copyright 2026 Helpdesk Segments & Routing contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("helpdesk_segments_customer_approval_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Helpdesk app",
            trigger: ".o_app[data-menu-xmlid='helpdesk_segments.helpdesk_menu_root']",
            run: "click",
        },
        {
            content: "Open Customers",
            trigger:
                ".o_main_navbar [data-menu-xmlid='helpdesk_segments.res_partner_menu_helpdesk_customer']",
            run: "click",
        },
        {
            content: "The customers list shows the status column",
            trigger: ".o_list_view th[data-name='hs_customer_status']",
        },
        {
            content: "Open the search options",
            trigger: ".o_control_panel .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Filter the customers pending approval",
            trigger: ".o_filter_menu .o_menu_item:contains('Pending approval')",
            run: "click",
        },
        {
            content: "The filter is applied",
            trigger: ".o_searchview_facet:contains('Pending approval')",
        },
        {
            content: "Open the pending customer",
            trigger: ".o_data_row td[name='complete_name']:contains('Tour Pending Customer')",
            run: "click",
        },
        {
            content: "The customer waits for approval",
            trigger:
                ".o_form_view .o_field_widget[name='hs_customer_status'] .o_arrow_button_current:contains('Pending approval')",
        },
        {
            content: "Approve the customer",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_hs_approve']",
            run: "click",
        },
        {
            content: "The customer is now active",
            trigger:
                ".o_form_view .o_field_widget[name='hs_customer_status'] .o_arrow_button_current:contains('Active')",
        },
        {
            content: "The approve button is gone",
            trigger:
                ".o_form_view .o_form_statusbar:not(:has(button[name='action_hs_approve']))",
        },
    ],
});
