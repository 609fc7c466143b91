/** @odoo-module **/
// Copyright 2026 Helpdesk Segments & Routing contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("helpdesk_routing_rule_tour", {
    steps: () => [
        {
            content: "Create a routing rule",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit Churn risk",
        },
        {
            content: "Customers tagged as at risk of churning",
            trigger:
                ".o_field_widget[name='partner_domain'] .o_domain_selector_debug_container textarea",
            run() {
                const textarea = this.anchor;
                textarea.value = '[("category_id.name", "=", "Tour churn risk")]';
                textarea.dispatchEvent(new Event("input", {bubbles: true}));
                textarea.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            content: "The filter is understood",
            trigger: ".o_field_widget[name='partner_domain'] .o_tree_editor_condition",
        },
        {
            content: "Open the destination",
            trigger: ".o_notebook .nav-link:contains('Destination')",
            run: "click",
        },
        {
            content: "Choose the team",
            trigger: ".o_field_widget[name='team_id'] input",
            run: "edit Tour Retention",
        },
        {
            content: "Pick Tour Retention Specialists",
            trigger: ".o-autocomplete--dropdown-item > a:contains('Tour Retention Specialists')",
            run: "click",
        },
        {
            content: "Preview the rule (saves it as an inactive draft)",
            trigger: ".o_form_view button[name='action_preview']",
            run: "click",
        },
        {
            content: "The earlier ticket of the risky customer would be caught",
            trigger:
                ".modal .o_data_row.text-success .o_data_cell:contains('Tour: earlier complaint')",
        },
        {
            content: "Close the preview",
            trigger: ".modal .modal-footer button:contains('Close')",
            run: "click",
        },
        {
            content: "Activate the rule",
            trigger: ".o_form_view button[name='action_activate']",
            run: "click",
        },
        {
            content: "The rule is active",
            trigger: ".o_form_view:not(:has(button[name='action_activate']))",
        },
        {
            content: "Open the Tickets menu",
            trigger:
                ".o_main_navbar [data-menu-xmlid='helpdesk_routing.helpdesk_routing_ticket_menu']",
            run: "click",
        },
        {
            content: "Open all tickets",
            trigger:
                ".o-dropdown--menu [data-menu-xmlid='helpdesk_routing.helpdesk_routing_ticket_menu_all']",
            run: "click",
        },
        {
            content: "New ticket",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "Subject",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit I am leaving you",
        },
        {
            content: "Customer",
            trigger: ".o_field_widget[name='partner_id'] input",
            run: "edit Tour Risky",
        },
        {
            content: "Pick the risky customer",
            trigger: ".o-autocomplete--dropdown-item > a:contains('Tour Risky Customer')",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The ticket landed in Tour Retention Specialists",
            trigger:
                ".o_form_saved .o_field_widget[name='team_id'] input:value('Tour Retention Specialists')",
        },
        {
            content: "Open the Routing tab",
            trigger: ".o_notebook .nav-link:contains('Routing')",
            run: "click",
        },
        {
            content: "The explanation is there",
            trigger:
                ".o_field_widget[name='routing_log_ids'] .o_data_row:has(.o_data_cell:contains('Churn risk')) .o_data_cell:contains('Tags = Tour churn risk')",
        },
    ],
});
