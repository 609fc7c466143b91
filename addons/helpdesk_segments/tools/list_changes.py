# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Incremental membership of customer lists: plain helpers, no ORM model.

- the queue of changed customers (:data:`QUEUE_TABLE`): one row per changed
  customer and write, with the names of the fields written (NULL: anything
  may have changed: a new customer, a merge). Filled by ONE ``INSERT`` per
  customer create/write (:func:`enqueue`), drained set-based by the lists
  (:func:`take`, ``FOR UPDATE SKIP LOCKED``: two workers never take the same
  rows);
- what a list reads (:func:`read_fields`): the fields of res.partner whose
  change may change its membership, its conditions' paths expanded through
  related and computed fields to the fields that are written;
- the window a relative date moved over (:func:`moved_window`): the range
  conditions finding the only customers a relative date ("created in the
  last 30 days") may have let in or out since the last pass.
"""

from dataclasses import dataclass

from odoo.tools import SQL

QUEUE_TABLE = "helpdesk_customer_list_queue"
# written fields every list reads: the lists search active customers only,
# with the record rules of their owner (companies)
ALWAYS_READ = frozenset({"active", "company_id"})
# the queued "field" saying that the members of a list changed (the lists
# including or excluding it follow): "list:<id>"
LIST_MARK = "list:"
# fields a list reading them depends on any change at all
ANY_CHANGE_FIELDS = frozenset({"write_date", "write_uid", "__last_update"})
# the field of list membership itself (lists in conditions follow lists)
MEMBERSHIP_FIELD = "hs_customer_list_ids"


def list_mark(list_id):
    return f"{LIST_MARK}{list_id}"


@dataclass(frozen=True)
class ListReads:
    """What a list's membership depends on: ``fields``, the written fields
    of res.partner (``None``: any change); ``follows``: the ids of the lists
    it includes or excludes; ``lists``: whether it reads list membership in
    its conditions (it follows every list's changes)."""

    fields: frozenset | None
    follows: frozenset = frozenset()
    lists: bool = False

    def touched_by(self, fnames):
        """Whether a change of ``fnames`` (None: anything; ``list:<id>``:
        the members of a list) may change it."""
        if fnames is None:
            return True
        for fname in fnames:
            if fname.startswith(LIST_MARK):
                if self.lists or int(fname[len(LIST_MARK) :]) in self.follows:
                    return True
            elif self.fields is None or fname in self.fields:
                return True
        return False


def ensure_queue_table(cr):
    cr.execute(
        SQL(
            """CREATE TABLE IF NOT EXISTS %(table)s (
                   id bigserial PRIMARY KEY,
                   partner_id integer NOT NULL,
                   fnames varchar[],
                   queued_at timestamp without time zone NOT NULL
                       DEFAULT (now() AT TIME ZONE 'UTC'))""",
            table=SQL.identifier(QUEUE_TABLE),
        )
    )


def enqueue(cr, partner_ids, fnames=None):
    """Queue ``partner_ids`` as changed (``fnames``: the fields written,
    None for any): one statement, returning the ids of the queue rows."""
    cr.execute(
        SQL(
            "INSERT INTO %s (partner_id, fnames) "
            "SELECT unnest(%s::int[]), %s::varchar[] RETURNING id",
            SQL.identifier(QUEUE_TABLE),
            list(partner_ids),
            sorted(fnames) if fnames is not None else None,
        )
    )
    return [row[0] for row in cr.fetchall()]


def enqueue_select(cr, partner_ids_sql, fnames):
    """Queue the customers an SQL query selects (one statement), e.g. the
    carriers of a renamed tag; returns the ids of the queue rows."""
    cr.execute(
        SQL(
            "INSERT INTO %s (partner_id, fnames) "
            "SELECT DISTINCT pid, %s::varchar[] FROM (%s) AS changed(pid) "
            "RETURNING id",
            SQL.identifier(QUEUE_TABLE),
            sorted(fnames),
            partner_ids_sql,
        )
    )
    return [row[0] for row in cr.fetchall()]


def take(cr, limit, queue_ids=None):
    """Take (delete, returning them) up to ``limit`` queued changes, oldest
    first, skipping those another worker holds; only the rows ``queue_ids``
    when given. Returns ``[(partner_id, fnames or None)]``."""
    where = SQL("q.id = ANY(%s)", list(queue_ids)) if queue_ids else SQL("TRUE")
    cr.execute(
        SQL(
            """WITH batch AS (
                   SELECT q.id FROM %(table)s q WHERE %(where)s
                    ORDER BY q.id LIMIT %(limit)s FOR UPDATE SKIP LOCKED)
               DELETE FROM %(table)s q USING batch WHERE q.id = batch.id
               RETURNING q.partner_id, q.fnames""",
            table=SQL.identifier(QUEUE_TABLE),
            where=where,
            limit=limit,
        )
    )
    return cr.fetchall()


def pending_count(cr, reads=None):
    """The queued changes (``reads``, a :class:`ListReads`: only those that
    may change a list reading that), in one statement."""
    where = SQL("TRUE")
    if reads is not None and reads.fields is not None:
        names = sorted(reads.fields) + [list_mark(i) for i in sorted(reads.follows)]
        where = SQL("q.fnames IS NULL OR q.fnames && %s::varchar[]", names)
        if reads.lists:
            where = SQL(
                "%s OR EXISTS (SELECT 1 FROM unnest(q.fnames) AS f(name) "
                "WHERE f.name LIKE %s)",
                where,
                f"{LIST_MARK}%",
            )
    cr.execute(
        SQL("SELECT count(*) FROM %s q WHERE %s", SQL.identifier(QUEUE_TABLE), where)
    )
    return cr.fetchone()[0]


def read_fields(partner_model, used_fields, follows=()):
    """The :class:`ListReads` of conditions using ``used_fields`` (the
    (model, field) pairs of ``conditions.usage``) on res.partner: the
    partner fields of their paths, expanded through related and computed
    fields (``hs_is_blocked`` is written by a change of
    ``hs_customer_status``) to the fields a write names, plus
    :data:`ALWAYS_READ`."""
    names = {name for model, name in used_fields if model == partner_model._name}
    lists = MEMBERSHIP_FIELD in names
    result = set(ALWAYS_READ)
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in result:
            continue
        result.add(name)
        if name in ANY_CHANGE_FIELDS:
            return ListReads(None, frozenset(follows), lists)
        field = partner_model._fields.get(name)
        if field is None or name == MEMBERSHIP_FIELD:
            continue
        if field.related:
            related = field.related
            todo.append(
                related.split(".")[0] if isinstance(related, str) else related[0]
            )
        elif field.compute:
            depends, __ = field.get_depends(partner_model)
            if not depends and not field.store:
                # a non-stored value computed from nothing we can name
                return ListReads(None, frozenset(follows), lists)
            todo.extend(path.split(".")[0] for path in depends)
    return ListReads(frozenset(result), frozenset(follows), lists)


@dataclass(frozen=True)
class MovedWindow:
    """What a relative date of a list let in or out between two passes:
    ``domain``, the range conditions on the moved boundaries (empty: no
    boundary moved); ``full``: the conditions changed shape, evaluate the
    whole list."""

    domain: list
    full: bool = False


def _comparable(value):
    return value is not None and not isinstance(value, bool | list | tuple | dict)


def moved_window(before, after):
    """The :class:`MovedWindow` between the same conditions evaluated at the
    last pass (``before``) and now (``after``), both normalized domains: for
    each leaf whose value moved (``create_date >= <30 days ago>``), the
    customers whose value lies between the old and the new boundary (both
    included) are the only ones the leaf may judge otherwise now."""
    if len(before) != len(after):
        return MovedWindow([], full=True)
    ranges = []
    for old, new in zip(before, after, strict=True):
        if isinstance(old, str) or isinstance(new, str):
            if old != new:
                return MovedWindow([], full=True)
            continue
        if not isinstance(old, list | tuple) or not isinstance(new, list | tuple):
            return MovedWindow([], full=True)
        if len(old) != 3 or len(new) != 3 or tuple(old[:2]) != tuple(new[:2]):
            return MovedWindow([], full=True)
        if old[2] == new[2]:
            continue
        path, operator = old[0], old[1]
        if operator not in ("<", "<=", ">", ">=", "=", "!=") or not (
            _comparable(old[2]) and _comparable(new[2])
        ):
            return MovedWindow([], full=True)
        try:
            low, high = sorted((old[2], new[2]))
        except TypeError:
            return MovedWindow([], full=True)
        ranges.append(["&", (path, ">=", low), (path, "<=", high)])
    if not ranges:
        return MovedWindow([])
    domain = ranges[0]
    for extra in ranges[1:]:
        domain = ["|", *domain, *extra]
    return MovedWindow(domain)
