/** @odoo-module **/
// Copyright 2026 Helpdesk Segments & Routing contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {session} from "@web/session";
import {user} from "@web/core/user";

// The user menu's switch between away (no new ticket) and back, for helpdesk
// agents (session_info carries hs_helpdesk_away for them only).
function helpdeskAwayItem(env) {
    const away = Boolean(session.hs_helpdesk_away);
    return {
        type: "item",
        id: "helpdesk_routing_away",
        hide: session.hs_helpdesk_away === undefined,
        description: away
            ? _t("Support: back (get tickets again)")
            : _t("Support: away (no new tickets)"),
        callback: async () => {
            session.hs_helpdesk_away = await env.services.orm.call(
                "res.users",
                "action_hs_toggle_away",
                [[user.userId]]
            );
            env.services.notification.add(
                session.hs_helpdesk_away
                    ? _t("You are away: no new ticket is assigned to you.")
                    : _t("You are back: tickets are assigned to you again."),
                {type: "info"}
            );
        },
        sequence: 45,
    };
}

registry.category("user_menuitems").add("helpdesk_routing_away", helpdeskAwayItem);
