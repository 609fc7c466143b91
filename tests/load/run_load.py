"""Bounded load test (hand-run, not collected by pytest).

Two prefork Odoo servers (``--workers`` HTTP workers and one cron worker
each) on a throwaway database with demo data, on loopback. ``--clients``
client threads, each a helpdesk agent of its own, create tickets over
JSON-RPC (``execute_kw``) for ``--duration`` seconds, in two phases on the
same database:

1. routing enabled, with the demo routing rules active;
2. routing disabled (company setting ``helpdesk_routing_enabled`` off);
3. with ``--capacity N``, capacity-based assignment, routing enabled again:
   the agents form a team assigning by skill (the Order tag needs a skill
   that every other agent has) with a capacity of N open tickets per agent
   weighed by priority; each client creates tickets in that team (about 3
   calls in 4) or solves one of its own open tickets (which frees capacity
   and makes its worker assign the team's queue), while the servers' cron
   workers run the queue cron every minute. Checked: no agent above their
   capacity, no ticket assigned twice, nothing queued while an agent with
   the skills has room once the phase is over and the cron has run.

Each client sends all its calls to one server (client i to server i mod 2,
as a load balancer that keeps a client on one backend), and each server gets
enough workers for its listen queue to hold all its clients. Odoo's prefork
server listens with a backlog of 8 x workers; when more connections wait
than that, Linux drops the last packet of their handshake and their request,
and the connection stays half-open until a retransmission finds room: a
worker then accepts it before the request arrives and closes it after its 2 s
socket timeout ("Request timed out", the client sees the connection closed
without an answer), or the kernel gives up on it after its SYN-ACK retries
(about 63 s, the client sees a reset). ``--workers`` lower than that
reproduces it.

Prints per phase the throughput (tickets/s), the p50/p95/p99 latency of a
create call, the number of errors, of serialization failures the servers
retried (and the statements that failed) and of connections they closed
with "Request timed out", the tickets in the database against the
successful calls, and the servers' listen queues; then the ratio routing /
no routing. Fails (exit status 1) on any
error or when the database does not hold exactly one ticket per successful
call. Stops by itself: each phase stops sending after ``--duration`` seconds
(a call in flight may finish up to ``--timeout`` seconds later).

    python3 -m tests.load.run_load                  # 50 clients, 60 s a phase
    python3 -m tests.load.run_load --smoke          # 5 clients, 10 s a phase
    python3 -m tests.load.run_load --capacity 5     # and a capacity phase

Run it from the repository root, with the Python that imports Odoo 18 and
the PostgreSQL of scripts/test.sh (PG* variables).
"""

import argparse
import math
import os
import random
import re
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from odoo.tools import config

from ..odoo_cli import OUR_ADDONS, ThrowawayDatabase, odoo_addons_path
from .harness import (
    ADMIN_LOGIN,
    ADMIN_PASSWORD,
    ListenQueueMonitor,
    OdooCluster,
    RpcClient,
    RpcError,
    listen_backlog,
    percentile,
    tcp_counters,
)

SUBJECTS = (
    "Where is my order?",
    "Refund for a damaged item",
    "Change the delivery address",
    "I want to cancel my subscription",
    "Wrong size delivered",
)
SERVERS = 2
# Odoo's prefork server: socket.listen(8 * workers) (odoo/service/server.py)
BACKLOG_PER_WORKER = 8


# odoo/sql_db.py logs every failed query: "bad query: %s\nERROR: %s"
_BAD_QUERY = re.compile(r"bad query: (.*)\nERROR: (.*)")
_TABLE = re.compile(r'\b(UPDATE|INSERT INTO|DELETE FROM|FROM)\s+"?(\w+)"?')


def concurrency_failures(logs):
    """``Counter`` of the statements (verb and table) that failed with a
    serialization failure or a deadlock in the servers' logs (Odoo retries
    the request)."""
    counts = Counter()
    for query, error in _BAD_QUERY.findall(logs):
        if "could not serialize" in error or "deadlock" in error:
            match = _TABLE.search(query)
            counts[f"{match[1]} {match[2]}" if match else query[:60]] += 1
    return counts


def workers_for(clients, servers=SERVERS):
    """HTTP workers a server needs for its listen queue to hold every client
    it serves (the kernel queues up to backlog + 1 connections), at least 2.
    A client has one connection at a time, so no connection can overflow."""
    per_server = math.ceil(clients / servers)
    return max(2, math.ceil((per_server - 1) / BACKLOG_PER_WORKER))


def _say(*args):
    print(*args, flush=True)  # pylint: disable=print-used


