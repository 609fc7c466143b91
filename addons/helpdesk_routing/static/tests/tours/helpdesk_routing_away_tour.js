/** @odoo-module **/
// Copyright 2026 Helpdesk Segments & Routing contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

// An agent switches themselves away from the user menu, then back.

import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("helpdesk_routing_away_tour", {
    url: "/odoo",
    steps: () => [
        {
            content: "Open the user menu",
            trigger: ".o_user_menu button",
            run: "click",
        },
        {
            content: "Switch away",
            trigger: ".o-dropdown--menu [data-menu='helpdesk_routing_away']:contains('away')",
            run: "click",
        },
        {
            content: "Told they are away; open the user menu again",
            trigger: ".o_notification:contains('You are away')",
            run() {
                document.querySelector(".o_user_menu button").click();
            },
        },
        {
            content: "The item now offers to come back",
            trigger: ".o-dropdown--menu [data-menu='helpdesk_routing_away']:contains('back')",
            run: "click",
        },
        {
            content: "Told they are back",
            trigger: ".o_notification:contains('You are back')",
        },
    ],
});
