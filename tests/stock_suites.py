# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo's own test suites with and without our addons (run it by hand; not
collected by pytest, not part of scripts/test.sh: it takes several minutes).

    python3 tests/stock_suites.py [--http-port 8191] [--suite mail] [--keep-db]

It creates two throwaway databases, with demo data:

- A: base, mail, base_automation and contacts (helpdesk_segments depends on
  contacts: installing it in A keeps the only difference our addons);
- B: the same plus helpdesk_segments and helpdesk_routing;

runs the same Odoo test tags on both, one ``odoo --test-enable --test-tags``
call per suite and database (no ``-u``: the tests of every installed module
that match the tags run, at_install ones included), and prints per suite the
counts of both databases and the failures present in B but not in A. Failures
present in A too are the stock suite's own (pre-existing) failures.

Exits 1 when B has a failure that A has not.

Caveat: without ``-u``, the at_install tests of base and mail run while only
the modules before them in the dependency graph are loaded. Records they
create miss the defaults of later modules (mail's NOT NULL
res_users.notification_type fails 4 base tests in A and B alike), and mail's
test set-up, which rewrites every mail alias, fails on the aliases of models
not loaded yet (our helpdesk.routing.team: 13 class errors of mail in B).
Compare those with care; post_install tests see the whole registry.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

import odoo

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


def odoo_run(conf, db, args, logfile):
    cmd = [sys.executable, "-m", "odoo", "-c", conf, "-d", db, *args]
    cmd += ["--stop-after-init", f"--logfile={logfile}"]
    return subprocess.run(cmd, check=False).returncode


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
    sys.exit(main())
