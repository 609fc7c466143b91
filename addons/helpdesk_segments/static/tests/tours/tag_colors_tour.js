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
            content: "Switch to the kanban view",
            trigger: ".o_control_panel .o_switch_view.o_kanban",
            run: "click",
        },
        {
            content: "Search the customer",
            trigger: ".o_kanban_view .o_searchview_input, .o_searchview_input",
            run: "edit UI tagged customer",
        },
        {
            content: "Apply the search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "The kanban card shows the coloured chip, not the hidden tag",
            trigger: `.o_kanban_record:contains('UI tagged customer'):not(:has(.o_tag:contains('UI churn'))) .o_tag[style*='background-color: #1F6FEB']:contains('UI Europe')`,
        },
    ],
});
