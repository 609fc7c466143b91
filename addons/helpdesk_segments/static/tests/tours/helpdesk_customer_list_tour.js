/** @odoo-module **/
// Copyright 2026 Helpdesk Segments & Routing contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("helpdesk_segments_customer_list_tour", {
    url: "/odoo/action-helpdesk_segments.helpdesk_customer_list_action?debug=1",
    steps: () => [
        {
            content: "Create a customer list",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit VIP customers tour",
        },
        {
            content: "Condition: tag vip (code editor of the domain widget)",
            trigger: ".o_field_widget[name='domain'] .o_domain_selector_debug_container textarea",
            run: 'edit [("category_id.name", "=", "vip"), ("ref", "=", "hs-list-tour")]',
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the domain editor counts two customers",
            trigger:
                ".o_form_saved .o_field_widget[name='domain'] .o_domain_show_selection_button:contains('2 record(s)')",
        },
        {
            content: "Refresh now",
            trigger: ".o_form_saved button[name='action_refresh']",
            run: "click",
        },
        {
            content: "The list has two members and is up to date",
            trigger: "button[name='action_view_members'] .o_stat_value:contains('2')",
        },
        {
            content: "Up to date",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Up to date')",
        },
        {
            content: "Export CSV is offered",
            trigger: "button[name='action_export_csv']",
        },
        {
            content: "Export the members as CSV",
            trigger: ".o_form_saved",
            async run() {
                const recordId = window.location.pathname.split("/").pop();
                const response = await fetch(
                    `/helpdesk_segments/customer_list/${recordId}/export.csv`
                );
                const text = await response.text();
                if (
                    response.status !== 200 ||
                    !text.includes('"Tour VIP One"') ||
                    !text.includes('"Tour VIP Two"') ||
                    text.includes("Tour Regular")
                ) {
                    throw new Error(`Unexpected export (${response.status}): ${text}`);
                }
                document.body.classList.add("o_hs_tour_export_checked");
            },
        },
        {
            content: "Export checked",
            trigger: "body.o_hs_tour_export_checked",
        },
    ],
});
