# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Access matrix of both addons: every model (the table must cover exactly the
models of helpdesk_segments and helpdesk_routing, wizards included) x every
role x create/read/write/unlink, through the ORM as that user (access rights
and a real operation on a sample record) and through JSON-RPC (a real call of
each operation as each logged-in role, anonymous calls refused); plus the main
actions, agent against manager.

A new model without a row, or a changed right, fails the test: update the
table on purpose, never to make it pass."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import SQL, mute_logger

OUR_MODULES = {"helpdesk_segments", "helpdesk_routing"}
ROLES = ("public", "portal", "agent", "manager", "admin")
OPERATIONS = {"c": "create", "r": "read", "w": "write", "u": "unlink"}


def rights(public="", portal="", agent="", manager="", admin=""):
    """Expected rights of each role, as letters: c(reate) r(ead) w(rite)
    u(nlink)."""
    return dict(zip(ROLES, (public, portal, agent, manager, admin), strict=True))


# helpdesk configuration: read by agents, managed by managers
CONFIG = rights(agent="r", manager="crwu", admin="crwu")

MATRIX = {
    # helpdesk_segments
    "helpdesk.customer.field": CONFIG,
    "helpdesk.customer.field.option": CONFIG,
    "helpdesk.customer.field.template": CONFIG,
    "helpdesk.customer.field.template.line": CONFIG,
    "helpdesk.customer.group": CONFIG,
    "helpdesk.tag.group": CONFIG,
    # agents manage their own private lists (record rules: see the samples)
    "helpdesk.customer.list": rights(agent="crwu", manager="crwu", admin="crwu"),
    # written by the refresh only (as superuser)
    "helpdesk.customer.list.member": rights(agent="r", manager="r", admin="r"),
    "helpdesk.customer.list.history": rights(agent="r", manager="r", admin="r"),
    # the event conditions of a list follow it (samples: the role's own list)
    "helpdesk.customer.list.event.condition": rights(
        agent="crwu", manager="crwu", admin="crwu"
    ),
    # helpdesk_routing
    "helpdesk.routing.channel": CONFIG,
    "helpdesk.routing.event": CONFIG,
    "helpdesk.routing.event.type": CONFIG,
    "helpdesk.routing.rule": CONFIG,
    "helpdesk.routing.rule.event.condition": CONFIG,
    "helpdesk.routing.rating.policy": CONFIG,
    "helpdesk.routing.stage": CONFIG,
    "helpdesk.routing.tag": CONFIG,
    "helpdesk.routing.team": CONFIG,
    "helpdesk.routing.view": CONFIG,
    "helpdesk.routing.skill": CONFIG,
    "helpdesk.routing.agent.skill": CONFIG,
    "helpdesk.routing.team.capacity": CONFIG,
    # agents work tickets, only managers delete them
    "helpdesk.routing.ticket": rights(agent="crw", manager="crwu", admin="crwu"),
    # routing decisions are written by the routing only; managers clean up
    "helpdesk.routing.log": rights(agent="r", manager="ru", admin="ru"),
    # a report (SQL view): read only
    "helpdesk.routing.satisfaction.list.report": rights(
        agent="r", manager="r", admin="r"
    ),
    # agents make and use their own macros and use the shared ones (record
    # rules: the samples are the role's own macros)
    "helpdesk.routing.macro": rights(agent="crwu", manager="crwu", admin="crwu"),
    "helpdesk.routing.macro.value": rights(agent="crwu", manager="crwu", admin="crwu"),
    # wizards
    "helpdesk.routing.rule.preview": rights(manager="crwu", admin="crwu"),
    "helpdesk.routing.rule.preview.line": rights(manager="crwu", admin="crwu"),
    "helpdesk.routing.ticket.test": rights(agent="crwu", manager="crwu", admin="crwu"),
    "helpdesk.routing.ticket.test.line": rights(
        agent="crwu", manager="crwu", admin="crwu"
    ),
    "helpdesk.routing.macro.apply": rights(agent="crwu", manager="crwu", admin="crwu"),
    # Odoo models we extend: Odoo's rights, plus ours on partners and tags
    "res.partner": rights(
        public="r", portal="r", agent="crw", manager="crw", admin="crwu"
    ),
    "res.partner.category": CONFIG,
    "res.company": rights(public="r", portal="r", agent="r", manager="r", admin="crwu"),
    "res.users": rights(public="r", portal="r", agent="r", manager="r", admin="crwu"),
    "res.config.settings": rights(admin="crw"),
    # Odoo's merge of contacts (extended: lists follow the merged customers):
    # Odoo's rights (Contact Creation)
    "base.partner.merge.automatic.wizard": rights(admin="crw"),
}