def _setup(admin, agents, seed):
    """Agents, ticket customers, channels, the Order tag."""
    group = admin.ref("helpdesk_segments.group_helpdesk_agent")
    logins = [f"load_agent_{i}" for i in range(agents)]
    admin.call(
        "res.users",
        "create",
        [
            {
                "name": f"Load agent {i}",
                "login": login,
                "password": f"{login}-{seed}",
                "email": f"{login}@example.com",
                "groups_id": [(6, 0, [group])],
            }
            for i, login in enumerate(logins)
        ],
    )
    customers = admin.call(
        "res.partner", "search", [("user_ids", "=", False)], order="id"
    )
    channels = admin.call("helpdesk.routing.channel", "search", [], order="id")
    order_tag = admin.ref("helpdesk_routing.helpdesk_routing_tag_order")
    return logins, customers, channels, order_tag


def _setup_capacity(admin, logins, order_tag, capacity):
    """The capacity phase's team: the load agents, fewest open tickets by
    skill with a capacity weighed by priority; the Order tag needs a skill
    every other agent has (at least one). Returns its settings."""
    agent_ids = admin.call("res.users", "search", [("login", "in", logins)], order="id")
    skill = admin.call(
        "helpdesk.routing.skill",
        "create",
        {
            "name": "Orders (load test)",
            "kind": "product",
            "tag_ids": [(6, 0, [order_tag])],
        },
    )
    skilled = agent_ids[::2]
    admin.call(
        "helpdesk.routing.agent.skill",
        "create",
        [{"user_id": uid, "skill_id": skill, "level": "2"} for uid in skilled],
    )
    team = admin.call(
        "helpdesk.routing.team",
        "create",
        {
            "name": "Load test capacity team",
            "member_ids": [(6, 0, agent_ids)],
            "assignment_method": "fewest_open",
            "assign_by_skill": True,
            "max_open_tickets": capacity,
            "capacity_by_priority": True,
        },
    )
    cron = admin.ref("helpdesk_routing.helpdesk_routing_team_cron_assign_queue")
    return {
        "team": team,
        "capacity": capacity,
        "agents": agent_ids,
        "skilled": skilled,
        "order_tag": order_tag,
        "solved": admin.ref("helpdesk_routing.helpdesk_routing_stage_solved"),
        "cron": cron,
    }


def _client(index, urls, dbname, login, password, setup, deadline, timeout, seed):
    """Create tickets on server ``index mod len(urls)`` until the deadline;
    return [(seconds, error, method)]. A failed call is counted, never sent
    again. In the capacity phase (``setup[3]``), about 1 call in 4 solves
    one of the client's agent's open tickets of the team instead."""
    customers, channels, order_tag, capacity = setup
    rng = random.Random(seed * 1000 + index)
    rpc = RpcClient(urls[index % len(urls)], dbname, login, password, timeout=timeout)
    results = []
    while time.monotonic() < deadline:
        vals = {
            "name": rng.choice(SUBJECTS),
            "partner_id": rng.choice(customers),
            "channel_id": rng.choice(channels),
            "description": "<p>Sent by the load test.</p>",
        }
        if rng.random() < 0.3:
            vals["tag_ids"] = [(6, 0, [order_tag])]
        solve = False
        if capacity:
            vals["team_id"] = capacity["team"]
            vals["priority"] = rng.choice("0112223")
            solve = rng.random() < 0.25
        start = time.perf_counter()
        error = None
        try:
            if rpc.uid is None:
                rpc.authenticate()
                start = time.perf_counter()
            if solve:
                mine = rpc.call(
                    "helpdesk.routing.ticket",
                    "search",
                    [
                        ("team_id", "=", capacity["team"]),
                        ("user_id", "=", rpc.uid),
                        ("is_closed", "=", False),
                    ],
                    limit=5,
                )
                if mine:
                    rpc.call(
                        "helpdesk.routing.ticket",
                        "write",
                        [rng.choice(mine)],
                        {"stage_id": capacity["solved"]},
                    )
            else:
                rpc.call("helpdesk.routing.ticket", "create", [vals])
        except RpcError as exc:
            error = str(exc)
        results.append(
            (time.perf_counter() - start, error, "write" if solve else "create")
        )
    return results


def _run_cron(admin, cron, tries=30):
    """Run a cron now; while a cron worker runs it, Odoo refuses (the job is
    locked): try again a second later."""
    for attempt in range(tries):
        try:
            return admin.call("ir.cron", "method_direct_trigger", [cron])
        except RpcError:
            if attempt == tries - 1:
                raise
            threading.Event().wait(1)
    return False


