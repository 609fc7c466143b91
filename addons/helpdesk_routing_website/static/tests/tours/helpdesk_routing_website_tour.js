/** @odoo-module **/
// Copyright 2026 Helpdesk Segments & Routing contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";

// A visitor opens the Support menu of the website, sends a request and gets
// its reference.
registry.category("web_tour.tours").add("helpdesk_routing_website_tour", {
    url: "/",
    steps: () => [
        {
            content: "Open the Support menu",
            trigger: "header a[href='/support/new']",
            run: "click",
        },
        {
            content: "Give a name",
            trigger: "form.o_hs_website_ticket_form input[name='name']",
            run: "edit Tour Visitor",
        },
        {
            content: "Give an email address",
            trigger: "form.o_hs_website_ticket_form input[name='email']",
            run: "edit tour.visitor@example.com",
        },
        {
            content: "Give the request a subject",
            trigger: "form.o_hs_website_ticket_form input[name='subject']",
            run: "edit Website tour: broken kettle",
        },
        {
            content: "Describe the problem",
            trigger: "form.o_hs_website_ticket_form textarea[name='description']",
            run: "edit It stopped heating.",
        },
        {
            content: "Send",
            trigger: "form.o_hs_website_ticket_form button[type='submit']",
            run: "click",
        },
        {
            content: "The reference of the request",
            trigger: ".o_hs_website_support_thanks .o_hs_website_number",
        },
    ],
});
