"""Odoo servers in multi-worker mode on a throwaway database, and JSON-RPC
clients, for the concurrency test and the load test.

``OdooCluster`` starts several ``odoo server`` processes on the same database,
each with ``--workers`` HTTP workers and ``--max-cron-threads`` cron workers
(the prefork server), as a scaled-out deployment runs them, and stops every
process group in its ``stop()``. ``RpcClient`` calls the external JSON-RPC API
(``/jsonrpc``, service ``object``, ``execute_kw``) with urllib and keeps the
latency and the outcome of every call. ``ListenQueueMonitor`` and
``tcp_counters`` show whether the servers' listen queues overflowed.
"""

import json
import math
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from itertools import count

HOST = "127.0.0.1"
SERVER_SCRIPT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "odoo_server.py"
)
ADMIN_LOGIN = "admin"
ADMIN_PASSWORD = "admin"  # the demo administrator's password


class RpcError(Exception):
    """A JSON-RPC call that returned an error (or no answer)."""

    def __init__(self, message, data=None):
        super().__init__(message)
        self.data = data or {}


class OdooCluster:
    """``len(ports)`` prefork Odoo servers on one database.

    :param db: a ``ThrowawayDatabase`` (its config file is used)
    :param ports: ``[(http_port, gevent_port), ...]``, one per server
    """

    def __init__(
        self,
        db,
        ports,
        *,
        workers=2,
        cron_threads=1,
        log_handlers=(
            "odoo.service.model:INFO",
            "odoo.addons.base.models.ir_cron:INFO",
        ),
        env=None,
    ):
        self.db = db
        self.ports = list(ports)
        self.workers = workers
        self.cron_threads = cron_threads
        self.log_handlers = log_handlers
        self.env = env or {}
        self.procs = []
        self.logfiles = []

    @property
    def urls(self):
        return [f"http://{HOST}:{http_port}" for http_port, __ in self.ports]

    def start(self, timeout=120):
        for index, (http_port, gevent_port) in enumerate(self.ports):
            logfile = os.path.join(self.db.workdir, f"server{index}.log")
            self.logfiles.append(logfile)
            args = [
                sys.executable,
                SERVER_SCRIPT,
                "server",
                "-c",
                self.db.conf,
                "-d",
                self.db.name,
                f"--db-filter=^{self.db.name}$",
                f"--workers={self.workers}",
                f"--max-cron-threads={self.cron_threads}",
                f"--http-interface={HOST}",
                f"--http-port={http_port}",
                f"--gevent-port={gevent_port}",
                "--limit-time-real=600",
                "--limit-time-cpu=600",
                "--limit-request=100000",
                "--log-level=warn",
                f"--logfile={logfile}",
            ]
            for handler in self.log_handlers:
                args.append(f"--log-handler={handler}")
            # a process group of its own: stop() ends the master and workers
            self.procs.append(
                subprocess.Popen(  # pylint: disable=consider-using-with
                    args,
                    env={**os.environ, **self.env},
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        deadline = time.monotonic() + timeout
        for proc, url, logfile in zip(
            self.procs, self.urls, self.logfiles, strict=True
        ):
            self._wait_healthy(proc, url, logfile, deadline)
        return self

    @staticmethod
    def _wait_healthy(proc, url, logfile, deadline):
        """Poll /web/health until it answers 200, the process dies or the
        deadline passes (a short wait between polls, never past it)."""
        stop = threading.Event()
        last_error = None
        while True:
            if proc.poll() is not None:
                raise AssertionError(
                    f"Odoo server {url} exited {proc.returncode}:\n{tail(logfile)}"
                )
            try:
                with urllib.request.urlopen(f"{url}/web/health", timeout=5) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, OSError) as error:
                last_error = error  # not listening yet
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"Odoo server {url} did not answer /web/health in time "
                    f"({last_error}):\n{tail(logfile)}"
                )
            stop.wait(min(0.2, remaining))

    def stop(self, timeout=30):
        """SIGTERM to each server's process group (master and workers), then
        SIGKILL to whatever is left of the groups."""
        for proc in self.procs:
            if proc.poll() is None:
                _kill_group(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill_group(proc.pid, signal.SIGKILL)
                proc.wait(timeout=timeout)
        # workers left behind by a master that did not stop them
        for proc in self.procs:
            _kill_group(proc.pid, signal.SIGKILL)

    def logs(self):
        text = []
        for logfile in self.logfiles:
            if os.path.exists(logfile):
                with open(logfile, encoding="utf-8", errors="replace") as handle:
                    text.append(handle.read())
        return "\n".join(text)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def _kill_group(pgid, sig):
    """Signal a process group; False when it is already gone."""
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        return False
    return True


def tail(path, lines=60):
    if not os.path.exists(path):
        return "(no log)"
    with open(path, encoding="utf-8", errors="replace") as handle:
        return "".join(handle.readlines()[-lines:])


class RpcClient:
    """JSON-RPC client of one user on one server; ``calls`` keeps
    ``(method, seconds, error or None)`` of every ``execute_kw``.

    Every call opens a connection of its own (urllib sends ``Connection:
    close``, and Odoo's werkzeug server closes every connection after its
    answer): no persistent connection is ever reused, so a call never goes
    out on a connection the server has already closed. A call that fails is
    not sent again: when the server closes the connection without an answer,
    the client cannot know whether the request was processed (a second
    ``create`` could make a duplicate), so the failure is recorded and
    raised.
    """

    _ids = count(1)

    def __init__(self, url, dbname, login, password, timeout=300):
        self.url = url
        self.dbname = dbname
        self.login = login
        self.password = password
        self.timeout = timeout
        self.uid = None
        self.calls = []

    def _post(self, service, method, *args):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": next(self._ids),
            "params": {"service": service, "method": method, "args": list(args)},
        }
        request = urllib.request.Request(
            f"{self.url}/jsonrpc",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as resp:
                answer = json.loads(resp.read())
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise RpcError(f"{type(exc).__name__}: {exc}") from exc
        if answer.get("error"):
            error = answer["error"]
            data = error.get("data") or {}
            raise RpcError(data.get("message") or error.get("message"), data)
        return answer["result"]

    def authenticate(self):
        self.uid = self._post("common", "login", self.dbname, self.login, self.password)
        if not self.uid:
            raise RpcError(f"login {self.login} refused")
        return self.uid

    def call(self, model, method, *args, **kwargs):
        """``execute_kw``; raises ``RpcError``, records the call either way."""
        if self.uid is None:
            self.authenticate()
        start = time.perf_counter()
        error = None
        try:
            return self._post(
                "object",
                "execute_kw",
                self.dbname,
                self.uid,
                self.password,
                model,
                method,
                list(args),
                kwargs,
            )
        except RpcError as exc:
            error = str(exc)
            raise
        finally:
            self.calls.append((method, time.perf_counter() - start, error))

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        rows = self.call(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["res_id"],
        )
        if not rows:
            raise RpcError(f"no record {xmlid}")
        return rows[0]["res_id"]


def create_users(admin, logins, password_of, groups):
    """Create internal users (``logins``) with the groups (xml ids) over RPC;
    return ``{login: uid}``."""
    group_ids = [admin.ref(xmlid) for xmlid in groups]
    ids = admin.call(
        "res.users",
        "create",
        [
            {
                "name": f"Load client {login}",
                "login": login,
                "password": password_of(login),
                "groups_id": [(6, 0, group_ids)],
            }
            for login in logins
        ],
    )
    return dict(zip(logins, ids, strict=True))


def percentile(values, fraction):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


# /proc/net/tcp states (include/net/tcp_states.h)
_TCP_LISTEN = "0A"
_TCP_SYN_RECV = "03"


def _tcp_sockets():
    """``(local_port, state, rx_queue)`` of every IPv4 TCP socket of this
    network namespace; for a listening socket rx_queue is the number of
    connections waiting to be accepted."""
    with open("/proc/net/tcp", encoding="ascii") as handle:
        next(handle)
        for line in handle:
            fields = line.split()
            port = int(fields[1].rsplit(":", 1)[1], 16)
            yield port, fields[3], int(fields[4].split(":")[1], 16)


def listen_backlog(port):
    """The backlog of the socket listening on ``port`` (``ss``: Send-Q of a
    listening socket), None when ``ss`` cannot tell."""
    try:
        out = subprocess.run(
            ["ss", "-Htln", f"sport = :{port}"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in out.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[0] == "LISTEN":
            return int(fields[2])
    return None


def tcp_counters(names=("ListenOverflows", "ListenDrops", "TCPSynRetrans")):
    """The kernel's TcpExt counters (``/proc/net/netstat``) of this network
    namespace, i.e. of every process of the machine that shares it."""
    with open("/proc/net/netstat", encoding="ascii") as handle:
        lines = handle.read().splitlines()
    for header, values in zip(lines[::2], lines[1::2], strict=True):
        if header.startswith("TcpExt:"):
            table = dict(zip(header.split()[1:], values.split()[1:], strict=True))
            return {name: int(table.get(name, 0)) for name in names}
    return dict.fromkeys(names, 0)


class ListenQueueMonitor:
    """Samples every ``interval`` s, in a thread, the listening sockets on
    ``ports``: their backlog (``backlogs``, ``{port: backlog}``, or read
    with ``listen_backlog()`` at ``start()``), the longest accept queue seen
    (connections the kernel completed and no worker has accepted yet), how
    many samples found it full (``backlog + 1`` connections: the
    kernel then drops the handshake's last ACK and the client's first data,
    and the connection waits half-open in SYN_RECV until a retransmission
    finds room) and the most half-open connections to the port seen at once.

    A snapshot of the kernel, not a trace: a queue that overflows between
    two samples can be missed; ``tcp_counters()`` counts every overflow.
    """

    def __init__(self, ports, backlogs=None, interval=0.05):
        self.ports = set(ports)
        self.backlogs = backlogs
        self.interval = interval
        self._stop = threading.Event()
        self._thread = None
        self.stats = {}

    def sample(self):
        """Take one sample (``start()`` first)."""
        half_open = dict.fromkeys(self.ports, 0)
        for port, state, rx_queue in _tcp_sockets():
            if port not in self.ports:
                continue
            if state == _TCP_LISTEN:
                stats = self.stats[port]
                stats["max_queue"] = max(stats["max_queue"], rx_queue)
                backlog = stats["backlog"]
                stats["full_samples"] += backlog is not None and rx_queue > backlog
            elif state == _TCP_SYN_RECV:
                half_open[port] += 1
        for port, number in half_open.items():
            stats = self.stats[port]
            stats["max_half_open"] = max(stats["max_half_open"], number)
            stats["samples"] += 1

    def _run(self):
        while not self._stop.wait(self.interval):
            self.sample()

    def start(self, thread=True):
        """Reset the statistics; sample in a thread unless ``thread`` is
        False (then call ``sample()``)."""
        backlogs = self.backlogs or {port: listen_backlog(port) for port in self.ports}
        self.stats = {
            port: {
                "backlog": backlogs[port],
                "max_queue": 0,
                "full_samples": 0,
                "max_half_open": 0,
                "samples": 0,
            }
            for port in self.ports
        }
        self._stop.clear()
        if thread:
            self._thread = threading.Thread(
                target=self._run, name="listen-queue-monitor", daemon=True
            )
            self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        if self._thread:
            self._thread.join()
            self._thread = None
        return self.stats
