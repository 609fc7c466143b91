"""What the benchmarks share: a throwaway database with the addons they
measure, a superuser environment on it, and the timed creation of tickets in
batches (ratios are taken in one run, on one database)."""

import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager

import odoo
from odoo import SUPERUSER_ID, api

from ..odoo_cli import odoo_addons_path


def add_database_arguments(parser):
    """--keep-db, --skip-install and --template, the options of every
    benchmark."""
    parser.add_argument(
        "--keep-db", action="store_true", help="do not drop the database at the end"
    )
    parser.add_argument(
        "--skip-install",
        action="store_true",
        help="reuse the database a run with --keep-db left",
    )
    parser.add_argument(
        "--template",
        help="create the database from this one (a database with Odoo's "
        "modules already installed: a faster install)",
    )


@contextmanager
def bench_environment(db, modules, args):
    """Install ``modules`` (without demo data) into the database ``db``
    (dropped first, and copied from ``args.template`` when given, unless
    ``args.skip_install``), then yield a superuser environment on it; its
    transaction is the caller's to commit or roll back. The database is
    dropped at the end unless ``args.keep_db``."""
    workdir = tempfile.mkdtemp(prefix="hsr_bench_")
    conf = os.path.join(workdir, "odoo.conf")
    with open(conf, "w") as handle:
        handle.write(
            f"[options]\naddons_path = {odoo_addons_path()}\n"
            f"data_dir = {workdir}/data\ndb_name = {db}\nmax_cron_threads = 0\n"
        )
    if not args.skip_install:
        subprocess.run(["dropdb", "--if-exists", db], check=True)
        if getattr(args, "template", None):
            subprocess.run(["createdb", "-T", args.template, db], check=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "odoo",
                "-c",
                conf,
                "-d",
                db,
                "-i",
                ",".join(modules),
                "--without-demo=all",
                "--stop-after-init",
                "--log-level=warn",
            ],
            check=True,
        )
    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    try:
        with registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {})
    finally:
        if not args.keep_db:
            odoo.modules.registry.Registry.delete(db)
            odoo.sql_db.close_all()
            subprocess.run(["dropdb", "--if-exists", db], check=False)


def timed_create(env, vals_list, batch, **context):
    """Seconds to create ``vals_list`` as tickets in batches of ``batch``
    (without chatter tracking), flushed after each batch."""
    Ticket = env["helpdesk.routing.ticket"].with_context(
        tracking_disable=True, **context
    )
    env.flush_all()
    start = time.perf_counter()
    for index in range(0, len(vals_list), batch):
        Ticket.create(vals_list[index : index + batch])
        env.flush_all()
    return time.perf_counter() - start
