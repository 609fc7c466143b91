/** @odoo-module **/
// Copyright 2026 Helpdesk Segments & Routing contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

// Runs as a user whose language is Persian (fa_IR, right-to-left): the
// customer form, a customer list and the routing rule form must render with
// the labels of our fa.po and work.

import {localization} from "@web/core/l10n/localization";
import {registry} from "@web/core/registry";
import {user} from "@web/core/user";

registry.category("web_tour.tours").add("helpdesk_persian_rtl_tour", {
    url: "/odoo/action-helpdesk_segments.res_partner_action_helpdesk_customer",
    steps: () => [
        {
            content: "The web client is in right-to-left mode",
            trigger: "body.o_rtl .o_action_manager",
            run() {
                if (localization.direction !== "rtl" || !user.lang.startsWith("fa")) {
                    throw new Error(
                        `Not in Persian RTL: direction ${localization.direction}, language ${user.lang}`
                    );
                }
                // the layout is mirrored (stylesheets flipped by rtlcss): the
                // app menu sits on the right of the navigation bar
                const appsMenu = document.querySelector(".o_main_navbar .o_navbar_apps_menu");
                const navbar = document.querySelector(".o_main_navbar").getBoundingClientRect();
                if (appsMenu.getBoundingClientRect().left < navbar.left + navbar.width / 2) {
                    throw new Error("The layout is not mirrored (is rtlcss installed?)");
                }
                document.body.classList.add("o_hs_fa_tour_rtl_checked");
            },
        },
        {
            content: "The customers action is titled in Persian",
            trigger: "body.o_hs_fa_tour_rtl_checked .o_breadcrumb:contains('مشتریان')",
        },
        {
            content: "The customer list has its Persian column labels",
            trigger: ".o_list_renderer th:contains('تاریخ افزودن')",
        },
        {
            content: "Search the tour customer",
            trigger: ".o_searchview_input",
            run: "edit Tour Persian Customer",
        },
        {
            content: "Apply the search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open the customer",
            trigger: ".o_data_row:contains('Tour Persian Customer') .o_data_cell",
            run: "click",
        },
        {
            content: "Open the Sales & Purchase tab, where the helpdesk customer fields are",
            trigger: ".o_notebook .nav-link[name='sales_purchases']",
            run: "click",
        },
        {
            content: "The customer group field is labelled in Persian",
            trigger: ".o_form_view .o_form_label:contains('گروه مشتری')",
        },
        {
            content: "Choose a customer group",
            trigger: ".o_field_widget[name='hs_customer_group_id'] input",
            run: "edit عمده",
        },
        {
            content: "Pick the wholesale group (its Persian name)",
            trigger: ".o-autocomplete--dropdown-item > a:contains('عمده‌فروشی')",
            run: "click",
        },
        {
            content: "Open the Customer profile tab (Persian title)",
            trigger: ".o_notebook .nav-link:contains('پروفایل مشتری')",
            run: "click",
        },
        {
            content: "Set the service level",
            trigger: ".o_field_widget[name='x_hs_service_level'] select",
            run: 'select "gold"',
        },
        {
            content: "Save the customer",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The customer is saved",
            trigger:
                ".o_form_saved:not(:has(.o_form_status_indicator_buttons:not(.invisible))) .o_notebook .nav-link.active:contains('پروفایل مشتری')",
        },
        {
            content: "Open the customer lists (Persian menu)",
            trigger:
                ".o_main_navbar [data-menu-xmlid='helpdesk_segments.helpdesk_customer_list_menu']:contains('لیست‌های مشتری')",
            run: "click",
        },
        {
            content: "Open the tour list",
            trigger: ".o_data_row:contains('مشتریان ویژه تور فارسی') .o_data_cell",
            run: "click",
        },
        {
            content: "The list is up to date (Persian state)",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('به‌روز')",
        },
        {
            content: "It has two members (Persian stat label)",
            trigger:
                "button[name='action_view_members']:contains('اعضا') .o_stat_value:contains('2')",
        },
        {
            content: "Open the members",
            trigger: "button[name='action_view_members']",
            run: "click",
        },
        {
            content: "The members view is titled in Persian",
            trigger: ".o_breadcrumb:contains('اعضای مشتریان ویژه تور فارسی')",
        },
        {
            content: "Exactly the two tour customers are members",
            trigger: ".o_list_renderer .o_data_row:contains('Tour Persian Member Two')",
            run() {
                const names = [...document.querySelectorAll(".o_list_renderer .o_data_row")].map(
                    (row) => row.querySelector("[name='complete_name'], [name='display_name']")?.textContent.trim()
                );
                const expected = ["Tour Persian Member One", "Tour Persian Member Two"];
                if (JSON.stringify(names.sort()) !== JSON.stringify(expected)) {
                    throw new Error(`Unexpected members: ${JSON.stringify(names)}`);
                }
                document.body.classList.add("o_hs_fa_tour_members_checked");
            },
        },
        {
            content: "Members checked",
            trigger: "body.o_hs_fa_tour_members_checked",
        },
        {
            content: "Open Configuration (Persian menu)",
            trigger:
                ".o_main_navbar [data-menu-xmlid='helpdesk_segments.helpdesk_menu_config']:contains('پیکربندی')",
            run: "click",
        },
        {
            content: "Open the routing rules (Persian menu)",
            trigger:
                ".dropdown-item[data-menu-xmlid='helpdesk_routing.helpdesk_routing_rule_menu']:contains('قوانین مسیریابی')",
            run: "click",
        },
        {
            content: "The routing rules action is titled in Persian",
            trigger: ".o_breadcrumb:contains('قوانین مسیریابی')",
        },
        {
            content: "Create a routing rule",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit قانون تور فارسی",
        },
        {
            content: "Open the Destination tab (Persian title)",
            trigger: ".o_notebook .nav-link:contains('مقصد')",
            run: "click",
        },
        {
            content: "Choose the team",
            trigger: ".o_field_widget[name='team_id'] input",
            run: "edit تیم تور",
        },
        {
            content: "Pick the tour team",
            trigger: ".o-autocomplete--dropdown-item > a:contains('تیم تور فارسی')",
            run: "click",
        },
        {
            content: "Save the rule",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The rule is saved, inactive (Persian ribbon)",
            trigger: ".o_form_saved .ribbon:contains('غیرفعال')",
        },
    ],
});
