/** @odoo-module **/
// Copyright 2026 Helpdesk Segments & Routing contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("helpdesk_segments_customer_fields_tour", {
    // Starts on the Customer Fields action: the web client caches the views
    // it has loaded, and the customer views must be loaded after the field
    // exists (as after a page reload).
    url: "/odoo/action-helpdesk_segments.helpdesk_customer_field_action",
    steps: () => [
        {
            content: "Open Configuration",
            trigger:
                ".o_main_navbar [data-menu-xmlid='helpdesk_segments.helpdesk_menu_config']",
            run: "click",
        },
        {
            content: "Open Customer Fields",
            trigger: ".dropdown-item[data-menu-xmlid='helpdesk_segments.helpdesk_customer_field_menu']",
            run: "click",
        },
        {
            content: "Create a customer field",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Label",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit Tour Gadget",
        },
        {
            content: "Key",
            trigger: ".o_field_widget[name='key'] input",
            run: "edit tour_gadget",
        },
        {
            content: "Type: dropdown",
            trigger: ".o_field_widget[name='field_type'] select",
            run: 'select "selection"',
        },
        {
            content: "Open the Options tab",
            trigger: ".o_notebook .nav-link:contains('Options')",
            run: "click",
        },
        {
            content: "Add a first option",
            trigger: ".o_field_widget[name='option_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "First option label",
            trigger: ".o_field_widget[name='option_ids'] .o_selected_row [name='name'] input",
            run: "edit Alpha",
        },
        {
            content: "Add a second option",
            trigger: ".o_field_widget[name='option_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Second option label",
            trigger:
                ".o_field_widget[name='option_ids'] .o_data_row:nth-child(2).o_selected_row [name='name'] input",
            run: "edit Beta",
        },
        {
            content: "Save the field",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The field is saved",
            trigger: ".o_field_widget[name='field_name']:contains('x_hs_tour_gadget')",
        },
        {
            content: "Back to the helpdesk customers",
            trigger:
                ".o_main_navbar [data-menu-xmlid='helpdesk_segments.res_partner_menu_helpdesk_customer']",
            run: "click",
        },
        {
            content: "Search the tour customers",
            trigger: ".o_searchview_input",
            run: "edit Tour Cust",
        },
        {
            content: "Apply the search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open the customer",
            trigger: ".o_data_row:contains('Tour Customer One') .o_data_cell",
            run: "click",
        },
        {
            content: "Open the Customer profile tab",
            trigger: ".o_notebook .nav-link:contains('Customer profile')",
            run: "click",
        },
        {
            content: "Set the dropdown",
            trigger: ".o_field_widget[name='x_hs_tour_gadget'] select",
            run: 'select "beta"',
        },
        {
            content: "Save the customer",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The customer is saved",
            trigger: ".o_form_status_indicator_buttons.invisible:not(:visible)",
        },
        {
            content: "Back to the list",
            trigger: ".o_breadcrumb .o_back_button a, .breadcrumb-item a:contains('Customers')",
            run: "click",
        },
        {
            content: "Both tour customers are listed",
            trigger: ".o_data_row:contains('Tour Customer Two')",
        },
        {
            content: "Search by the new field",
            trigger: ".o_searchview_input",
            run: "edit Beta",
        },
        {
            content: "Pick the customer field's value",
            trigger:
                ".o_searchview_autocomplete .o_menu_item:contains('Tour Gadget'):contains('Beta')",
            run: "click",
        },
        {
            content: "Only the customer with that value is listed",
            trigger:
                ".o_list_renderer:not(:has(.o_data_row:contains('Tour Customer Two'))) .o_data_row:contains('Tour Customer One')",
        },
    ],
});
