# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Translations cannot silently rot.

- Each addon's ``i18n/<addon>.pot`` holds exactly the terms Odoo exports for
  it from the test database (every addon installed, with demo data): a new or
  changed string without a new export fails here.
- Each of our languages has an ``i18n/<lang>.po`` per addon that translates
  every term of the .pot, with the same placeholders and markup, no fuzzy,
  empty or stale entry, and a header naming its language and plural forms.

Refresh both after changing strings with ``scripts/i18n_export.sh``, then
translate the entries it leaves empty.
"""

import io
import re
from pathlib import Path

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import trans_export

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("es", "ko", "pl", "ru", "fa")
POT_FILES = sorted(ROOT.glob("addons/*/i18n/*.pot"))
# Python-format placeholders (%(name)s, %s, %d, %%) and markup tags.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")
TAG = re.compile(r"</?([a-zA-Z][\w:-]*)")
ATTRIBUTE = re.compile(r"""\s([\w:-]+)=("[^"]*"|'[^']*')""")
# Attributes whose values are text (translated); other attribute values
# (class, t-if, name...) must be kept as they are.
TEXT_ATTRIBUTES = {"string", "help", "title", "placeholder", "alt", "aria-label"}


def _key(entry):
    return (entry.msgctxt or "", entry.msgid)


def _markup(text):
    tags = sorted(TAG.findall(text))
    attributes = sorted(
        (name, value)
        for name, value in ATTRIBUTE.findall(text)
        if name not in TEXT_ATTRIBUTES
    )
    return tags, attributes


def _entry_problems(entry):
    problems = []
    if entry.obsolete:
        return ["obsolete entry (remove it)"]
    if "fuzzy" in entry.flags:
        problems.append("marked fuzzy")
    translations = (
        list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    )
    for msgstr in translations:
        if not msgstr.strip():
            problems.append("not translated")
            continue
        if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(
            PLACEHOLDER.findall(msgstr)
        ):
            problems.append("placeholders differ from the source")
        if _markup(entry.msgid) != _markup(msgstr):
            problems.append("markup (tags or attributes) differs from the source")
        if entry.msgid[:1].isspace() != msgstr[:1].isspace() or (
            entry.msgid.endswith("\n") != msgstr.endswith("\n")
        ):
            problems.append("leading/trailing whitespace differs from the source")
    return problems


def _po_problems(pot_path, lang):
    po_path = pot_path.with_name(f"{lang}.po")
    if not po_path.is_file():
        return [f"{po_path.relative_to(ROOT)} is missing"]
    try:
        po = polib.pofile(str(po_path))
    except (OSError, ValueError) as error:
        return [f"{po_path.relative_to(ROOT)} cannot be parsed: {error}"]
    pot = polib.pofile(str(pot_path))
    where = po_path.relative_to(ROOT)
    problems = []
    language = po.metadata.get("Language", "")
    if language.split("_")[0] != lang:
        problems.append(f"{where}: header Language is {language!r}, not {lang!r}")
    if "nplurals=" not in po.metadata.get("Plural-Forms", ""):
        problems.append(f"{where}: header has no Plural-Forms")
    if "charset=UTF-8" not in po.metadata.get("Content-Type", ""):
        problems.append(f"{where}: header Content-Type is not UTF-8")
    expected = {_key(entry) for entry in pot}
    seen = set()
    for entry in po:
        key = _key(entry)
        if key in seen and not entry.obsolete:
            problems.append(f"{where}: {entry.msgid!r} appears twice")
        seen.add(key)
        if key not in expected and not entry.obsolete:
            problems.append(f"{where}: {entry.msgid!r} is not in the .pot (stale)")
            continue
        problems.extend(
            f"{where}: {entry.msgid!r}: {p}" for p in _entry_problems(entry)
        )
        if not entry.obsolete and not entry.occurrences:
            problems.append(f"{where}: {entry.msgid!r} lost its #: references")
    problems.extend(
        f"{where}: {msgid!r} is missing" for _ctx, msgid in sorted(expected - seen)
    )
    return problems


def test_every_addon_with_terms_has_a_pot():
    names = {pot.parent.parent.name for pot in POT_FILES}
    assert {"helpdesk_segments", "helpdesk_routing"} <= names
    for pot in POT_FILES:
        assert pot.stem == pot.parent.parent.name, pot


def test_po_files_translate_every_term_of_the_pot():
    problems = []
    for pot_path in POT_FILES:
        for lang in LANGUAGES:
            problems.extend(_po_problems(pot_path, lang))
    assert not problems, f"{len(problems)} translation problem(s):\n" + "\n".join(
        problems[:80]
    )


def test_the_checker_catches_broken_entries():
    """The checks above would notice a broken translation."""
    entry = polib.POEntry(
        msgid="The list %(name)s has <b>%(count)s</b> members",
        msgstr="La lista %(nombre)s tiene <i>%(count)s</i> miembros",
        occurrences=[("code:addons/x.py", "0")],
    )
    problems = _entry_problems(entry)
    assert "placeholders differ from the source" in problems
    assert "markup (tags or attributes) differs from the source" in problems
    entry.msgstr = ""
    assert _entry_problems(entry) == ["not translated"]
    entry.msgstr = "La lista %(name)s tiene <b>%(count)s</b> miembros"
    entry.flags.append("fuzzy")
    assert _entry_problems(entry) == ["marked fuzzy"]


@tagged("post_install", "-at_install")
class TestPotUpToDate(TransactionCase):
    def test_pot_files_hold_what_odoo_exports(self):
        problems = []
        for pot_path in POT_FILES:
            module = pot_path.stem
            if not self.env["ir.module.module"].search_count(
                [("name", "=", module), ("state", "=", "installed")]
            ):
                continue
            buffer = io.BytesIO()
            trans_export(False, [module], buffer, "po", self.env.cr)
            exported = {
                _key(e) for e in polib.pofile(buffer.getvalue().decode("utf-8"))
            }
            committed = {_key(e) for e in polib.pofile(str(pot_path))}
            problems += [
                f"{module}: {msgid!r} is not in {pot_path.name}"
                for _ctx, msgid in sorted(exported - committed)
            ]
            problems += [
                f"{module}: {msgid!r} is in {pot_path.name} but no longer exported"
                for _ctx, msgid in sorted(committed - exported)
            ]
        self.assertFalse(
            problems,
            "Run scripts/i18n_export.sh and translate the new terms:\n"
            + "\n".join(problems[:80]),
        )
