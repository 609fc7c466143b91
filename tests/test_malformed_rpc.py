# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Malformed input sent through JSON-RPC to every model of helpdesk_segments
and helpdesk_routing (issue 7: no internal server error on bad input).

Each case of the table below is one ``/web/dataset/call_kw`` request, made
as the administrator (a Helpdesk Manager: access rights are not what
rejects the calls) or, for a few cases, as an agent. A case expects either
``ok`` (the call succeeds; valid right-to-left, CJK or control-character
text round-trips intact) or the name of a user-facing exception. For every
rejected case the test asserts:

- the JSON-RPC error names that exception (``odoo.exceptions.<Name>``);
- its message is not empty and is not a raw internal error (no
  ``psycopg2``, ``Traceback``, ``TypeError``, ``KeyError``...);
- the database is unchanged: row count and latest ``write_date`` (latest
  id where there is none) of every table of our models and of their
  many2many relations, of ``res_partner``, ``res_partner_category`` and of
  the ``x_hs_*`` rows of ``ir_model_fields``.

How a failing call is rolled back in a test: HttpCase serves each request
with the test's cursor (a ``TestCursor``); the request's "transaction" is a
savepoint, released when the call succeeds and rolled back to when it
raises (Odoo's dispatcher closes the cursor without committing). So a
rejected call leaves nothing, and a successful one stays visible to the
next cases (until the test's own rollback): the fingerprint is taken just
before and just after each rejected call.

Policy for bad input:

- Values sent to ``create``/``write`` of our models (and our ``hs_*`` /
  ``x_hs_*`` fields of customers) are checked by ``helpdesk.input.mixin``
  before the ORM sees them: wrong JSON type for the field, unknown field,
  unknown selection value, invalid date, NUL character (PostgreSQL refuses
  it), number out of PostgreSQL's range, single-line text over 10,000
  characters, malformed x2many command: a translated ``ValidationError``
  naming the field. Without it the ORM answers with a ``ValueError`` or
  ``TypeError`` (reported as such by the JSON-RPC dispatcher, shown to the
  user as an "Odoo Server Error" with a traceback), or silently stores
  ``repr()`` of a list in a text field.
- References to deleted records (many2one ids, x2many links) are refused by
  PostgreSQL's foreign keys; Odoo's dispatcher (``retrying``) turns the
  ``IntegrityError`` into a ``ValidationError`` ("The operation cannot be
  completed..."): core behaviour, clear and user-facing, accepted. Missing
  required values are the same (``NotNullViolation``), as are the SQL
  ``CHECK`` constraints of our models.
- Methods called on ids of deleted records: ``MissingError`` from the ORM,
  accepted.
- Archived records: an active routing rule cannot point at an archived team
  or saved view (it would never route there: rules are deactivated when
  their team or view is archived); a customer list may include or exclude
  an archived list (its members as of its last refresh count), a ticket
  may stay in an archived team: accepted, as in core Odoo.
- Domains (customer list conditions, rule filters, saved view filters) are
  parsed without executing anything (``safe_eval`` with a fixed context, or
  ``ast.literal_eval``) and tried on the database: anything else than a
  valid domain on known fields is a ``ValidationError``.
- Wrong arity (extra positional arguments) is a ``TypeError`` raised by the
  RPC layer before our code runs: not covered here.
"""

import json
import math

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL

USER_FACING = {
    "UserError",
    "ValidationError",
    "AccessError",
    "MissingError",
}
# either answer is right for a reference to a deleted record
USER_FACING_MISSING = ("ValidationError", "MissingError")
RAW_ERROR_MARKERS = (
    "psycopg2",
    "Traceback",
    "TypeError",
    "KeyError",
    "AttributeError",
    "IndexError",
    "NameError",
    "SyntaxError",
    "ValueError",
)
NUL = "bad\x00value"
HUGE = "x" * (1024 * 1024)  # 1 MB
RTL = "مشتریان ویژه"  # Persian: "special customers"
CJK = "重要客户リスト"
CONTROL = "Line one\tTabbed\nLine two \u202eRTL override\u202c end"

# wrong values for each field type: (label, value)
BAD_VALUES = {
    "char": [
        ("a list", ["a", "b"]),
        ("an object", {"a": 1}),
        ("a number", 42),
        ("a NUL byte", NUL),
        ("1 MB of text", HUGE),
    ],
    "text": [("a list", ["a"]), ("a NUL byte", NUL)],
    "html": [("a list", ["a"]), ("a NUL byte", NUL)],
    "integer": [
        ("an object", {"a": 1}),
        ("a text", "abc"),
        ("a list", [1]),
        ("2**40", 2**40),
        ("a fraction", 1.5),
    ],
    "float": [("a text", "abc"), ("an object", {}), ("NaN", math.nan)],
    "boolean": [("a text", "yes"), ("an object", {"a": 1})],
    "selection": [("an unknown value", "bogus"), ("a number", 3), ("a list", ["x"])],
    "date": [("month 13", "2026-13-45"), ("a text", "not a date"), ("a number", 1)],
    "datetime": [
        ("month 13", "2026-13-45 10:00:00"),
        ("hour 25", "2026-01-01 25:61:00"),
        ("a number", 20260101),
    ],
    "many2one": [
        ("a text", "abc"),
        ("a list", [1]),
        ("a negative id", -1),
        ("2**40", 2**40),
        ("true", True),
    ],
    "x2many": [
        ("a text", "abc"),
        ("an object", {"a": 1}),
        ("an unknown command", [[99, 1]]),
        ("a set of texts", [[6, 0, "x"]]),
        ("a link to a text", [[4, "abc"]]),
    ],
}

# malformed or dangerous domains: (label, text)
BAD_DOMAINS = [
    ("unclosed", "[("),
    ("unknown field", "[('x_no_such_field', '=', 1)]"),
    ("not a list", "42"),
    ("import", "__import__('os').system('touch /tmp/hsr_badinput_pwned')"),
    ("subclasses", "().__class__.__bases__[0].__subclasses__()"),
    ("dunder in a leaf", "[('name', '=', obj.__class__)]"),
    ("lambda", "[('name', '=', (lambda: 1)())]"),
    ("f-string", "[('name', '=', f'{1+1}')]"),
    ("open", "[('name', '=', open('/etc/passwd').read())]"),
    ("unknown operator", "[('name', 'fuzzy', 'x')]"),
    ("bad leaf", "[('name',)]"),
    ("NUL byte", "[('name', '=', 'a\x00b')]"),
]
BROKEN_PATTERNS = ["(", "[a-", "*abc", "(?P<x", "a{2,1}"]


@tagged("post_install", "-at_install")
class TestMalformedRpc(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.agent = new_test_user(
            env,
            login="hsr_badinput_agent",
            name="Bad Input Agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        cls.customer = env["res.partner"].create({"name": "Bad Input Customer"})
        cls.team = env["helpdesk.routing.team"].create({"name": "Bad Input Team"})
        cls.team_archived = env["helpdesk.routing.team"].create(
            {"name": "Bad Input Archived Team", "active": False}
        )
        cls.view = env["helpdesk.routing.view"].create({"name": "Bad Input View"})
        cls.view_archived = env["helpdesk.routing.view"].create(
            {"name": "Bad Input Archived View", "active": False}
        )
        cls.channel = env["helpdesk.routing.channel"].create(
            {"name": "Bad Input Channel", "code": "bad_input"}
        )
        cls.event_type = env["helpdesk.routing.event.type"].create(
            {"name": "Bad Input Event", "code": "bad_input_event"}
        )
        cls.stage = env["helpdesk.routing.stage"].create({"name": "Bad Input Stage"})
        cls.tag = env["helpdesk.routing.tag"].create({"name": "Bad Input Tag"})
        cls.rule = env["helpdesk.routing.rule"].create(
            {"name": "Bad Input Rule", "team_id": cls.team.id, "sequence": 999}
        )
        cls.condition = env["helpdesk.routing.rule.event.condition"].create(
            {"rule_id": cls.rule.id, "type_id": cls.event_type.id}
        )
        cls.ticket = env["helpdesk.routing.ticket"].create(
            {"name": "Bad Input Ticket", "partner_id": cls.customer.id}
        )
        cls.event = env["helpdesk.routing.event"].create(
            {"partner_id": cls.customer.id, "type_id": cls.event_type.id}
        )
        # shared lists of the administrator (the manager making the calls)
        admin = env.ref("base.user_admin")
        cls.list = env["helpdesk.customer.list"].create(
            {
                "name": "Bad Input List",
                "domain": "[('id', '=', %d)]" % cls.customer.id,
                "user_id": admin.id,
                "sharing": "everyone",
            }
        )
        cls.list_condition = env["helpdesk.customer.list.event.condition"].create(
            {"list_id": cls.list.id, "type_id": cls.event_type.id}
        )
        cls.list_archived = env["helpdesk.customer.list"].create(
            {
                "name": "Bad Input Archived List",
                "active": False,
                "user_id": admin.id,
                "sharing": "everyone",
            }
        )
        cls.group = env["helpdesk.customer.group"].create({"name": "Bad Input Group"})
        cls.tag_group = env["helpdesk.tag.group"].create({"name": "Bad Input Tags"})
        cls.template = env["helpdesk.customer.field.template"].create(
            {
                "name": "Bad Input Template",
                "line_ids": [
                    (0, 0, {"name": "Bad", "key": "bad_input_t", "field_type": "char"})
                ],
            }
        )
        Definition = env["helpdesk.customer.field"].with_context(active_test=False)
        cls.definition = Definition.search([("field_type", "=", "char")], limit=1)
        cls.definition_sel = Definition.search(
            [("field_type", "=", "selection")], limit=1
        )
        cls.option = cls.definition_sel.option_ids[:1]
        # wizards belong to the user who opened them: the admin's own
        cls.preview = (
            env["helpdesk.routing.rule.preview"]
            .with_user(env.ref("base.user_admin"))
            .create({"rule_id": cls.rule.id})
            .with_env(env)
        )
        # ids of deleted records, one per model
        cls.deleted = {}
        for model, vals in (
            ("helpdesk.customer.list", {"name": "Deleted list"}),
            ("helpdesk.routing.team", {"name": "Deleted team"}),
            ("helpdesk.routing.ticket", {"name": "Deleted ticket"}),
            ("helpdesk.routing.rule", {"name": "Deleted", "team_id": cls.team.id}),
            ("helpdesk.routing.tag", {"name": "Deleted tag"}),
            ("helpdesk.routing.view", {"name": "Deleted view"}),
            ("helpdesk.customer.group", {"name": "Deleted group"}),
            ("res.partner", {"name": "Deleted customer"}),
            ("res.users", {"name": "Deleted user", "login": "hsr_badinput_gone"}),
        ):
            record = env[model].create(vals)
            cls.deleted[model] = record.id
            record.unlink()
        cls.deleted["helpdesk.routing.rule.preview"] = cls.deleted[
            "helpdesk.routing.rule"
        ]

    def setUp(self):
        super().setUp()
        # a case may add or rename customer fields (registry reload)
        self.addCleanup(self.registry.setup_models, self.env.cr)

    # ------------------------------------------------------------------
    # the case table
    # ------------------------------------------------------------------
    def _model_specs(self):
        """Per model: record to write on, values of a valid create, and the
        fields whose wrong values are tried, with their comodel for deleted
        references."""
        return [
            ("helpdesk.customer.list", self.list.id, {"name": "L", "domain": "[]"},
             ["name", "description", "sharing", "user_id", "include_list_ids",
              "auto_refresh", "last_refresh_at"]),
            ("helpdesk.customer.field", self.definition.id,
             {"name": "Bad", "key": "bad_input_key", "field_type": "char"},
             ["name", "sequence", "field_type", "tag_id", "required", "option_ids"]),
            ("helpdesk.customer.field.option", self.option.id,
             {"name": "Bad option", "definition_id": self.definition_sel.id},
             ["name", "sequence", "definition_id"]),
            ("helpdesk.customer.field.template", self.template.id, {"name": "T"},
             ["name", "sequence", "line_ids"]),
            ("helpdesk.customer.field.template.line", self.template.line_ids.id,
             {"name": "L", "key": "bad_input_l", "field_type": "char",
              "template_id": self.template.id},
             ["key", "field_type", "template_id"]),
            ("helpdesk.customer.group", self.group.id, {"name": "G2"},
             ["name", "sequence", "is_default"]),
            ("helpdesk.tag.group", self.tag_group.id, {"name": "TG2"},
             ["name", "background_color", "sequence", "hidden_from_agents"]),
            ("helpdesk.routing.channel", self.channel.id,
             {"name": "C2", "code": "bad_input_2"}, ["code", "sequence", "active"]),
            ("helpdesk.routing.event", self.event.id,
             {"partner_id": self.customer.id, "type_id": self.event_type.id},
             ["occurred_at", "value", "partner_id", "reference"]),
            ("helpdesk.routing.event.type", self.event_type.id,
             {"name": "E2", "code": "bad_input_event_2"}, ["code", "sequence"]),
            ("helpdesk.routing.rule", self.rule.id,
             {"name": "R2", "team_id": self.team.id},
             ["name", "match", "team_id", "channel_ids", "priority_min", "keywords"]),
            ("helpdesk.routing.rule.event.condition", self.condition.id,
             {"rule_id": self.rule.id, "type_id": self.event_type.id},
             ["min_count", "within_unit", "type_id"]),
            ("helpdesk.customer.list.event.condition", self.list_condition.id,
             {"list_id": self.list.id, "type_id": self.event_type.id},
             ["min_count", "within", "did", "type_id", "list_id"]),
            ("helpdesk.routing.stage", self.stage.id, {"name": "S2"},
             ["sequence", "team_ids", "is_closing"]),
            ("helpdesk.routing.tag", self.tag.id, {"name": "T2"}, ["color"]),
            ("helpdesk.routing.team", self.team.id, {"name": "Team 2"},
             ["name", "assignment_method", "member_ids", "leader_id"]),
            ("helpdesk.routing.ticket", self.ticket.id, {"name": "Ticket 2"},
             ["name", "description", "priority", "partner_id", "tag_ids", "rating"]),
            ("helpdesk.routing.view", self.view.id, {"name": "V2"}, ["color"]),
            ("helpdesk.routing.rule.preview", self.preview.id,
             {"rule_id": self.rule.id}, ["limit", "rule_id"]),
        ]  # fmt: skip

    def _bad_values(self, model, fname):
        field = self.env[model]._fields[fname]
        ftype = "x2many" if field.type in ("one2many", "many2many") else field.type
        values = list(BAD_VALUES[ftype])
        deleted = self.deleted.get(field.comodel_name)
        if deleted and ftype == "many2one":
            # the foreign key refuses it (ValidationError), unless our code
            # or the ORM reads the record first (MissingError)
            values.append(("a deleted record", deleted, USER_FACING_MISSING))
        elif deleted and ftype == "x2many" and field.type == "many2many":
            values.append(
                ("a link to a deleted record", [[4, deleted]], USER_FACING_MISSING)
            )
        return values

    def _cases(self):
        """The case table: (label, model, method, args, kwargs, expected,
        check) where check is (model, id or None, field, value) to verify
        after a successful call."""
        cases = []

        def add(label, model, method, args, expected, kwargs=None, check=None):
            cases.append((label, model, method, args, kwargs or {}, expected, check))

        # wrong values for every kind of field of every model, in create and write
        for model, record_id, create_vals, fnames in self._model_specs():
            for fname in fnames:
                for label, value, *expected in self._bad_values(model, fname):
                    add(
                        f"write {fname} = {label}",
                        model,
                        "write",
                        [[record_id], {fname: value}],
                        expected[0] if expected else "ValidationError",
                    )
                # and one of them on create
                label, value = self._bad_values(model, fname)[0]
                add(
                    f"create with {fname} = {label}",
                    model,
                    "create",
                    [[dict(create_vals, **{fname: value})]],
                    "ValidationError",
                )
            add(
                "write an unknown field",
                model,
                "write",
                [[record_id], {"x_no_such_field": 1}],
                "ValidationError",
            )
            add(
                "write values that are not a dict",
                model,
                "write",
                [[record_id], "junk"],
                "ValidationError",
            )
            add(
                "create from a list of numbers",
                model,
                "create",
                [[1, 2]],
                "ValidationError",
            )
        self._add_required_cases(add)
        self._add_domain_cases(add)
        self._add_valid_text_cases(add)
        self._add_method_cases(add)
        self._add_misc_cases(add)
        return cases

    def _add_required_cases(self, add):
        # missing required values: NOT NULL refused by PostgreSQL, reported
        # by Odoo's dispatcher as a ValidationError
        for model, vals in (
            ("helpdesk.customer.list", {"description": "no name"}),
            ("helpdesk.routing.ticket", {"description": "<p>no subject</p>"}),
            ("helpdesk.routing.team", {"color": 1}),
            ("helpdesk.routing.channel", {"name": "no code"}),
            ("helpdesk.routing.event", {"partner_id": self.customer.id}),
            ("helpdesk.routing.rule.event.condition", {"rule_id": self.rule.id}),
            ("helpdesk.customer.group", {}),
            ("helpdesk.tag.group", {"sequence": 3}),
        ):
            add("create without a required value", model, "create", [[vals]],
                "ValidationError")  # fmt: skip
        add(
            "clear a required value",
            "helpdesk.routing.ticket",
            "write",
            [[self.ticket.id], {"name": False}],
            "ValidationError",
        )
        add(
            "clear the owner of a list",
            "helpdesk.customer.list",
            "write",
            [[self.list.id], {"user_id": False}],
            "ValidationError",
        )

    def _add_domain_cases(self, add):
        targets = [
            ("helpdesk.customer.list", self.list.id, "domain"),
            ("helpdesk.routing.rule", self.rule.id, "partner_domain"),
            ("helpdesk.routing.rule", self.rule.id, "ticket_domain"),
            ("helpdesk.routing.view", self.view.id, "domain"),
        ]
        for model, record_id, fname in targets:
            for label, text in BAD_DOMAINS:
                add(
                    f"{fname}: {label}",
                    model,
                    "write",
                    [[record_id], {fname: text}],
                    "ValidationError",
                )
        add(
            "create a list with a malformed domain",
            "helpdesk.customer.list",
            "create",
            [[{"name": "Bad domain", "domain": "[('name', '=', "}]],
            "ValidationError",
        )
        for pattern in BROKEN_PATTERNS:
            add(
                f"broken pattern {pattern!r}",
                "helpdesk.customer.field",
                "write",
                [[self.definition.id], {"pattern": pattern}],
                "ValidationError",
            )
        add(
            "tag group colour that is not #RRGGBB",
            "helpdesk.tag.group",
            "write",
            [[self.tag_group.id], {"background_color": "red; } body {"}],
            "ValidationError",
        )
        add(
            "event type code that is a list",
            "helpdesk.routing.event",
            "create",
            [[{"partner_id": self.customer.id, "type_code": ["a"]}]],
            "ValidationError",
        )
        add(
            "unknown event type code",
            "helpdesk.routing.event",
            "create",
            [[{"partner_id": self.customer.id, "type_code": "no_such_code"}]],
            "UserError",
        )
        add(
            "event properties with a NUL byte",
            "helpdesk.routing.event",
            "write",
            [[self.event.id], {"properties": {"note": NUL}}],
            "ValidationError",
        )

    def _add_valid_text_cases(self, add):
        # valid right-to-left, CJK and control-character text is stored intact
        for model, record_id, fname in (
            ("helpdesk.customer.list", self.list.id, "name"),
            ("helpdesk.customer.list", self.list.id, "description"),
            ("helpdesk.routing.ticket", self.ticket.id, "name"),
            ("helpdesk.routing.team", self.team.id, "name"),
            ("helpdesk.tag.group", self.tag_group.id, "name"),
            ("helpdesk.routing.rule", self.rule.id, "keywords"),
        ):
            for label, text in (("RTL", RTL), ("CJK", CJK), ("control", CONTROL)):
                add(
                    f"valid {label} text in {fname}",
                    model,
                    "write",
                    [[record_id], {fname: text}],
                    "ok",
                    check=(model, record_id, fname, text),
                )
        add(
            "create a Persian customer list",
            "helpdesk.customer.list",
            "create",
            [[{"name": RTL, "domain": "[('name', 'ilike', 'علی')]"}]],
            "ok",
            check=("helpdesk.customer.list", None, "name", RTL),
        )
        add(
            "1 MB description of a list (multi-line text has no limit)",
            "helpdesk.customer.list",
            "write",
            [[self.list.id], {"description": HUGE}],
            "ok",
            check=("helpdesk.customer.list", self.list.id, "description", HUGE),
        )
        add(
            "a list including an archived list",
            "helpdesk.customer.list",
            "write",
            [[self.list.id], {"include_list_ids": [[4, self.list_archived.id]]}],
            "ok",
        )

    def _add_method_cases(self, add):
        gone = self.deleted
        for model, method in (
            ("helpdesk.customer.list", "action_refresh"),
            ("helpdesk.customer.list", "action_view_members"),
            ("helpdesk.customer.list", "action_view_history"),
            ("helpdesk.customer.list", "action_export_csv"),
            ("helpdesk.customer.list", "action_send_email"),
            ("helpdesk.routing.rule", "action_activate"),
            ("helpdesk.routing.rule", "action_open_logs"),
            ("helpdesk.routing.rule", "action_preview"),
            ("helpdesk.routing.team", "action_open_tickets"),
            ("helpdesk.routing.view", "action_open_tickets"),
            ("helpdesk.routing.ticket", "action_assign_to_me"),
            ("helpdesk.routing.ticket", "action_test_routing"),
            ("helpdesk.routing.ticket", "action_hs_open_customer"),
            ("helpdesk.customer.group", "action_view_customers"),
            ("res.partner", "action_hs_approve"),
            ("res.partner", "action_hs_reject"),
            ("res.partner", "action_hs_view_customer_lists"),
            ("helpdesk.routing.rule.preview", "action_refresh"),
        ):
            add(
                f"{method} on a deleted record",
                model,
                method,
                [[gone[model]]],
                "MissingError",
            )
        add(
            "action_send_email on a list without members",
            "helpdesk.customer.list",
            "action_send_email",
            [[self.list_archived.id]],
            "UserError",
        )
        add(
            "approve a customer who is not pending",
            "res.partner",
            "action_hs_approve",
            [[self.customer.id]],
            "UserError",
        )
        Wizard = "helpdesk.routing.ticket.test"
        for label, value in (
            ("a text", "abc"),
            ("a deleted ticket", gone["helpdesk.routing.ticket"]),
            ("a list", [1, 2]),
            ("an object", {"id": 1}),
            ("nothing", False),
        ):
            expected = "MissingError" if label == "a deleted ticket" else "UserError"
            add(f"open_for with {label}", Wizard, "open_for", [value], expected)
        add(
            "test wizard created on a deleted ticket",
            Wizard,
            "create",
            [[{"ticket_id": gone["helpdesk.routing.ticket"]}]],
            USER_FACING_MISSING,
        )
        # a template line accepts any key text; applying it checks the key
        add(
            "template line with a key that is not a valid key",
            "helpdesk.customer.field.template.line",
            "write",
            [[self.template.line_ids.id], {"key": "Not A Key!"}],
            "ok",
            check=(
                "helpdesk.customer.field.template.line",
                self.template.line_ids.id,
                "key",
                "Not A Key!",
            ),
        )
        add(
            "apply a template with an invalid key",
            "helpdesk.customer.field.template",
            "action_apply",
            [[self.template.id]],
            "ValidationError",
        )
        add(
            "apply a deleted template",
            "helpdesk.customer.field.template",
            "action_apply",
            [[2**31 - 1]],
            "MissingError",
        )

    def _add_misc_cases(self, add):
        # archived destinations of an active rule
        add(
            "an active rule routing to an archived team",
            "helpdesk.routing.rule",
            "write",
            [[self.rule.id], {"team_id": self.team_archived.id}],
            "ValidationError",
        )
        add(
            "an active rule placing into an archived saved view",
            "helpdesk.routing.rule",
            "create",
            [
                [
                    {
                        "name": "Archived view",
                        "destination": "view",
                        "view_id": self.view_archived.id,
                    }
                ]
            ],
            "ValidationError",
        )
        add(
            "negative event window (SQL CHECK constraint)",
            "helpdesk.routing.rule.event.condition",
            "write",
            [[self.condition.id], {"within": -5}],
            "ValidationError",
        )
        add(
            "a list including itself",
            "helpdesk.customer.list",
            "write",
            [[self.list.id], {"include_list_ids": [[4, self.list.id]]}],
            "ValidationError",
        )
        add(
            "customer status that does not exist",
            "res.partner",
            "write",
            [[self.customer.id], {"hs_customer_status": "vip"}],
            "ValidationError",
        )
        add(
            "customer group given as a name",
            "res.partner",
            "write",
            [[self.customer.id], {"hs_customer_group_id": "Gold"}],
            "ValidationError",
        )
        add(
            "sign-up IP with a NUL byte",
            "res.partner",
            "create",
            [[{"name": "NUL", "hs_signup_ip": "10.0.0.1\x00"}]],
            "ValidationError",
        )
        add(
            "customer group of a deleted group",
            "res.partner",
            "write",
            [[self.customer.id], {"hs_customer_group_id": 2**31 - 1}],
            "MissingError",
        )
        for model, vals in (
            ("helpdesk.customer.list.member",
             {"list_id": self.list.id, "partner_id": self.customer.id}),
            ("helpdesk.customer.list.history",
             {"list_id": self.list.id, "partner_id": self.customer.id,
              "event": "joined"}),
            ("helpdesk.routing.log",
             {"ticket_id": self.ticket.id, "trigger": "create"}),
        ):  # fmt: skip
            add("create a read-only record", model, "create", [[vals]], "AccessError")

    # ------------------------------------------------------------------
    # running the cases
    # ------------------------------------------------------------------
    def _fingerprint(self):
        """Row count and latest write_date of each table that bad input
        could touch (latest id for the tables without write_date: rows only
        inserted and deleted, such as the members of lists)."""
        self.env.flush_all()
        tables = {"res_partner": "write_date", "res_partner_category": "write_date"}
        relations = set()
        for model in self.env.registry.values():
            if not model._name.startswith("helpdesk.") or model._abstract:
                continue
            if model._auto:  # reports are SQL views: nothing to change there
                tables[model._table] = "write_date" if model._log_access else "id"
            for field in model._fields.values():
                if field.type == "many2many" and field.store:
                    relations.add(field.relation)
        parts = [
            SQL(
                "SELECT %s, count(*), max(%s)::text FROM %s",
                table,
                SQL.identifier(tables[table]),
                SQL.identifier(table),
            )
            for table in sorted(tables)
        ]
        parts += [
            SQL("SELECT %s, count(*), NULL FROM %s", rel, SQL.identifier(rel))
            for rel in sorted(relations)
        ]
        parts.append(
            SQL(
                "SELECT 'ir_model_fields x_hs', count(*), max(write_date)::text "
                "FROM ir_model_fields WHERE name LIKE 'x\\_hs\\_%%'"
            )
        )
        self.env.cr.execute(SQL(" UNION ALL ").join(parts))
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _call(self, model, method, args, kwargs):
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": dict(kwargs, context={"lang": "en_US"}),
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        return response.json()

    def _run_case(self, case):
        label, model, method, args, kwargs, expected, check = case
        before = self._fingerprint()
        payload = self._call(model, method, args, kwargs)
        self.env.invalidate_all()
        error = payload.get("error")
        if expected == "ok":
            self.assertFalse(error, error and error["data"]["message"][:500])
            if check:
                check_model, record_id, fname, value = check
                record_id = record_id or payload["result"][0]
                stored = self.env[check_model].browse(record_id)[fname]
                self.assertEqual(stored, value, "stored value does not round-trip")
            return
        self.assertTrue(error, f"accepted, expected {expected}")
        data = error["data"]
        name = data["name"].rpartition(".")[2]
        message = data["message"] or ""
        self.assertIn(name, USER_FACING, f"{data['name']}: {message[:300]}")
        self.assertTrue(message.strip(), "empty error message")
        raw = [marker for marker in RAW_ERROR_MARKERS if marker in message]
        self.assertFalse(raw, f"raw error in the message: {message[:300]}")
        if isinstance(expected, tuple):
            self.assertIn(name, expected, message[:300])
        else:
            self.assertEqual(name, expected, message[:300])
        self.assertEqual(self._fingerprint(), before, "database changed")

    def _run_cases(self, cases):
        failures = []
        for index, case in enumerate(cases):
            with self.subTest(case=index, label=case[0], model=case[1]):
                try:
                    self._run_case(case)
                except AssertionError as failure:
                    failures.append(
                        f"#{index} {case[1]}.{case[2]} {case[0]}: {failure}"
                    )
        return failures

    def test_malformed_input_as_manager(self):
        self.authenticate("admin", "admin")
        cases = self._cases()
        failures = self._run_cases(cases)
        print(  # pylint: disable=print-used
            f"Malformed JSON-RPC input: {len(cases)} cases tried, "
            f"{len(failures)} failed"
        )
        self.assertGreaterEqual(len(cases), 200)
        self.assertFalse(failures, "\n".join(failures))

    def test_malformed_input_as_agent(self):
        """Access is checked before anything else: agents get AccessError."""
        self.authenticate("hsr_badinput_agent", "hsr_badinput_agent")
        cases = []
        for model, method, args in (
            ("helpdesk.customer.field", "create",
             [[{"name": "X", "key": "bad_agent", "field_type": "char"}]]),
            ("helpdesk.routing.rule", "write", [[self.rule.id], {"name": "Mine"}]),
            ("helpdesk.routing.rule", "write", [[self.rule.id], {"name": ["junk"]}]),
            ("helpdesk.customer.list", "create",
             [[{"name": "Shared", "sharing": "everyone"}]]),
            ("helpdesk.customer.group", "write", [[self.group.id], {"name": NUL}]),
            ("helpdesk.routing.rule.preview", "create", [[{"rule_id": self.rule.id}]]),
            ("helpdesk.customer.list.event.condition", "write",
             [[self.list_condition.id], {"min_count": 5}]),
        ):  # fmt: skip
            cases.append(("agent", model, method, args, {}, "AccessError", None))
        cases.append(
            (
                "agent: junk in a list of their own",
                "helpdesk.customer.list",
                "create",
                [[{"name": "Mine", "domain": "__import__('os')"}]],
                {},
                "ValidationError",
                None,
            )
        )
        failures = self._run_cases(cases)
        self.assertFalse(failures, "\n".join(failures))
