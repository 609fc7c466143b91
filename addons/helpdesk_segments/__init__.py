from odoo.tools import SQL

from . import controllers
from . import models
from . import tools
from . import wizards


def post_init_hook(env):
    env["helpdesk.customer.field"]._hs_regenerate_views()


def uninstall_hook(env):
    env["helpdesk.customer.field"]._hs_remove_all_fields()
    # A checkbox customer field points at its tag with ondelete="restrict":
    # when the tag is one we ship (demo tags), Odoo's data clean-up would fail
    # to delete it and log an ERROR. The definitions go with their table
    # anyway (their technical fields are gone just above): unlink the tags.
    env.flush_all()
    env.cr.execute(
        SQL(
            "UPDATE %s SET tag_id = NULL WHERE tag_id IS NOT NULL",
            SQL.identifier("helpdesk_customer_field"),
        )
    )
    env.invalidate_all()
    # the queue of the always-fresh lists is a plain table (no ORM model)
    env.cr.execute(
        SQL("DROP TABLE IF EXISTS %s", SQL.identifier(tools.list_changes.QUEUE_TABLE))
    )
    # the index of res.partner's create_date the relative dates use
    env.cr.execute(SQL("DROP INDEX IF EXISTS res_partner_hs_create_date_index"))