# weight of an open ticket by priority (helpdesk_routing/engine/assign.py)
_WEIGHT_SQL = "CASE priority WHEN '2' THEN 2 WHEN '3' THEN 3 ELSE 1 END"


def _capacity_load(db, team):
    """{agent id: weighted open tickets of the team} (committed state)."""
    with db.cursor() as cr:
        cr.execute(
            f"SELECT user_id, sum({_WEIGHT_SQL}) FROM helpdesk_routing_ticket"
            " WHERE team_id = %s AND user_id IS NOT NULL AND is_closed IS NOT TRUE"
            " AND active GROUP BY user_id",
            [team],
        )
        return dict(cr.fetchall())


def _check_capacity(db, capacity, peaks):
    """The capacity phase's checks; returns the list of what failed."""
    team, limit = capacity["team"], capacity["capacity"]
    problems = []
    load = _capacity_load(db, team)
    peak = max([*peaks, *load.values()], default=0)
    if peak > limit:
        problems.append(f"an agent held {peak} (weighted) of a capacity of {limit}")
    with db.cursor() as cr:
        cr.execute(
            "SELECT t.id, t.user_id IS NOT NULL, count(l.id) FILTER ("
            "  WHERE l.destination LIKE 'assigned to %%')"
            " FROM helpdesk_routing_ticket t"
            " LEFT JOIN helpdesk_routing_log l"
            "   ON l.ticket_id = t.id AND l.trigger = 'assign'"
            " WHERE t.team_id = %s GROUP BY t.id",
            [team],
        )
        rows = cr.fetchall()
        twice = [r[0] for r in rows if r[2] > 1 or (r[1] and r[2] != 1)]
        if twice:
            problems.append(f"tickets assigned twice or unlogged: {twice[:20]}")
        cr.execute(
            f"SELECT t.id, {_WEIGHT_SQL}, EXISTS (SELECT 1 FROM"
            " helpdesk_routing_ticket_tag_rel r WHERE r.ticket_id = t.id"
            " AND r.tag_id = %s) FROM helpdesk_routing_ticket t"
            " WHERE t.team_id = %s AND t.user_id IS NULL AND t.is_closed IS NOT TRUE",
            [capacity["order_tag"], team],
        )
        queued = cr.fetchall()
    for ticket_id, weight, needs_skill in queued:
        fits = [
            uid
            for uid in (capacity["skilled"] if needs_skill else capacity["agents"])
            if load.get(uid, 0) + weight <= limit
        ]
        if fits:
            problems.append(f"ticket {ticket_id} queued while {fits} have room")
            break
    _say(
        f"capacity team: {len(rows)} tickets, {sum(1 for r in rows if r[1])} "
        f"assigned, {len(queued)} queued at the end; peak weighted load "
        f"{peak} of {limit}; load now {dict(sorted(load.items()))}"
    )
    return problems


