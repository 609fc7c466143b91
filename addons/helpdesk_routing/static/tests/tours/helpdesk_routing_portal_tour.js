/** @odoo-module **/
// Copyright 2026 Helpdesk Segments & Routing contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";

// A customer opens a ticket in the portal, finds it in their list and
// answers in its chatter.
registry.category("web_tour.tours").add("helpdesk_routing_portal_tour", {
    url: "/my",
    steps: () => [
        {
            content: "Open the Tickets card",
            trigger: "a[href='/my/support']",
            run: "click",
        },
        {
            content: "The customer's ticket is listed",
            trigger: ".o_portal_my_doc_table td:contains('Portal tour: old request')",
        },
        {
            content: "Open a new ticket",
            trigger: "a.o_hs_ticket_new",
            run: "click",
        },
        {
            content: "Describe the problem",
            trigger: "form.o_hs_ticket_new_form textarea[name='description']",
            run: "edit The parcel never arrived.",
        },
        {
            content: "Give the ticket a subject",
            trigger: "form.o_hs_ticket_new_form input[name='subject']",
            run: "edit Portal tour: lost parcel",
        },
        {
            content: "Send",
            trigger: "form.o_hs_ticket_new_form button[type='submit']",
            run: "click",
        },
        {
            content: "The new ticket's page",
            trigger: ".o_hs_portal_ticket h4:contains('Portal tour: lost parcel')",
        },
        {
            content: "Write an answer in the chatter",
            trigger: "#chatterRoot:shadow .o-mail-Composer-input",
            run: "edit It was due on Monday.",
        },
        {
            content: "Send the answer",
            trigger: "#chatterRoot:shadow .o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The answer is in the chatter",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains('It was due on Monday.')",
        },
    ],
});
