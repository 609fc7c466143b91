# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a user may see of the tags of tag groups hidden from agents.

The one place that decides it: the record rules on the tag models
(``res.partner.category``, ``helpdesk.routing.tag``) hide the tags, and this
module makes every search go through them. Nothing else re-implements the
check: features that act for a user search as that user, and the hook on
``base._search`` (models/base.py) rewrites their domains with
:func:`hide_hidden_tags`.

Why a rewrite is needed: Odoo 18 compiles a many2many condition with a list
of ids or with ``False`` (``('category_id', 'in', [42])``,
``('category_id', '!=', False)``) straight on the relation table, WITHOUT
the comodel's record rules (osv/expression.py, many2many branch). A user who
cannot see tag 42 could find who carries it from its id, or single out a
customer whose only tag is hidden by "has any tag". Conditions by name,
``any``/``not any``, paths (``category_id.name``), ``child_of`` and
``parent_of`` already go through the comodel's ``_search`` (record rules
applied), and so does a group-by on the many2many (``_read_group_groupby``
joins the rule-filtered tags): they are left as they are.

A rewritten condition keeps Odoo's meaning, restricted to the tags the user
may read: ``(f, 'in', ids)`` becomes ``(f, 'in', <readable tags among ids>)``,
``(f, '=', False)`` "has no tag the user may read" (a customer whose only tag
is hidden looks untagged, as in a group-by), archived tags included as Odoo
does. Negations (``!=``, ``not in``, ``'!'``) follow, since they are built on
the same subquery.
"""

from collections.abc import Iterable

from odoo.tools import SQL, Query

MANAGER_GROUP = "helpdesk_segments.group_helpdesk_manager"

# models whose records can belong to a tag group hidden from agents (their
# record rules hide them); a model that is not installed is never met
HIDDEN_TAG_MODELS = frozenset({"res.partner.category", "helpdesk.routing.tag"})

_ID_OPERATORS = {"=": "in", "in": "in", "!=": "not in", "not in": "not in"}


def sees_hidden_tags(env):
    """Whether the user of ``env`` sees the tags of hidden tag groups: the
    superuser and Helpdesk Managers (the same users as the record rules)."""
    return env.su or env.user.has_group(MANAGER_GROUP)


def _is_id(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _rewrite_tag_leaf(comodel, left, operator, right):
    """The leaf on a many2many to hidden-able tags, going through the tags'
    record rules; None when Odoo already applies them (or nothing can
    leak)."""
    sql_operator = _ID_OPERATORS.get(operator)
    if sql_operator is None:
        return None
    # archived tags count, as in Odoo's own compilation of these leaves
    comodel = comodel.with_context(active_test=False)
    if right is False:
        # "has no tag" (= False) / "has a tag" (!= False): of the readable ones
        readable = comodel._search([])
        return (left, "not in" if sql_operator == "in" else "in", readable)
    if isinstance(right, (Query, SQL)):
        return None  # a subquery built by code: trusted, never iterated
    if isinstance(right, str) or not isinstance(right, Iterable):
        values = [right]
    else:
        values = list(right)
    # Odoo ignores False/None/0 in a list of ids (``in [42, False]`` is
    # ``in [42]``); a list of anything else than ids is not compiled on the
    # relation table (names) or fails (strings in an id list): left alone
    ids = [value for value in values if value]
    if not ids or not all(_is_id(value) for value in ids):
        return None
    return (left, sql_operator, comodel._search([("id", "in", ids)]))


def _rewrite(model, domain, state):
    result = []
    changed = False
    for leaf in domain:
        new_leaf = _rewrite_leaf(model, leaf, state)
        if new_leaf is not None:
            result.append(new_leaf)
            changed = True
        else:
            result.append(leaf)
    return result if changed else None


def _rewrite_leaf(model, leaf, state):
    """The rewritten leaf, or None when it is kept as it is."""
    if (
        not isinstance(leaf, (list, tuple))
        or len(leaf) != 3
        or not isinstance(leaf[0], str)
    ):
        return None
    left, operator, right = leaf
    if not isinstance(operator, str):
        return None
    # as Odoo normalizes it (osv/expression.py normalize_leaf)
    operator = operator.lower()
    if operator == "<>":
        operator = "!="
    path = left.split(".", 1)
    field = model._fields.get(path[0])
    if field is None or not field.relational:
        return None
    comodel = model.env[field.comodel_name]
    if len(path) == 2:
        # a path is an 'any' on the first field (as Odoo reads it): its end
        # may be a tag condition of the comodel, reached without the
        # comodel's ``_search`` for auto_join or inherited fields
        sub = _rewrite(comodel, [(path[1], operator, right)], state)
        return (path[0], "any", sub) if sub is not None else None
    if operator in ("any", "not any"):
        if not isinstance(right, (list, tuple)):
            return None  # a Query/SQL built by code: trusted
        sub = _rewrite(comodel, right, state)
        return (left, operator, sub) if sub is not None else None
    if (
        field.type != "many2many"
        or field.comodel_name not in HIDDEN_TAG_MODELS
        or not (field.store or field.inherited)
    ):
        # computed many2many fields with a search method delegate to stored
        # fields, whose conditions come back through a ``_search``
        return None
    if state.get("sees") is None:
        state["sees"] = sees_hidden_tags(model.env)
    if state["sees"]:
        return None
    return _rewrite_tag_leaf(comodel, left, operator, right)


def hide_hidden_tags(model, domain):
    """``domain`` on ``model`` in which every condition on tags that Odoo
    would compile without the tags' record rules goes through them, for a
    user who may not see hidden tags; ``domain`` itself otherwise (and for
    the superuser). Pure Python on the domain, no query (the user's groups
    are cached); the conditions built run as subqueries."""
    if not domain or model.env.su:
        return domain
    rewritten = _rewrite(model, domain, {})
    return rewritten if rewritten is not None else domain
