# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two scheduled-action workers at once, on real separate cursors (the
claims of a batched cron must never overlap)."""

# each worker commits its claim, as the cron does
# pylint: disable=invalid-commit

import threading

from odoo import SUPERUSER_ID, api


def run_two_workers(registry, claim):
    """Run ``claim(env)`` in two threads, each on a cursor of its own, both
    starting together and both holding what they claimed (their transaction
    open) until each has claimed; then each commits.

    :param claim: ``claim(env) -> list`` of what the worker claimed
    :return: ``(results, errors)``: ``{"a": claimed, "b": claimed}`` and the
        exceptions the workers raised
    """
    start = threading.Barrier(2, timeout=60)
    claimed_all = threading.Barrier(2, timeout=60)
    results, errors = {}, []

    def worker(name):
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                start.wait()
                results[name] = claim(env)
                # both workers hold their claims before either commits
                claimed_all.wait()
                cr.commit()
        except Exception as error:  # reported by the caller
            errors.append(error)
            start.abort()
            claimed_all.abort()

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results, errors