# Real operations not attempted when they are ALLOWED (they would rebuild the
# registry): the access rights are still checked, and the denied operations
# are still attempted.
NOT_ATTEMPTED_WHEN_ALLOWED = {
    "helpdesk.customer.field": "cwu",  # adds/removes a column of res.partner
    "helpdesk.customer.field.option": "cwu",  # rewrites a selection field
}
# Odoo's own models: only their access rights and reading are checked through
# the ORM (users edit some fields of their own user, companies are Odoo's
# business); over JSON-RPC these operations run for real on spare records.
ACCESS_RIGHTS_ONLY = {"res.company": "cwu", "res.users": "cwu"}


class AccessMatrixCase:
    """Users of every role and a sample record of every model (mixin)."""

    @classmethod
    def _setup_matrix(cls):
        env = cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.users = {
            "public": env.ref("base.public_user"),
            "portal": new_test_user(
                env,
                login="hsm_portal",
                password="hsm_portal_pw",
                groups="base.group_portal",
            ),
            "agent": new_test_user(
                env,
                login="hsm_agent",
                password="hsm_agent_pw",
                groups="helpdesk_segments.group_helpdesk_agent",
            ),
            "manager": new_test_user(
                env,
                login="hsm_manager",
                password="hsm_manager_pw",
                groups="helpdesk_segments.group_helpdesk_manager",
            ),
            "admin": env.ref("base.user_admin"),
        }
        agent = cls.users["agent"]
        cls.team = env["helpdesk.routing.team"].create(
            {"name": "Matrix team", "member_ids": [Command.set(agent.ids)]}
        )
        cls.customer = env["res.partner"].create(
            {"name": "Matrix customer", "email": "matrix@example.com"}
        )
        cls.ticket = env["helpdesk.routing.ticket"].create(
            {
                "name": "Matrix ticket",
                "team_id": cls.team.id,
                "partner_id": cls.customer.id,
            }
        )
        cls.shared_list = env["helpdesk.customer.list"].create(
            {
                "name": "Matrix shared list",
                "sharing": "everyone",
                "domain": f"[('id', '=', {cls.customer.id})]",
                "user_id": cls.users["manager"].id,
            }
        )
        cls.shared_list._refresh_members()
        cls.rule = env["helpdesk.routing.rule"].create(
            {"name": "Matrix rule", "team_id": cls.team.id, "active": False}
        )
        cls.template = env["helpdesk.customer.field.template"].create(
            {"name": "Matrix template"}
        )
        cls.field = env["helpdesk.customer.field"].search(
            [("field_type", "=", "selection")], limit=1
        )
        cls.event_type = env["helpdesk.routing.event.type"].search([], limit=1)

    # -- samples -------------------------------------------------------
    def _create_vals(self, model, user):
        """Values a user of the role creates a record with (None: the model
        is not created that way)."""
        seq = next(self._counter)
        env = self.env
        if model == "helpdesk.routing.agent.skill":
            skill = env["helpdesk.routing.skill"].create({"name": f"Skill {seq}"})
            return {"user_id": env.ref("base.user_admin").id, "skill_id": skill.id}
        if model == "helpdesk.routing.team.capacity":
            team = env["helpdesk.routing.team"].create({"name": f"Cap team {seq}"})
            return {"team_id": team.id, "user_id": env.ref("base.user_admin").id}
        values = {
            "helpdesk.customer.field": {"name": f"M{seq}", "key": f"matrix_{seq}"},
            "helpdesk.customer.field.option": {
                "definition_id": self.field.id,
                "name": f"Matrix option {seq}",
            },
            "helpdesk.customer.field.template": {"name": f"Matrix {seq}"},
            "helpdesk.customer.field.template.line": {
                "template_id": self.template.id,
                "name": f"Matrix {seq}",
                "key": f"matrix_{seq}",
                "field_type": "char",
            },
            "helpdesk.customer.group": {"name": f"Matrix group {seq}"},
            "helpdesk.tag.group": {"name": f"Matrix tag group {seq}"},
            "helpdesk.customer.list": {
                "name": f"Matrix list {seq}",
                "domain": "[]",
                "user_id": user.id,
            },
            "helpdesk.customer.list.member": {
                "list_id": self.shared_list.id,
                "partner_id": env.ref("base.partner_admin").id,
            },
            "helpdesk.customer.list.history": {
                "list_id": self.shared_list.id,
                "partner_id": self.customer.id,
                "event": "joined",
            },
            "helpdesk.routing.channel": {"name": f"Chan {seq}", "code": f"mx{seq}"},
            "helpdesk.routing.event": {
                "partner_id": self.customer.id,
                "type_id": self.event_type.id,
            },
            "helpdesk.routing.event.type": {"name": f"Ev {seq}", "code": f"mx{seq}"},
            "helpdesk.routing.rule": {
                "name": f"Matrix rule {seq}",
                "team_id": self.team.id,
                "active": False,
            },
            "helpdesk.routing.rule.event.condition": {
                "rule_id": self.rule.id,
                "type_id": self.event_type.id,
            },
            "helpdesk.customer.list.event.condition": {
                "list_id": self._own_list(user).id,
                "type_id": self.event_type.id,
            },
            "helpdesk.routing.stage": {"name": f"Matrix stage {seq}"},
            "helpdesk.routing.rating.policy": {"name": f"Matrix policy {seq}"},
            "helpdesk.routing.tag": {"name": f"Matrix tag {seq}"},
            "helpdesk.routing.team": {"name": f"Matrix team {seq}"},
            "helpdesk.routing.skill": {"name": f"Matrix skill {seq}"},
            "helpdesk.routing.view": {"name": f"Matrix view {seq}"},
            "helpdesk.routing.ticket": {"name": f"Matrix ticket {seq}"},
            "helpdesk.routing.log": {"ticket_id": self.ticket.id},
            "helpdesk.routing.rule.preview": {"rule_id": self.rule.id},
            "helpdesk.routing.rule.preview.line": {
                "wizard_id": self._own(user, "helpdesk.routing.rule.preview").id
            },
            "helpdesk.routing.ticket.test": {"ticket_id": self.ticket.id},
            "helpdesk.routing.ticket.test.line": {
                "wizard_id": self._own(user, "helpdesk.routing.ticket.test").id
            },
            "helpdesk.routing.macro": {
                "name": f"Matrix macro {seq}",
                "user_id": user.id,
                "priority": "2",
            },
            "helpdesk.routing.macro.value": {
                "macro_id": self._own_macro(user).id,
                "field_id": env["ir.model.fields"]
                ._get("helpdesk.routing.ticket", "color")
                .id,
                "value": "1",
            },
            "helpdesk.routing.macro.apply": {
                "ticket_ids": [Command.set(self.ticket.ids)]
            },
            "helpdesk.routing.satisfaction.list.report": {},
            "res.partner": {"name": f"Matrix partner {seq}"},
            "res.partner.category": {"name": f"Matrix category {seq}"},
            "res.company": {"name": f"Matrix company {seq}"},
            "res.users": {"name": f"Matrix user {seq}", "login": f"matrix{seq}"},
            "res.config.settings": {},
            "base.partner.merge.automatic.wizard": {},
        }
        return values[model]

    WRITE_VALS = {
        "helpdesk.customer.field": {"help_text": "Changed"},
        "helpdesk.customer.field.option": {"sequence": 99},
        "helpdesk.customer.list.member": {"joined_at": "2020-01-01 00:00:00"},
        "helpdesk.customer.list.history": {"change": 1},
        "helpdesk.routing.event": {"value": 2.0},
        "helpdesk.routing.log": {"destination": "Changed"},
        "helpdesk.routing.rule.event.condition": {"min_count": 2},
        "helpdesk.customer.list.event.condition": {"min_count": 2},
        "helpdesk.routing.rule.preview": {"limit": 3},
        "helpdesk.routing.rule.preview.line": {"actual_views": "Changed"},
        "helpdesk.routing.ticket.test": {"views": "Changed"},
        "helpdesk.routing.ticket.test.line": {"explanation": "Changed"},
        "helpdesk.routing.ticket": {"priority": "2"},
        "helpdesk.routing.macro.value": {"value": "2"},
        "helpdesk.routing.macro.apply": {"ticket_ids": [Command.clear()]},
        "helpdesk.routing.agent.skill": {"level": "3"},
        "helpdesk.routing.team.capacity": {"max_open_tickets": 7},
        "res.partner": {"comment": "Changed"},
        "res.company": {"email": "matrix@example.com"},
        "res.users": {"signature": "Changed"},
        "res.config.settings": {},
        "base.partner.merge.automatic.wizard": {"maximum_group": 5},
    }

    def _own(self, user, model):
        """A wizard record opened by ``user`` (create_uid), created without
        checks (denied roles still get one to attempt the operations on)."""
        vals = (
            {"rule_id": self.rule.id}
            if model == "helpdesk.routing.rule.preview"
            else {"ticket_id": self.ticket.id}
        )
        return self.env[model].with_user(user).sudo().create(vals)

    def _own_list(self, user):
        """A private list of ``user`` (created without checks)."""
        return self.env["helpdesk.customer.list"].create(
            {"name": "Matrix own list", "domain": "[]", "user_id": user.id}
        )

    def _own_macro(self, user):
        """A personal macro of ``user`` (created without checks)."""
        return self.env["helpdesk.routing.macro"].create(
            {"name": "Matrix own macro", "user_id": user.id, "priority": "2"}
        )

    def _sample(self, model, user):
        """A record the role is meant to reach (fresh one: safe to delete)."""
        if model == "res.users":
            return user
        if model == "res.company":
            return user.company_id
        if model == "res.partner" and user.share:
            # portal and public users read their own contact, not others
            return user.partner_id
        if model == "res.config.settings":
            return self.env[model].create({})
        vals = self._create_vals(model, user)
        if model.endswith(".line") and model.startswith("helpdesk.routing."):
            vals["wizard_id"] = self._own(user, model[: -len(".line")]).id
            return self.env[model].create(vals)
        if model in ("helpdesk.routing.rule.preview", "helpdesk.routing.ticket.test"):
            return self._own(user, model)
        if model == "helpdesk.routing.macro.apply":
            # a transient record: its user's own
            return self.env[model].with_user(user).sudo().create(vals)
        if model == "helpdesk.customer.field":
            return self.field
        if model == "helpdesk.customer.field.option":
            return self.field.option_ids[:1]
        if model == "helpdesk.customer.list.member":
            return self.shared_list.member_ids[:1]
        if model == "helpdesk.customer.list.history":
            return self.shared_list.history_ids[:1]
        if model == "helpdesk.routing.log":
            return self.ticket.routing_log_ids[:1] or self.env[model].create(vals)
        if model == "helpdesk.routing.satisfaction.list.report":
            # a rated ticket of a member of the shared list
            ticket = self.env["helpdesk.routing.ticket"].create(
                {
                    "name": "Matrix rated ticket",
                    "partner_id": self.shared_list.member_ids[:1].partner_id.id,
                    "team_id": self.team.id,
                }
            )
            self.env.cr.execute(
                "UPDATE helpdesk_routing_ticket SET rating_last_value = 5 "
                "WHERE id = %s",
                [ticket.id],
            )
            return self.env[model].search([("ticket_id", "=", ticket.id)], limit=1)
        if model == "helpdesk.routing.ticket":
            vals["team_id"] = self.team.id
        return self.env[model].create(vals)

    def _write_vals(self, model):
        return self.WRITE_VALS.get(
            model, {"name": f"Changed by the matrix {next(self._counter)}"}
        )


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessMatrixCase, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_matrix()

    def setUp(self):
        super().setUp()
        self._counter = iter(range(1, 100000))

    def _our_models(self):
        # abstract models (the input-check mixin) have no records to access
        return {
            model.model
            for model in self.env["ir.model"].search([])
            if OUR_MODULES & set((model.modules or "").split(", "))
            and not self.env[model.model]._abstract
        }

    def test_matrix_covers_every_model_of_both_addons(self):
        self.assertEqual(set(MATRIX), self._our_models())
        for model, expected in MATRIX.items():
            self.assertEqual(set(expected), set(ROLES), model)
            # wizards are part of the table too
            if self.env[model]._transient:
                self.assertIn(model, MATRIX)

    def _attempt(self, func):
        """True if ``func`` ran, False on AccessError; any other error fails
        the test (rights must never surface as another error)."""
        try:
            with (
                self.env.cr.savepoint(),
                mute_logger("odoo.models", "odoo.addons.base.models.ir_rule"),
            ):
                func()
            return True
        except AccessError:
            return False
        finally:
            self.env.invalidate_all(flush=False)

    def _run(self, model, user, op):
        Model = self.env[model].with_user(user)
        if op == "create":
            vals = self._create_vals(model, user)
            return self._attempt(lambda: Model.create(vals))
        record = self._sample(model, user)
        self.assertTrue(record, f"no sample record of {model}")
        record = record.with_user(user)
        if op == "read":
            return self._attempt(lambda: record.read(["display_name"]))
        if op == "write":
            return self._attempt(lambda: record.write(self._write_vals(model)))
        return self._attempt(record.unlink)

    def test_access_rights_and_real_operations(self):
        mismatches = []
        for model, expected in MATRIX.items():
            for role in ROLES:
                user = self.users[role]
                for letter, op in OPERATIONS.items():
                    allowed = letter in expected[role]
                    right = self.env[model].with_user(user).has_access(op)
                    if right != allowed:
                        mismatches.append((model, role, op, "access right", right))
                    if allowed and letter in NOT_ATTEMPTED_WHEN_ALLOWED.get(model, ""):
                        continue
                    if letter in ACCESS_RIGHTS_ONLY.get(model, ""):
                        continue
                    done = self._run(model, user, op)
                    if done != allowed:
                        mismatches.append((model, role, op, "real operation", done))
        self.assertEqual(mismatches, [])

    def test_record_rules_narrow_the_rights(self):
        """Where the table says 'allowed', the record rules still limit it."""
        agent, manager = self.users["agent"], self.users["manager"]
        shared = self.shared_list.with_user(agent)
        self.assertTrue(shared.read(["name"]))
        with self.assertRaises(AccessError):
            shared.write({"name": "Agents cannot edit shared lists"})
        with self.assertRaises(AccessError):
            shared.unlink()
        other_private = self.env["helpdesk.customer.list"].create(
            {"name": "Manager's own", "domain": "[]", "user_id": manager.id}
        )
        with self.assertRaises(AccessError):
            other_private.with_user(agent).read(["name"])
        # tickets of a team the agent is not in
        other_team = self.env["helpdesk.routing.team"].create({"name": "Not mine"})
        ticket = self.env["helpdesk.routing.ticket"].create(
            {"name": "Not mine", "team_id": other_team.id}
        )
        with self.assertRaises(AccessError):
            ticket.with_user(agent).read(["name"])
        self.assertTrue(ticket.with_user(manager).read(["name"]))
        # wizards of another user
        test = self._own(manager, "helpdesk.routing.ticket.test")
        with self.assertRaises(AccessError):
            test.with_user(agent).read(["views"])

    def test_main_actions(self):
        agent, manager = self.users["agent"], self.users["manager"]
        portal = self.users["portal"]
        # refresh a shared list: agents may (reading is enough), portal not
        self.assertTrue(self.shared_list.with_user(agent).action_refresh())
        with self.assertRaises(AccessError):
            self.shared_list.with_user(portal).action_refresh()
        # rule preview: managers only
        action = self.rule.with_user(manager).action_preview()
        self.assertEqual(action["res_model"], "helpdesk.routing.rule.preview")
        with self.assertRaises(AccessError):
            self.rule.with_user(agent).action_preview()
        with self.assertRaises(AccessError):
            self.rule.with_user(agent).action_activate()
        # test the routing of a ticket: agents of its team
        action = self.ticket.with_user(agent).action_test_routing()
        self.assertEqual(action["res_model"], "helpdesk.routing.ticket.test")
        with self.assertRaises(AccessError):
            self.ticket.with_user(portal).action_test_routing()
        self.ticket.with_user(agent).action_assign_to_me()
        self.assertEqual(self.ticket.user_id, agent)
        # approve a pending customer: managers only
        pending = self.env["res.partner"].create(
            {"name": "Pending matrix customer", "hs_customer_status": "pending"}
        )
        with self.assertRaises(AccessError):
            pending.with_user(agent).action_hs_approve()
        pending.with_user(manager).action_hs_approve()
        self.assertNotEqual(pending.hs_customer_status, "pending")