def _phase(name, args, cluster, db, logins, setup, duration=None):
    duration = duration or args.duration
    capacity = setup[3]
    peaks = []
    stop_watch = threading.Event()

    def watch():
        # the committed load of the capacity team's agents, all along
        while not stop_watch.wait(0.2):
            peaks.append(max(_capacity_load(db, capacity["team"]).values(), default=0))

    watcher = threading.Thread(target=watch, name="capacity-watch")
    if capacity:
        watcher.start()
    _say(f"\n== {name}: {args.clients} clients, {duration} s ==")
    _say(f"load average before: {os.getloadavg()}")
    logs_before = cluster.logs()
    retries_before = logs_before.count("tries left")
    conflicts_before = concurrency_failures(logs_before)
    timeouts_before = logs_before.count("Request timed out")
    counters_before = tcp_counters()
    monitor = ListenQueueMonitor([http_port for http_port, __ in cluster.ports])
    monitor.start()
    with db.cursor() as cr:
        cr.execute("SELECT coalesce(max(id), 0) FROM helpdesk_routing_ticket")
        first_id = cr.fetchone()[0] + 1
    start = time.monotonic()
    deadline = start + duration
    with ThreadPoolExecutor(max_workers=args.clients) as pool:
        futures = [
            pool.submit(
                _client,
                i,
                cluster.urls,
                db.name,
                logins[i % len(logins)],
                f"{logins[i % len(logins)]}-{args.seed}",
                setup,
                deadline,
                args.timeout,
                args.seed,
            )
            for i in range(args.clients)
        ]
        results = [r for future in futures for r in future.result()]
    elapsed = time.monotonic() - start
    if capacity:
        stop_watch.set()
        watcher.join()
    queues = monitor.stop()
    counters = tcp_counters()
    logs = cluster.logs()
    latencies = [s for s, error, method in results if not error and method == "create"]
    writes = [s for s, error, method in results if not error and method == "write"]
    errors = [error for __, error, __ in results if error is not None]
    with db.cursor() as cr:
        cr.execute(
            "SELECT count(*), count(*) FILTER (WHERE team_id IS NOT NULL) "
            "FROM helpdesk_routing_ticket WHERE id >= %s",
            [first_id],
        )
        created, with_team = cr.fetchone()
        cr.execute(
            "SELECT count(DISTINCT ticket_id), count(*) FILTER (WHERE trigger = "
            "'create' AND NOT is_fallback) FROM helpdesk_routing_log "
            "WHERE ticket_id >= %s",
            [first_id],
        )
        routed, rule_logs = cr.fetchone()
    stats = {
        "tickets": len(latencies),
        "created": created,
        "elapsed": elapsed,
        "throughput": len(latencies) / elapsed,
        "p50": percentile(latencies, 0.50) if latencies else float("nan"),
        "p95": percentile(latencies, 0.95) if latencies else float("nan"),
        "p99": percentile(latencies, 0.99) if latencies else float("nan"),
        "max": max(latencies) if latencies else float("nan"),
        "errors": len(errors),
        "retries": logs.count("tries left") - retries_before,
        "timed_out": logs.count("Request timed out") - timeouts_before,
        "mismatch": created - len(latencies),
        "routed": routed,
        "rule_logs": rule_logs,
        "with_team": with_team,
        "writes": len(writes),
        "peaks": peaks,
    }
    _say(
        "tickets {tickets} (in database {created}) in {elapsed:.1f} s: "
        "{throughput:.1f} tickets/s\n"
        "latency p50 {p50:.3f} s, p95 {p95:.3f} s, p99 {p99:.3f} s, "
        "max {max:.3f} s\n"
        "errors {errors}, serialization failures retried by the servers "
        '{retries}, connections the servers closed with "Request timed out" '
        "{timed_out}\n"
        "tickets with a routing log {routed} (rule decisions {rule_logs}), "
        "with a team {with_team}".format(**stats)
    )
    if capacity:
        _say(
            f"solve calls {len(writes)} (p50 "
            f"{percentile(writes, 0.5) if writes else float('nan'):.3f} s)"
        )
    if stats["mismatch"]:
        _say(
            f"MISMATCH: {created} tickets in the database for {len(latencies)} "
            "successful calls"
        )
    for error in sorted(set(errors))[:10]:
        _say(f"  error ({errors.count(error)}x): {error[:300]}")
    for port, queue in sorted(queues.items()):
        _say(
            f"listen queue of :{port}: backlog {queue['backlog']}, longest "
            f"{queue['max_queue']}, full in {queue['full_samples']} of "
            f"{queue['samples']} samples, half-open (SYN_RECV) at most "
            f"{queue['max_half_open']}"
        )
    deltas = {name: counters[name] - counters_before[name] for name in counters}
    _say(
        "kernel TCP counters (whole machine): "
        + ", ".join(f"{name} +{delta}" for name, delta in deltas.items())
    )
    stats["overflows"] = deltas["ListenOverflows"]
    conflicts = concurrency_failures(logs) - conflicts_before
    if conflicts:
        _say(
            "failed statements the servers retried: "
            + ", ".join(f"{what} {n}x" for what, n in conflicts.most_common())
        )
    server_errors = [
        line
        for line in logs.splitlines()
        if (" ERROR " in line or " CRITICAL " in line) and "bad query" not in line
    ]
    _say(f"server log: {len(server_errors)} error lines (all phases so far)")
    for line in server_errors[:5]:
        _say(f"  {line[:300]}")
    return stats


