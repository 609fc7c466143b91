# Copyright 2026 Helpdesk Segments & Routing contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Routing benchmark (not collected by pytest: run it by hand).

    python3 -m tests.benchmarks.bench_routing \
        [--tickets 10000] [--batch 500] [--rules 100] [--keep-db]

In a throwaway database (``hsr_bench_routing``, or the name in
``HSR_BENCH_ROUTING_DB`` so that several people can run it; dropped at the
end unless --keep-db) with helpdesk_routing and base_automation installed
without demo data, it creates the same tickets three times, rolling back in between:

1. routing disabled (context ``hs_no_routing``);
2. with ``--rules`` active routing rules (customer filters, channels, tags,
   keywords, priorities, first match wins);
3. routing disabled, the same rules as ``base_automation`` rules (on
   creation, filter domain, a server action writing the team).

and prints the times and the ratios (targets: routing <= 1.5x no routing,
routing >= 5x faster than base_automation). Fixed seed.
"""

# a hand-run script: it prints its report
# pylint: disable=print-used

import argparse
import os
import random

from .common import add_database_arguments, bench_environment, timed_create

DB = os.environ.get("HSR_BENCH_ROUTING_DB", "hsr_bench_routing")


def setup_data(env, rng, rule_count):
    Partner = env["res.partner"]
    tags = env["res.partner.category"].create(
        [{"name": f"Bench tag {i}"} for i in range(20)]
    )
    countries = env["res.country"].search([], limit=30)
    partners = Partner.create(
        [
            {
                "name": f"Bench customer {i}",
                "email": f"bench{i}@example.com",
                "country_id": countries[i % len(countries)].id,
                "category_id": [(6, 0, [tags[i % 20].id])],
            }
            for i in range(2000)
        ]
    )
    teams = env["helpdesk.routing.team"].create(
        [{"name": f"Bench team {i}"} for i in range(10)]
    )
    channels = env["helpdesk.routing.channel"].search([])
    ticket_tags = env["helpdesk.routing.tag"].create(
        [{"name": f"Bench ticket tag {i}"} for i in range(10)]
    )
    # (routing rule values, equivalent filter domain on the ticket)
    specs = []
    for i in range(rule_count):
        kind = i % 5
        team = teams[i % 10]
        if kind == 0:
            tag = tags[rng.randrange(20)]
            rule = {"partner_domain": repr([("category_id", "in", [tag.id])])}
            domain = [("partner_id.category_id", "in", [tag.id])]
        elif kind == 1:
            country = countries[rng.randrange(len(countries))]
            rule = {"partner_domain": repr([("country_id", "=", country.id)])}
            domain = [("partner_id.country_id", "=", country.id)]
        elif kind == 2:
            channel = channels[rng.randrange(len(channels))]
            rule = {"channel_ids": [(6, 0, channel.ids)], "priority_min": "2"}
            domain = [("channel_id", "=", channel.id), ("priority", ">=", "2")]
        elif kind == 3:
            tag = ticket_tags[rng.randrange(10)]
            rule = {"tag_ids": [(6, 0, tag.ids)]}
            domain = [("tag_ids", "in", tag.ids)]
        else:
            word = f"word{rng.randrange(200)}"
            rule = {"keywords": word}
            domain = [("name", "ilike", word)]
        rule.update(name=f"Bench rule {i}", sequence=i, team_id=team.id)
        specs.append((rule, domain, team))
    return partners, channels, ticket_tags, specs


def ticket_vals(rng, count, partners, channels, ticket_tags):
    return [
        {
            "name": f"Bench ticket {i} about word{rng.randrange(400)}",
            "partner_id": partners[rng.randrange(len(partners))].id,
            "channel_id": channels[rng.randrange(len(channels))].id,
            "priority": str(rng.randrange(4)),
            "tag_ids": [(6, 0, [ticket_tags[rng.randrange(10)].id])]
            if rng.random() < 0.3
            else [],
        }
        for i in range(count)
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--rules", type=int, default=100)
    add_database_arguments(parser)
    args = parser.parse_args()

    results = {}
    with bench_environment(DB, ["helpdesk_routing", "base_automation"], args) as env:
        cr = env.cr
        rng = random.Random(42)
        partners, channels, ticket_tags, specs = setup_data(env, rng, args.rules)
        vals_list = ticket_vals(
            random.Random(7), args.tickets, partners, channels, ticket_tags
        )
        env["helpdesk.routing.rule"].search([]).action_archive()
        env.flush_all()
        cr.execute("SAVEPOINT bench")

        results["no routing"] = timed_create(
            env, vals_list, args.batch, hs_no_routing=True
        )
        cr.execute("ROLLBACK TO SAVEPOINT bench")
        env.invalidate_all()

        env["helpdesk.routing.rule"].create([spec[0] for spec in specs])
        results["routing rules"] = timed_create(env, vals_list, args.batch)
        routed = env["helpdesk.routing.ticket"].search_count([("team_id", "!=", False)])
        cr.execute("ROLLBACK TO SAVEPOINT bench")
        env.invalidate_all()
        env.registry.clear_cache()

        model = env["ir.model"]._get("helpdesk.routing.ticket")
        env["base.automation"].create(
            [
                {
                    "name": f"Bench automation {i}",
                    "model_id": model.id,
                    "trigger": "on_create",
                    "filter_domain": repr(domain + [("team_id", "=", False)]),
                    "action_server_ids": [
                        (
                            0,
                            0,
                            {
                                "name": f"Bench team {i}",
                                "model_id": model.id,
                                "state": "code",
                                "code": f"records.write({{'team_id': {team.id}}})",
                            },
                        )
                    ],
                }
                for i, (_rule, domain, team) in enumerate(specs)
            ]
        )
        results["base_automation"] = timed_create(
            env, vals_list, args.batch, hs_no_routing=True
        )
        automated = env["helpdesk.routing.ticket"].search_count(
            [("team_id", "!=", False)]
        )
        cr.rollback()

    base = results["no routing"]
    print(f"\n{args.tickets} tickets, batches of {args.batch}, {args.rules} rules")
    for name, seconds in results.items():
        print(f"  {name:16s} {seconds:8.2f} s  ({seconds / base:.2f}x no routing)")
    print(f"  tickets given a team: routing {routed}, base_automation {automated}")
    ratio = results["routing rules"] / base
    print(f"  routing / no routing: {ratio:.2f}x (target <= 1.5x)")
    print(
        "  base_automation / routing: "
        f"{results['base_automation'] / results['routing rules']:.2f}x (target >= 5x)"
    )


if __name__ == "__main__":
    main()
