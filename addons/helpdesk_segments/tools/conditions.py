# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The one condition language of the helpdesk addons.

Every condition held in a field (customer lists, the customer and ticket
filters of routing rules, saved views, and what comes later) is a domain
written as Odoo's domain editor writes it, and goes through this module:

- :func:`eval_context`: the one evaluation context, with everything the
  domain editor writes (``context_today()``, ``datetime.datetime.now()``,
  ``relativedelta(...)``, ``.to_utc()``, ``strftime``, ``time``, ``uid``...),
  relative to "now" and a time zone;
- :func:`parse`: the one parser. Nothing of the text is executed unless its
  syntax tree only holds literals, the names of the context and calls of
  their public attributes; then ``safe_eval`` evaluates it. A text naming
  nothing of the context is a pure function of the text: it is parsed once
  per process (:func:`parse_static`);
- :func:`validate`: the one validation (parse, then a trial search);
- :class:`ConditionError`: the one way of saying "this condition cannot be
  read: <reason>";
- :func:`usage`: the fields (paths) and records a condition uses, for the
  dependency checks before a field, list, tag... is deleted, and
  :func:`top_fields` for the routing's re-route watching.
"""

import ast
import datetime
import functools
import types
from dataclasses import dataclass, field

import pytz
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval
from odoo.tools.safe_eval import time as safe_time

# syntax a domain has no use for: refused before evaluation (safe_eval would
# run lambdas, comprehensions and f-strings in its sandbox)
FORBIDDEN_NODES = (
    ast.Lambda,
    ast.JoinedStr,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
    ast.NamedExpr,
    ast.Starred,
    ast.Await,
    ast.Yield,
    ast.YieldFrom,
)
# operators whose value is a sub-domain on the comodel of the field
SUBDOMAIN_OPERATORS = ("any", "not any")
# parsed static texts kept per process (a pure function of the text)
STATIC_CACHE_SIZE = 4096
# the standard classes, as imported, in a tuple: a frozen clock of the tests
# (freezegun) replaces the modules' attributes holding them by classes whose
# arithmetic loses our subclasses
STANDARD_CLASSES = (datetime.datetime, datetime.date)


class ConditionError(ValidationError):
    """A condition that cannot be read; ``reason`` (= ``args[0]``) is the
    readable, translated reason alone ("the name x is not allowed in
    conditions."). Internal: what reaches the user is the plain
    ``ValidationError`` of :meth:`about` (the web client shows its own
    exception classes as warnings, others as server errors)."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason

    def about(self, env, holder):
        """The error for the user, naming the condition's holder, e.g.
        ``error.about(env, env._("the list %(name)s", name=...))``: a
        ``ValidationError`` "The conditions of the list X cannot be read:
        <reason>"."""
        return ValidationError(
            env._(
                "The conditions of %(holder)s cannot be read: %(reason)s",
                holder=holder,
                reason=self.reason,
            )
        )


# ----------------------------------------------------------------------
# evaluation context
# ----------------------------------------------------------------------
def _timezone(tz_name):
    try:
        return pytz.timezone(tz_name or "UTC")
    except pytz.UnknownTimeZoneError:
        return pytz.utc


def _datetime_namespace(tz, now_local):
    """The ``datetime`` name of the context: the standard classes, with a
    ``datetime`` whose instances know ``to_utc()`` (the domain editor writes
    it for datetime ranges: "created in the last 30 days") and whose
    ``now()``/``today()`` are the local time of the context, and a ``date``
    whose ``today()`` is the local date."""

    class LocalDatetime(STANDARD_CLASSES[0]):
        @classmethod
        def now(cls, tz=None):  # pylint: disable=redefined-outer-name
            return cls.combine(now_local.date(), now_local.time())

        @classmethod
        def today(cls):
            return cls.now()

        def to_utc(self):
            local = tz.localize(self.replace(tzinfo=None))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

    class LocalDate(STANDARD_CLASSES[1]):
        @classmethod
        def today(cls):
            return cls(now_local.year, now_local.month, now_local.day)

    return types.SimpleNamespace(
        datetime=LocalDatetime,
        date=LocalDate,
        time=datetime.time,
        timedelta=datetime.timedelta,
    )


def eval_context(env, tz_name=None, uid=None, now=None):
    """The FIXED evaluation context of every condition, as Odoo evaluates
    the domains of filters and actions: nothing user-supplied goes in it.

    :param tz_name: the time zone dates are relative to (a list's owner's);
        default: the context's, then the user's, then UTC
    :param uid: the user ``uid`` stands for (default: the environment's)
    :param now: the UTC now (default: ``fields.Datetime.now()``)
    """
    tz = _timezone(tz_name or env.context.get("tz") or env.user.tz)
    now_utc = now or fields.Datetime.now()
    now_local = pytz.utc.localize(now_utc).astimezone(tz).replace(tzinfo=None)
    today = now_local.date()
    uid = uid or env.uid
    return {
        "context_today": lambda: today,
        "datetime": _datetime_namespace(tz, now_local),
        "relativedelta": relativedelta,
        "time": safe_time,
        "uid": uid,
        "user_id": uid,
        "current_date": today.strftime("%Y-%m-%d"),
        "today": today.strftime("%Y-%m-%d"),
        "now": now_utc.strftime("%Y-%m-%d %H:%M:%S"),
    }


# the names of the context, for the callers that want a quick test of a text
CONTEXT_NAMES = frozenset(
    (
        "context_today",
        "datetime",
        "relativedelta",
        "time",
        "uid",
        "user_id",
        "current_date",
        "today",
        "now",
    )
)


# ----------------------------------------------------------------------
# parsing
# ----------------------------------------------------------------------
def syntax_problem(env, text, names=CONTEXT_NAMES):
    """What makes ``text`` unfit for a condition evaluated with the names
    ``names``, or None. Checked on the syntax tree, before anything is
    evaluated."""
    _ = env._
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        return _(
            "it is not a valid expression (syntax error at line %(line)s, column "
            "%(column)s).",
            line=error.lineno or 1,
            column=error.offset or 1,
        )
    for node in ast.walk(tree):
        if isinstance(node, FORBIDDEN_NODES):
            return _(
                "%(construct)s is not allowed in conditions.",
                construct=type(node).__name__,
            )
        if isinstance(node, ast.Name) and (
            node.id.startswith("_") or node.id not in names
        ):
            return _("the name %(name)s is not allowed in conditions.", name=node.id)
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            return _(
                "the attribute %(name)s is not allowed in conditions.", name=node.attr
            )
    return None


@functools.lru_cache(maxsize=STATIC_CACHE_SIZE)
def _parse_literal(text):
    """``text`` as a normalized domain when it names nothing (a pure
    function of the text: cached), None when it names something of the
    context (evaluated at each use). Raises on anything else (not cached:
    :func:`parse` then says what is wrong)."""
    tree = ast.parse(text, mode="eval")
    if any(isinstance(node, ast.Name) for node in ast.walk(tree)):
        return None
    domain = ast.literal_eval(tree)
    if not isinstance(domain, list | tuple):
        raise ValueError("not a list")
    return tuple(expression.normalize_domain(list(domain))) if domain else ()


def parse_static(text):
    """The cached parse of a text naming nothing of the context, as a tuple
    (shared: do not change what it holds), or None when the text is dynamic
    or cannot be read (then use :func:`parse`)."""
    try:
        return _parse_literal(text.strip())
    except Exception:  # read again by parse(), which reports the reason
        return None


def parse(env, text, context=None):
    """The condition written in ``text`` as a normalized domain (a new
    list). Raises :class:`ConditionError` with the reason when it cannot be
    read.

    :param context: the evaluation context (default: :func:`eval_context`
        of ``env``), only built when the text names something of it
    """
    _ = env._
    if not isinstance(text, str):
        raise ConditionError(_("the conditions must be written as a text."))
    if "\x00" in text:
        raise ConditionError(_("they contain a NUL character (\\x00)."))
    text = text.strip()
    if not text or text == "[]":
        return []
    static = parse_static(text)
    if static is not None:
        return list(static)
    if context is None:
        context = eval_context(env)
    problem = syntax_problem(env, text, set(context))
    if problem:
        raise ConditionError(problem)
    try:
        domain = safe_eval(text, dict(context))
    except Exception as error:
        cause = error.__cause__ or error.__context__ or error
        raise ConditionError(
            _(
                "they cannot be evaluated (%(reason)s).",
                reason=str(cause.args[0] if cause.args else cause)[:200],
            )
        ) from error
    if not isinstance(domain, list | tuple):
        raise ConditionError(_("they must be a list of conditions."))
    try:
        return expression.normalize_domain(list(domain)) if domain else []
    except Exception as error:
        raise ConditionError(
            _("they are not a valid list of conditions (%(reason)s).", reason=error)
        ) from error


def validate(env, model_name, text, context=None):
    """Parse ``text`` and try it on ``model_name`` (a search of one record,
    as superuser, in a savepoint): the domain, or :class:`ConditionError`
    saying why it cannot be read (an unknown field, a wrong operator...)."""
    domain = parse(env, text, context)
    if not domain:
        return domain
    try:
        with env.cr.savepoint():
            # a trial of the condition's syntax on the model, whoever writes
            # it: nothing of the result is returned
            env[model_name].sudo().search(domain, limit=1)
    except Exception as error:
        raise ConditionError(
            str(error.args[0] if error.args else error)[:500]
        ) from error
    return domain


# ----------------------------------------------------------------------
# what a condition uses
# ----------------------------------------------------------------------
@dataclass(frozen=True)
class ConditionUsage:
    """What a condition uses: ``fields``, every (model, field name) of its
    paths (``country_id.code`` on res.partner gives (res.partner,
    country_id) and (res.country, code)), sub-domains of ``any`` included;
    ``paths``, its top-level paths; ``records``, the (model, id) pairs of
    the records it names (``category_id in [5]``)."""

    fields: frozenset = field(default_factory=frozenset)
    paths: frozenset = field(default_factory=frozenset)
    records: frozenset = field(default_factory=frozenset)

    def uses_field(self, model_name, field_names):
        return any((model_name, name) in self.fields for name in field_names)

    def uses_records(self, model_name, ids):
        return any((model_name, record_id) in self.records for record_id in ids)


def _record_ids(value):
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, list | tuple | set | frozenset):
        return [v for v in value if isinstance(v, int) and not isinstance(v, bool)]
    return []


