# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import importlib.util
import json
import os

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, new_test_user


class RpcError(Exception):
    """The error a JSON-RPC call answered with: ``name`` is the exception's
    class path (``odoo.exceptions.AccessError``), ``message`` the message the
    user reads."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def execute_kw(case, user, password, model, method, /, *args, **kwargs):
    """``model.method(*args, **kwargs)`` as an integration calls it: one
    ``execute_kw`` over the external API (``/jsonrpc``), as ``user`` (a
    res.users record) with ``password``, through ``case.url_open`` (an
    HttpCase). Returns the call's result; raises :class:`RpcError` with the
    answered error's name and message (Odoo's ``make_jsonrpc_request`` keeps
    the name only)."""
    response = case.url_open(
        "/jsonrpc",
        data=json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {
                    "service": "object",
                    "method": "execute_kw",
                    "args": [
                        case.env.cr.dbname,
                        user.id,
                        password,
                        model,
                        method,
                        list(args),
                        kwargs,
                    ],
                },
            }
        ),
        headers={"Content-Type": "application/json"},
    )
    response.raise_for_status()
    answer = response.json()
    if "error" in answer:
        data = answer["error"].get("data") or {}
        raise RpcError(data.get("name"), data.get("message"))
    return answer["result"]


class HelpdeskSegmentsCase(TransactionCase):
    """Users of every helpdesk role, created once per test class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.manager = new_test_user(
            cls.env,
            login="hsr_manager",
            name="Helpdesk Manager",
            groups="helpdesk_segments.group_helpdesk_manager",
        )
        cls.agent = new_test_user(
            cls.env,
            login="hsr_agent",
            name="Helpdesk Agent",
            groups="helpdesk_segments.group_helpdesk_agent",
        )
        cls.employee = new_test_user(
            cls.env,
            login="hsr_employee",
            name="Plain Employee",
            groups="base.group_user",
        )
        cls.portal = new_test_user(
            cls.env, login="hsr_portal", name="Portal User", groups="base.group_portal"
        )


def load_migration(addon, version, script="post-migration"):
    """The migration script ``script`` of ``addon`` (an addon of this
    repository) for ``version``, as a module (``migrate(cr, version)``)."""
    path = os.path.join(get_module_path(addon), "migrations", version, f"{script}.py")
    spec = importlib.util.spec_from_file_location(f"{addon}_{script}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
