# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Assignment benchmark (not collected by pytest: run it by hand).

    python3 -m tests.benchmarks.bench_assign \
        [--queued 10000] [--agents 200] [--tickets 2000] [--batch 10] [--keep-db]

In a throwaway database (``hsr_bench_assign``, dropped at the end unless
--keep-db) with helpdesk_routing installed without demo data, 200 agents in
one team (5 skills, each agent 2 of them, capacity 50 each: room for all):

1. **queue**: ``--queued`` tickets wait in the team's queue (each needing one
   skill through its tag, priorities mixed); the time to assign them all
   (``team._hs_assign_queue()``: priority then age, skills, capacity, one
   write per agent, one routing log insert; without chatter);
2. **creation**: ``--tickets`` tickets created in batches of ``--batch`` in
   the team, rolling back in between: no assignment, the plain method
   (fewest open), and the rules (skills, capacity, working hours): the cost
   assignment adds to creation, as ratios of the same run.

Fixed seed.
"""

# a hand-run script: it prints its report
# pylint: disable=print-used

import argparse
import random
import time

from .common import add_database_arguments, bench_environment, timed_create

DB = "hsr_bench_assign"
SKILLS = 5
CAPACITY = 50


def setup_data(env, rng, agent_count):
    tags = env["helpdesk.routing.tag"].create(
        [{"name": f"Bench skill tag {i}"} for i in range(SKILLS)]
    )
    skills = env["helpdesk.routing.skill"].create(
        [
            {"name": f"Bench skill {i}", "tag_ids": [(6, 0, [tags[i].id])]}
            for i in range(SKILLS)
        ]
    )
    group = env.ref("helpdesk_segments.group_helpdesk_agent")
    agents = (
        env["res.users"]
        .with_context(no_reset_password=True, mail_create_nolog=True)
        .create(
            [
                {
                    "name": f"Bench agent {i}",
                    "login": f"bench_agent_{i}",
                    "groups_id": [(6, 0, group.ids)],
                }
                for i in range(agent_count)
            ]
        )
    )
    env["helpdesk.routing.agent.skill"].create(
        [
            {"user_id": agent.id, "skill_id": skills[k].id}
            for index, agent in enumerate(agents)
            for k in {index % SKILLS, (index * 7 + 3) % SKILLS}
        ]
    )
    team = env["helpdesk.routing.team"].create(
        {
            "name": "Bench team",
            "member_ids": [(6, 0, agents.ids)],
            "assignment_method": "none",
        }
    )
    return team, tags


def ticket_vals(rng, count, team, tags):
    return [
        {
            "name": f"Bench ticket {i}",
            "team_id": team.id,
            "priority": str(rng.randrange(4)),
            "tag_ids": [(6, 0, [tags[rng.randrange(len(tags))].id])],
        }
        for i in range(count)
    ]


RULES = {
    "assign_by_skill": True,
    "max_open_tickets": CAPACITY,
    "use_working_hours": True,
}
NO_RULES = {
    "assign_by_skill": False,
    "max_open_tickets": 0,
    "use_working_hours": False,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queued", type=int, default=10000)
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=10)
    add_database_arguments(parser)
    args = parser.parse_args()
    results = {}
    with bench_environment(DB, ["helpdesk_routing"], args) as env:
        cr = env.cr
        team, tags = setup_data(env, random.Random(42), args.agents)
        env.flush_all()
        cr.execute("SAVEPOINT bench")
        # 1. the queue
        queued = ticket_vals(random.Random(7), args.queued, team, tags)
        timed_create(env, queued, 500)
        start = time.perf_counter()
        # switching the team to rules serves its queue at once (then the
        # scheduled pass finds nothing left it can assign); without chatter,
        # like the creations below: with it, mail's "assigned to you" email
        # per ticket costs ~20x the assignment
        team = team.with_context(tracking_disable=True)
        team.write(dict(RULES, assignment_method="fewest_open"))
        team._hs_assign_queue()
        env.flush_all()
        results["queue"] = time.perf_counter() - start
        assigned = env["helpdesk.routing.ticket"].search_count(
            [("team_id", "=", team.id), ("user_id", "!=", False)]
        )
        cr.execute(
            "SELECT max(c) FROM (SELECT count(*) c FROM helpdesk_routing_ticket"
            " WHERE user_id IS NOT NULL GROUP BY user_id) s"
        )
        fullest = cr.fetchone()[0]
        cr.execute("ROLLBACK TO SAVEPOINT bench")
        env.invalidate_all()
        # 2. creation
        vals_list = ticket_vals(random.Random(9), args.tickets, team, tags)
        for name, values in (
            ("no assignment", dict(NO_RULES, assignment_method="none")),
            ("fewest open", dict(NO_RULES, assignment_method="fewest_open")),
            ("rules", dict(RULES, assignment_method="fewest_open")),
        ):
            team.write(values)
            results[name] = timed_create(env, vals_list, args.batch)
            cr.execute("ROLLBACK TO SAVEPOINT bench")
            env.invalidate_all()
        cr.rollback()
    print(
        f"\nqueue: {assigned} of {args.queued} queued tickets assigned to "
        f"{args.agents} agents in {results['queue']:.2f} s "
        f"({args.queued / results['queue']:.0f} tickets/s; fullest agent "
        f"{fullest}, capacity {CAPACITY})"
    )
    base = results["no assignment"]
    print(f"creation: {args.tickets} tickets, batches of {args.batch}")
    for name in ("no assignment", "fewest open", "rules"):
        seconds = results[name]
        print(f"  {name:14s} {seconds:8.2f} s  ({seconds / base:.2f}x no assignment)")
    print(f"  rules / fewest open: {results['rules'] / results['fewest open']:.2f}x")


if __name__ == "__main__":
    main()
