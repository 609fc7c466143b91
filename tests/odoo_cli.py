"""Run Odoo 18 as separate processes against throwaway databases.

Cross-addon tests use it for what cannot happen inside one test transaction:
installing and uninstalling modules, starting servers. The Odoo run is the one
pytest-odoo loaded (same Python, same addons path); the PostgreSQL connection
comes from the standard PG* variables, as in scripts/test.sh.
"""

import importlib.metadata
import os
import re
import socket
import subprocess
import sys
import tempfile
import uuid
from contextlib import contextmanager

import psycopg2
from psycopg2 import sql

from odoo.tools import config

# Odoo's test runner's summary line
TEST_RESULT = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)

OUR_ADDONS = ("helpdesk_segments", "helpdesk_routing")
REPO_ADDONS = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "addons"
)

# OCA's helpdesk_mgmt, pinned (scripts/setup.sh installs it; see scripts/lib.sh)
OCA_HELPDESK_MGMT = ("odoo-addon-helpdesk_mgmt", "18.0.1.19.5")
OCA_ADDONS_DIR = os.environ.get(
    "HSR_OCA_ADDONS_DIR",
    os.path.expanduser("~/.local/share/helpdesk-segments/oca-addons"),
)


def installed_addon_parent(distribution, version, addon):
    """The folder holding ``addon`` installed by the wheel ``distribution``
    (``pip install --target $HSR_OCA_ADDONS_DIR``, or site-packages), to add to
    an addons path; found through the distribution's files. Fails the test
    with what to do when it is missing or at another version."""
    found = []
    for dist in importlib.metadata.distributions(
        name=distribution, path=[OCA_ADDONS_DIR, *sys.path]
    ):
        found.append(dist.version)
        if dist.version != version:
            continue
        for file in dist.files or ():
            if file.parts[-2:] == (addon, "__manifest__.py"):
                return os.path.dirname(os.path.dirname(str(file.locate())))
    raise AssertionError(
        f"{distribution}=={version} is not installed (found: {found or 'none'}); "
        "run scripts/setup.sh"
    )


def odoo_addons_path(with_ours=True):
    """The addons path of the hand-run scripts (benchmarks, load test; the
    tests get theirs from pytest-odoo): Odoo's own addons directories for the
    importable odoo (inside the package, plus the addons/ folder beside it in
    a source checkout; the odoo:18.0 image and installed packages keep every
    addon inside the package), then this repository's addons/."""
    import odoo  # noqa: PLC0415 - the module only needs odoo.tools at import

    pkg = os.path.dirname(os.path.abspath(odoo.__file__))
    paths = [os.path.join(pkg, "addons")]
    checkout = os.path.join(os.path.dirname(pkg), "addons")
    if os.path.isfile(os.path.join(checkout, "web", "__manifest__.py")):
        paths.insert(0, checkout)
    if with_ours:
        paths.append(REPO_ADDONS)
    return ",".join(paths)


