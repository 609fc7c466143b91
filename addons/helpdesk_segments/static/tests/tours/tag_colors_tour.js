/** @odoo-module **/
// Copyright 2026 Helpdesk Segments & Routing contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

import {registry} from "@web/core/registry";

const TAGS = ".o_form_view .o_field_widget[name='category_id']";

registry.category("web_tour.tours").add("helpdesk_segments_tag_colors_tour", {
    steps: () => [
        {
            content: "The customer's tag chip has its group's inline colours",
            trigger: `${TAGS} .o_tag[style*='background-color: #1F6FEB'][style*='color: #FFFFFF']:contains('UI Europe')`,
        },
        {
            content: "The agent does not see the hidden tag",
            trigger: `${TAGS}:not(:has(.o_tag:contains('UI churn')))`,
        },
        {
            content: "Back to the customers list",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item a",
            run: "click",
        },
        {
            content: "The customers list is shown",
            trigger: ".o_list_view",
        },
    ],
});
