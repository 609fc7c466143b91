# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The members and the history of customer lists lost their create/write
uid and date columns (``_log_access = False``: each row costs two
foreign-key checks fewer in every increment), and the members their index on
``list_id`` alone (the (list, customer) unique index serves): drop what an
older version left (dropping a column does not rewrite the table)."""

from odoo.tools import SQL

LOG_ACCESS_COLUMNS = ("create_uid", "create_date", "write_uid", "write_date")


def migrate(cr, version):
    if not version:
        return
    for table in ("helpdesk_customer_list_member", "helpdesk_customer_list_history"):
        cr.execute(
            SQL(
                "ALTER TABLE %s %s",
                SQL.identifier(table),
                SQL(", ").join(
                    SQL("DROP COLUMN IF EXISTS %s", SQL.identifier(column))
                    for column in LOG_ACCESS_COLUMNS
                ),
            )
        )
    cr.execute(SQL("DROP INDEX IF EXISTS helpdesk_customer_list_member__list_id_index"))
