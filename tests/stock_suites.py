# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo's own test suites with and without our addons (run it by hand; not
collected by pytest, not part of scripts/test.sh: it takes several minutes).

    python3 tests/stock_suites.py [--http-port 8191] [--suite mail] [--keep-db]
                                  [--only A|B] [--plain]

It creates two throwaway databases, with demo data:

- A: base, mail, base_automation and contacts (helpdesk_segments depends on
  contacts: installing it in A keeps the only difference our addons);
- B: the same plus helpdesk_segments and helpdesk_routing;

runs the same Odoo test tags on both, one Odoo process per suite and database
(no ``-u``: the tests of every installed module that match the tags run,
at_install ones included), and prints per suite the counts of both databases
and the failures present in B but not in A. Failures present in A too are the
stock suite's own (pre-existing) failures.

Exits 1 when B has a failure that A has not.

The tests run once the whole registry is loaded: the at_install tests, then
the post_install ones, as Odoo runs post_install tests (``odoo --test-enable``
with its loading-time tests deferred, see run_with_full_registry). A plain
``odoo --test-enable --test-tags`` on an installed database (``--plain``) runs
each module's at_install tests while that module loads, with only the modules
before it in the registry, but on the data of every installed module; that is
not a state those tests are written for, and it fails in A and B alike or in B
only for reasons that are not ours:

- base's res.partner tests create users before mail is loaded: mail's NOT NULL
  res_users.notification_type column has no value (4 errors in A and B);
- mail's test set-up (MailCommon._init_mail_gateway) creates the first alias
  domain; mail.alias.domain.create() then gives it to every alias without a
  domain, and the constraint mail.alias._check_alias_domain_id_mc looks up the
  model owning each alias (``self.env[alias_parent_model_id.model]``): a
  KeyError for the models not loaded yet. B's demo teams have aliases (every
  record of a mail.alias.mixin model has one), so 13 setUpClass errors in B;
  A plus Odoo's own mail_group (demo groups with aliases) fails the same 13
  classes with KeyError: 'mail.group'.

Last run (failed/errors/tests), A and B alike: base_partner 0/0/36, mail
0/0/66, base_automation 0/0/6 (about 10 minutes). With --plain: base_partner
0/4/36 in A and B, mail 0/0/66 in A and 0/13/7 in B (the two causes above).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

import odoo
from odoo.cli.command import main as odoo_main
from odoo.modules.registry import Registry
from odoo.service import server

FULL_REGISTRY = "--run-with-full-registry"
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, ".."))

BASE_MODULES = ["base", "mail", "base_automation", "contacts"]
OUR_MODULES = ["helpdesk_segments", "helpdesk_routing"]

# Odoo test tags per suite: base's res.partner classes (tagged res_partner,
# plus the merge wizard and bank accounts), mail's tests about partners, users
# and messages, every test of base_automation (the modules' own tests; the
# bigger test_mail and test_base_automation modules are not installed).
SUITES = {
    "base_partner": "res_partner/base,/base:TestMergePartner,/base:TestResPartnerBank",
    # every test of mail takes over 40 min on a loaded 2-core machine: the
    # files about partners, users, composing and templating messages (--suite
    # mail_all runs them all)
    "mail": ",".join(
        f"/mail/tests/{name}.py"
        for name in (
            "test_res_partner",
            "test_res_users",
            "test_res_company",
            "test_mail_composer",
            "test_mail_template",
            "test_mail_render",
            "test_mail_tools",
            "test_mail_message",
            "test_mail_activity",
        )
    ),
    "mail_all": "/mail",
    "base_automation": "/base_automation",
}

RESULT = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)
# failures and errors of tests (logger odoo.addons.<module>.tests...) and of
# classes (setUpClass errors, logger odoo.tests.suite)
FAILURE = re.compile(r" ERROR \S+ (\S+): (FAIL|ERROR): (.+)$", re.MULTILINE)


def say(*parts):
    sys.stdout.write(" ".join(str(part) for part in parts) + "\n")
    sys.stdout.flush()


def addons_path():
    pkg = os.path.dirname(os.path.abspath(odoo.__file__))
    paths = [os.path.join(pkg, "addons")]
    checkout = os.path.join(os.path.dirname(pkg), "addons")
    if os.path.isfile(os.path.join(checkout, "web", "__manifest__.py")):
        paths.insert(0, checkout)
    return ",".join([*paths, os.path.join(REPO, "addons")])


def odoo_run(conf, db, args, logfile, full_registry=False):
    cmd = [sys.executable, "-m", "odoo"]
    if full_registry:
        cmd = [sys.executable, os.path.abspath(__file__), FULL_REGISTRY, "--"]
    cmd += ["-c", conf, "-d", db, *args]
    cmd += ["--stop-after-init", f"--logfile={logfile}"]
    return subprocess.run(cmd, check=False).returncode


def run_with_full_registry(odoo_args):
    """Odoo's server command (``odoo --test-enable ...``), except that no test
    runs while the modules load: once the registry of every installed module
    is loaded, the at_install then the post_install tests matching
    ``--test-tags`` run, each position sorted as Odoo sorts it. The report is
    Odoo's own (the "... tests when loading database" line)."""

    def preload_registries(dbnames):
        # imported once the configuration says test mode, as Odoo does
        from odoo.tests import loader  # noqa: PLC0415
        from odoo.tests.suite import OdooSuite  # noqa: PLC0415

        make_suite = loader.make_suite
        # odoo.modules.loading asks the loader for each module's at_install
        # tests as the module loads: none then
        loader.make_suite = lambda module_names, position="at_install": OdooSuite()
        try:
            registries = [Registry.new(dbname) for dbname in dbnames]
        finally:
            loader.make_suite = make_suite
        failed = 0
        for registry in registries:
            report = registry._assertion_report
            modules = sorted(registry._init_modules)
            for position in ("at_install", "post_install"):
                suite = loader.make_suite(modules, position)
                if suite.has_http_case():
                    with registry.cursor() as cr:
                        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                        env["ir.qweb"]._pregenerate_assets_bundles()
                report.update(loader.run_suite(suite))
            report.log_stats()
            failed += not report.wasSuccessful()
        return failed

    server.preload_registries = preload_registries
    sys.argv = ["odoo", *odoo_args]
    odoo_main()


