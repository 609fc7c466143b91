/** @odoo-module **/
// Copyright 2026 Helpdesk Segments & Routing contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";

// An agent opens a ticket, picks a macro, reads its preview and applies it.
registry.category("web_tour.tours").add("helpdesk_routing_macro_tour", {
    steps: () => [
        {
            content: "Open the Macro wizard from the ticket",
            trigger: ".o_form_view .o_form_statusbar button:contains('Macro')",
            run: "click",
        },
        {
            content: "Choose the macro",
            trigger: ".modal .o_field_widget[name='macro_id'] input",
            run: "edit Tour escalate",
        },
        {
            content: "Pick it in the dropdown",
            trigger: ".o-autocomplete--dropdown-menu a:contains('Tour escalate')",
            run: "click",
        },
        {
            content: "The preview says what the macro will do",
            trigger: ".modal .o_field_widget[name='preview']:contains('Priority: Urgent')",
        },
        {
            content: "Apply",
            trigger: ".modal button[name='action_apply']",
            run: "click",
        },
        {
            content: "The ticket got the macro's tag",
            trigger:
                ".o_form_view:not(:has(.modal)) .o_field_widget[name='tag_ids'] .o_tag:contains('Tour escalated')",
        },
    ],
});