def usage(env, model_name, domain):
    """The :class:`ConditionUsage` of ``domain`` (parsed) on ``model_name``.
    Fields missing from the registry end their path (still listed)."""
    used_fields, paths, records = set(), set(), set()

    def walk(model, domain, top):
        for leaf in domain:
            if not isinstance(leaf, list | tuple) or len(leaf) != 3:
                continue
            path, operator, value = leaf
            if not isinstance(path, str):
                continue
            if top:
                paths.add(path)
            current, last = model, None
            for name in path.split("."):
                if current is None:
                    break
                used_fields.add((current._name, name))
                last = current._fields.get(name)
                current = (
                    env[last.comodel_name]
                    if last is not None and last.relational and last.comodel_name in env
                    else None
                )
            target = current if last is not None and last.relational else None
            if path == "id":
                target = model
            if target is None:
                continue
            if operator in SUBDOMAIN_OPERATORS and isinstance(value, list | tuple):
                walk(target, value, False)
            else:
                records.update((target._name, i) for i in _record_ids(value))

    walk(env[model_name], domain, True)
    return ConditionUsage(frozenset(used_fields), frozenset(paths), frozenset(records))


def check_fields(env, model_name, domain):
    """Raise :class:`ConditionError` when a path of ``domain`` names a field
    that does not exist (a deleted customer field...): such a condition
    cannot be searched. No query."""
    use = usage(env, model_name, domain)
    for model, name in sorted(use.fields):
        if name != "id" and name not in env[model]._fields:
            raise ConditionError(
                env._(
                    "the field %(field)s does not exist (any more) on %(model)s.",
                    field=name,
                    model=env["ir.model"]._get(model).name or model,
                )
            )
    return domain


def top_fields(domain):
    """The first field name of each top-level path of ``domain`` (what
    re-routing watches on the record)."""
    return {
        leaf[0].split(".")[0]
        for leaf in domain
        if isinstance(leaf, list | tuple)
        and len(leaf) == 3
        and isinstance(leaf[0], str)
    }
