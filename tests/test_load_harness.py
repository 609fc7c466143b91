"""The load test's server sizing, its listen-queue monitor and its reading of
the servers' logs, without Odoo servers (tests/load/run_load.py is run by
hand).

Odoo's prefork server listens with a backlog of 8 x workers; the load test
gives each server enough workers for its queue to hold every client it
serves, since a connection that overflows the queue fails (the server closes
it with "Request timed out" or the kernel resets it).
"""

import inspect
import math
import select
import shutil
import socket
from collections import Counter

import pytest

from odoo.service import server

from .load import run_load
from .load.harness import ListenQueueMonitor, listen_backlog, tcp_counters
from .load.run_load import (
    BACKLOG_PER_WORKER,
    SERVERS,
    concurrency_failures,
    workers_for,
)


def test_odoo_listen_backlog_is_8_per_worker():
    source = inspect.getsource(server.PreforkServer.start)
    assert "self.socket.listen(8 * self.population)" in source
    assert BACKLOG_PER_WORKER == 8


def test_workers_hold_every_client_of_a_server():
    assert workers_for(50) == 3  # 25 clients a server, a queue of 8 x 3 + 1
    assert workers_for(5) == 2
    for clients in range(1, 201):
        workers = workers_for(clients)
        per_server = math.ceil(clients / SERVERS)
        # the kernel queues backlog + 1 connections
        assert BACKLOG_PER_WORKER * workers + 1 >= per_server, clients
        # and no more workers than that (at least 2)
        assert workers == 2 or BACKLOG_PER_WORKER * (workers - 1) + 1 < per_server


def test_monitor_sees_a_full_listen_queue():
    """A socket listening with backlog 1 and nobody accepting: two
    connections complete (backlog + 1), the kernel drops the handshake of
    the next ones and counts them as listen overflows."""
    listener = socket.socket()
    clients = []
    try:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        assert listen_backlog(port) == (1 if shutil.which("ss") else None)
        before = tcp_counters()
        monitor = ListenQueueMonitor([port], backlogs={port: 1})
        monitor.start(thread=False)
        for __ in range(4):
            client = socket.socket()
            client.setblocking(False)
            client.connect_ex(("127.0.0.1", port))
            clients.append(client)
        # the first two complete their handshake (writable), the others wait
        __, writable, __ = select.select([], clients[:2], [], 30)
        assert len(writable) == 2
        monitor.sample()
        stats = monitor.stop()[port]
        assert stats["max_queue"] == 2
        assert stats["full_samples"] == 1
        assert stats["samples"] == 1
        # machine-wide counter: other processes can only add to it
        assert tcp_counters()["ListenOverflows"] - before["ListenOverflows"] >= 2
    finally:
        for client in clients:
            client.close()
        listener.close()


def test_concurrency_failures_in_odoo_logs():
    """odoo.sql_db's "bad query" lines, as a server writes them."""
    logs = (
        "2026-11-23 07:18:09,704 3851 ERROR db odoo.sql_db: bad query: "
        'b\'UPDATE "helpdesk_routing_team" SET "last_assigned_user_id" = 7 '
        "WHERE id IN (2)'\nERROR: could not serialize access due to concurrent "
        "update\n\n"
        "2026-11-23 07:18:10,001 3852 ERROR db odoo.sql_db: bad query: "
        'b\'SELECT "x" FROM "res_partner"\'\nERROR: column "x" does not '
        "exist\n\n"
        "2026-11-23 07:18:11,002 3851 ERROR db odoo.sql_db: bad query: "
        'b\'UPDATE "helpdesk_routing_team" SET "write_date" = now()\'\n'
        "ERROR: deadlock detected\n"
    )
    assert concurrency_failures(logs) == Counter({"UPDATE helpdesk_routing_team": 2})


def test_capacity_phase_option():
    """``--capacity N`` adds the capacity-based assignment phase; an urgent
    ticket weighs 3, so a capacity below 3 is refused before anything
    starts."""
    for bad in ("2", "1001"):
        with pytest.raises(SystemExit):
            run_load.main(["--capacity", bad])
    assert "--capacity" in run_load.__doc__