def parse(logfile):
    """(failed, errors, tests, {failure descriptions}) of one test run."""
    with open(logfile, encoding="utf-8", errors="replace") as log:
        text = log.read()
    counts = RESULT.findall(text)
    if not counts:
        return None
    failed, errors, tests = (int(n) for n in counts[-1])
    failures = {
        f"{kind}: {module} {what.strip()}"
        for module, kind, what in FAILURE.findall(
            "\n".join(line for line in text.splitlines() if " ERROR " in line)
        )
    }
    return failed, errors, tests, failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--http-port", type=int, default=8191)
    parser.add_argument(
        "--suite",
        action="append",
        choices=sorted(SUITES),
        help="run only this suite (repeatable; default: all)",
    )
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--plain",
        action="store_true",
        help="plain odoo --test-enable: at_install tests run while their "
        "module loads (see the docstring)",
    )
    parser.add_argument(
        "--only",
        choices=["A", "B"],
        help="run the suites on one database only (no comparison)",
    )
    options = parser.parse_args()
    suites = options.suite or [suite for suite in SUITES if suite != "mail_all"]

    workdir = tempfile.mkdtemp(prefix="hsr_stock_suites_")
    stamp = time.strftime("%H%M%S")
    databases = {
        "A": (f"hsr_stock_a_{stamp}", BASE_MODULES),
        "B": (f"hsr_stock_b_{stamp}", BASE_MODULES + OUR_MODULES),
    }
    if options.only:
        databases = {options.only: databases[options.only]}
    results = {}
    timings = {}
    status = 0
    try:
        for label, (db, modules) in databases.items():
            conf = os.path.join(workdir, f"{label}.conf")
            with open(conf, "w", encoding="utf-8") as handle:
                handle.write(
                    "[options]\n"
                    f"addons_path = {addons_path()}\n"
                    f"data_dir = {os.path.join(workdir, 'data')}\n"
                    f"http_port = {options.http_port}\n"
                    "http_interface = 127.0.0.1\n"
                    "max_cron_threads = 0\n"
                    "list_db = False\n"
                )
            start = time.perf_counter()
            log = os.path.join(workdir, f"{label}_install.log")
            if odoo_run(conf, db, ["-i", ",".join(modules)], log):
                sys.exit(f"installing {modules} into {db} failed: see {log}")
            say(
                f"{label}: installed {','.join(modules)} into {db} in "
                f"{time.perf_counter() - start:.0f}s",
            )
            for suite in suites:
                log = os.path.join(workdir, f"{label}_{suite}.log")
                start = time.perf_counter()
                odoo_run(
                    conf,
                    db,
                    ["--test-enable", "--test-tags", SUITES[suite]],
                    log,
                    full_registry=not options.plain,
                )
                timings[label, suite] = time.perf_counter() - start
                results[label, suite] = parse(log)
                say(
                    f"{label}: {suite}: {results[label, suite]} "
                    f"in {timings[label, suite]:.0f}s (log {log})",
                )
    finally:
        if not options.keep_db:
            for db, _modules in databases.values():
                subprocess.run(["dropdb", "--if-exists", db], check=False)
    say("\nsuite                 | A: failed/errors/tests (s) | B: ... (s)")
    for suite in suites:
        row = []
        for label in databases:
            result = results.get((label, suite))
            if result is None:
                row.append("no result".ljust(26))
                status = 1
            else:
                failed, errors, tests, _failures = result
                seconds = timings[label, suite]
                row.append(f"{failed}/{errors}/{tests} ({seconds:.0f}s)".ljust(26))
        say(f"{suite:21} | " + " | ".join(row))
    for suite in suites:
        a_result, b_result = results.get(("A", suite)), results.get(("B", suite))
        if not (a_result and b_result):
            continue
        pre_existing = a_result[3] & b_result[3]
        ours = b_result[3] - a_result[3]
        only_a = a_result[3] - b_result[3]
        if pre_existing:
            say(f"\n{suite}: pre-existing failures (A and B):")
            say("\n".join(f"  {f}" for f in sorted(pre_existing)))
        if only_a:
            say(f"\n{suite}: failures in A only:")
            say("\n".join(f"  {f}" for f in sorted(only_a)))
        if ours:
            status = 1
            say(f"\n{suite}: failures in B only (caused by our addons):")
            say("\n".join(f"  {f}" for f in sorted(ours)))
        elif sum(b_result[:2]) > sum(a_result[:2]):
            status = 1
            say(f"\n{suite}: more failures and errors in B than in A")
        elif a_result[2] != b_result[2]:
            say(f"\n{suite}: the test counts differ (A {a_result[2]}, B {b_result[2]})")
    say(f"\nlogs in {workdir}")
    return status


if __name__ == "__main__":
    if sys.argv[1:2] == [FULL_REGISTRY]:
        run_with_full_registry(sys.argv[3:])
    else:
        sys.exit(main())
