/** @odoo-module **/
// Copyright 2026 Helpdesk Segments & Routing contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("helpdesk_routing_ticket_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Helpdesk app",
            trigger: ".o_app[data-menu-xmlid='helpdesk_segments.helpdesk_menu_root']",
            run: "click",
        },
        {
            content: "Open the Tickets menu",
            trigger:
                ".o_main_navbar [data-menu-xmlid='helpdesk_routing.helpdesk_routing_ticket_menu']",
            run: "click",
        },
        {
            content: "Open the Unassigned queue",
            trigger:
                ".o-dropdown--menu [data-menu-xmlid='helpdesk_routing.helpdesk_routing_ticket_menu_unassigned']",
            run: "click",
        },
        {
            content: "Open the ticket",
            trigger: ".o_list_view .o_data_cell:contains('Tour: printer on fire')",
            run: "click",
        },
        {
            content: "Assign the ticket to me",
            trigger: ".o_form_view button[name='action_assign_to_me']",
            run: "click",
        },
        {
            content: "The ticket is assigned to me",
            trigger:
                ".o_form_view:not(:has(button[name='action_assign_to_me'])) .o_field_widget[name='user_id'] input:value('Tour Ticket Agent')",
        },
        {
            content: "Open the satisfaction tab",
            trigger: ".o_notebook .nav-link:contains('Satisfaction')",
            run: "click",
        },
        {
            content: "Rate the ticket Bad",
            trigger: ".o_field_widget[name='rating'] input[data-value='bad']",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The ticket is saved",
            trigger: ".o_form_saved .o_field_widget[name='rating'] input[data-value='bad']:checked",
        },
        {
            content: "The bad rating tagged the ticket",
            trigger: ".o_form_saved .o_field_widget[name='tag_ids'] .o_tag:contains('Bad rating')",
        },
        {
            content: "The customer got the bad_rating tag (automation rule)",
            trigger:
                ".o_form_saved .o_field_widget[name='partner_category_ids'] .o_tag:contains('bad_rating')",
        },
    ],
});
