# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged
from odoo.tools import SQL

from .common import load_migration
from .customer_list_common import CustomerListCase

MEMBER = "helpdesk_customer_list_member"
HISTORY = "helpdesk_customer_list_history"


@tagged("post_install", "-at_install")
class TestListMembershipTables(CustomerListCase):
    def _columns(self, table):
        self.env.cr.execute(
            SQL(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = %s",
                table,
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def _indexes(self, table):
        self.env.cr.execute(
            SQL("SELECT indexname FROM pg_indexes WHERE tablename = %s", table)
        )
        return {row[0] for row in self.env.cr.fetchall()}

    def test_no_log_access_columns(self):
        """Members and history are written by set-based SQL: no create/write
        uid and date (two foreign-key checks a row), no index on the list
        alone (the (list, customer) unique index serves)."""
        for model in (
            "helpdesk.customer.list.member",
            "helpdesk.customer.list.history",
        ):
            self.assertFalse(self.env[model]._log_access)
            self.assertNotIn("create_uid", self.env[model]._fields)
        for table in (MEMBER, HISTORY):
            self.assertFalse({"create_uid", "write_date"} & self._columns(table))
        self.assertNotIn(f"{MEMBER}__list_id_index", self._indexes(MEMBER))
        self.assertIn(f"{MEMBER}_list_partner_uniq", self._indexes(MEMBER))

    def test_upgrade_drops_old_columns(self):
        """A database of version 18.0.1.1.0 (the columns and the index still
        there, members and history written): the migration drops them and
        keeps every row; lists refresh as before."""
        customers = self._partners([{"name": "Old one"}, {"name": "Old two"}])
        customer_list = self._list('[("name", "like", "Old")]')
        for table in (MEMBER, HISTORY):
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE %s ADD COLUMN create_uid integer REFERENCES "
                    "res_users ON DELETE SET NULL, ADD COLUMN create_date timestamp, "
                    "ADD COLUMN write_uid integer REFERENCES res_users ON DELETE "
                    "SET NULL, ADD COLUMN write_date timestamp",
                    SQL.identifier(table),
                )
            )
        self.env.cr.execute(
            SQL(
                "CREATE INDEX %s ON %s (list_id)",
                SQL.identifier(f"{MEMBER}__list_id_index"),
                SQL.identifier(MEMBER),
            )
        )
        customer_list._refresh_members()
        self.assertEqual(customer_list.member_ids.partner_id, customers)
        history = customer_list.history_ids

        load_migration("helpdesk_segments", "18.0.1.2.0").migrate(
            self.env.cr, "18.0.1.1.0"
        )

        for table in (MEMBER, HISTORY):
            self.assertFalse(
                {"create_uid", "create_date", "write_uid", "write_date"}
                & self._columns(table)
            )
        self.assertNotIn(f"{MEMBER}__list_id_index", self._indexes(MEMBER))
        self.env.invalidate_all()
        self.assertEqual(customer_list.member_ids.partner_id, customers)
        self.assertEqual(customer_list.history_ids, history)
        customers[0].name = "New one"
        customer_list._refresh_members()
        self.assertEqual(customer_list.member_ids.partner_id, customers[1])
        self.assertEqual(
            customer_list.history_ids.filtered(lambda h: h.event == "left").partner_id,
            customers[0],
        )
