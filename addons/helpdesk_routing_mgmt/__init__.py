# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import adapter, models, wizards


def uninstall_hook(env):
    # the log rows of OCA tickets have no ticket of ours: without the
    # bridge's field they would be orphans (and block ticket_id NOT NULL)
    env.cr.execute("DELETE FROM helpdesk_routing_log WHERE ticket_id IS NULL")