@tagged("post_install", "-at_install")
class TestAccessMatrixRpc(AccessMatrixCase, HttpCase):
    """The whole table over JSON-RPC (/web/dataset/call_kw), as the web client
    calls it, each role logged in once: every model x create/read/write/unlink
    as a real call on the same sample records as the ORM test. Allowed calls
    succeed and do what they say; denied ones come back as JSON-RPC errors of
    type AccessError (never another error) and leave the model's table as it
    was. Anonymous callers (no session: the public role) are refused every
    call, whatever the public user may read through the ORM."""

    # the error a denied call must come back with, per role
    DENIED_AS = dict.fromkeys(ROLES, "odoo.exceptions.AccessError") | {
        "public": "odoo.http.SessionExpiredException"
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_matrix()
        # Over RPC the writes and deletions of users and companies run for
        # real, on a user and a company of no one (users may edit some fields
        # of their own user: a denied write must target someone else's).
        cls.spare = {
            "res.company": cls.env["res.company"].create({"name": "Matrix spare"}),
            "res.users": cls.env["res.users"].create(
                {"name": "Matrix spare", "login": "hsm_matrix_spare"}
            ),
        }

    def setUp(self):
        super().setUp()
        self._counter = iter(range(1, 100000))

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _rpc_allowed(self, model, method, args, kwargs=None):
        try:
            with mute_logger("odoo.http", "odoo.models"):
                self._call(model, method, args, kwargs)
            return True
        except JsonRpcException as error:
            self.assertEqual(
                error.args[0] if error.args else "",
                "odoo.exceptions.AccessError",
                f"{model}.{method}: {error}",
            )
            return False

    def _table_state(self, model):
        """Every row of the model's table, summed up in one query."""
        self.env.flush_all()
        return self.env.execute_query(
            SQL(
                "SELECT count(*), md5(string_agg(t::text, ',' ORDER BY t.id)) "
                "FROM %s t",
                SQL.identifier(self.env[model]._table),
            )
        )[0]

    def _rpc_outcome(self, model, user, op, denied_as):
        """True if the call was allowed and did its work, False if it was
        denied with ``denied_as`` and changed nothing, else what went
        wrong."""
        record = None
        if op == "create":
            args = [self._create_vals(model, user)]
        else:
            record = self.spare.get(model) if op in ("write", "unlink") else None
            record = record or self._sample(model, user)
            if not record:
                return "no sample record"
            vals = self._write_vals(model)
            args = {
                "read": [record.ids, ["display_name"]],
                "write": [record.ids, vals],
                "unlink": [record.ids],
            }[op]
        before = self._table_state(model)
        try:
            with mute_logger(
                "odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule"
            ):
                result = self._call(model, op, args)
        except JsonRpcException as error:
            name = error.args[0] if error.args else repr(error)
            if name != denied_as:
                return f"error {name}"
            return False if self._table_state(model) == before else "denied, changed"
        finally:
            self.env.invalidate_all()
        if op == "create":
            done = isinstance(result, int) and self.env[model].browse(result).exists()
        elif op == "read":
            done = [row["id"] for row in result] == record.ids
        elif op == "write":
            done = result is True and (self._table_state(model) != before or not vals)
        else:
            done = result is True and not record.exists()
        return True if done else f"allowed, returned {result!r}"

    def _rpc_matrix(self, role):
        user = self.users[role]
        if role == "public":
            self.authenticate(None, None)
        else:
            self.authenticate(user.login, "admin" if role == "admin" else "unused")
        mismatches = []
        for model, expected in MATRIX.items():
            for letter, op in OPERATIONS.items():
                allowed = role != "public" and letter in expected[role]
                if allowed and letter in NOT_ATTEMPTED_WHEN_ALLOWED.get(model, ""):
                    continue
                outcome = self._rpc_outcome(model, user, op, self.DENIED_AS[role])
                if outcome is not allowed:
                    mismatches.append((role, model, op, outcome))
        self.assertEqual(mismatches, [])

    def test_rpc_matrix_public(self):
        self._rpc_matrix("public")

    def test_rpc_matrix_portal(self):
        self._rpc_matrix("portal")

    def test_rpc_matrix_agent(self):
        self._rpc_matrix("agent")

    def test_rpc_matrix_manager(self):
        self._rpc_matrix("manager")

    def test_rpc_matrix_admin(self):
        self._rpc_matrix("admin")

    def test_rpc_read_denied_is_access_error(self):
        self.authenticate("hsm_portal", "hsm_portal_pw")
        with self.assertRaises(JsonRpcException) as caught, mute_logger("odoo.http"):
            self._call("helpdesk.routing.ticket", "read", [self.ticket.ids, ["name"]])
        self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")

    def test_rpc_main_actions(self):
        self.authenticate("hsm_agent", "hsm_agent_pw")
        self.assertTrue(
            self._rpc_allowed(
                "helpdesk.customer.list", "action_refresh", [self.shared_list.ids]
            )
        )
        self.assertTrue(
            self._rpc_allowed(
                "helpdesk.routing.ticket", "action_test_routing", [self.ticket.ids]
            )
        )
        self.assertFalse(
            self._rpc_allowed(
                "helpdesk.routing.rule", "action_preview", [self.rule.ids]
            )
        )
        self.authenticate("hsm_manager", "hsm_manager_pw")
        self.assertTrue(
            self._rpc_allowed(
                "helpdesk.routing.rule", "action_preview", [self.rule.ids]
            )
        )
