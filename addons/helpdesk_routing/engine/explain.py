# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Explanations of routing decisions, and the one renderer that shows them.

Routing runs with every rule, as superuser; what it records for people to
read must not tell them more than they could find themselves. Explanations
are therefore recorded as :data:`Text`: a tuple of plain strings and
:class:`Ref` parts (records named at routing time). Rendering happens when a
person reads them, in their environment: a referenced record they may not
read (a tag of a group hidden from agents, a customer list of someone else,
another company's record) is shown as "a hidden tag" and the like, through
the record rules (``_filtered_access``), the one place that decides what a
user may see. Helpdesk Managers see everything in full.

The log keeps texts as JSON (:func:`to_json` / :func:`from_json`); the
routing log, the chatter, Test routing and Preview all render with
:class:`Renderer`.
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from odoo.osv import expression

# placeholder marks used to split a translated sentence around its Ref parts
_MARK = re.compile("\x00(\\d+)\x00")


@dataclass(frozen=True, slots=True)
class Ref:
    """Records of ``model`` named in an explanation (``names`` as they were
    when the decision was made, in the same order as ``ids``)."""

    model: str
    ids: tuple
    names: tuple

    @classmethod
    def of(cls, records):
        if not records.env.su:
            # names of records the reader may not see: never shown as such,
            # the renderer filters them (see the module docstring)
            records = records.sudo()
        return cls(
            records._name,
            tuple(records._ids),
            tuple(record.display_name for record in records),
        )


def compose(template, **values):
    """The translated ``template`` (``%(name)s`` placeholders) filled with
    ``values``, some of which may be :class:`Ref` or texts: a :data:`Text`."""
    marks = {}
    plain = {}
    for index, (key, value) in enumerate(values.items()):
        if isinstance(value, Ref | tuple):
            marks[str(index)] = value
            plain[key] = f"\x00{index}\x00"
        else:
            plain[key] = value
    filled = template % plain
    if not marks:
        return (filled,)
    parts = []
    for position, chunk in enumerate(_MARK.split(filled)):
        if position % 2:
            value = marks[chunk]
            parts.extend(value if isinstance(value, tuple) else (value,))
        elif chunk:
            parts.append(chunk)
    return tuple(parts)


def join(separator, texts):
    """Texts joined with ``separator`` into one text."""
    parts = []
    for index, text in enumerate(texts):
        if index:
            parts.append(separator)
        parts.extend(text)
    return tuple(parts)


def to_json(text):
    """A text as JSON-able data (stored in the routing log)."""
    return [
        part
        if isinstance(part, str)
        else {"ref": part.model, "ids": list(part.ids), "names": list(part.names)}
        for part in text
    ]


def from_json(data):
    """A text from its JSON form. A plain string (logs written before
    explanations were recorded as texts) becomes :class:`Legacy`."""
    if data is None:
        return ()
    if isinstance(data, str):
        return (Legacy(data),)
    return tuple(
        part
        if isinstance(part, str)
        else Ref(part["ref"], tuple(part["ids"]), tuple(part["names"]))
        for part in data
    )


@dataclass(frozen=True, slots=True)
class Legacy:
    """A text recorded before references were kept apart: shown only to the
    users who see every tag (it may name hidden ones)."""

    text: str


def hidden_label(env, model):
    """How a record of ``model`` the reader may not see is named."""
    _ = env._
    labels = {
        "res.partner.category": _("a hidden tag"),
        "helpdesk.routing.tag": _("a hidden tag"),
        "helpdesk.customer.list": _("a customer list you cannot see"),
        "res.partner": _("a customer you cannot see"),
        "helpdesk.routing.team": _("a team you cannot see"),
        "helpdesk.routing.view": _("a saved view you cannot see"),
    }
    return labels.get(model) or _("a record you cannot see")


class Renderer:
    """Renders texts for the user of ``env`` (see the module docstring).

    Collect every text to show first (:meth:`prefetch`), so that the
    records' visibility is checked with one query per model."""

    def __init__(self, env):
        self.env = env
        self._visible = {}
        self._pending = defaultdict(set)
        self._sees_all = None

    def sees_all(self):
        """Whether the reader sees every tag (old logs are shown in full
        only to them): the one check of ``res.partner``."""
        if self._sees_all is None:
            self._sees_all = self.env["res.partner"]._hs_sees_hidden_tags()
        return self._sees_all

    def prefetch(self, texts):
        for text in texts:
            for part in text:
                if isinstance(part, Ref):
                    self._pending[part.model].update(part.ids)

    def prefetch_results(self, results):
        """Prefetch the texts of condition results (``ConditionResult``:
        their label and the values seen)."""
        self.prefetch(
            text for result in results for text in (result.label, result.seen)
        )

    def _check(self, model):
        ids = self._pending.pop(model, set())
        known = self._visible.setdefault(model, {})
        ids = [record_id for record_id in ids if record_id not in known]
        if not ids:
            return
        if model not in self.env:
            known.update(dict.fromkeys(ids, False))
            return
        records = self.env[model].browse(ids)
        existing = records.sudo().exists()  # existence is not access
        visible = set(existing.with_env(self.env)._filtered_access("read").ids)
        for record_id in ids:
            known[record_id] = record_id in visible

    def visible(self, model, record_id):
        if record_id not in self._visible.get(model, {}):
            self._pending[model].add(record_id)
            self._check(model)
        return self._visible[model][record_id]

    def render(self, text):
        """The text as a string for the reader."""
        out = []
        for part in text:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, Legacy):
                out.append(part.text if self.sees_all() else self.env._("(hidden)"))
            else:
                out.append(self._render_ref(part))
        return "".join(out)

    def _render_ref(self, ref):
        if ref.model in self._pending:
            self._check(ref.model)
        names, hidden = [], False
        for record_id, name in zip(ref.ids, ref.names, strict=False):
            if self.visible(ref.model, record_id):
                names.append(name)
            else:
                hidden = True
        if hidden:
            names.append(hidden_label(self.env, ref.model))
        return ", ".join(names) if names else self.env._("(none)")