def _check_backlogs(cluster, clients):
    """Say whether each server's listen queue can hold all its clients."""
    for index, (http_port, __) in enumerate(cluster.ports):
        served = len(range(index, clients, len(cluster.ports)))
        backlog = listen_backlog(http_port)
        if backlog is None:
            _say(f"server :{http_port}: {served} clients, backlog unknown (no ss)")
        elif backlog + 1 >= served:
            _say(
                f"server :{http_port}: {served} clients, listen backlog "
                f"{backlog} (queue of {backlog + 1}): holds them all"
            )
        else:
            _say(
                f"WARNING server :{http_port}: {served} clients, listen backlog "
                f"{backlog} (queue of {backlog + 1}): connections will overflow "
                "it, more --workers needed"
            )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="s per phase")
    parser.add_argument(
        "--workers",
        type=int,
        help="HTTP workers per server (default: enough for the listen queue "
        "to hold the clients of a server, at least 2)",
    )
    parser.add_argument(
        "--agents", type=int, default=5, help="agent users the clients share"
    )
    parser.add_argument("--port", type=int, default=8184, help="first HTTP port")
    parser.add_argument("--timeout", type=float, default=120.0, help="per call")
    parser.add_argument("--seed", type=int, default=20260507)
    parser.add_argument("--smoke", action="store_true", help="5 clients, 10 s")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--capacity",
        type=int,
        default=0,
        help="add a phase with capacity-based assignment: a team of the agents "
        "assigning by skill with this capacity per agent (weighed by priority, "
        "at least 3)",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.clients, args.duration = 5, 10.0
    if not 0 < args.clients <= 200 or not 0 < args.duration <= 600:
        parser.error("--clients must be 1-200 and --duration 1-600 s")
    if args.capacity and not 3 <= args.capacity <= 1000:
        parser.error("--capacity must be 3-1000 (an urgent ticket weighs 3)")
    args.workers = args.workers or workers_for(args.clients)
    config["addons_path"] = odoo_addons_path()
    db = ThrowawayDatabase("hsr_load_run")
    cluster = OdooCluster(
        db,
        [(args.port + i, args.port + SERVERS + i) for i in range(SERVERS)],
        workers=args.workers,
        cron_threads=1,
    )
    try:
        _say(f"Installing {', '.join(OUR_ADDONS)} with demo data into {db.name}")
        db.install(OUR_ADDONS, demo=True)
        _say(f"Starting {SERVERS} servers x {args.workers} workers + 1 cron worker")
        cluster.start()
        _check_backlogs(cluster, args.clients)
        admin = RpcClient(cluster.urls[0], db.name, ADMIN_LOGIN, ADMIN_PASSWORD)
        logins, *setup = _setup(admin, args.agents, args.seed)
        setup.append(None)
        company = admin.call("res.users", "read", [admin.uid], ["company_id"])[0][
            "company_id"
        ][0]
        # every worker logs the agents in (password hashes) and loads its
        # registry before anything is measured
        _phase("warm-up (not measured)", args, cluster, db, logins, setup, 10.0)
        with_routing = _phase("routing enabled", args, cluster, db, logins, setup)
        admin.call(
            "res.company", "write", [company], {"helpdesk_routing_enabled": False}
        )
        without = _phase("routing disabled", args, cluster, db, logins, setup)
        _say("\n== routing / no routing ==")
        _say(
            "throughput ratio {:.2f}, p50 ratio {:.2f}, p95 ratio {:.2f}".format(
                with_routing["throughput"] / without["throughput"],
                with_routing["p50"] / without["p50"],
                with_routing["p95"] / without["p95"],
            )
        )
        phases = [with_routing, without]
        problems = []
        if args.capacity:
            admin.call(
                "res.company", "write", [company], {"helpdesk_routing_enabled": True}
            )
            capacity = _setup_capacity(admin, logins, setup[2], args.capacity)
            # the servers' cron workers run the queue cron every minute
            admin.call(
                "ir.cron",
                "write",
                [capacity["cron"]],
                {"interval_number": 1, "interval_type": "minutes"},
            )
            with db.cursor() as cr:
                cr.execute(
                    "UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC'"
                    " WHERE id = %s",
                    [capacity["cron"]],
                )
            stats = _phase(
                "capacity assignment",
                args,
                cluster,
                db,
                logins,
                [*setup[:3], capacity],
            )
            phases.append(stats)
            # the capacity the last solves freed goes to the queue
            _run_cron(admin, capacity["cron"])
            capacity_load = stats["peaks"]
            problems = _check_capacity(db, capacity, capacity_load)
            for problem in problems:
                _say(f"CAPACITY: {problem}")
            _say(
                "capacity assignment / routing enabled: throughput ratio {:.2f}, "
                "p50 ratio {:.2f}".format(
                    stats["throughput"] / with_routing["throughput"],
                    stats["p50"] / with_routing["p50"],
                )
            )
        failed = sum(phase["errors"] + abs(phase["mismatch"]) for phase in phases)
        return 1 if failed or problems else 0
    finally:
        cluster.stop()
        if args.keep_db:
            _say(f"Kept database {db.name} (config {db.conf})")
        else:
            db.drop()


if __name__ == "__main__":
    threading.current_thread().name = "load"
    sys.exit(main())
