# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import csv
import datetime
import functools
import io
import logging
import threading
import time

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, api, fields, models, modules, tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL, split_every

from ..tools import conditions, list_changes

_logger = logging.getLogger(__name__)

# First key of the two-key PostgreSQL advisory locks taken while a list is
# refreshed (second key: the list id). "HSCL" as a 32-bit integer.
REFRESH_LOCK_KEY = 0x4853434C
DEFAULT_BACKGROUND_THRESHOLD = 50000
CRON_BATCH_SIZE = 20
# refreshes of one list tried by a cron run when concurrent changes conflict
CRON_LIST_ATTEMPTS = 3
# key of the post-commit marking of stale lists (once per transaction)
STALE_AFTER_COMMIT = "helpdesk_segments.lists_stale_after_commit"
# key of the queue rows a transaction applies to the lists after its commit
APPLY_AFTER_COMMIT = "helpdesk_segments.lists_apply_after_commit"
# changed customers applied right after the commit of the change; more wait
# for the cron (a large import does not hold its request)
POSTCOMMIT_MAX_CHANGES = 2000
# after its own changes, the worker applying the queue after its commit takes
# those of other workers for at most this long (seconds) before it answers
POSTCOMMIT_TIME_BUDGET = 1.0
# advisory lock (one bigint) of the worker applying the queue after a commit
APPLIER_LOCK_KEY = 0x48534150
# queued changes taken at once by a worker
APPLY_BATCH_SIZE = 5000
# how long a worker waits for a list another worker holds, applying changes
# (milliseconds): after the commit of a request (short), in the cron
POSTCOMMIT_LOCK_TIMEOUT_MS = 2000
CRON_LOCK_TIMEOUT_MS = 30000
# what makes a list another list: evaluated whole again when it changes
DEFINITION_FIELDS = frozenset(
    {
        "domain",
        "include_list_ids",
        "exclude_list_ids",
        "company_id",
        "user_id",
        "active",
        "refresh_mode",
    }
)
# the incremental lists are also evaluated whole once a day (safety net)
SAFETY_NET_INTERVAL = datetime.timedelta(hours=23)


