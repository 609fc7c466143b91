# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Follow-up sequence benchmark (not collected by pytest: run it by hand).

    python3 -m tests.benchmarks.bench_sequence \
        [--enrollments 100000] [--batch 500] [--keep-db] [--skip-install]
        [--template DB]

In a throwaway database (``hsr_bench_sequence``, dropped at the end unless
--keep-db) with helpdesk_routing_sequence installed without demo data: a
running sequence of one email step (a template of Contacts), and
``--enrollments`` customers (inserted in SQL) whose enrollment is due now.
Times the scheduled action's batches until nothing is due (the cron calls
again while some are due, committing after each call: so does this script,
one call per batch), then an idle call, and
checks that each customer got exactly one queued mail and one step record,
and that no enrollment is left active.

No daily cap, no quiet hours (they defer, they do not cost). Fixed data.
"""

# a hand-run script: it prints its report
# pylint: disable=print-used,invalid-commit

import argparse
import time

from odoo import Command

from .common import add_database_arguments, bench_environment

DB = "hsr_bench_sequence"


def setup_data(env, count):
    env.company.write(
        {
            "hs_sequence_daily_cap": 0,
            "hs_sequence_quiet_start": 0.0,
            "hs_sequence_quiet_end": 0.0,
        }
    )
    tag = env["res.partner.category"].create({"name": "Bench start"})
    template = env["mail.template"].create(
        {
            "name": "Bench follow-up",
            "model_id": env["ir.model"]._get_id("res.partner"),
            "subject": "Hello {{ object.name }}",
            "body_html": "<p>Hello <t t-out='object.name'/>, any question?</p>",
            "partner_to": "{{ object.id }}",
            "auto_delete": False,
        }
    )
    seq = env["helpdesk.routing.sequence"].create(
        {
            "name": "Bench sequence",
            "partner_tag_ids": [Command.link(tag.id)],
            "step_ids": [Command.create({"kind": "email", "template_id": template.id})],
        }
    )
    seq.action_run()
    env.flush_all()
    env.cr.execute(
        """
        WITH p AS (
            INSERT INTO res_partner (name, complete_name, email, email_normalized,
                                     tz, active, type, is_company, lang,
                                     create_date, write_date)
            SELECT 'Bench ' || g, 'Bench ' || g, 'bench' || g || '@example.com',
                   'bench' || g || '@example.com', 'UTC', TRUE, 'contact', FALSE,
                   'en_US', now(), now()
              FROM generate_series(1, %(count)s) g
            RETURNING id)
        INSERT INTO helpdesk_routing_sequence_enrollment
            (sequence_id, partner_id, trigger, state, step_index, next_date,
             date_start, ticket_watermark, event_watermark, company_id,
             create_date, write_date)
        SELECT %(seq)s, p.id, 'manual', 'active', 0,
               (now() AT TIME ZONE 'UTC') - interval '1 minute',
               (now() AT TIME ZONE 'UTC') - interval '1 minute', 0, 0,
               %(company)s, now(), now()
          FROM p
        """,
        {"count": count, "seq": seq.id, "company": env.company.id},
    )
    env.cr.execute("ANALYZE res_partner")
    env.cr.execute("ANALYZE helpdesk_routing_sequence_enrollment")
    env.invalidate_all()
    return seq


def run_batches(env, batch):
    Enrollment = env["helpdesk.routing.sequence.enrollment"]
    calls, claimed = 0, 0
    start = time.perf_counter()
    while True:
        result = Enrollment._cron_run(batch_size=batch)
        calls += 1
        claimed += len(result.claimed)
        # the cron commits after each call (releasing the row and customer
        # locks of the batch); the database is a throwaway one
        env.cr.commit()
        if not result.claimed:
            break
    return time.perf_counter() - start, calls, claimed


def check(env, seq, count):
    env.cr.execute(
        """
        SELECT count(*), count(DISTINCT m.res_id)
          FROM mail_mail mm JOIN mail_message m ON m.id = mm.mail_message_id
          JOIN res_partner p ON p.id = m.res_id
         WHERE m.model = 'res.partner' AND p.name LIKE 'Bench %%'
        """
    )
    mails, customers = env.cr.fetchone()
    env.cr.execute(
        "SELECT count(*), count(DISTINCT enrollment_id) "
        "FROM helpdesk_routing_sequence_log WHERE sequence_id = %s AND state = 'done'",
        (seq.id,),
    )
    logs, logged = env.cr.fetchone()
    env.cr.execute(
        "SELECT state, count(*) FROM helpdesk_routing_sequence_enrollment "
        "WHERE sequence_id = %s GROUP BY state",
        (seq.id,),
    )
    states = dict(env.cr.fetchall())
    assert mails == customers == count, (mails, customers, count)
    assert logs == logged == count, (logs, logged, count)
    assert states == {"completed": count}, states
    return mails, logs, states


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrollments", type=int, default=100000)
    parser.add_argument("--batch", type=int, default=500)
    add_database_arguments(parser)
    args = parser.parse_args()

    with bench_environment(DB, ["helpdesk_routing_sequence"], args) as env:
        env = env(context={"tracking_disable": True})
        cr = env.cr
        start = time.perf_counter()
        seq = setup_data(env, args.enrollments)
        cr.commit()
        setup = time.perf_counter() - start
        seconds, calls, claimed = run_batches(env, args.batch)
        start = time.perf_counter()
        idle = env["helpdesk.routing.sequence.enrollment"]._cron_run()
        idle_seconds = time.perf_counter() - start
        assert not idle.claimed
        mails, logs, _states = check(env, seq, args.enrollments)
        cr.rollback()

    print(f"\n{args.enrollments} enrollments due (setup in SQL: {setup:.1f} s)")
    print(
        f"  {calls} calls of the scheduled action (batches of {args.batch}) in "
        f"{seconds:.1f} s: {claimed / seconds:.0f} enrollments/s, "
        f"{seconds / max(claimed, 1) * 1000:.2f} ms each"
    )
    print(f"  mails queued: {mails} (one per customer), steps recorded: {logs}")
    print(f"  idle call (nothing due): {idle_seconds * 1000:.1f} ms")


if __name__ == "__main__":
    main()
