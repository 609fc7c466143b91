/** @odoo-module **/
// Copyright 2026 Helpdesk Segments & Routing contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("helpdesk_routing_sla_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Customer Support app",
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
            content: "Open all tickets",
            trigger:
                ".o-dropdown--menu [data-menu-xmlid='helpdesk_routing.helpdesk_routing_ticket_menu_all']",
            run: "click",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The ticket's SLA status is in the list",
            trigger:
                ".o_list_view .o_data_row:contains('Tour: SLA ticket') .o_field_widget[name='sla_status']:contains('On track')",
        },
        {
            content: "Open the ticket",
            trigger: ".o_list_view .o_data_cell:contains('Tour: SLA ticket')",
            run: "click",
        },
        {
            content: "The service level and its status are on the form",
            trigger:
                ".o_form_view .o_field_widget[name='sla_policy_id']:contains('Tour SLA')",
        },
        {
            content: "Open the Service level tab",
            trigger: ".o_notebook .nav-link:contains('Service level')",
            run: "click",
        },
        {
            content: "The first response deadline is shown",
            trigger: ".o_field_widget[name='sla_first_response_deadline'] span:not(:empty)",
        },
        {
            content: "Open the Routing tab",
            trigger: ".o_notebook .nav-link:contains('Routing')",
            run: "click",
        },
        {
            content: "The service level decision is explained",
            trigger:
                ".o_field_widget[name='sla_log_ids'] .o_data_row:contains('Tour SLA')",
        },
    ],
});