def _mark_stale_after_commit(registry):
    """Mark the auto-refreshed lists stale after a customer change was
    committed (see ``_mark_auto_refresh_lists_stale``): READ COMMITTED, so
    that the row locks wait for a running refresh and then see its result
    instead of failing (in id order, like any other marking: a deadlock is
    retried); the cron is triggered for the lists it marks."""
    for attempt in range(1, CRON_LIST_ATTEMPTS + 1):
        try:
            with registry.cursor() as cr:
                if not registry.in_test_mode():
                    cr.execute(SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"))
                cr.execute(
                    SQL(
                        """WITH old AS (
                               SELECT id, stale FROM helpdesk_customer_list
                                WHERE auto_refresh AND active
                                  AND refresh_mode = 'scheduled'
                                ORDER BY id
                                  FOR NO KEY UPDATE)
                           UPDATE helpdesk_customer_list l SET stale = TRUE
                             FROM old WHERE l.id = old.id
                           RETURNING old.stale"""
                    ),
                    log_exceptions=False,
                )
                if any(not stale for (stale,) in cr.fetchall()):
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    env.ref(
                        "helpdesk_segments.ir_cron_helpdesk_customer_list_refresh"
                    )._trigger()
            return
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            if attempt < CRON_LIST_ATTEMPTS:
                continue
            _logger.warning(
                "Customer lists could not be marked stale after a change of "
                "customers (concurrent updates); the next scheduled run "
                "refreshes them",
                exc_info=True,
            )
        except Exception:  # never fail the request that was committed
            _logger.warning(
                "Customer lists could not be marked stale after a change of "
                "customers; the next scheduled run refreshes them",
                exc_info=True,
            )
            return


def _in_test_mode(env):
    return bool(
        modules.module.current_test
        or env.registry.in_test_mode()
        or getattr(threading.current_thread(), "testing", False)
    )


def _apply_batch(registry, limit, queue_ids=None):
    """Apply up to ``limit`` queued changes (``queue_ids`` only, when given)
    in a transaction of its own, as THE applier (``APPLIER_LOCK_KEY``).
    Returns how many were applied, or None when another worker is applying
    (it takes them)."""
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if not _in_test_mode(env):
            cr.execute(SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"))
            cr.execute(SQL("SET LOCAL lock_timeout = %s", POSTCOMMIT_LOCK_TIMEOUT_MS))
        cr.execute(SQL("SELECT pg_try_advisory_xact_lock(%s)", APPLIER_LOCK_KEY))
        if not cr.fetchone()[0]:
            return None
        return env["helpdesk.customer.list"]._hs_apply_queue(
            limit=limit, queue_ids=queue_ids
        )


def _apply_after_commit(registry, queue_ids):
    """Apply the changes of customers a transaction queued, once it is
    committed (READ COMMITTED: each list's statement sees every committed
    change; see ``_hs_apply_changes``).

    One worker applies at a time (``APPLIER_LOCK_KEY``): it applies its own
    rows, then those other workers queued meanwhile, for at most
    ``POSTCOMMIT_TIME_BUDGET``; a worker finding another one applying leaves
    its rows to it (and triggers the cron, in case it just finished). Under
    a stream of writes the changes are so applied in batches (one statement
    per list for many customers), not one transaction per write. Each batch
    is a transaction of its own: the lists' locks are taken in one order
    within a transaction and released at its end, so that two appliers
    (this one, the cron) never wait for each other in a cycle. Too many
    changes, a list held too long by another worker, a conflict: the rows
    stay queued and the cron applies them."""
    if not queue_ids:
        return
    try:
        done = None
        if len(queue_ids) <= POSTCOMMIT_MAX_CHANGES:
            done = _apply_batch(registry, len(queue_ids), queue_ids)
        if done is None:  # too many, or another worker applying
            _trigger_apply(registry)  # in case that one just finished
            return
        # under load, take the rows the others queued meanwhile (one
        # statement per list for them all), while they answer at once
        deadline = time.monotonic() + POSTCOMMIT_TIME_BUDGET
        while done < POSTCOMMIT_MAX_CHANGES and time.monotonic() < deadline:
            batch = _apply_batch(registry, POSTCOMMIT_MAX_CHANGES - done)
            if not batch:
                break
            done += batch
    except Exception:  # never fail the request that was committed
        _logger.info(
            "Changes of customers left for the cron to apply to the lists",
            exc_info=True,
        )
        _trigger_apply(registry)


def _trigger_apply(registry):
    """Trigger the cron applying changes, from a cursor of its own."""
    try:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["helpdesk.customer.list"]._hs_trigger_apply()
    except Exception:  # the scheduled run applies them
        _logger.warning("Cannot trigger the list changes cron", exc_info=True)


class HelpdeskCustomerList(models.Model):
    _name = "helpdesk.customer.list"
    _description = "Customer List"
    _inherit = [
        "helpdesk.input.mixin",
        "helpdesk.condition.target.mixin",
        "mail.thread",
    ]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True, translate=False)
    description = fields.Text()
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        default=lambda self: self.env.company,
        index=True,
        tracking=True,
        help="Only the users of this company see the list, and its members are "
        "the customers of this company or shared by all companies. Empty: a "
        "list of every company, over all customers.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
        check_company=True,
    )
    sharing = fields.Selection(
        [("everyone", "Everyone"), ("private", "Just me")],
        required=True,
        default="private",
        tracking=True,
        help="Everyone: every helpdesk agent sees the list (only managers edit "
        "it). Just me: only the owner sees and edits it.",
    )
    domain = fields.Text(
        string="Conditions",
        required=True,
        default="[]",
        tracking=True,
        help="Customers matching these conditions are members of the list. "
        "Relative dates (in the last 30 days...) are evaluated again at each "
        "refresh.",
    )
    include_list_ids = fields.Many2many(
        "helpdesk.customer.list",
        "helpdesk_customer_list_include_rel",
        "list_id",
        "included_list_id",
        string="Also in Lists",
        check_company=True,
        help="Members must also be members of every one of these lists.",
    )
    exclude_list_ids = fields.Many2many(
        "helpdesk.customer.list",
        "helpdesk_customer_list_exclude_rel",
        "list_id",
        "excluded_list_id",
        string="Not in Lists",
        check_company=True,
        help="Members of any of these lists are left out.",
    )
    member_ids = fields.One2many(
        "helpdesk.customer.list.member", "list_id", string="Members", readonly=True
    )
    history_ids = fields.One2many(
        "helpdesk.customer.list.history", "list_id", string="History", readonly=True
    )
    member_count = fields.Integer(
        string="Customers", readonly=True, copy=False, default=0
    )
    last_refresh_at = fields.Datetime(
        string="Last Refreshed", readonly=True, copy=False
    )
    last_attempt_at = fields.Datetime(
        string="Last Refresh Attempt",
        readonly=True,
        copy=False,
        help="Last refresh, successful or not (the cron refreshes each list once "
        "per run).",
    )
    state = fields.Selection(
        [
            ("draft", "Never refreshed"),
            ("ok", "Up to date"),
            ("refreshing", "Refreshing"),
            ("error", "Error"),
        ],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
    )
    error_message = fields.Text(readonly=True, copy=False)
    refresh_mode = fields.Selection(
        [
            ("incremental", "Always fresh"),
            ("scheduled", "Scheduled only"),
        ],
        required=True,
        default="incremental",
        tracking=True,
        help="Always fresh: each change of a customer is applied to the list "
        "within seconds (only the changed customers are evaluated), relative "
        "dates within minutes, and the whole list is evaluated again once a "
        "day as a safety net. Scheduled only: the list is evaluated whole by "
        "the hourly refresh and on Refresh now.",
    )
    last_change_at = fields.Datetime(
        string="Last Change Applied",
        readonly=True,
        copy=False,
        help="When changes of customers were last applied to this list.",
    )
    last_pass_at = fields.Datetime(
        string="Relative Dates Checked",
        readonly=True,
        copy=False,
        help="When the relative dates of the conditions (in the last 30 days...) "
        "were last applied: customers enter or leave within minutes of a "
        "boundary passing.",
    )
    pending_change_count = fields.Integer(
        string="Pending Changes",
        compute="_compute_pending_change_count",
        help="Changes of customers not applied to this list yet (those that may "
        "change its members: a change of a field its conditions read).",
    )
    drift_count = fields.Integer(
        string="Drift Corrected",
        readonly=True,
        copy=False,
        help="Members the last daily safety-net evaluation added or removed: "
        "changes the incremental updates missed (should be 0).",
    )
    drift_checked_at = fields.Datetime(
        string="Drift Checked", readonly=True, copy=False
    )
    auto_refresh = fields.Boolean(
        help="Refresh a scheduled-only list soon after any customer is created "
        "or changed (in the background), besides the hourly refresh.",
    )
    stale = fields.Boolean(
        string="Needs Refresh",
        readonly=True,
        copy=False,
        help="A customer changed since the last refresh of this auto-refreshed list.",
    )
    group_by_field_id = fields.Many2one(
        "ir.model.fields",
        string="Group Members By",
        domain="[('model', '=', 'res.partner'), ('store', '=', True), "
        "('ttype', 'in', ('selection', 'many2one', 'boolean', 'char', 'date', "
        "'datetime', 'integer'))]",
        ondelete="set null",
        help="Default grouping of the members view.",
    )
    export_field_ids = fields.Many2many(
        "ir.model.fields",
        "helpdesk_customer_list_export_field_rel",
        "list_id",
        "field_id",
        string="Exported Columns",
        domain="[('model', '=', 'res.partner')]",
        default=lambda self: self._default_export_field_ids(),
        help="Columns of the CSV export, in this order (default: name and email).",
    )

    @api.model
    def _default_export_field_ids(self):
        return (
            self.env["ir.model.fields"]
            .sudo()
            .search([("model", "=", "res.partner"), ("name", "in", ("name", "email"))])
            .ids
        )

    # ------------------------------------------------------------------
    # Conditions
    # ------------------------------------------------------------------
    def _domain_eval_context(self, now=None):
        """The evaluation context of the conditions (see
        ``tools.conditions.eval_context``): dates are relative to today in
        the owner's time zone (``now``: the UTC now, default the clock)."""
        return conditions.eval_context(
            self.env,
            tz_name=self.user_id.tz or self.env.user.tz,
            uid=self.user_id.id or self.env.uid,
            now=now,
        )

    def _condition_holder_label(self):
        self.ensure_one()
        return self.env._("the list %(name)s", name=self.display_name)

    def _get_partner_domain(self, now=None):
        """The conditions evaluated against today (``now``: the UTC now,
        default the clock), as a normalized domain. Raises
        ``ConditionError`` (a ``ValidationError``) with a readable message
        when they cannot be read."""
        self.ensure_one()
        try:
            return conditions.parse(
                self.env, self.domain or "[]", self._domain_eval_context(now)
            )
        except conditions.ConditionError as error:
            raise error.about(self.env, self._condition_holder_label()) from error

    @api.constrains("domain")
    def _check_domain(self):
        for customer_list in self:
            try:
                conditions.validate(
                    self.env,
                    "res.partner",
                    customer_list.domain or "[]",
                    customer_list._domain_eval_context(),
                )
            except conditions.ConditionError as error:
                raise error.about(
                    self.env, customer_list._condition_holder_label()
                ) from error

    def _hs_condition_broken(self, reason):
        """Something the conditions use was deleted: the list goes to error
        with the reason (kept in its chatter; the next refresh fails again
        if the conditions no longer read)."""
        message = self.env._(
            "%(reason)s Check its conditions and refresh it.", reason=reason
        )
        self.write({"state": "error", "error_message": message})
        for customer_list in self:
            customer_list.message_post(body=message)

    @api.constrains("include_list_ids", "exclude_list_ids")
    def _check_list_cycles(self):
        for customer_list in self:
            if customer_list._depends_on(customer_list):
                raise ValidationError(
                    self.env._(
                        "The list %(name)s cannot include or exclude itself, "
                        "directly or through other lists.",
                        name=customer_list.display_name,
                    )
                )

    def _depends_on(self, target):
        """Whether ``self`` uses ``target`` through included/excluded lists."""
        seen = set()
        todo = (self.include_list_ids | self.exclude_list_ids).sudo()
        while todo:
            if target in todo:
                return True
            seen.update(todo.ids)
            todo = (todo.include_list_ids | todo.exclude_list_ids).filtered(
                lambda lst: lst.id not in seen
            )
        return False

    # ------------------------------------------------------------------
    # Ownership and sharing (enforced on the server)
    # ------------------------------------------------------------------
    def _check_sharing_rights(self, vals):
        if self.env.su or self.env.user.has_group(
            "helpdesk_segments.group_helpdesk_manager"
        ):
            return
        if vals.get("sharing") == "everyone":
            raise AccessError(
                self.env._("Only helpdesk managers can share a customer list.")
            )
        if vals.get("user_id") and vals["user_id"] != self.env.uid:
            raise AccessError(
                self.env._(
                    "Only helpdesk managers can give a customer list to someone else."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = self._hs_check_input_vals(vals_list, operation="create")
        for vals in vals_list:
            self._check_sharing_rights(vals)
        records = super().create(vals_list)
        # the always-fresh lists and what they read are cached
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        self._hs_check_input_vals([vals], operation="write")
        self._check_sharing_rights(vals)
        redefined = self.browse()
        if DEFINITION_FIELDS.intersection(vals):
            # always-fresh before the write (one switched to scheduled-only
            # too: evaluated whole by the next refresh)
            redefined = self.filtered(lambda lst: lst.refresh_mode == "incremental")
        res = super().write(vals)
        if DEFINITION_FIELDS.intersection(vals):
            redefined._hs_redefined()
        if "auto_refresh" in vals or DEFINITION_FIELDS.intersection(vals):
            self.env.registry.clear_cache()
        return res

    def _hs_redefined(self):
        """The conditions of these always-fresh lists changed (their domain,
        included lists, or conditions other addons hold): what the lists
        read is read again, and they are evaluated whole soon (the
        increments then apply to the new conditions)."""
        self.env.registry.clear_cache()
        if self and not self.env.context.get("hs_no_refresh"):
            # narrow sudo: the flag of lists whose conditions the user changed
            self.sudo().write({"stale": True})
            self.env.ref(
                "helpdesk_segments.ir_cron_helpdesk_customer_list_refresh"
            ).sudo()._trigger()

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    @api.model
    @tools.ormcache()
    def _has_auto_refresh_lists(self):
        self.flush_model(["auto_refresh", "active", "refresh_mode"])
        self.env.cr.execute(
            SQL(
                "SELECT 1 FROM helpdesk_customer_list "
                "WHERE auto_refresh AND active AND refresh_mode = 'scheduled' "
                "LIMIT 1"
            )
        )
        return bool(self.env.cr.rowcount)

    @api.model
    def _mark_auto_refresh_lists_stale(self):
        """Called on customer changes: one UPDATE, then the cron refreshes the
        auto-refreshed lists in the background (never inside the partner
        write)."""
        if not self._has_auto_refresh_lists():
            return
        self.flush_model(["auto_refresh", "active", "stale", "refresh_mode"])
        # under concurrent refreshes the UPDATE may meet a serialization
        # conflict: the transaction is retried by Odoo (logged there), it is
        # not a "bad query" to log as an error; other errors still propagate
        self.env.cr.execute(
            SQL(
                "UPDATE helpdesk_customer_list SET stale = TRUE "
                "WHERE auto_refresh AND active AND refresh_mode = 'scheduled' "
                "AND stale IS NOT TRUE RETURNING id"
            ),
            log_exceptions=False,
        )
        if self.env.cr.rowcount:
            self.invalidate_model(["stale"])
            self.env.ref(
                "helpdesk_segments.ir_cron_helpdesk_customer_list_refresh"
            )._trigger()
        # The UPDATE above skips the lists already stale in this transaction's
        # snapshot. A refresh running meanwhile, whose snapshot predates this
        # transaction's commit, would then mark them fresh without having
        # seen this change: mark them again once this transaction is
        # committed, in a transaction of its own that waits for such a
        # refresh and always writes the rows (so that a refresh still to
        # write them fails on a serialization conflict and is retried).
        postcommit = self.env.cr.postcommit
        if not postcommit.data.get(STALE_AFTER_COMMIT):
            postcommit.data[STALE_AFTER_COMMIT] = True
            postcommit.add(
                functools.partial(_mark_stale_after_commit, self.env.registry)
            )

    # ------------------------------------------------------------------
    # Refresh (set-based)
    # ------------------------------------------------------------------
    def _owner_partner_model(self):
        """``res.partner`` as the owner of the list searches it: the owner's
        record rules (tags of hidden tag groups, other companies' customers)
        in every company the owner is allowed in, whoever triggers the
        refresh (the owner, a manager, the cron as superuser). The lists of
        the superuser (OdooBot: created by data files or code, never by a
        user of the interface) are evaluated as superuser."""
        self.ensure_one()
        # narrow sudo: the owner and their companies, to build their env;
        # nothing of it is returned to the user
        owner = self.sudo().user_id
        if owner.id == SUPERUSER_ID:
            return self.env["res.partner"].sudo()
        companies = owner.company_id | owner.company_ids
        return (
            self.env["res.partner"]
            .with_user(owner)
            .with_context(allowed_company_ids=companies.ids)
        )

    def _owner_readable_lists(self, lists):
        """``lists`` (included or excluded by this list) as the owner reads
        them; a list the owner may not read cannot be used (its members were
        found with someone else's rights): ValidationError."""
        self.ensure_one()
        Partner = self._owner_partner_model()
        as_owner = lists.sudo().with_env(Partner.env)
        readable = as_owner._filtered_access("read")
        if len(readable) != len(as_owner):
            raise ValidationError(
                self.env._(
                    "The list %(name)s uses customer lists its owner %(owner)s "
                    "cannot see: remove them from 'Also in Lists' and 'Not in "
                    "Lists'.",
                    name=self.display_name,
                    owner=self.sudo().user_id.display_name,
                )
            )
        return readable

    def _members_query(self, now=None):
        """The members the list should have now, as an ORM ``Query`` on
        res.partner.

        The conditions are evaluated with the rights of the list's OWNER
        (``_owner_partner_model``): a list shows what its owner could find by
        searching customers themselves, never more (an agent's list cannot
        find the carriers of a tag hidden from agents, nor another company's
        customers). Shared lists are owned by managers, who chose to share
        what they see. The list's company restricts further: the customers
        of no company or of the list's company."""
        self.ensure_one()
        domain = self._get_partner_domain(now)
        if self.sudo().company_id:
            domain = expression.AND(
                [domain, [("company_id", "in", [False, self.sudo().company_id.id])]]
            )
        query = self._owner_partner_model()._search(domain)
        partner_id = SQL.identifier(query.table, "id")
        # EXISTS / NOT EXISTS through the (list, partner) unique index: an
        # increment probes it for its few customers (NOT IN would hash every
        # member of the other list, and cannot become an anti-join), a whole
        # evaluation gets a hash semi/anti-join
        for included in self._owner_readable_lists(self.sudo().include_list_ids):
            query.add_where(
                SQL(
                    "EXISTS (SELECT 1 FROM helpdesk_customer_list_member inc "
                    "WHERE inc.list_id = %s AND inc.partner_id = %s)",
                    included.id,
                    partner_id,
                )
            )
        excluded = self._owner_readable_lists(self.sudo().exclude_list_ids)
        if excluded:
            query.add_where(
                SQL(
                    "NOT EXISTS (SELECT 1 FROM helpdesk_customer_list_member exc "
                    "WHERE exc.list_id IN %s AND exc.partner_id = %s)",
                    tuple(excluded.ids),
                    partner_id,
                )
            )
        return query

    def _try_lock(self):
        """Take the refresh lock of the list for the current transaction;
        False when another transaction holds it."""
        self.ensure_one()
        self.env.cr.execute(
            SQL("SELECT pg_try_advisory_xact_lock(%s, %s)", REFRESH_LOCK_KEY, self.id)
        )
        return self.env.cr.fetchone()[0]

    def _refresh_members(self, scope=None, safety_net=False, now=None):
        """Recompute the stored members of the list with one statement.

        :param scope: ``None`` to evaluate the whole list, or the ids (a
            list) or an SQL subquery of res.partner ids: only these
            customers are evaluated
            (an increment: the customers that changed, or those a relative
            date moved over); the count moves by what joined and left
        :param safety_net: the daily evaluation of an always-fresh list:
            what it corrects is recorded as drift (``drift_count``)
        :param now: the UTC time the conditions are evaluated at

        Returns ``(joined_ids, left_ids)``. When the conditions cannot be
        evaluated, a whole refresh puts the list in state ``error`` with a
        readable message and keeps its last good members (an increment only
        skips the list); the exception does not propagate.
        """
        self.ensure_one()
        lst = self.sudo()
        self.env.flush_all()
        now = now or fields.Datetime.now()
        member_scope = SQL("TRUE")
        try:
            with self.env.cr.savepoint():
                query = lst._members_query(now)
                partner_id = SQL.identifier(query.table, "id")
                if isinstance(scope, list | tuple):
                    # changed customers: = ANY(array) lets the planner go
                    # through the primary key and the (list, partner) index
                    query.add_where(SQL("%s = ANY(%s)", partner_id, list(scope)))
                    member_scope = SQL("m.partner_id = ANY(%s)", list(scope))
                elif scope is not None:
                    query.add_where(SQL("%s IN (%s)", partner_id, scope))
                    member_scope = SQL("m.partner_id IN (%s)", scope)
                self.env.cr.execute(
                    SQL(
                        """
                        WITH wanted AS (%(wanted)s),
                        left_rows AS (
                            DELETE FROM helpdesk_customer_list_member m
                             WHERE m.list_id = %(list_id)s AND %(member_scope)s
                               AND NOT EXISTS (
                                   SELECT 1 FROM wanted w WHERE w.id = m.partner_id)
                            RETURNING m.partner_id
                        ),
                        joined_rows AS (
                            INSERT INTO helpdesk_customer_list_member
                                (list_id, partner_id, joined_at)
                            SELECT %(list_id)s, w.id, %(now)s FROM wanted w
                            ON CONFLICT (list_id, partner_id) DO NOTHING
                            RETURNING partner_id
                        ),
                        events AS (
                            SELECT partner_id, 'joined' AS event, 1 AS change
                              FROM joined_rows
                            UNION ALL
                            SELECT partner_id, 'left', -1 FROM left_rows
                        ),
                        logged AS (
                            INSERT INTO helpdesk_customer_list_history
                                (list_id, partner_id, event, change, date,
                                 refresh_started_at, refresh_ended_at)
                            SELECT %(list_id)s, partner_id, event, change, %(now)s,
                                   statement_timestamp() AT TIME ZONE 'UTC',
                                   clock_timestamp() AT TIME ZONE 'UTC'
                              FROM events
                        )
                        SELECT event, array_agg(partner_id ORDER BY partner_id)
                          FROM events GROUP BY event
                        """,
                        wanted=query.select(SQL("%s AS id", partner_id)),
                        list_id=lst.id,
                        member_scope=member_scope,
                        now=now,
                    )
                )
                changes = dict(self.env.cr.fetchall())
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            # another transaction changed the members since this one started
            # (a refresh that committed just before this one took the lock):
            # not a problem of the list; the request is retried by Odoo, the
            # cron refreshes the list again in its next run
            raise
        except Exception as error:  # reported on the list, never raised
            _logger.info("Customer list %s cannot be refreshed: %s", lst.id, error)
            if scope is not None:
                return [], []  # the whole refresh reports it on the list
            message = (
                error.args[0] if isinstance(error, ValidationError) else str(error)
            )
            lst.write(
                {
                    "state": "error",
                    "error_message": self.env._(
                        "The last refresh of the list %(name)s failed (%(date)s "
                        "UTC); the members of the previous refresh are kept. "
                        "%(error)s",
                        name=lst.display_name,
                        date=fields.Datetime.to_string(now),
                        error=message,
                    ),
                    "stale": False,
                    "last_attempt_at": now,
                }
            )
            return [], []
        joined_ids = changes.get("joined") or []
        left_ids = changes.get("left") or []
        self.env["helpdesk.customer.list.member"].invalidate_model()
        self.env["helpdesk.customer.list.history"].invalidate_model()
        self.env["res.partner"].invalidate_model(
            ["hs_customer_list_ids", "hs_customer_list_count"]
        )
        lst.invalidate_recordset(["member_ids", "history_ids"])
        if scope is not None:
            if joined_ids or left_ids:
                # a relative move of the count: right whatever another
                # worker applied meanwhile (READ COMMITTED)
                self.env.cr.execute(
                    SQL(
                        "UPDATE helpdesk_customer_list SET member_count = "
                        "member_count + %s, last_change_at = %s WHERE id = %s",
                        len(joined_ids) - len(left_ids),
                        now,
                        lst.id,
                    )
                )
                lst.invalidate_recordset(["member_count", "last_change_at"])
                lst._on_members_changed(joined_ids, left_ids)
            return joined_ids, left_ids
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM helpdesk_customer_list_member WHERE list_id = %s",
                lst.id,
            )
        )
        count = self.env.cr.fetchone()[0]
        vals = {
            "state": "ok",
            "error_message": False,
            "member_count": count,
            "last_refresh_at": now,
            "last_attempt_at": now,
            "last_pass_at": now,
            "stale": False,
        }
        if joined_ids or left_ids:
            vals["last_change_at"] = now
        if safety_net:
            drift = lst._drift(joined_ids + left_ids)
            vals.update(drift_count=len(drift), drift_checked_at=now)
            if drift:
                _logger.warning(
                    "Customer list %s: the daily evaluation corrected %s members "
                    "the incremental updates missed (customers %s)",
                    lst.id,
                    len(drift),
                    drift[:20],
                )
        lst.write(vals)
        if joined_ids or left_ids:
            lst._on_members_changed(joined_ids, left_ids)
            lst._hs_follow_list_changes({lst.id: set(joined_ids + left_ids)}, now)
        return joined_ids, left_ids

    def _drift(self, changed_ids):
        """The customers among ``changed_ids`` (joined or left at a whole
        evaluation) whose change no increment was due to apply: not waiting
        in the queue, not in the window a relative date moved over since the
        last pass."""
        self.ensure_one()
        if not changed_ids:
            return []
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT partner_id FROM %s WHERE partner_id = ANY(%s)",
                SQL.identifier(list_changes.QUEUE_TABLE),
                list(changed_ids),
            )
        )
        pending = {row[0] for row in self.env.cr.fetchall()}
        window = self._moved_window_query(fields.Datetime.now())
        if window is not None:
            pending.update(
                row[0]
                for row in self.env.execute_query(
                    SQL(
                        "SELECT id FROM (%s) AS w WHERE id = ANY(%s)",
                        window,
                        list(changed_ids),
                    )
                )
            )
        return sorted(set(changed_ids) - pending)

    # ------------------------------------------------------------------
    # Incremental membership (always-fresh lists)
    # ------------------------------------------------------------------
    def init(self):
        res = super().init()
        list_changes.ensure_queue_table(self.env.cr)
        return res

    @api.depends_context("uid")
    def _compute_pending_change_count(self):
        # narrow: a count of queued rows, nothing of a customer
        for customer_list in self:
            customer_list.pending_change_count = (
                list_changes.pending_count(self.env.cr, customer_list._hs_reads())
                if customer_list.id and customer_list.refresh_mode == "incremental"
                else 0
            )

    def _hs_reads(self):
        """The :class:`~..tools.list_changes.ListReads` of the list: what
        changes of customers may change its members. A list whose
        conditions cannot be read depends on any change."""
        self.ensure_one()
        lst = self.sudo()
        follows = (lst.include_list_ids | lst.exclude_list_ids).ids
        try:
            domain = lst._get_partner_domain()
            use = conditions.usage(self.env, "res.partner", domain)
        except (ValidationError, KeyError):
            return list_changes.ListReads(None, frozenset(follows))
        return list_changes.read_fields(self.env["res.partner"], use.fields, follows)

    @api.model
    @tools.ormcache()
    def _hs_incremental_plan(self):
        """``((list id, ListReads), ...)`` of the active always-fresh lists,
        each after the lists it includes or excludes, those reading list
        membership in their conditions last: what each reads, parsed once
        per worker (cached: cleared when a list's definition changes)."""
        lists = self.sudo().search(
            [("active", "=", True), ("refresh_mode", "=", "incremental")]
        )
        reads = {customer_list.id: customer_list._hs_reads() for customer_list in lists}
        ordered = lists._sorted_by_dependencies()
        ordered = ordered.sorted(lambda lst: reads[lst.id].lists)  # stable
        return tuple(
            (customer_list.id, reads[customer_list.id]) for customer_list in ordered
        )

    @api.model
    @tools.ormcache()
    def _hs_incremental_info(self):
        """``(list ids, watched, followed)`` of the active always-fresh
        lists: the fields of res.partner a write must name to be queued
        (None: any write), the ids of the lists whose members they follow
        (0: all). Cached as the plan it is made of."""
        plan = self._hs_incremental_plan()
        watched = set()
        followed = set()
        for __, reads in plan:
            followed |= reads.follows
            if reads.lists:
                followed.add(0)  # 0: every list is followed
            if reads.fields is None:
                watched = None
            elif watched is not None:
                watched |= reads.fields
        return (
            tuple(list_id for list_id, __ in plan),
            frozenset(watched) if watched is not None else None,
            frozenset(followed),
        )

    @api.model
    def _hs_partners_changed(self, partner_ids, fnames=None):
        """Customers ``partner_ids`` were created or written (``fnames``: the
        fields written; None: anything): queue them, with ONE statement,
        when an always-fresh list reads what changed (no query otherwise);
        they are applied after the commit (small batches) or by the cron."""
        if not partner_ids:
            return
        list_ids, watched, __ = self._hs_incremental_info()
        if not list_ids:
            return
        if fnames is not None and watched is not None:
            fnames = {
                fname
                for fname in fnames
                if fname in watched or fname.startswith(list_changes.LIST_MARK)
            }
            if not fnames:
                return
        queue_ids = list_changes.enqueue(self.env.cr, partner_ids, fnames)
        self._hs_apply_after_commit(queue_ids)

    @api.model
    def _hs_customers_of_changed(self, partner_ids_sql, fname):
        """Something the customers selected by ``partner_ids_sql`` (SQL) are
        linked to through their field ``fname`` changed (a tag renamed):
        queue them when an always-fresh list reads ``fname`` (one
        statement)."""
        list_ids, watched, __ = self._hs_incremental_info()
        if not list_ids or (watched is not None and fname not in watched):
            return
        self.env.flush_all()
        queue_ids = list_changes.enqueue_select(self.env.cr, partner_ids_sql, {fname})
        self._hs_apply_after_commit(queue_ids)

    @api.model
    def _hs_linked_records_changed(self, fname, ids):
        """Records the customers link to through their many2one ``fname``
        were written (a customer group): queue their customers when an
        always-fresh list reads ``fname`` (conditions on a path such as
        ``hs_customer_group_id.name``), with one statement."""
        if ids:
            self._hs_customers_of_changed(
                SQL(
                    "SELECT id FROM res_partner WHERE %s = ANY(%s)",
                    SQL.identifier(fname),
                    list(ids),
                ),
                fname,
            )

    @api.model
    def _hs_apply_after_commit(self, queue_ids):
        if not queue_ids:
            return
        postcommit = self.env.cr.postcommit
        if APPLY_AFTER_COMMIT not in postcommit.data:
            postcommit.data[APPLY_AFTER_COMMIT] = []
            postcommit.add(
                functools.partial(
                    _apply_after_commit,
                    self.env.registry,
                    postcommit.data[APPLY_AFTER_COMMIT],
                )
            )
        postcommit.data[APPLY_AFTER_COMMIT].extend(queue_ids)

    @api.model
    def _hs_trigger_apply(self):
        self.env.ref(
            "helpdesk_segments.ir_cron_helpdesk_customer_list_apply"
        ).sudo()._trigger()

    def _lock_wait(self):
        """Wait for the refresh lock of the list (bounded by the
        transaction's ``lock_timeout``): changes are never skipped."""
        self.ensure_one()
        # a timeout (another worker holds the list too long) is handled by
        # the callers (the rows stay queued), not an error of the query
        self.env.cr.execute(
            SQL("SELECT pg_advisory_xact_lock(%s, %s)", REFRESH_LOCK_KEY, self.id),
            log_exceptions=False,
        )

    @api.model
    def _hs_apply_queue(self, limit=APPLY_BATCH_SIZE, queue_ids=None):
        """Take up to ``limit`` queued changes (``queue_ids`` only, when
        given) and apply them to the always-fresh lists. Returns how many
        were taken."""
        rows = list_changes.take(self.env.cr, limit, queue_ids)
        if rows:
            self._hs_apply_changes(rows)
        return len(rows)

    @api.model
    def _hs_incremental_lists(self):
        """The active always-fresh lists in the order increments apply them
        (see ``_hs_incremental_plan``) and ``{list id: ListReads}``."""
        plan = self._hs_incremental_plan()
        return self.sudo().browse([list_id for list_id, __ in plan]), dict(plan)

    @api.model
    def _hs_apply_changes(self, rows, now=None):
        """Apply changes of customers to the always-fresh lists: for each
        list whose conditions read what changed (or whose included/excluded
        lists changed for these customers), ONE statement evaluates only the
        changed customers (``_refresh_members(scope=...)``), under the
        list's lock. ``rows``: ``[(partner_id, fnames or None)]``, fnames
        holding ``list:<id>`` when the members of a list changed.

        Run in READ COMMITTED (after the commit, the cron): each statement
        sees every committed change, so that two workers applying changes of
        one customer in either order leave the list right."""
        now = now or fields.Datetime.now()
        lists, reads = self._hs_incremental_lists()
        followed = {}
        for customer_list in lists:
            read = reads[customer_list.id]
            ids = {pid for pid, fnames in rows if read.touched_by(fnames)}
            for list_id, changed in followed.items():
                if read.lists or list_id in read.follows:
                    ids |= changed
            if not ids:
                continue
            customer_list._lock_wait()
            joined, left = customer_list._refresh_members(scope=sorted(ids), now=now)
            if joined or left:
                followed[customer_list.id] = set(joined) | set(left)
        return followed

    def _hs_follow_list_changes(self, changed, now=None):
        """The members of lists changed otherwise than by an increment (a
        whole evaluation): queue ``list:<id>`` marks for the customers
        concerned, so that the always-fresh lists including or excluding
        them follow (applied in READ COMMITTED, see ``_hs_apply_changes``)."""
        __, __, followed = self._hs_incremental_info()
        if not followed:
            return
        for list_id, partner_ids in changed.items():
            if partner_ids and (0 in followed or list_id in followed):
                self._hs_partners_changed(
                    sorted(partner_ids), {list_changes.list_mark(list_id)}
                )

    def _hs_moves_with_time(self):
        """Whether the members may change only because time passes (relative
        dates in the conditions): the list has pass times and windows."""
        self.ensure_one()
        return not conditions.parse_static(self.sudo().domain or "[]")

    def _moved_window_query(self, now):
        """An SQL subquery of the customers a relative date of the
        conditions may have let in or out between the last pass and
        ``now``, or None when no boundary moved (conditions without
        relative dates, never passed)."""
        self.ensure_one()
        if not self.sudo().last_pass_at or not self._hs_moves_with_time():
            return None
        windows = self._hs_moved_windows(self.sudo().last_pass_at, now)
        if not windows:
            return None
        return SQL(" UNION ").join(windows)

    def _hs_moved_windows(self, before, now):
        """The SQL subqueries (``SELECT ... AS id``) of the customers the
        conditions may judge otherwise at ``now`` than at ``before`` only
        because time passed: here, the windows the relative dates of the
        domain moved over."""
        lst = self.sudo()
        if (lst.domain or "[]").strip() in ("", "[]"):
            return []
        try:
            old = lst._get_partner_domain(before)
            new = lst._get_partner_domain(now)
        except ValidationError:
            return []
        window = list_changes.moved_window(old, new)
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        if window.full:
            query = Partner._search([])
        elif window.domain:
            query = Partner._search(window.domain)
        else:
            return []
        return [query.select(SQL("%s AS id", SQL.identifier(query.table, "id")))]

    @api.model
    def _hs_relative_pass(self, now=None):
        """Apply the relative dates of the always-fresh lists: only the
        customers in the window each boundary moved over since the list's
        last pass are evaluated (range conditions), then the pass time is
        stored."""
        now = now or fields.Datetime.now()
        lists, __ = self._hs_incremental_lists()
        changed = {}
        never_passed = lists.browse()
        for customer_list in lists.filtered(lambda lst: lst.state == "ok"):
            if not customer_list.last_pass_at and customer_list._hs_moves_with_time():
                never_passed |= customer_list  # refreshed before the pass times
                continue
            window = customer_list._moved_window_query(now)
            if window is None:
                continue
            customer_list._lock_wait()
            joined, left = customer_list._refresh_members(scope=window, now=now)
            self.env.cr.execute(
                SQL(
                    "UPDATE helpdesk_customer_list SET last_pass_at = %s WHERE id = %s",
                    now,
                    customer_list.id,
                )
            )
            customer_list.invalidate_recordset(["last_pass_at"])
            if joined or left:
                changed[customer_list.id] = set(joined) | set(left)
        if changed:
            self._hs_follow_list_changes(changed, now)
        if never_passed.filtered(lambda lst: not lst.stale):
            # no pass time to start the windows from: evaluated whole soon
            never_passed.filtered(lambda lst: not lst.stale).write({"stale": True})
            self.env.ref(
                "helpdesk_segments.ir_cron_helpdesk_customer_list_refresh"
            )._trigger()
        return changed

    @api.model
    def _cron_apply_changes(self):
        """Apply the queued changes of customers and the relative dates to
        the always-fresh lists, in batches, each in a transaction of its own
        (READ COMMITTED); several workers share the queue (SKIP LOCKED)."""
        cron = self.env["ir.cron"]
        if _in_test_mode(self.env):
            done = 0
            while batch := self._hs_apply_queue():
                done += batch
            self._hs_relative_pass()
            while batch := self._hs_apply_queue():
                done += batch
            cron._notify_progress(done=done, remaining=0)
            return True
        registry = self.env.registry
        done = 0

        def run(step):
            with registry.cursor() as cr:
                cr.execute(SQL("SET TRANSACTION ISOLATION LEVEL READ COMMITTED"))
                cr.execute(SQL("SET LOCAL lock_timeout = %s", CRON_LOCK_TIMEOUT_MS))
                return step(api.Environment(cr, SUPERUSER_ID, {})[self._name])

        try:
            for step in (
                lambda model: model._hs_apply_queue(),
                lambda model: model._hs_relative_pass() and 0,
                lambda model: model._hs_apply_queue(),
            ):
                while True:
                    batch = run(step)
                    done += batch or 0
                    if not batch or batch < APPLY_BATCH_SIZE:
                        break
        except (*PG_CONCURRENCY_EXCEPTIONS_TO_RETRY, psycopg2.errors.LockNotAvailable):
            _logger.info("Customer list changes conflicted: retried", exc_info=True)
            self._hs_trigger_apply()
        cron._notify_progress(done=done, remaining=0)
        return True

    def _on_members_changed(self, joined_ids, left_ids):
        """Hook called after a refresh changed the members of the list.

        :param list joined_ids: ids of the res.partner that entered the list
        :param list left_ids: ids of the res.partner that left the list

        Does nothing here; other modules override it to react to "customer
        entered list X".
        """
        return None

    def _background_threshold(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("helpdesk_segments.list_background_threshold")
        )
        try:
            return int(value) if value else DEFAULT_BACKGROUND_THRESHOLD
        except ValueError:
            return DEFAULT_BACKGROUND_THRESHOLD

    def _count_wanted_members(self):
        """How many members a refresh would give the list now (its company,
        included and excluded lists taken into account); 0 when its
        conditions cannot be evaluated (the refresh reports that)."""
        self.ensure_one()
        try:
            query = self._members_query()
        except ValidationError:
            return 0
        return self.env.execute_query(
            SQL("SELECT count(*) FROM (%s) AS wanted", query.select())
        )[0][0]

    def action_refresh(self):
        """Refresh now: small lists at once, large ones in the background.

        Reading the list is enough: a refresh does not change its definition
        (the members are computed with the owner's rights, whoever asks)."""
        self.check_access("read")
        threshold = self._background_threshold()
        background = self.browse()
        for customer_list in self:
            size = customer_list.member_count
            if not size and customer_list.state == "draft":
                size = customer_list._count_wanted_members()
            if size > threshold:
                background |= customer_list
                continue
            if not customer_list._try_lock():
                raise UserError(
                    self.env._(
                        "The list %(name)s is being refreshed right now; try "
                        "again in a moment.",
                        name=customer_list.display_name,
                    )
                )
            customer_list._refresh_members()
        if background:
            background.sudo().write({"state": "refreshing"})
            self.env.ref(
                "helpdesk_segments.ir_cron_helpdesk_customer_list_refresh"
            ).sudo()._trigger()
        return True

    def _sorted_by_dependencies(self):
        """The lists, each after the lists it includes or excludes."""
        ordered = []
        seen = set()

        def visit(customer_list):
            if customer_list.id in seen:
                return
            seen.add(customer_list.id)
            for dep in customer_list.include_list_ids | customer_list.exclude_list_ids:
                if dep in self:
                    visit(dep)
            ordered.append(customer_list.id)

        for customer_list in self:
            visit(customer_list)
        return self.browse(ordered)

    @api.model
    def _cron_due_domain(self):
        """The lists the cron still has to refresh in this run: waiting for a
        background refresh, stale, never refreshed, or not tried since about
        one cron interval (so that each run refreshes each list once, and the
        runs triggered between two scheduled ones only take the lists that
        wait)."""
        cron = self.env.ref(
            "helpdesk_segments.ir_cron_helpdesk_customer_list_refresh",
            raise_if_not_found=False,
        )
        now = fields.Datetime.now()
        if cron:
            next_run = now + relativedelta(**{cron.interval_type: cron.interval_number})
            horizon = now - (next_run - now) * 0.9
        else:
            horizon = now - datetime.timedelta(minutes=54)
        # always-fresh lists: once a day, as a safety net (their changes are
        # applied as they come), or at once when they wait for a refresh
        return [
            ("active", "=", True),
            "|",
            "|",
            "|",
            "|",
            ("state", "in", ("draft", "refreshing")),
            ("stale", "=", True),
            ("last_attempt_at", "=", False),
            "&",
            ("last_attempt_at", "<", horizon),
            "|",
            ("refresh_mode", "=", "scheduled"),
            ("state", "=", "error"),
            ("last_attempt_at", "<", now - SAFETY_NET_INTERVAL),
        ]

    @api.model
    def _cron_refresh(self, batch_size=CRON_BATCH_SIZE):
        """Refresh the due lists, one at a time, at most ``batch_size`` per
        call, the lists waiting for a background refresh or changed customers
        first; report progress so that Odoo calls the cron again for the
        rest."""
        lists = self.sudo().search(self._cron_due_domain())
        lists = lists.sorted(
            lambda lst: (
                lst.state != "refreshing",
                not lst.stale,
                lst.last_attempt_at or datetime.datetime.min,
            )
        )
        batch = lists[:batch_size]._sorted_by_dependencies()
        total = len(lists)
        done = 0
        cron = self.env["ir.cron"]
        in_test = bool(
            modules.module.current_test
            or self.env.registry.in_test_mode()
            or getattr(threading.current_thread(), "testing", False)
        )
        if not batch:
            cron._notify_progress(done=0, remaining=0)
        retry = False
        for customer_list in batch:
            for attempt in range(1, CRON_LIST_ATTEMPTS + 1):
                try:
                    # the savepoint flushes: a conflict on the list's row (a
                    # customer change marking it stale meanwhile) is caught
                    with self.env.cr.savepoint():
                        locked = customer_list._try_lock()
                        if locked:
                            customer_list._refresh_members(
                                safety_net=customer_list.refresh_mode == "incremental"
                                and customer_list.state == "ok"
                                and not customer_list.stale
                            )
                    break
                except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as error:
                    _logger.info(
                        "Customer list %s changed during its refresh (%s, attempt %s)",
                        customer_list.id,
                        error.pgcode,
                        attempt,
                    )
                    if in_test or attempt == CRON_LIST_ATTEMPTS:
                        # still due: the next run refreshes it
                        locked, retry = True, True
                        break
                    # a new transaction sees the change it conflicted with
                    self.env.cr.commit()  # pylint: disable=invalid-commit
            if not locked:
                _logger.info(
                    "Customer list %s is refreshed by another worker: skipped",
                    customer_list.id,
                )
            done += 1
            cron._notify_progress(done=done, remaining=total - done)
            if not in_test:
                # Commit after each list: it releases the list's lock and keeps
                # the lists already refreshed if the worker is killed later.
                self.env.cr.commit()  # pylint: disable=invalid-commit
        if retry:
            self.env.ref(
                "helpdesk_segments.ir_cron_helpdesk_customer_list_refresh"
            )._trigger()
        return True

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _members_domain(self):
        self.ensure_one()
        return [("hs_customer_list_ids", "in", [self.id])]

    def action_view_members(self):
        self.ensure_one()
        context = {"create": False}
        if self.group_by_field_id:
            context["group_by"] = [self.group_by_field_id.name]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Members of %(name)s", name=self.name),
            "res_model": "res.partner",
            "view_mode": "list,kanban,form",
            "views": [(False, "list"), (False, "kanban"), (False, "form")],
            "domain": self._members_domain(),
            "context": context,
        }

    def action_view_history(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_segments.helpdesk_customer_list_history_action"
        )
        action["domain"] = [("list_id", "=", self.id)]
        action["context"] = {"search_default_groupby_date": 1}
        return action

    def action_export_csv(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_url",
            "url": f"/helpdesk_segments/customer_list/{self.id}/export.csv",
            "target": "download",
        }

    def _member_partner_ids(self):
        """Ids of the members the CURRENT user may read, in id order (record
        rules: e.g. the customers of a company they are not in, in a shared
        list of no company), for the CSV export, the mail composer and the
        bridges (mailing, survey): one query."""
        self.ensure_one()
        query = (
            self.env["res.partner"]
            .with_context(active_test=False)
            ._search(
                [
                    (
                        "id",
                        "in",
                        SQL(
                            "(SELECT partner_id FROM helpdesk_customer_list_member "
                            "WHERE list_id = %s)",
                            self.id,
                        ),
                    )
                ],
                order="id",
            )
        )
        return [row[0] for row in self.env.execute_query(query.select())]

    def _export_fields(self):
        """Exported res.partner field names with their column titles."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        export_fields = self.sudo().export_field_ids or self.sudo().browse(
            self._default_export_field_ids()
        )
        # name first, then the other columns in their usual order
        export_fields = export_fields.sorted(lambda f: (f.name != "name", f.id))
        return [
            (field.name, field.field_description)
            for field in export_fields
            if field.name in Partner._fields
        ]

    @api.model
    def _csv_value(self, partner, fname):
        field = partner._fields[fname]
        value = partner[fname]
        if field.type == "many2one":
            return value.display_name or ""
        if field.type in ("one2many", "many2many"):
            return ", ".join(value.mapped("display_name"))
        if field.type == "boolean":
            return "1" if value else "0"
        if value is False or value is None:
            return ""
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        if field.type == "date":
            return fields.Date.to_string(value)
        if field.type == "datetime":
            return fields.Datetime.to_string(value)
        return str(value)

    def _export_csv_content(self):
        """CSV bytes (UTF-8) of the members with the list's columns, read
        in batches as the current user (field access rights apply)."""
        self.ensure_one()
        self.check_access("read")
        columns = self._export_fields()
        stream = io.StringIO()
        writer = csv.writer(stream, quoting=csv.QUOTE_ALL)
        writer.writerow([title for __, title in columns])
        Partner = self.env["res.partner"]
        for batch in split_every(1000, self._member_partner_ids()):
            partners = Partner.browse(batch).with_prefetch(batch)
            for partner in partners:
                writer.writerow(
                    [self._csv_value(partner, fname) for fname, __ in columns]
                )
            partners.invalidate_recordset()
        return stream.getvalue().encode("utf-8")

    def action_send_email(self):
        """Odoo's mail composer, in mass mail mode, on the members."""
        self.ensure_one()
        self.check_access("read")
        partner_ids = self._member_partner_ids()
        if not partner_ids:
            raise UserError(
                self.env._(
                    "The list %(name)s has no members: refresh it first.",
                    name=self.display_name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send an email to %(name)s", name=self.name),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_composition_mode": "mass_mail",
                "default_model": "res.partner",
                "default_res_ids": partner_ids,
            },
        }