# marks the key of a record whose values cannot be compared (never shared)
_UNSHARED = object()


class ValueReader:
    """What records hold in some fields, as texts (relational values are
    :class:`Ref` parts, whose visibility is decided when rendered), read for
    all the records at once when the first text is asked for: one ``read``
    of the fields, one of the names of the records they point at per
    model. Records holding the same value share its text (built once)."""

    def __init__(self, env, model, ids):
        self.env = env
        self.Model = env[model].with_context(active_test=False)
        self.ids = list(ids)
        self.field_names = set()
        # {field name: {record id: value}}, lists of ids as tuples
        self._values = None
        self._names = None
        self._texts = {}

    def want(self, field_names):
        self.field_names.update(field_names)

    def _load(self):
        Model, env = self.Model, self.env
        names = sorted(self.field_names)
        rows = Model.browse(self.ids).read(names, load=None) if names else []
        self._values = {name: {} for name in names}
        wanted = defaultdict(set)
        for name in names:
            field = Model._fields[name]
            values = self._values[name]
            for row in rows:
                value = row[name]
                if isinstance(value, list):
                    value = tuple(value)
                values[row["id"]] = value
                if field.relational and value:
                    wanted[field.comodel_name].update(
                        value if isinstance(value, tuple) else [value]
                    )
        self._names = {
            model: {
                row["id"]: row["display_name"]
                for row in env[model]
                .with_context(active_test=False)
                .browse(sorted(ids))
                .read(["display_name"])
            }
            for model, ids in wanted.items()
        }

    def value(self, record_id, field_name):
        """What the record holds in the field (ids of relational fields)."""
        if self._values is None:
            self._load()
        return self._values.get(field_name, {}).get(record_id)

    def key(self, record_id, field_names):
        """What the texts of the record's ``field_names`` depend on: their
        values (records holding the same share their texts), or the record
        when a value cannot be compared."""
        key = tuple(self.value(record_id, name) for name in field_names)
        try:
            hash(key)
        except TypeError:
            return (_UNSHARED, record_id)
        return key

    def text(self, record_id, field_name):
        value = self.value(record_id, field_name)
        try:
            text = self._texts.get((field_name, value))
        except TypeError:  # a value that cannot be compared: not shared
            return self._text(field_name, value)
        if text is None:
            text = self._texts[field_name, value] = self._text(field_name, value)
        return text

    def _text(self, field_name, value):
        env = self.env
        field = self.Model._fields[field_name]
        if field.relational:
            ids = value if isinstance(value, tuple) else ((value,) if value else ())
            if not ids:
                return (env._("(empty)"),)
            names = self._names.get(field.comodel_name, {})
            return (Ref(field.comodel_name, ids, tuple(names.get(i, "") for i in ids)),)
        if field.type == "selection":
            selection = dict(field._description_selection(env))
            return (selection.get(value, "") if value else env._("(empty)"),)
        if value is False or value is None:
            return (env._("(empty)"),)
        return (str(value),)


