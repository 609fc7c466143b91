# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, sql

from ..tools import visibility

HS_CUSTOMER_STATUSES = [
    ("pending", "Pending approval"),
    ("active", "Active"),
    ("inactive", "Inactive"),
    ("blocked", "Blocked"),
]


def _is_hs_field(name):
    """Fields of our addons on customers (checked on create/write)."""
    return name.startswith(("hs_", "x_hs_"))


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Customer groups and status
    # ------------------------------------------------------------------
    hs_customer_group_id = fields.Many2one(
        "helpdesk.customer.group",
        string="Customer Group",
        default=lambda self: self._hs_default_customer_group(),
        ondelete="set null",
        index="btree_not_null",
        tracking=True,
        groups="base.group_user",
    )
    hs_requested_group_id = fields.Many2one(
        "helpdesk.customer.group",
        string="Requested Group",
        ondelete="set null",
        index="btree_not_null",
        copy=False,
        tracking=True,
        groups="base.group_user",
        help="The group this customer signed up into. When it requires "
        "approval the customer waits with the status 'Pending approval'.",
    )
    hs_customer_status = fields.Selection(
        HS_CUSTOMER_STATUSES,
        string="Customer Status",
        default="active",
        tracking=True,
        copy=False,
    )
    hs_signup_ip = fields.Char(
        string="Sign-up IP", copy=False, groups="base.group_user"
    )
    hs_is_blocked = fields.Boolean(
        string="Blocked Customer",
        compute="_compute_hs_is_blocked",
        store=True,
    )

    def init(self):
        res = super().init()
        # "created in the last 30 days": each minute, the always-fresh lists
        # look for the customers created in the window the boundary moved
        # over (a range on create_date), not through every customer
        sql.create_index(
            self.env.cr,
            "res_partner_hs_create_date_index",
            self._table,
            ["create_date"],
        )
        return res

    @api.model
    def _hs_default_customer_group(self):
        return self.env["helpdesk.customer.group"].sudo()._get_default_group().id

    @api.depends("hs_customer_status")
    def _compute_hs_is_blocked(self):
        for partner in self:
            partner.hs_is_blocked = partner.hs_customer_status == "blocked"

    # ------------------------------------------------------------------
    # Who is a customer
    # ------------------------------------------------------------------
    hs_is_customer = fields.Boolean(
        string="Is a Customer",
        compute="_compute_hs_is_customer",
        search="_search_hs_is_customer",
        help="Every contact is a customer but the company's own contacts, the "
        "contacts of internal users and employees, and vendors that are not "
        "customers too (with Invoicing).",
    )

    @api.model
    def _hs_not_customer_domain(self):
        """The contacts that are not customers: the companies' own partners
        and their contacts, the partners of internal users (archived ones
        too) and, when their apps are installed, of employees and the
        vendors that are not customers. Plain Odoo has no customer flag
        (``customer_rank`` comes with Invoicing): a helpdesk serves whoever
        writes in, so everyone else is a customer."""
        # sudo: the other companies' partners and internal users are not
        # customers either, whether or not this user may read them
        companies = self.env["res.company"].sudo().with_context(active_test=False)
        company_partners = companies.search([]).partner_id.ids
        internal_users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            ._search([("share", "=", False)])
        )
        domains = [
            [("id", "in", company_partners)],
            [("commercial_partner_id", "in", company_partners)],
            [
                (
                    "id",
                    "in",
                    internal_users.subselect(
                        SQL.identifier(internal_users.table, "partner_id")
                    ),
                )
            ],
        ]
        if "employee_ids" in self._fields:  # hr
            employees = (
                self.env["hr.employee"]
                .sudo()
                .with_context(active_test=False)
                ._search([("work_contact_id", "!=", False)])
            )
            contacts = employees.subselect(
                SQL.identifier(employees.table, "work_contact_id")
            )
            domains.append([("id", "in", contacts)])
        if "supplier_rank" in self._fields:  # account
            domains.append([("supplier_rank", ">", 0), ("customer_rank", "=", 0)])
        return expression.OR(domains)

    @api.depends("parent_id", "commercial_partner_id", "user_ids.share")
    def _compute_hs_is_customer(self):
        saved_ids = [partner._origin.id for partner in self if partner._origin.id]
        not_customers = set()
        if saved_ids:
            # sudo: same answer for every user (see _hs_not_customer_domain)
            not_customers = set(
                self.sudo()
                .with_context(active_test=False)
                ._search([("id", "in", saved_ids), *self._hs_not_customer_domain()])
            )
        for partner in self:
            if partner._origin.id:
                partner.hs_is_customer = partner._origin.id not in not_customers
            else:  # a contact being created: its company decides
                parent = partner.parent_id
                partner.hs_is_customer = not parent or parent.hs_is_customer

    def _search_hs_is_customer(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on customers."))
        not_customers = self._hs_not_customer_domain()
        if (operator == "=") == value:
            return ["!", *expression.normalize_domain(not_customers)]
        return not_customers

    def _auto_init(self):
        # Create the stored computed flag ourselves: Odoo would otherwise
        # compute it for every existing partner at install, rewriting their
        # write_date. No existing partner is blocked (NULL reads as False).
        if not sql.column_exists(self.env.cr, self._table, "hs_is_blocked"):
            sql.create_column(self.env.cr, self._table, "hs_is_blocked", "boolean")
        return super()._auto_init()

    def _init_column(self, column_name):
        # Existing partners keep no customer group: only partners created
        # after the install get the default group.
        if column_name == "hs_customer_group_id":
            return
        return super()._init_column(column_name)

    def _hs_is_approver(self):
        return self.env.su or self.env.user.has_group(
            "helpdesk_segments.group_helpdesk_manager"
        )

    def _hs_prepare_group_vals(self, vals_list, records=None):
        """Turn sign-up requests into pending statuses or group changes.

        A requested group that requires approval leaves the customer pending;
        any other requested group is applied at once. Only Helpdesk Managers
        may put customers straight into a group requiring approval (writing
        the group ``records`` already have is harmless, e.g. a re-import).
        """
        group_ids = {
            vals[fname]
            for vals in vals_list
            for fname in ("hs_requested_group_id", "hs_customer_group_id")
            if vals.get(fname)
        }
        if not group_ids:
            return vals_list
        groups = self.env["helpdesk.customer.group"].sudo().browse(group_ids)
        approval_ids = set(groups.filtered("requires_approval").ids)
        is_approver = self._hs_is_approver()
        result = []
        for vals in vals_list:
            vals = dict(vals)
            group_id = vals.get("hs_customer_group_id")
            if (
                group_id in approval_ids
                and not is_approver
                and (
                    records is None
                    or any(p.hs_customer_group_id.id != group_id for p in records)
                )
            ):
                group = groups.browse(group_id)
                raise AccessError(
                    self.env._(
                        "Only Helpdesk Managers can put customers in the group "
                        "%(group)s, which requires approval: request the group "
                        "instead.",
                        group=group.display_name,
                    )
                )
            requested = vals.get("hs_requested_group_id")
            if requested and requested in approval_ids:
                vals["hs_customer_status"] = "pending"
            elif requested:
                vals["hs_customer_group_id"] = requested
                vals["hs_requested_group_id"] = False
            result.append(vals)
        return result

    def _hs_add_default_group(self, vals_list):
        """Look the default group up once per batch, not once per partner as
        the field default would (creating partners is a hot path). Context and
        user-defined (ir.default) defaults still win."""
        if (
            all("hs_customer_group_id" in vals for vals in vals_list)
            or "default_hs_customer_group_id" in self.env.context
            or "hs_customer_group_id"
            in self.env["ir.default"]._get_model_defaults(self._name)
        ):
            return vals_list
        default_id = self._hs_default_customer_group()
        return [
            vals
            if "hs_customer_group_id" in vals
            else dict(vals, hs_customer_group_id=default_id)
            for vals in vals_list
        ]

    def _hs_check_pending_status_change(self, status):
        """Approving (pending -> active) or rejecting (pending -> inactive) a
        customer is reserved to Helpdesk Managers."""
        if self._hs_is_approver():
            return
        if any(status_ == "pending" for status_ in self.mapped("hs_customer_status")):
            raise AccessError(
                self.env._(
                    "Only Helpdesk Managers can approve or reject customers "
                    "waiting for approval."
                )
            )

    def _hs_check_approval_rights(self):
        if not self._hs_is_approver():
            raise AccessError(
                self.env._("Only Helpdesk Managers can approve or reject customers.")
            )
        self.check_access("write")
        not_pending = self.filtered(lambda p: p.hs_customer_status != "pending")
        if not_pending:
            raise UserError(
                self.env._(
                    "Only customers waiting for approval can be approved or "
                    "rejected. Not pending: %(customers)s",
                    customers=", ".join(not_pending[:10].mapped("display_name")),
                )
            )

    def action_hs_approve(self):
        """Move pending customers to their requested group and activate them.

        One write per requested group and one batched chatter log; status and
        group changes are described by that log instead of tracking messages.
        """
        self._hs_check_approval_rights()
        bodies = {}
        for partner in self:
            bodies[partner.id] = Markup("<p>%s</p>") % (
                self.env._(
                    "Customer approved by %(user)s: group %(group)s, status Active.",
                    user=self.env.user.name,
                    group=(
                        partner.hs_requested_group_id or partner.hs_customer_group_id
                    ).display_name
                    or self.env._("None"),
                )
            )
        partners = self.with_context(tracking_disable=True)
        for group, group_partners in partners.grouped("hs_requested_group_id").items():
            vals = {"hs_customer_status": "active"}
            if group:
                vals.update(hs_customer_group_id=group.id, hs_requested_group_id=False)
            group_partners.write(vals)
        self._message_log_batch(bodies=bodies)
        return True

    def action_hs_reject(self):
        """Clear the sign-up request of pending customers and deactivate them."""
        self._hs_check_approval_rights()
        bodies = {}
        for partner in self:
            bodies[partner.id] = Markup("<p>%s</p>") % (
                self.env._(
                    "Sign-up request for group %(group)s rejected by %(user)s: "
                    "status Inactive.",
                    user=self.env.user.name,
                    group=partner.hs_requested_group_id.display_name
                    or self.env._("None"),
                )
            )
        self.with_context(tracking_disable=True).write(
            {"hs_customer_status": "inactive", "hs_requested_group_id": False}
        )
        self._message_log_batch(bodies=bodies)
        return True

    # ------------------------------------------------------------------
    # Tag groups (feature: customer tags in coloured tag groups)
    # ------------------------------------------------------------------
    hs_tag_group_ids = fields.Many2many(
        "helpdesk.tag.group",
        string="Tag Groups",
        compute="_compute_hs_tag_group_ids",
        search="_search_hs_tag_group_ids",
        help="Groups of the customer's tags.",
    )

    @api.depends("category_id.hs_tag_group_id")
    @api.depends_context("uid")
    def _compute_hs_tag_group_ids(self):
        # Only the groups the current user may read: never leak a hidden group.
        readable = self.category_id.hs_tag_group_id._filtered_access("read")
        for partner in self:
            partner.hs_tag_group_ids = (
                partner.category_id.hs_tag_group_id & readable
            ).sorted(lambda group: (group.sequence, group.name or "", group.id))

    def _search_hs_tag_group_ids(self, operator, value):
        path = "category_id.hs_tag_group_id"
        if operator in ("=", "!=") and not value:
            domain = [(path, "!=", False)]
            return domain if operator == "!=" else ["!", *domain]
        if operator in expression.NEGATIVE_TERM_OPERATORS:
            positive = expression.TERM_OPERATORS_NEGATION[operator]
            return ["!", (path, positive, value)]
        return [(path, operator, value)]

    def _hs_sees_hidden_tags(self):
        """Whether the current user sees the tags hidden from agents (the one
        check: tools/visibility.py)."""
        return visibility.sees_hidden_tags(self.env)

    def _hs_check_linked_tags(self, commands_list, already_linked=()):
        """Users who cannot see hidden tags cannot link them either (keeping
        the hidden tags that are already linked is allowed)."""
        tag_ids = set()
        for commands in commands_list:
            for command in commands or ():
                if not isinstance(command, (list, tuple)) or not command:
                    continue
                if command[0] == Command.LINK:
                    tag_ids.add(command[1])
                elif command[0] == Command.SET:
                    tag_ids.update(command[2])
        tag_ids.difference_update(already_linked)
        if tag_ids:
            self.env["res.partner.category"].browse(tag_ids).check_access("read")

    def _hs_hidden_tag_links(self):
        """{partner id: {tag ids}} of the tags hidden from agents on ``self``."""
        if not self.ids:
            return {}
        self.env["res.partner.category"].flush_model(["hs_hidden_from_agents"])
        self.flush_recordset(["category_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT rel.partner_id, rel.category_id
                  FROM res_partner_res_partner_category_rel rel
                  JOIN res_partner_category tag ON tag.id = rel.category_id
                 WHERE tag.hs_hidden_from_agents AND rel.partner_id IN %s
                """,
                tuple(self.ids),
            )
        )
        links = defaultdict(set)
        for partner_id, tag_id in rows:
            links[partner_id].add(tag_id)
        return links

    def _hs_restore_hidden_tag_links(self, hidden_before):
        """Re-link the hidden tags that a write by a user who cannot see them
        dropped (e.g. a ``Command.set`` of the visible tags computed from a
        cache filled by sudo code)."""
        if not hidden_before:
            return
        hidden_after = self._hs_hidden_tag_links()
        by_missing = defaultdict(list)
        for partner_id, tag_ids in hidden_before.items():
            missing = tag_ids - hidden_after.get(partner_id, set())
            if missing:
                by_missing[frozenset(missing)].append(partner_id)
        for missing, partner_ids in by_missing.items():
            self.browse(partner_ids).sudo().write(
                {"category_id": [Command.link(tag_id) for tag_id in missing]}
            )

    # ------------------------------------------------------------------
    # Customer fields (helpdesk.customer.field)
    # ------------------------------------------------------------------
    @api.model
    def _hs_profile_prepare_vals(self, vals_list):
        """Check text patterns and turn checkbox values into tag commands.

        Pure Python on the values: no query per customer (the configuration
        is cached), so bulk imports stay fast.
        """
        checkboxes, patterns = self.env["helpdesk.customer.field"]._hs_partner_config()
        if not checkboxes and not patterns:
            return vals_list
        result = []
        for vals in vals_list:
            for fname, label, pattern in patterns:
                value = vals.get(fname)
                # a non-text value (e.g. a number sent over JSON-RPC) cannot
                # match either: the same clear error, not a TypeError
                if value and not (
                    isinstance(value, str) and re.fullmatch(pattern, value)
                ):
                    raise ValidationError(
                        self.env._(
                            "“%(value)s” is not a valid value for %(field)s "
                            "(expected format: %(pattern)s).",
                            value=value,
                            field=label,
                            pattern=pattern,
                        )
                    )
            if any(fname in vals for fname, _tag in checkboxes):
                vals = dict(vals)
                commands = list(vals.get("category_id") or [])
                if commands and all(isinstance(c, int) for c in commands):
                    commands = [Command.set(commands)]
                for fname, tag_id in checkboxes:
                    if fname in vals:
                        ticked = vals.pop(fname)
                        commands.append(
                            Command.link(tag_id) if ticked else Command.unlink(tag_id)
                        )
                vals["category_id"] = commands
            result.append(vals)
        return result

    # ------------------------------------------------------------------
    # Customer lists (helpdesk.customer.list)
    # ------------------------------------------------------------------
    hs_customer_list_ids = fields.Many2many(
        "helpdesk.customer.list",
        string="Customer Lists",
        compute="_compute_hs_customer_list_ids",
        search="_search_hs_customer_list_ids",
        help="The customer lists (that you can see) this customer belongs to, "
        "as of their last refresh.",
    )
    hs_customer_list_count = fields.Integer(
        string="Customer List Count", compute="_compute_hs_customer_list_ids"
    )

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_hs_customer_list_ids(self):
        CustomerList = self.env["helpdesk.customer.list"]
        lists_by_partner = defaultdict(list)
        # new records (forms being edited) count as their origin, if any
        partner_ids = [pid for pid in self._origin.ids if pid]
        if partner_ids and CustomerList.has_access("read"):
            self.env["helpdesk.customer.list.member"].flush_model()
            self.env.cr.execute(
                SQL(
                    "SELECT partner_id, array_agg(list_id) "
                    "FROM helpdesk_customer_list_member "
                    "WHERE partner_id IN %s GROUP BY partner_id",
                    tuple(partner_ids),
                )
            )
            rows = self.env.cr.fetchall()
            all_ids = {list_id for __, ids in rows for list_id in ids}
            # one search as the current user: the record rules decide which
            # lists can be shown
            visible = set(CustomerList.search([("id", "in", list(all_ids))]).ids)
            for partner_id, ids in rows:
                lists_by_partner[partner_id] = [lid for lid in ids if lid in visible]
        for partner in self:
            ids = lists_by_partner.get(partner._origin.id, [])
            partner.hs_customer_list_ids = CustomerList.browse(ids)
            partner.hs_customer_list_count = len(ids)

    def _search_hs_customer_list_ids(self, operator, value):
        if operator in ("ilike", "not ilike", "=ilike", "like", "=like"):
            # the search bar's "Search Customer list for: ..." matches names
            positive = operator != "not ilike"
            lists_query = self.env["helpdesk.customer.list"]._search(
                [("name", operator if positive else "ilike", value)]
            )
            member_sql = SQL(
                "(SELECT partner_id FROM helpdesk_customer_list_member "
                "WHERE list_id IN %s)",
                lists_query.subselect(),
            )
            return [("id", "in" if positive else "not in", member_sql)]
        if operator not in ("in", "not in", "=", "!="):
            raise UserError(
                self.env._(
                    "Customer lists cannot be searched with the operator %(operator)s.",
                    operator=operator,
                )
            )
        if value is False or value is None or value == []:
            # "has no list" / "has any list"
            member_sql = SQL("(SELECT partner_id FROM helpdesk_customer_list_member)")
            positive = operator in ("!=", "not in")
        else:
            values = value if isinstance(value, list | tuple) else [value]
            lists_query = self.env["helpdesk.customer.list"]._search(
                [("id", "in", [v for v in values if isinstance(v, int)])]
                if all(isinstance(v, int) for v in values)
                else [("name", "in", list(values))]
            )
            member_sql = SQL(
                "(SELECT partner_id FROM helpdesk_customer_list_member "
                "WHERE list_id IN %s)",
                lists_query.subselect(),
            )
            positive = operator in ("in", "=")
        return [("id", "in" if positive else "not in", member_sql)]

    def action_hs_view_customer_lists(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_segments.helpdesk_customer_list_action"
        )
        action["domain"] = [("id", "in", self.hs_customer_list_ids.ids)]
        action["context"] = {"create": False}
        return action

    def _hs_customer_lists_customers_changed(self, fnames=None):
        """Customers ``self`` were created (``fnames`` None) or written:
        queue them for the always-fresh lists reading what changed (one
        statement, none when no list reads it) and mark the auto-refreshed
        lists as stale (no query at all when there is none).

        As superuser: the queue is no record of the user; whoever changes a
        customer, the lists are updated with their owners' rights, and the
        user gains no access to them."""
        CustomerList = self.env["helpdesk.customer.list"].sudo()
        CustomerList._hs_partners_changed(self.ids, fnames)
        CustomerList._mark_auto_refresh_lists_stale()

    def unlink(self):
        # the members of deleted customers go with them (cascade): the
        # counts of their lists follow, in one statement
        if self.ids:
            self.env["helpdesk.customer.list.member"].flush_model()
            self.env["helpdesk.customer.list"].flush_model(["member_count"])
            self.env.cr.execute(
                SQL(
                    """UPDATE helpdesk_customer_list l
                          SET member_count = l.member_count - gone.n
                         FROM (SELECT list_id, count(*) AS n
                                 FROM helpdesk_customer_list_member
                                WHERE partner_id IN %s GROUP BY list_id) gone
                        WHERE l.id = gone.list_id""",
                    tuple(self.ids),
                )
            )
            if self.env.cr.rowcount:
                self.env["helpdesk.customer.list"].invalidate_model(["member_count"])
        return super().unlink()

    # ------------------------------------------------------------------
    # CRUD: each feature's checks, in one create and one write
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # values of our fields sent over RPC: clear errors for bad input
        self.env["helpdesk.input.mixin"]._hs_check_input_vals(
            vals_list, field_filter=_is_hs_field, model=self
        )
        # customer fields: text patterns, checkboxes turned into tag commands
        vals_list = self._hs_profile_prepare_vals(vals_list)
        # customer groups: default group, sign-up into groups needing approval
        vals_list = self._hs_add_default_group(vals_list)
        if any(
            "hs_requested_group_id" in vals or "hs_customer_group_id" in vals
            for vals in vals_list
        ):
            vals_list = self._hs_prepare_group_vals(vals_list)
        # tag groups: only managers may link tags hidden from agents
        tag_commands = [
            vals["category_id"] for vals in vals_list if vals.get("category_id")
        ]
        if tag_commands and not self._hs_sees_hidden_tags():
            self._hs_check_linked_tags(tag_commands)
        partners = super().create(vals_list)
        # customer lists: new customers are evaluated by the always-fresh
        # lists, auto-refreshed lists become stale
        partners._hs_customer_lists_customers_changed()
        return partners

    def write(self, vals):
        self.env["helpdesk.input.mixin"]._hs_check_input_vals(
            [vals], field_filter=_is_hs_field, model=self
        )
        [vals] = self._hs_profile_prepare_vals([vals])
        if "hs_requested_group_id" in vals or "hs_customer_group_id" in vals:
            vals = self._hs_prepare_group_vals([vals], records=self)[0]
        if vals.get("hs_customer_status") in ("active", "inactive"):
            self._hs_check_pending_status_change(vals["hs_customer_status"])
        if "category_id" not in vals or self._hs_sees_hidden_tags():
            res = super().write(vals)
        else:
            # tags hidden from this user survive their edit of the visible ones
            hidden_before = self._hs_hidden_tag_links()
            self._hs_check_linked_tags(
                [vals["category_id"]],
                already_linked=set().union(*hidden_before.values()),
            )
            res = super().write(vals)
            self._hs_restore_hidden_tag_links(hidden_before)
        # customer lists: the always-fresh lists reading what changed evaluate
        # these customers, auto-refreshed lists become stale
        self._hs_customer_lists_customers_changed(set(vals))
        return res
