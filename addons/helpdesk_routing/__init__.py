from odoo.tools import SQL

from . import controllers
from . import engine
from . import models
from . import wizards
from .models.helpdesk_routing_team import ROUND_ROBIN_CODE

# The records that point at our shipped data with ondelete="restrict"
# (ticket -> stage, event -> event type). Their tables are dropped with their
# models at uninstall anyway.
RESTRICTING_TABLES = ("helpdesk_routing_ticket", "helpdesk_routing_event")


def uninstall_hook(env):
    # the teams' round robin counters, and their PostgreSQL sequences
    env["ir.sequence"].sudo().search([("code", "=", ROUND_ROBIN_CODE)]).unlink()
    # Odoo's data clean-up (ir.model.data._module_data_uninstall) deletes the
    # stages and event types we ship before it drops the tables of tickets and
    # events: while a ticket or an event the users made still points at them,
    # each DELETE fails on the foreign key and logs an ERROR. Empty both tables
    # first, in one statement each, as Odoo's pos_loyalty / sale_loyalty delete
    # their rows that would block the clean-up. Their messages, followers,
    # activities and attachments go with the models (mail's ir.model unlink);
    # routing decisions, tag and view links cascade.
    env.flush_all()
    for table in RESTRICTING_TABLES:
        env.cr.execute(SQL("DELETE FROM %s", SQL.identifier(table)))
    env.invalidate_all()