def _operator_words(env):
    _ = env._
    return {
        "=": "=",
        "!=": "≠",
        ">": ">",
        ">=": "≥",
        "<": "<",
        "<=": "≤",
        "in": _("is one of"),
        "not in": _("is none of"),
        "like": _("contains"),
        "ilike": _("contains"),
        "not like": _("does not contain"),
        "not ilike": _("does not contain"),
        "=like": _("matches"),
        "=ilike": _("matches"),
        "child_of": _("is within"),
        "parent_of": _("is above"),
        "any": _("has one of"),
        "not any": _("has none of"),
    }


# operators of relational leaves searched in their positive form, and the
# words saying whether the matching records are wanted or not
_NEGATIVE = {
    "!=": "=",
    "not in": "in",
    "not like": "like",
    "not ilike": "ilike",
    "not any": "any",
}
# at most this many records are named for one condition
_DESCRIBED_RECORDS = 10


def describe_domain(env, model, domain):
    """A domain of ``model`` in words, as a text: the records a relational
    condition names (by id or by any of their fields) are :class:`Ref`
    parts, so that a reader who may not see them reads "a hidden tag".
    Never raises: a condition it cannot describe is shown as written."""
    try:
        items = list(expression.normalize_domain(list(domain))) if domain else []
    except Exception:  # shown as written
        return (str(domain),)
    words = _operator_words(env)

    def node():
        item = items.pop(0)
        if item == "!":
            return compose(env._("not (%(condition)s)"), condition=node())
        if item in ("&", "|"):
            left, right = node(), node()
            if item == "&":
                return (*left, env._(" and "), *right)
            return ("(", *left, env._(" or "), *right, ")")
        return _describe_leaf(env, model, item, words)

    parts = []
    while items:
        parts.append(node())
    return join(env._(" and "), parts) if parts else (env._("every record"),)


def _describe_leaf(env, model, leaf, words):
    try:
        path, operator, value = leaf
        Model = env[model]
        labels = []
        names = path.split(".")
        first = Model._fields.get(names[0])
        for name in names:
            field = Model._fields.get(name) if Model is not None else None
            if field is None:
                labels.append(name)
                Model = None
                continue
            labels.append(field._description_string(env))
            Model = env[field.comodel_name] if field.relational else None
        label = " › ".join(labels)
        if value is False or value is None:
            is_set = operator in ("!=", "not in")
            return (f"{label} ", env._("is set") if is_set else env._("is not set"))
        if first is not None and first.relational:
            # the records the condition names: the first field's label is enough
            return _describe_relational(
                env, first, names, operator, value, labels[0], words
            )
        if isinstance(value, list | tuple):
            value = ", ".join(repr(v) for v in value)
        else:
            value = repr(value)
        return (f"{label} {words.get(operator, operator)} {value}",)
    except Exception:  # shown as written
        return (str(leaf),)


def _describe_relational(env, field, names, operator, value, label, words):
    Comodel = env[field.comodel_name].sudo().with_context(active_test=False)
    positive = _NEGATIVE.get(operator, operator)
    negative = positive != operator
    values = value if isinstance(value, list | tuple) else [value]
    if (
        len(names) == 1
        and positive in ("=", "in")
        and all(isinstance(v, int) and not isinstance(v, bool) for v in values if v)
    ):
        records = Comodel.browse([v for v in values if v]).exists()
    elif len(names) == 1 and positive == "any":
        records = Comodel.search(list(value), limit=_DESCRIBED_RECORDS + 1)
    elif len(names) == 1 and positive in ("child_of", "parent_of"):
        return (
            f"{label} {words.get(operator, operator)} ",
            Ref.of(Comodel.browse([v for v in values if isinstance(v, int)]).exists()),
        )
    else:
        rest = ".".join(names[1:]) or "display_name"
        records = Comodel.search(
            [(rest, positive, value)], limit=_DESCRIBED_RECORDS + 1
        )
    more = len(records) > _DESCRIBED_RECORDS
    word = words["not in"] if negative else words["in"]
    text = (f"{label} {word} ", Ref.of(records[:_DESCRIBED_RECORDS]))
    if not records:
        text = (f"{label} {word} ", env._("(none)"))
    return (*text, "…") if more else text
