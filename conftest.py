"""Project-wide pytest hooks.

Odoo turns a missing Chromium or a missing ``websocket-client`` into a silently
skipped browser test. A run in which any test was skipped therefore fails, so
that CI can never pass with the browser tours (or anything else) not run.
"""

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        reporter.write_sep(
            "!",
            f"{len(skipped)} test(s) skipped: every test must run "
            "(browser tests skip when Chromium or websocket-client is missing)",
            red=True,
        )
