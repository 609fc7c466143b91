# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Service level benchmark (not collected by pytest: run it by hand).

    python3 -m tests.benchmarks.bench_sla \
        [--tickets 10000] [--batch 500] [--open 100000] [--due 1000] [--keep-db]

In a throwaway database (``hsr_bench_sla``, dropped at the end unless
--keep-db) with helpdesk_routing_sla installed without demo data, three
service level policies by customer group (1/8, 4/24, 8/48 working hours) on
a 9-17 calendar with a public holiday:

1. creation: the same ``--tickets`` tickets created twice, rolling back in
   between, without service levels (context ``hs_no_sla``) and with them;
   prints the ratio (target <= 1.5x);
2. escalation: ``--open`` open tickets with service levels (inserted in SQL),
   of which ``--due`` passed their deadline; times the scheduled action's
   passes until nothing is left (statuses, then escalation: priority raised
   and routing log entry), then an idle pass over the same open tickets
   (nothing due: the every-5-minutes case).

Fixed seed.
"""

# a hand-run script: it prints its report
# pylint: disable=print-used

import argparse
import os
import random
import time
from datetime import datetime, timedelta

from odoo import Command

from .common import add_database_arguments, bench_environment, timed_create

DB = os.environ.get("HSR_BENCH_SLA_DB", "hsr_bench_sla")


def setup_data(env):
    calendar = env["resource.calendar"].create(
        {
            "name": "Bench 9-17",
            "tz": "UTC",
            "attendance_ids": [Command.clear()]
            + [
                Command.create(
                    {
                        "name": f"Day {day} {period}",
                        "dayofweek": str(day),
                        "hour_from": start,
                        "hour_to": end,
                        "day_period": period,
                    }
                )
                for day in range(5)
                for start, end, period in ((9, 13, "morning"), (13, 17, "afternoon"))
            ],
        }
    )
    today = datetime.now().replace(hour=0, minute=0, second=0, microsecond=0)
    env["resource.calendar.leaves"].create(
        {
            "name": "Public holiday",
            "calendar_id": calendar.id,
            "date_from": today + timedelta(days=3),
            "date_to": today + timedelta(days=3, hours=23, minutes=59),
        }
    )
    groups = env["helpdesk.customer.group"].create(
        [{"name": name} for name in ("Platinum", "Gold")]
    )
    partners = env["res.partner"].create(
        [
            {
                "name": f"Bench customer {i}",
                "email": f"bench{i}@example.com",
                **({"hs_customer_group_id": groups[i % 5].id} if i % 5 < 2 else {}),
            }
            for i in range(2000)
        ]
    )
    teams = env["helpdesk.routing.team"].create(
        [
            {"name": f"Bench team {i}", "hs_sla_calendar_id": calendar.id}
            for i in range(5)
        ]
    )
    Policy = env["helpdesk.routing.sla.policy"]
    Policy.search([]).unlink()
    policies = Policy.create(
        [
            {
                "name": "Platinum",
                "sequence": 1,
                "partner_domain": repr([("hs_customer_group_id", "=", groups[0].id)]),
                "first_response_hours": 1,
                "resolution_hours": 8,
                "escalate_on": "at_risk",
                "escalate_priority": "3",
                "escalate_notify": False,
            },
            {
                "name": "Gold",
                "sequence": 2,
                "partner_domain": repr([("hs_customer_group_id", "=", groups[1].id)]),
                "first_response_hours": 4,
                "resolution_hours": 24,
                "escalate_on": "breached",
                "escalate_priority": "2",
                "escalate_notify": False,
            },
            {
                "name": "Everyone else",
                "sequence": 3,
                "first_response_hours": 8,
                "resolution_hours": 48,
                "escalate_on": "breached",
                "escalate_priority": "2",
                "escalate_notify": False,
            },
        ]
    )
    return partners, teams, policies


def ticket_vals(rng, count, partners, teams, channels):
    return [
        {
            "name": f"Bench ticket {i}",
            "partner_id": partners[rng.randrange(len(partners))].id,
            "team_id": teams[rng.randrange(len(teams))].id,
            "channel_id": channels[rng.randrange(len(channels))].id,
            "priority": str(rng.randrange(3)),
        }
        for i in range(count)
    ]


def insert_open_tickets(env, count, due, teams, policies):
    """``count`` open tickets with a service level, ``due`` of them past
    their deadline, inserted in one query."""
    env.flush_all()
    stage = env["helpdesk.routing.stage"].search([], limit=1)
    now = datetime.now().replace(microsecond=0)
    env.cr.execute(
        """INSERT INTO helpdesk_routing_ticket
           (name, number, company_id, team_id, stage_id, priority, active,
            is_closed, access_token, sla_policy_id, sla_start_date,
            sla_first_response_deadline, sla_resolution_deadline, sla_deadline,
            sla_at_risk_date, sla_status, create_date, write_date)
           SELECT 'Open ' || g, 'OPEN' || g, %(company)s,
                  (%(teams)s)[1 + g %% %(team_count)s], %(stage)s, '1', TRUE, FALSE,
                  md5(g::text), (%(policies)s)[1 + g %% 3], %(now)s - interval '1 hour',
                  d.deadline, d.deadline + interval '2 days', d.deadline,
                  d.deadline - interval '1 hour', 'on_track', %(now)s, %(now)s
           FROM generate_series(1, %(count)s) AS g
           CROSS JOIN LATERAL (SELECT CASE WHEN g <= %(due)s
               THEN %(now)s - interval '10 minutes'
               ELSE %(now)s + interval '1 day' END AS deadline) AS d""",
        {
            "company": env.company.id,
            "teams": teams.ids,
            "team_count": len(teams),
            "stage": stage.id,
            "policies": policies.ids,
            "now": now,
            "count": count,
            "due": due,
        },
    )
    env.cr.execute("ANALYZE helpdesk_routing_ticket")


def escalation_passes(env, batch):
    Ticket = env["helpdesk.routing.ticket"]
    passes, claimed = 0, 0
    start = time.perf_counter()
    while True:
        escalated = Ticket._cron_hs_sla_escalate(batch_size=batch)
        passes += 1
        claimed += len(escalated)
        env.flush_all()
        if not escalated:
            break
    return time.perf_counter() - start, passes, claimed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--open", type=int, default=100000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--escalation-batch", type=int, default=200)
    add_database_arguments(parser)
    args = parser.parse_args()

    results = {}
    with bench_environment(DB, ["helpdesk_routing_sla"], args) as env:
        cr = env.cr
        partners, teams, policies = setup_data(env)
        channels = env["helpdesk.routing.channel"].search([])
        vals_list = ticket_vals(
            random.Random(7), args.tickets, partners, teams, channels
        )
        env.flush_all()
        cr.execute("SAVEPOINT bench")

        results["without SLA"] = timed_create(
            env, vals_list, args.batch, hs_no_sla=True
        )
        cr.execute("ROLLBACK TO SAVEPOINT bench")
        env.invalidate_all()

        results["with SLA"] = timed_create(env, vals_list, args.batch)
        with_policy = env["helpdesk.routing.ticket"].search_count(
            [("sla_policy_id", "!=", False)]
        )
        cr.execute("ROLLBACK TO SAVEPOINT bench")
        env.invalidate_all()

        insert_open_tickets(env, args.open, args.due, teams, policies)
        seconds, passes, claimed = escalation_passes(env, args.escalation_batch)
        results["escalation"] = (seconds, passes, claimed)
        start = time.perf_counter()
        idle = env["helpdesk.routing.ticket"]._cron_hs_sla_escalate()
        results["idle pass"] = time.perf_counter() - start
        breached = env["helpdesk.routing.ticket"].search_count(
            [("sla_status", "=", "breached")]
        )
        assert not idle
        cr.rollback()

    base = results["without SLA"]
    print(f"\n{args.tickets} tickets created in batches of {args.batch}, 3 policies")
    for name in ("without SLA", "with SLA"):
        seconds = results[name]
        print(f"  {name:12s} {seconds:8.2f} s  ({seconds / base:.2f}x without)")
    print(f"  tickets given a service level: {with_policy}")
    ratio = results["with SLA"] / base
    print(f"  SLA / no SLA at creation: {ratio:.2f}x (target <= 1.5x)")
    seconds, passes, claimed = results["escalation"]
    print(
        f"\n{args.open} open tickets, {args.due} past their deadline: "
        f"{passes} passes of the scheduled action in {seconds:.2f} s, "
        f"{claimed} escalated, {breached} breached"
    )
    print(f"  idle pass over {args.open} open tickets: {results['idle pass']:.3f} s")


if __name__ == "__main__":
    main()