def free_port():
    """A TCP port free right now on 127.0.0.1, for a server of its own."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_odoo(args, *, stdin=None, timeout=900):
    """Run ``python -m odoo ARGS``; return its CompletedProcess, raising with
    the output when it fails."""
    proc = subprocess.run(
        [sys.executable, "-m", "odoo", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise AssertionError(
            f"odoo {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n"
            f"{proc.stderr}"
        )
    return proc


class ThrowawayDatabase:
    """A database of its own, with a config file pointing at it."""

    def __init__(self, prefix, *, extra_addons_paths=(), http_port=None):
        self.name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        self.workdir = tempfile.mkdtemp(prefix=f"{self.name}_")
        self.conf = os.path.join(self.workdir, "odoo.conf")
        addons_path = ",".join([config["addons_path"], *extra_addons_paths])
        with open(self.conf, "w", encoding="utf-8") as conf:
            conf.write(
                "[options]\n"
                f"addons_path = {addons_path}\n"
                "http_interface = 127.0.0.1\n"
                f"http_port = {http_port or free_port()}\n"
                f"data_dir = {os.path.join(self.workdir, 'data')}\n"
                "max_cron_threads = 0\n"
                "list_db = False\n"
            )

    def odoo(self, *args, command="server", **kwargs):
        return run_odoo(
            [command, "-c", self.conf, "-d", self.name, "--log-level=warn", *args],
            **kwargs,
        )

    def install(self, modules, *, demo):
        args = ["-i", ",".join(modules), "--stop-after-init"]
        if not demo:
            args.append("--without-demo=all")
        proc = self.odoo(*args)
        errors = [
            line
            for line in (proc.stdout + proc.stderr).splitlines()
            if " ERROR " in line or " CRITICAL " in line
        ]
        assert not errors, "\n".join(errors)
        return proc

    def run_addon_tests(self, install, tags, started, *, min_tests, timeout=900):
        """Install ``install`` (addons) with Odoo's test runner on the test
        tags ``tags``, as Odoo runs an addon's tests. Fails on any ERROR or
        CRITICAL line, when fewer than ``min_tests`` tests whose name matches
        the regular expression ``started`` (``Class.method``) ran, or when
        the runner counts a failure. Returns the log."""
        proc = self.odoo(
            "-i",
            ",".join(install),
            "--test-enable",
            f"--test-tags={tags}",
            "--stop-after-init",
            "--log-level=info",
            timeout=timeout,
        )
        log = proc.stdout + proc.stderr
        problems = [
            line for line in log.splitlines() if re.search(r" (ERROR|CRITICAL) ", line)
        ]
        assert not problems, "\n".join(problems)
        ran = re.findall(rf"Starting ({started})", log)
        assert len(ran) >= min_tests, log[-3000:]
        counts = TEST_RESULT.findall(log)
        if counts:
            assert counts[-1][:2] == ("0", "0"), log[-5000:]
        return log

    def module_states(self, modules):
        """{module name: state} of ``modules`` (those Odoo knows)."""
        with self.cursor() as cr:
            cr.execute(
                "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)",
                [list(modules)],
            )
            return dict(cr.fetchall())

    def assert_installed(self, modules):
        assert self.module_states(modules) == dict.fromkeys(modules, "installed")

    def exported_terms(self, addon):
        """The (context, source) terms Odoo exports for ``addon`` here, and
        those of its committed .pot (tests/test_i18n.py checks the .po files
        against the .pot; a bridge tested in a database of its own is
        exported there)."""
        import polib  # noqa: PLC0415 (only the tests comparing terms need it)

        exported = os.path.join(self.workdir, f"{addon}.pot")
        self.odoo(
            f"--i18n-export={exported}", f"--modules={addon}", "--stop-after-init"
        )
        committed = os.path.join(REPO_ADDONS, addon, "i18n", f"{addon}.pot")

        def keys(path):
            return {(entry.msgctxt or "", entry.msgid) for entry in polib.pofile(path)}

        return keys(exported), keys(committed)

    def uninstall(self, modules, *, ignore=None):
        """Uninstall ``modules`` (and what depends on them) as Settings > Apps
        does, in ``odoo shell``; fail on any ERROR or CRITICAL line logged but
        those the regular expression ``ignore`` matches. Return the output."""
        domain = [("name", "in", list(modules))]
        proc = self.shell(
            f"modules = env['ir.module.module'].search({domain!r})\n"
            "modules.button_immediate_uninstall()\n"
            "env.cr.commit()\n"
            "print('HSR_UNINSTALLED')\n"
        )
        output = proc.stdout + proc.stderr
        errors = [
            line
            for line in output.splitlines()
            if (" ERROR " in line or " CRITICAL " in line or "Traceback" in line)
            and not (ignore and ignore.search(line))
        ]
        assert not errors and "HSR_UNINSTALLED" in proc.stdout, output
        return output

    def shell(self, code):
        """Run Python code in ``odoo shell`` (``env`` is the superuser's); the
        code must commit what it wants to keep."""
        return self.odoo("--no-http", command="shell", stdin=code)

    @contextmanager
    def cursor(self):
        conn = psycopg2.connect(dbname=self.name)
        try:
            conn.autocommit = True
            with conn.cursor() as cr:
                yield cr
        finally:
            conn.close()

    def drop(self):
        conn = psycopg2.connect(dbname="postgres")
        try:
            conn.autocommit = True
            with conn.cursor() as cr:
                cr.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    [self.name],
                )
                cr.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {}").format(
                        sql.Identifier(self.name)
                    )
                )
        finally:
            conn.close()
        subprocess.run(["rm", "-rf", self.workdir], check=False)
