"""Benchmark: refresh of customer lists vs hand-written SQL (not a test).

Usage (from the repository root)::

    python3 -m tests.benchmarks.bench_customer_lists --customers 1000000
    python3 -m tests.benchmarks.bench_customer_lists --part fresh \
        --customers 200000 --lists 100
    python3 -m tests.benchmarks.bench_customer_lists --part issue \
        --customers 1000000 --lists 100

What it does, in one run:

1. creates a throwaway PostgreSQL database (connection from the standard PG*
   variables, the local server by default, as ``scripts/test.sh``) and installs
   ``helpdesk_segments`` without demo data with ``python3 -m odoo -i`` and a
   config file of its own (addons path: Odoo's plus ``addons/`` of this
   repository; ``--odoo-addons-path`` overrides Odoo's part);
2. builds N customers with set-based SQL (``generate_series``, deterministic
   values: no random generator), tags included;
3. defines 10 typical lists and, for each, times the first refresh (every
   member joins) and a second one (no change) made by
   ``helpdesk.customer.list._refresh_members``, against the same work written
   by hand in SQL (members + history, same statement shape) on a shadow list;
4. prints a table and the ratios (target: ORM refresh <= 1.5x hand-written),
   then drops the database (``--keep`` keeps it).

The other parts measure the always-fresh lists of issue 15 instead, in a
database with ``helpdesk_routing`` too (customer events; ``--no-events``:
``helpdesk_segments`` only): customers created over the last 2 years, about
2 events each (set-based SQL, over the last 400 days) and ``--lists``
always-fresh lists, variations of 12 kinds (the 10 typical ones, 2 more with
relative dates) plus 2 event kinds ("placed an order at least twice in the
last 30 days", "did not renew in 365 days") when the model of the lists'
event conditions is in the registry:

- ``--part fresh`` (items 1-2): the pass of the cron applying changes when
  nothing changed (target < 1 s), the write of 1,000 customers in one
  transaction (with and without the lists), and the time until every list
  is right again (the commit hook and a cron pass; target < 5 s);
- ``--part stream`` (item 3): ``--rate`` single-customer writes a second for
  ``--duration`` seconds (tags, emails, names, events), each committed by one
  of ``--writers`` forked processes (the workers of a server: the post-commit
  hook applies the change before the response), the cron applying changes
  every ``--cron-interval`` seconds in a thread; first with the lists
  scheduled only, then always fresh, watched by an observer with its own
  cursor: the delay from each commit until every list reflects the write
  (target p95 < 10 s), the write itself (write + flush, before the commit)
  against the same writes without always-fresh lists, in the stream and
  alone (target <= 1.1x);
- ``--part full`` (item 4): a whole re-evaluation of every list
  (``_refresh_members``: the first one, then one without change as the
  nightly safety net does) against the same work hand-written in SQL on
  shadow lists (target <= 1.2x);
- ``--part issue``: items 4, 1-2 and 3 in one database.

Every list is checked against a whole evaluation after the changes.

It is named ``bench_*.py`` so that pytest never collects it.
"""

# a hand-run script: it prints its report and commits its data in its own
# throwaway database
# pylint: disable=print-used,invalid-commit

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field

from ..odoo_cli import REPO_ADDONS, odoo_addons_path

# (name, domain as the domain editor writes it, hand-written condition on the
# res_partner row ``p``; include/exclude use other lists of this table by index)
TAGGED = (
    "p.id IN (SELECT r.partner_id FROM res_partner_res_partner_category_rel r "
    "JOIN res_partner_category c ON c.id = r.category_id "
    "WHERE c.name->>'en_US' IN ({names}))"
)
LISTS = [
    (
        "VIP customers",
        '[("category_id.name", "=", "vip")]',
        TAGGED.format(names="'vip'"),
    ),
    (
        "New customers in the last 30 days",
        '[("create_date", ">=", datetime.datetime.combine(context_today() + '
        "relativedelta(days=-30), datetime.time(0, 0, 0)).to_utc()"
        '.strftime("%Y-%m-%d %H:%M:%S"))]',
        "p.create_date >= "
        "date_trunc('day', now() AT TIME ZONE 'UTC') - interval '30 days'",
    ),
    (
        "Companies in Belgium",
        '[("is_company", "=", True), ("country_id.code", "=", "BE")]',
        "p.is_company AND p.country_id IN "
        "(SELECT id FROM res_country WHERE code = 'BE')",
    ),
    ("Gmail users", '[("email", "ilike", "gmail.com")]', "p.email ILIKE '%gmail.com%'"),
    ("Invoice addresses", '[("type", "=", "invoice")]', "p.type = 'invoice'"),
    ("Without email", '[("email", "=", False)]', "(p.email IS NULL OR p.email = '')"),
    ("Names starting with A", '[("name", "=like", "A%")]', "p.name LIKE 'A%'"),
    (
        "France or Germany individuals",
        '[("country_id.code", "in", ["FR", "DE"]), ("is_company", "=", False)]',
        "p.country_id IN (SELECT id FROM res_country WHERE code IN ('FR', 'DE')) "
        "AND (p.is_company IS NULL OR NOT p.is_company)",
    ),
    (
        "Premium tag or VIP",
        '["|", ("category_id.name", "=", "premium"), ("category_id.name", "=", "vip")]',
        TAGGED.format(names="'premium', 'vip'"),
    ),
    (
        # excludes the list "VIP customers"
        "Companies not VIP",
        '[("is_company", "=", True)]',
        "p.is_company AND NOT EXISTS (SELECT 1 FROM helpdesk_customer_list_member "
        "x WHERE x.list_id = %(exclude)s AND x.partner_id = p.id)",
    ),
]

BUILD_CUSTOMERS = """
INSERT INTO res_partner (name, complete_name, email, is_company, type, country_id,
                         active, lang, create_date, write_date, create_uid,
                         write_uid, company_id)
SELECT n.name, n.name,
       CASE WHEN i %% 7 = 0 THEN NULL
            WHEN i %% 3 = 0 THEN 'c' || i || '@gmail.com'
            ELSE 'c' || i || '@example.com' END,
       i %% 5 = 0,
       (ARRAY['contact', 'invoice', 'delivery', 'other'])[1 + i %% 4],
       (ARRAY[%(be)s, %(fr)s, %(de)s, %(us)s, NULL])[1 + i %% 5],
       TRUE, 'en_US',
       now() AT TIME ZONE 'UTC' - ((i %% %(days)s) || ' days')::interval
           - ((i::bigint * 7919) %% 1440) * %(minutes)s * interval '1 minute',
       now() AT TIME ZONE 'UTC', 1, 1, 1
  FROM generate_series(1, %(n)s) AS i,
       LATERAL (SELECT (ARRAY['Alice', 'Bob', 'Carol', 'Dan', 'Anna', 'Eve'])
                       [1 + i %% 6] || ' Customer ' || i AS name) AS n
"""

BUILD_TAGS = """
INSERT INTO res_partner_res_partner_category_rel (partner_id, category_id)
SELECT p.id, CASE WHEN p.id %% 10 = 0 THEN %(vip)s ELSE %(premium)s END
  FROM res_partner p
 WHERE p.name LIKE '%% Customer %%' AND (p.id %% 10 = 0 OR p.id %% 10 = 3)
"""

HAND_WRITTEN_REFRESH = """
WITH wanted AS (SELECT p.id FROM res_partner p WHERE p.active AND ({condition})),
left_rows AS (
    DELETE FROM helpdesk_customer_list_member m
     WHERE m.list_id = %(list_id)s
       AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.id = m.partner_id)
    RETURNING m.partner_id
),
joined_rows AS (
    INSERT INTO helpdesk_customer_list_member (list_id, partner_id, joined_at)
    SELECT %(list_id)s, w.id, now() FROM wanted w
    ON CONFLICT (list_id, partner_id) DO NOTHING
    RETURNING partner_id
),
events AS (
    SELECT partner_id, 'joined' AS event, 1 AS change FROM joined_rows
    UNION ALL SELECT partner_id, 'left', -1 FROM left_rows
),
logged AS (
    INSERT INTO helpdesk_customer_list_history
        (list_id, partner_id, event, change, date)
    SELECT %(list_id)s, partner_id, event, change, now() FROM events
)
SELECT event, array_agg(partner_id ORDER BY partner_id) FROM events GROUP BY event
"""


# the measurements of each --part on the always-fresh lists
PARTS = {
    "fresh": ("fresh",),
    "stream": ("stream",),
    "full": ("full",),
    "issue": ("full", "fresh", "stream"),
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=100000)
    parser.add_argument(
        "--part",
        choices=("refresh", *PARTS),
        default="refresh",
        help="refresh: whole refreshes of 10 lists vs hand-written SQL; "
        "always-fresh lists: fresh: no-change pass and 1,000 customers "
        "changed (items 1-2); stream: a stream of single-customer writes "
        "(item 3); full: whole re-evaluation of every list vs hand-written SQL "
        "(item 4); issue: all of them in one database",
    )
    parser.add_argument("--lists", type=int, default=100)
    parser.add_argument("--changed", type=int, default=1000)
    parser.add_argument(
        "--rate", type=float, default=20, help="stream: writes a second"
    )
    parser.add_argument(
        "--duration", type=float, default=60, help="stream: seconds of writes"
    )
    parser.add_argument(
        "--writers",
        type=int,
        default=4,
        help="stream: threads writing (the workers of a server)",
    )
    parser.add_argument(
        "--cron-interval",
        type=float,
        default=5,
        help="stream: seconds between two runs of the cron applying changes",
    )
    parser.add_argument(
        "--observe-interval",
        type=float,
        default=0.5,
        help="stream: seconds between two looks of the observer",
    )
    parser.add_argument(
        "--alone",
        type=int,
        default=200,
        help="stream: writes timed one at a time, nothing else running",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=60,
        help="stream: seconds after the last commit the observer still waits",
    )
    parser.add_argument(
        "--no-events",
        dest="events",
        action="store_false",
        help="always-fresh lists: install helpdesk_segments only, no event lists",
    )
    parser.add_argument(
        "--also-install",
        default="",
        help="more modules to install (comma-separated)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--reuse-db",
        help="fresh and stream only: run on this database kept by an earlier "
        "run (--keep), with this checkout's code (no install, no build); its "
        "lists are already evaluated",
    )
    parser.add_argument(
        "--offset",
        "--stream-offset",
        dest="offset",
        type=int,
        default=0,
        help="fresh, stream: skip this many of the customers items 2 and 3 "
        "write (a second run on a reused database writes other customers)",
    )
    parser.add_argument(
        "--odoo-addons-path",
        default=None,
        help="Odoo's addons path (default: the one of the importable odoo)",
    )
    return parser.parse_args()


def install(db, workdir, addons_path, modules=("helpdesk_segments",)):
    conf = os.path.join(workdir, "odoo.conf")
    with open(conf, "w", encoding="utf-8") as handle:
        handle.write(
            "[options]\n"
            f"addons_path = {addons_path},{REPO_ADDONS}\n"
            f"data_dir = {os.path.join(workdir, 'data')}\n"
            "max_cron_threads = 0\nlist_db = False\n"
        )
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "odoo", "-c", conf, "-d", db, "-i", ",".join(modules)]
        + ["--without-demo=all", "--stop-after-init", "--log-level=warn"],
        check=True,
    )
    print(f"installed {', '.join(modules)} in {time.perf_counter() - start:.1f}s")
    return conf


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def run(conf, db, customers):
    import odoo  # noqa: PLC0415
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        countries = {
            code: env.ref(f"base.{code.lower()}").id
            for code in ("BE", "FR", "DE", "US")
        }
        Tag = env["res.partner.category"]
        vip, premium = Tag.create([{"name": "vip"}, {"name": "premium"}])
        env.flush_all()
        seconds, __ = timed(
            lambda: cr.execute(
                BUILD_CUSTOMERS,
                {
                    "n": customers,
                    "be": countries["BE"],
                    "fr": countries["FR"],
                    "de": countries["DE"],
                    "us": countries["US"],
                    "days": 365,
                    "minutes": 0,
                },
            )
        )
        cr.execute(BUILD_TAGS, {"vip": vip.id, "premium": premium.id})
        cr.execute("UPDATE res_partner SET commercial_partner_id = id")
        cr.execute("ANALYZE res_partner")
        cr.execute("ANALYZE res_partner_res_partner_category_rel")
        cr.commit()
        print(f"built {customers} customers with SQL in {seconds:.1f}s")

        List = env["helpdesk.customer.list"]
        rows = []
        orm_lists = []
        shadows = []
        for name, domain, __ in LISTS:
            vals = {"name": name, "domain": domain, "sharing": "everyone"}
            if name == "Companies not VIP":
                vals["exclude_list_ids"] = [(6, 0, orm_lists[0].ids)]
            orm_lists.append(List.create(vals))
            shadows.append(List.create({"name": f"{name} (hand-written)"}))
        cr.commit()
        for index, (name, __, condition) in enumerate(LISTS):
            orm_list, shadow = orm_lists[index], shadows[index]
            sql = HAND_WRITTEN_REFRESH.format(
                condition=condition % {"exclude": shadows[0].id}
                if "%(exclude)s" in condition
                else condition.replace("%", "%%")
            )
            results = []
            for __ in range(2):  # first refresh, then a refresh without change
                hand, __ = timed(
                    lambda sql=sql, shadow=shadow: cr.execute(
                        sql, {"list_id": shadow.id}
                    )
                )
                cr.commit()
                orm, __ = timed(orm_list._refresh_members)
                cr.commit()
                results.append((hand, orm))
            cr.execute(
                "SELECT count(*) FROM helpdesk_customer_list_member WHERE list_id = %s",
                [shadow.id],
            )
            expected = cr.fetchone()[0]
            assert orm_list.state == "ok", orm_list.error_message
            assert orm_list.member_count == expected, (
                name,
                orm_list.member_count,
                expected,
            )
            rows.append((name, orm_list.member_count, results))
    odoo.sql_db.close_db(db)
    return rows


def report(rows, customers):
    print(f"\n{customers} customers, 10 lists (seconds)")
    header = f"{'list':34} {'members':>9} {'1st hand':>9} {'1st ORM':>9} {'2nd hand':>9} {'2nd ORM':>9}"  # noqa: E501
    print(header)
    totals = [0.0, 0.0, 0.0, 0.0]
    for name, members, ((h1, o1), (h2, o2)) in rows:
        print(f"{name:34} {members:>9} {h1:>9.3f} {o1:>9.3f} {h2:>9.3f} {o2:>9.3f}")
        for i, value in enumerate((h1, o1, h2, o2)):
            totals[i] += value
    print(
        f"{'TOTAL':34} {'':>9} {totals[0]:>9.3f} {totals[1]:>9.3f} "
        f"{totals[2]:>9.3f} {totals[3]:>9.3f}"
    )
    first = totals[1] / totals[0]
    second = totals[3] / totals[2]
    print(f"ratio ORM / hand-written: first refresh {first:.2f}x, second {second:.2f}x")
    print("target <= 1.5x:", "OK" if max(first, second) <= 1.5 else "MISSED")


def build_customers(env, cr, customers, days=365, minutes=0):
    """``customers`` customers with set-based SQL, created over the last
    ``days`` days (and, with ``minutes`` 1, at any minute of the day)."""
    countries = {
        code: env.ref(f"base.{code.lower()}").id for code in ("BE", "FR", "DE", "US")
    }
    Tag = env["res.partner.category"]
    vip, premium = Tag.create([{"name": "vip"}, {"name": "premium"}])
    env.flush_all()
    seconds, __ = timed(
        lambda: cr.execute(
            BUILD_CUSTOMERS,
            {
                "n": customers,
                "be": countries["BE"],
                "fr": countries["FR"],
                "de": countries["DE"],
                "us": countries["US"],
                "days": days,
                "minutes": minutes,
            },
        )
    )
    cr.execute(BUILD_TAGS, {"vip": vip.id, "premium": premium.id})
    cr.execute("UPDATE res_partner SET commercial_partner_id = id")
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE res_partner_res_partner_category_rel")
    cr.commit()
    print(f"built {customers} customers with SQL in {seconds:.1f}s")
    return vip, premium


def _stale_lists(env, lists):
    """The lists whose stored members differ from a whole evaluation."""
    from odoo.tools import SQL  # noqa: PLC0415

    wrong = []
    for customer_list in lists:
        query = customer_list._members_query()
        env.cr.execute(
            SQL(
                "SELECT count(*) FROM ((%s) EXCEPT (SELECT partner_id FROM "
                "helpdesk_customer_list_member WHERE list_id = %s)) AS missing",
                query.select(),
                customer_list.id,
            )
        )
        missing = env.cr.fetchone()[0]
        env.cr.execute(
            "SELECT count(*) FROM helpdesk_customer_list_member WHERE list_id = %s",
            [customer_list.id],
        )
        if missing or env.cr.fetchone()[0] != customer_list.member_count:
            wrong.append(customer_list.name)
    return wrong


# ---------------------------------------------------------------------------
# Always-fresh lists: --part fresh (items 1-2), stream (3), full (4), issue
# ---------------------------------------------------------------------------

# the model of the event conditions of lists (addon helpdesk_routing); the
# event kinds are measured only when it is in the registry
EVENT_CONDITION_MODEL = "helpdesk.customer.list.event.condition"
EVENT_TYPES = (
    ("Placed an order", "placed_order"),
    ("Subscription renewed", "subscription_renewed"),
)


@dataclass(frozen=True)
class Kind:
    """A kind of always-fresh list: its domain as the domain editor writes
    it, the same condition hand-written on the res_partner row ``p``
    (psycopg2 parameters: ``%(now)s`` the evaluation time, ``%(exclude)s``
    the first list, ``%(company)s``, ``%(placed_order)s`` and
    ``%(subscription_renewed)s`` the event types; a literal % is doubled), its event
    conditions ``(did, type code, min_count, within, within_unit)``, and
    whether its members move with the clock."""

    name: str
    domain: str
    hand: str
    events: tuple = ()
    excludes_first: bool = False
    moves_with_time: bool = False


def _event_hand(code, days, count_sql):
    """The hand-written event condition: a correlated sub-query on the
    customer's events, as the list's statement does."""
    return count_sql.format(
        events=(
            "FROM helpdesk_routing_event e WHERE e.partner_id = p.id "
            f"AND e.type_id = %({code})s AND e.occurred_at <= %(now)s "
            f"AND e.occurred_at >= %(now)s::timestamp - interval '{days} days' "
            "AND (e.company_id IN (%(company)s) OR e.company_id IS NULL)"
        )
    )


def fresh_kinds(with_events):
    """The kinds of always-fresh lists: the 10 typical ones, 2 more
    relative-date ones and, ``with_events``, 2 event ones."""
    kinds = []
    for name, domain, hand in LISTS:
        moves = name == "New customers in the last 30 days"
        if moves:  # the same day boundary, at the same time as the ORM's
            hand = (
                "p.create_date >= date_trunc('day', %(now)s::timestamp) "
                "- interval '30 days'"
            )
        else:
            hand = hand.replace("%", "%%").replace("%%(exclude)s", "%(exclude)s")
        kinds.append(
            Kind(
                name,
                domain,
                hand,
                excludes_first=name == "Companies not VIP",
                moves_with_time=moves,
            )
        )
    kinds += [
        Kind(
            "Created in the last 30 days, to the minute",
            '[("create_date", ">=", (datetime.datetime.now() - '
            'relativedelta(days=30)).to_utc().strftime("%Y-%m-%d %H:%M:%S"))]',
            "p.create_date >= %(now)s::timestamp - interval '30 days'",
            moves_with_time=True,
        ),
        Kind(
            "New Gmail users in the last 90 days",
            '[("create_date", ">=", datetime.datetime.combine(context_today() + '
            "relativedelta(days=-90), datetime.time(0, 0, 0)).to_utc()"
            '.strftime("%Y-%m-%d %H:%M:%S")), ("email", "ilike", "gmail.com")]',
            "p.create_date >= date_trunc('day', %(now)s::timestamp) "
            "- interval '90 days' AND p.email ILIKE '%%gmail.com%%'",
            moves_with_time=True,
        ),
    ]
    if with_events:
        kinds += [
            Kind(
                "Placed an order at least twice in the last 30 days",
                "[]",
                _event_hand("placed_order", 30, "(SELECT count(*) {events}) >= 2"),
                events=(("did", "placed_order", 2, 30, "days"),),
                moves_with_time=True,
            ),
            Kind(
                "Did not renew in 365 days",
                "[]",
                _event_hand(
                    "subscription_renewed", 365, "NOT EXISTS(SELECT 1 {events})"
                ),
                events=(("did_not", "subscription_renewed", 1, 365, "days"),),
                moves_with_time=True,
            ),
        ]
    return kinds


# about 2 events per customer over the last 400 days, deterministic: a third
# renewals, the rest orders, the two events of a customer a week apart
BUILD_EVENTS = """
INSERT INTO helpdesk_routing_event (partner_id, type_id, occurred_at, company_id,
                                    create_uid, create_date, write_uid, write_date)
SELECT p.id,
       CASE WHEN (p.id + k) %% 3 = 0 THEN %(subscription_renewed)s
            ELSE %(placed_order)s END,
       now() AT TIME ZONE 'UTC'
           - (((p.id * 37) %% 400 + k * 7) %% 400) * interval '1 day'
           - ((p.id * 13 + k * 601) %% 1440) * interval '1 minute',
       1, 1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC'
  FROM res_partner p CROSS JOIN generate_series(0, 1) AS k
 WHERE p.name LIKE '%% Customer %%'
"""

# a whole refresh written by hand: the members and their history in one
# statement (the ORM's shape), then the count and state of the list
HAND_WHOLE = """
WITH wanted AS (
    SELECT p.id FROM res_partner p
     WHERE p.active AND (p.company_id IN (%(company)s) OR p.company_id IS NULL)
       AND ({condition})
),
left_rows AS (
    DELETE FROM helpdesk_customer_list_member m
     WHERE m.list_id = %(list_id)s
       AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.id = m.partner_id)
    RETURNING m.partner_id
),
joined_rows AS (
    INSERT INTO helpdesk_customer_list_member (list_id, partner_id, joined_at)
    SELECT %(list_id)s, w.id, %(now)s FROM wanted w
    ON CONFLICT (list_id, partner_id) DO NOTHING
    RETURNING partner_id
),
events AS (
    SELECT partner_id, 'joined' AS event, 1 AS change FROM joined_rows
    UNION ALL SELECT partner_id, 'left', -1 FROM left_rows
),
logged AS (
    INSERT INTO helpdesk_customer_list_history
        (list_id, partner_id, event, change, date, refresh_started_at,
         refresh_ended_at)
    SELECT %(list_id)s, partner_id, event, change, %(now)s,
           statement_timestamp() AT TIME ZONE 'UTC',
           clock_timestamp() AT TIME ZONE 'UTC'
      FROM events
)
SELECT event, array_agg(partner_id ORDER BY partner_id) FROM events GROUP BY event
"""
HAND_WHOLE_DONE = """
UPDATE helpdesk_customer_list
   SET member_count = (SELECT count(*) FROM helpdesk_customer_list_member
                        WHERE list_id = %(list_id)s),
       state = 'ok', error_message = NULL, stale = FALSE,
       last_refresh_at = %(now)s, last_attempt_at = %(now)s,
       last_pass_at = %(now)s, write_uid = 1, write_date = %(now)s
 WHERE id = %(list_id)s
"""


@dataclass
class Setup:
    """The customers, event types and always-fresh lists of a run."""

    vip: object
    premium: object
    types: dict  # event type code: id
    lists: object  # helpdesk.customer.list, index order
    kinds: list  # the Kind of each list
    hand: list  # the hand-written condition of each list
    with_events: bool


def build_events(env, cr):
    """The event types (helpdesk_routing's data, created when missing) and
    about 2 events per customer, with set-based SQL."""
    Type = env["helpdesk.routing.event.type"].with_context(active_test=False)
    types = {}
    for name, code in EVENT_TYPES:
        found = Type.search([("code", "=", code)], limit=1)
        types[code] = (found or Type.create({"name": name, "code": code})).id
    env.flush_all()
    seconds, __ = timed(lambda: cr.execute(BUILD_EVENTS, types))
    count = cr.rowcount
    cr.execute("ANALYZE helpdesk_routing_event")
    cr.commit()
    print(f"built {count} customer events with SQL in {seconds:.1f}s")
    return types


def fresh_setup(env, cr, args):
    """Customers created over the last 2 years, their events (when lists can
    have event conditions) and ``args.lists`` always-fresh lists, variations
    of the kinds (never refreshed yet)."""
    vip, premium = build_customers(env, cr, args.customers, days=730, minutes=1)
    with_events = args.events and EVENT_CONDITION_MODEL in env
    if args.events and not with_events:
        print(
            f"no event lists: {EVENT_CONDITION_MODEL} is not in this registry "
            "(the event conditions of lists are not installed)"
        )
    types = build_events(env, cr) if with_events else {}
    kinds = fresh_kinds(with_events)
    List = env["helpdesk.customer.list"]
    lists = List.browse()
    list_kinds, hands = [], []
    for index in range(args.lists):
        kind = kinds[index % len(kinds)]
        variant = index // len(kinds)
        # variations: the same condition plus a different cheap leaf
        leaf = f'("name", "not like", "Zz{variant}%")'
        domain = kind.domain.strip()
        domain = f"[{leaf}]" if domain == "[]" else f"{domain[:-1]}, {leaf}]"
        vals = {
            "name": f"{kind.name} #{variant}",
            "domain": domain,
            "sharing": "everyone",
        }
        if kind.excludes_first:
            vals["exclude_list_ids"] = [(6, 0, lists[:1].ids)]
        if kind.events:
            vals["event_condition_ids"] = [
                (
                    0,
                    0,
                    {
                        "did": did,
                        "type_id": types[code],
                        "min_count": min_count,
                        "within": within,
                        "within_unit": unit,
                    },
                )
                for did, code, min_count, within, unit in kind.events
            ]
        lists |= List.create(vals)
        list_kinds.append(kind)
        hands.append(
            f"({kind.hand}) AND (p.name NOT LIKE '%%Zz{variant}%%%%' OR p.name IS NULL)"
        )
    cr.commit()
    print(f"{len(lists)} always-fresh lists of {len(kinds)} kinds")
    return Setup(vip, premium, types, lists, list_kinds, hands, with_events)


def existing_setup(env, args):
    """The :class:`Setup` of a database a run built and kept (``--keep``):
    its tags, event types and lists, in creation order."""
    Tag = env["res.partner.category"]
    vip = Tag.search([("name", "=", "vip")], limit=1)
    premium = Tag.search([("name", "=", "premium")], limit=1)
    with_events = args.events and EVENT_CONDITION_MODEL in env
    types = {}
    if with_events:
        Type = env["helpdesk.routing.event.type"].with_context(active_test=False)
        types = {code: Type.search([("code", "=", code)], limit=1).id
                 for __, code in EVENT_TYPES}  # fmt: skip
    kinds = fresh_kinds(with_events)
    # the always-fresh lists of the run, not item 4's hand-written shadows
    lists = env["helpdesk.customer.list"].search(
        [("name", "like", " #"), ("name", "not like", "(hand-written)")], order="id"
    )
    list_kinds = [kinds[index % len(kinds)] for index in range(len(lists))]
    print(f"reusing {len(lists)} lists of {len(kinds)} kinds")
    return Setup(vip, premium, types, lists, list_kinds, [], with_events)


def measure_full(env, cr, setup, results):
    """Item 4: whole re-evaluations of every list (the first one, then one
    without change as the nightly safety net does) against the same work
    hand-written in SQL on shadow lists, list by list, in turns."""
    from odoo import fields  # noqa: PLC0415

    List = env["helpdesk.customer.list"]
    shadows = List.create(
        [
            {"name": f"{lst.name} (hand-written)", "refresh_mode": "scheduled"}
            for lst in setup.lists
        ]
    )
    cr.commit()
    params = {"company": env.company.id, "exclude": shadows[0].id, **setup.types}
    for label, safety_net in (("first", False), ("no change", True)):
        now = fields.Datetime.now()
        hand_total = orm_total = 0.0
        for index, lst in enumerate(setup.lists):
            shadow = shadows[index]
            sql = HAND_WHOLE.format(condition=setup.hand[index])
            values = {**params, "list_id": shadow.id, "now": now}

            def hand(sql=sql, values=values):
                cr.execute(sql, values)
                cr.execute(HAND_WHOLE_DONE, values)

            def orm(lst=lst, safety_net=safety_net, now=now):
                lst._try_lock()
                lst._refresh_members(safety_net=safety_net, now=now)

            # in turns: neither always reads what the other brought in cache
            turns = ((hand, "hand"), (orm, "orm"))
            for func, which in turns if index % 2 == 0 else turns[::-1]:
                seconds, __ = timed(func)
                cr.commit()
                if which == "hand":
                    hand_total += seconds
                else:
                    orm_total += seconds
        env.invalidate_all()
        for lst, shadow in zip(setup.lists, shadows, strict=True):
            assert lst.state == "ok", (lst.name, lst.error_message)
            assert lst.member_count == shadow.member_count, (
                lst.name,
                lst.member_count,
                shadow.member_count,
            )
        results.add(
            f"4. whole re-evaluation, {label}: hand-written SQL", hand_total, "s"
        )
        results.add(
            f"4. whole re-evaluation, {label}: ORM (_refresh_members)", orm_total, "s"
        )
        ratio = orm_total / hand_total
        results.add(
            f"4. whole re-evaluation, {label}: ratio ORM / hand",
            ratio,
            "x",
            "<= 1.2x",
            ratio <= 1.2,
        )
    members = sum(setup.lists.mapped("member_count"))
    print(f"{members} memberships, equal to the hand-written lists'")


@dataclass
class Results:
    """The rows of the printed table: label, value, unit, target, met."""

    rows: list = field(default_factory=list)

    def add(self, label, value, unit="s", target="", met=None):
        self.rows.append((label, value, unit, target, met))
        shown = f"{value:.3f}" if isinstance(value, float) else value
        print(f"  {label}: {shown} {unit}")


def measure_fresh(env, cr, setup, changed, results, offset=0):
    """Items 1 and 2: the cron's pass when nothing changed, then ``changed``
    customers written in one transaction (without and with the lists) and
    the time until every list is right again."""
    List = env["helpdesk.customer.list"]
    lists = setup.lists
    passes = []
    for __ in range(5):
        seconds, __ = timed(List._cron_apply_changes)
        cr.commit()
        passes.append(seconds)
    results.add(
        "1. pass with no change (best of 5)", min(passes), "s", "< 1 s", min(passes) < 1
    )
    cr.execute(
        "SELECT id FROM res_partner WHERE name LIKE %s ORDER BY id LIMIT %s OFFSET %s",
        ["% Customer %", changed, offset],
    )
    ids = [row[0] for row in cr.fetchall()]
    Partner = env["res.partner"]
    vip = setup.vip
    for label, mode in (("without", "scheduled"), ("with", "incremental")):
        lists.with_context(hs_no_refresh=True).write({"refresh_mode": mode})
        cr.commit()
        partners = Partner.browse(ids)
        value = f"changed-{mode}@gmail.com"
        List._hs_incremental_info()  # cached in a running server

        # the commit is done when post-commit callbacks start: this one runs
        # first (added before the write queues the lists' hook)
        committed = []
        cr.postcommit.add(
            lambda committed=committed: committed.append(time.perf_counter())
        )

        def write(partners=partners, value=value):
            partners.write({"email": value, "category_id": [(4, vip.id)]})
            partners.env.flush_all()

        seconds, __ = timed(write)
        results.add(
            f"2. write of {changed} customers, {label} always-fresh lists", seconds
        )
        if mode == "scheduled":
            cr.commit()
            partners.write({"category_id": [(3, vip.id)]})
            cr.commit()
    start = time.perf_counter()
    # the commit (with what the write left for it: mail tracking of the
    # emails), then its post-commit hook applies up to 2,000 changes
    cr.commit()
    List._cron_apply_changes()  # the rest, if any
    cr.commit()
    end = time.perf_counter()
    results.add("2. commit of the write (mail tracking included)", committed[0] - start)
    results.add(
        f"2. {changed} changed customers applied to every list (from the commit)",
        end - committed[0],
        "s",
        "< 5 s",
        end - committed[0] < 5,
    )
    env.invalidate_all()
    wrong = _stale_lists(env, lists)
    assert not wrong, wrong
    print("every list equals a whole evaluation after the changes")


# --- item 3: a stream of single-customer writes -----------------------------

STREAM_KINDS = ("vip", "email", "premium", "no_email", "name", "event")


@dataclass
class Job:
    """One write of the stream and what was measured of it (seconds of
    ``time.perf_counter``)."""

    partner_id: int
    kind: str
    due: float = 0.0
    started: float = 0.0
    write: float = 0.0  # the write and its flush, before the commit
    committed: float = 0.0  # when the transaction committed
    held: float = 0.0  # the post-commit hook, after the commit
    error: str = ""


def _stream_vals(partner, job, setup):
    """What the job writes, from the customer's current values (read
    before the timed write, as a form would have them)."""
    if job.kind in ("vip", "premium"):
        tag = setup.vip if job.kind == "vip" else setup.premium
        linked = tag.id in partner.category_id.ids
        return {"category_id": [(3 if linked else 4, tag.id)]}
    email = partner.email or ""
    if job.kind == "email":
        domain = "example.com" if "gmail" in email else "gmail.com"
        return {"email": f"s{partner.id}@{domain}"}
    if job.kind == "no_email":
        return {"email": False if email else f"s{partner.id}@gmail.com"}
    first, __, rest = (partner.name or "").partition(" ")
    return {"name": f"{'Zed' if first.startswith('A') else 'Ann'} {rest}"}


def _job_write(env, job, setup):
    """The timed part of the job, as a function: the write and its flush
    (the customer's values it starts from are read here, before)."""
    from odoo import fields  # noqa: PLC0415

    partner = env["res.partner"].browse(job.partner_id)
    if job.kind == "event":
        now = fields.Datetime.now()
        vals_list = [
            {"partner_id": partner.id, "type_id": setup.types[code], "occurred_at": now}
            for code in ("placed_order", "placed_order", "subscription_renewed")
        ]

        def write():
            env["helpdesk.routing.event"].create(vals_list)
            env.flush_all()

        return write
    vals = _stream_vals(partner, job, setup)

    def write():
        partner.write(vals)
        env.flush_all()

    return write


def _stream_write(registry, job, setup):
    """The job as an HTTP worker runs it: one transaction on a cursor of
    its own, committed (the post-commit hook then applies the change to
    the always-fresh lists, in the same worker, before the response)."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    cr = registry.cursor()
    try:
        write = _job_write(api.Environment(cr, SUPERUSER_ID, {}), job, setup)
        # runs first of the post-commit callbacks: the time of the commit
        cr.postcommit.add(lambda: setattr(job, "committed", time.perf_counter()))
        job.write, __ = timed(write)
        cr.commit()
        job.held = time.perf_counter() - job.committed
    except Exception as error:  # counted and shown, the stream goes on
        job.error = f"{type(error).__name__}: {error}"
        cr.rollback()
    finally:
        cr.close()


def measure_write_alone(env, cr, setup, jobs, results):
    """The same writes one at a time, nothing else running, each rolled
    back: what the always-fresh lists add to the write itself (one INSERT
    in the queue), in turns with the lists scheduled only (twice each)."""
    times = {"scheduled": [], "incremental": []}
    by_kind = {}
    for mode in ("scheduled", "incremental") * 2:
        setup.lists.with_context(hs_no_refresh=True).write({"refresh_mode": mode})
        cr.commit()
        env["helpdesk.customer.list"]._hs_incremental_info()
        for job in jobs:
            seconds, __ = timed(_job_write(env, job, setup))
            times[mode].append(seconds)
            by_kind.setdefault((job.kind, mode), []).append(seconds)
            cr.rollback()
    print(
        "  write + flush alone by kind, ms (scheduled only / always fresh): "
        + ", ".join(
            f"{kind} {statistics.mean(by_kind[kind, 'scheduled']) * 1000:.1f}"
            f"/{statistics.mean(by_kind[kind, 'incremental']) * 1000:.1f}"
            for kind in dict.fromkeys(job.kind for job in jobs)
        )
    )
    ratio = statistics.mean(times["incremental"]) / statistics.mean(times["scheduled"])
    for mode, label in (
        ("scheduled", "lists scheduled only"),
        ("incremental", "always-fresh lists"),
    ):
        results.add(
            f"3. write + flush alone, mean ({label})", statistics.mean(times[mode])
        )
    results.add(
        "3. write + flush alone, always-fresh / scheduled only",
        ratio,
        "x",
        "<= 1.1x",
        ratio <= 1.1,
    )


# what a writer process inherited from the benchmark's process and must never
# close (nor let be garbage-collected: psycopg2 would end the parent's
# connections)
_INHERITED = []


def _writer_process(registry, jobs, setup, args, start, counter, out):
    """A writer (a worker of a server, a process of its own): takes the
    next job, waits until it is due (job i at ``start`` + i / rate), runs
    it, sends back what was measured."""
    import odoo  # noqa: PLC0415

    # connections of its own: the inherited pool holds the parent's
    _INHERITED.append((odoo.sql_db._Pool, registry._db))
    odoo.sql_db._Pool = None
    registry._db = odoo.sql_db.db_connect(registry.db_name)
    while True:
        with counter.get_lock():
            index = counter.value
            counter.value += 1
        if index >= len(jobs):
            break
        job = jobs[index]
        job.due = start + index / args.rate
        wait = job.due - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
        job.started = time.perf_counter()
        _stream_write(registry, job, setup)
        out.put((index, job))
    out.put(None)


def _start_writers(registry, jobs, setup, args):
    """Fork ``args.writers`` processes running ``jobs`` at ``args.rate`` a
    second from 2 s on (the workers of a server: no lock shared with this
    process's threads; forked before any thread of the benchmark starts).
    Returns what :func:`_collect` needs."""
    context = multiprocessing.get_context("fork")
    counter = context.Value("i", 0)
    out = context.Queue()
    start = time.perf_counter() + 2
    writers = [
        context.Process(
            target=_writer_process,
            args=(registry, jobs, setup, args, start, counter, out),
        )
        for __ in range(args.writers)
    ]
    for writer in writers:
        writer.start()
    return writers, out


def _collect(writers, out, jobs, on_commit=None):
    """The jobs as the writers report them; ``on_commit(job)`` is called as
    each committed write is reported (time.perf_counter is the system's
    monotonic clock: the same in every process)."""
    running = len(writers)
    while running:
        message = out.get()
        if message is None:
            running -= 1
            continue
        index, job = message
        jobs[index] = job
        if on_commit and not job.error:
            on_commit(job)
    for writer in writers:
        writer.join()


def _cron_loop(registry, interval, stop, passes):
    """The cron applying changes, every ``interval`` seconds, on cursors of
    its own (as a cron worker runs it)."""
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    while not stop.wait(interval):
        start = time.perf_counter()
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["helpdesk.customer.list"]._cron_apply_changes()
        except Exception as error:  # shown, the loop goes on
            print(f"cron pass failed: {error}")
        passes.append(time.perf_counter() - start)


class Observer:
    """Watches, on a cursor of its own, the customers whose write committed:
    a write is reflected once the stored membership of the customer in
    every always-fresh list equals a whole evaluation of the list for that
    customer (one statement per look for all the customers waiting, the
    lists' own queries restricted to them)."""

    def __init__(self, registry, setup, interval, record=True):
        self.registry = registry
        # record=False: the same looks, for their load only (the stream
        # with the lists scheduled only: the same work on the machine in
        # both streams); each customer is looked at once, then dropped
        self.record = record
        self.setup = setup
        self.interval = interval
        self.lock = threading.Lock()
        self.waiting = {}  # partner id: commit time
        self.delays = {}  # partner id: seconds from commit to reflected
        self.looks = []  # seconds of each look
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run)

    def committed(self, job):
        with self.lock:
            self.waiting[job.partner_id] = job.committed

    def run(self):
        from odoo import SUPERUSER_ID, api, fields  # noqa: PLC0415
        from odoo.tools import SQL  # noqa: PLC0415

        cr = self.registry.cursor()
        try:
            env = api.Environment(cr, SUPERUSER_ID, {})
            lists = self.setup.lists.with_env(env)

            while not self.stop.is_set():
                cr.rollback()  # a new snapshot
                with self.lock:
                    waiting = dict(self.waiting)
                if not waiting:
                    if self.stop.wait(self.interval):
                        break
                    continue
                ids = sorted(waiting)
                now = fields.Datetime.now()
                # one statement per list, all in one transaction: one
                # snapshot (Odoo's cursors are REPEATABLE READ), taken by
                # the SELECT 1, before `seen` (a single statement of 100
                # sub-queries got plans hashing whole tables: seconds a look)
                cr.execute(SQL("SET LOCAL jit = off"))
                cr.execute(SQL("SELECT 1"))
                seen = time.perf_counter()
                wrong = set()
                for lst in lists:
                    # the list's own query, restricted to the customers
                    # waiting (as an increment evaluates them)
                    query = lst._members_query(now)
                    partner_id = SQL.identifier(query.table, "id")
                    query.add_where(SQL("%s = ANY(%s)", partner_id, ids))
                    cr.execute(
                        SQL(
                            """WITH wanted AS (%s),
                               stored AS (
                                   SELECT partner_id AS id
                                     FROM helpdesk_customer_list_member
                                    WHERE list_id = %s AND partner_id = ANY(%s))
                               SELECT id FROM (SELECT * FROM wanted
                                               EXCEPT SELECT * FROM stored) AS a
                               UNION
                               SELECT id FROM (SELECT * FROM stored
                                               EXCEPT SELECT * FROM wanted) AS b""",
                            query.select(SQL("%s AS id", partner_id)),
                            lst.id,
                            ids,
                        )
                    )
                    wrong.update(row[0] for row in cr.fetchall())
                self.looks.append(time.perf_counter() - seen)
                with self.lock:
                    for partner_id in ids:
                        if not self.record:
                            del self.waiting[partner_id]
                        elif partner_id not in wrong:
                            self.delays[partner_id] = seen - waiting[partner_id]
                            del self.waiting[partner_id]
                self.stop.wait(self.interval)
        finally:
            cr.rollback()
            cr.close()


def _percentile(values, share):
    """Nearest-rank percentile of ``values`` (inf for the missing)."""
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, max(0, round(share * len(values)) - 1))]


def _stream_customers(cr, count, skip, offset=0):
    """``count`` customers for the stream, distinct, none of the first
    ``skip`` (item 2's), after the ``offset`` last ones."""
    cr.execute(
        "SELECT id FROM res_partner WHERE name LIKE %s ORDER BY id DESC "
        "LIMIT %s OFFSET %s",
        ["% Customer %", count, offset],
    )
    ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        "SELECT id FROM res_partner WHERE name LIKE %s ORDER BY id LIMIT %s",
        ["% Customer %", skip],
    )
    assert not set(ids) & {row[0] for row in cr.fetchall()}, "too few customers"
    return ids


def measure_stream(env, cr, setup, args, results):
    """Item 3: ``args.rate`` single-customer writes a second for
    ``args.duration`` seconds, first with the lists scheduled only (the
    write without lists), then always fresh, the cron applying changes
    every ``args.cron_interval`` seconds meanwhile; the delay from each
    commit until every list reflects it, measured by an observer."""
    List = env["helpdesk.customer.list"]
    lists = setup.lists
    kinds = STREAM_KINDS if setup.with_events else STREAM_KINDS[:-1]
    count = round(args.rate * args.duration)
    ids = _stream_customers(cr, 2 * count, args.changed + args.offset, args.offset)
    sample = [
        Job(partner_id, kinds[index % len(kinds)])
        for index, partner_id in enumerate(ids[: args.alone])
    ]
    measure_write_alone(env, cr, setup, sample, results)
    phases = {}
    for phase, mode in enumerate(("scheduled", "incremental")):
        lists.with_context(hs_no_refresh=True).write({"refresh_mode": mode})
        if mode == "incremental":
            # the customers written while the lists were scheduled only
            List._hs_partners_changed([job.partner_id for job in phases["scheduled"]])
            cr.commit()
            List._cron_apply_changes()
        cr.commit()
        List._hs_incremental_info()  # cached in a running server
        jobs = [
            Job(partner_id, kinds[index % len(kinds)])
            for index, partner_id in enumerate(ids[phase::2])
        ]
        phases[mode] = jobs
        cr.execute("SELECT coalesce(max(id), 0) FROM helpdesk_customer_list_history")
        history_before = cr.fetchone()[0]
        stop = threading.Event()
        cron_passes = []
        cron = threading.Thread(
            target=_cron_loop,
            args=(env.registry, args.cron_interval, stop, cron_passes),
        )
        watch = mode == "incremental"
        # the observer looks in both streams (the same load on the machine),
        # and measures only in the second one
        observer = Observer(env.registry, setup, args.observe_interval, record=watch)
        print(f"stream of {count} writes, lists {mode}...")
        writers, out = _start_writers(env.registry, jobs, setup, args)
        cron.start()
        observer.thread.start()
        _collect(writers, out, jobs, observer.committed)
        last_commit = max((job.committed for job in jobs), default=0)
        if watch:
            # the writes still waiting are watched until --settle seconds
            # after the last commit
            while observer.waiting and time.perf_counter() < last_commit + args.settle:
                time.sleep(0.1)
        observer.stop.set()
        observer.thread.join()
        stop.set()
        cron.join()
        done = [job for job in jobs if not job.error]
        errors = [job.error for job in jobs if job.error]
        if errors:
            print(f"{len(errors)} writes failed, e.g. {errors[0]}")
        elapsed = last_commit - min(job.due for job in jobs)
        writes = [job.write for job in done]
        label = "always-fresh lists" if watch else "lists scheduled only"
        rate = len(done) / elapsed if elapsed > 0 else float("nan")
        results.add(
            f"3. writes committed ({label}), a second",
            rate,
            "/s",
            f">= {0.95 * args.rate:g}/s",
            rate >= 0.95 * args.rate,
        )
        late = [job.started - job.due for job in done]
        results.add(f"3. start late (p95, {label})", _percentile(late, 0.95))
        results.add(f"3. write + flush mean ({label})", statistics.mean(writes))
        results.add(f"3. write + flush p95 ({label})", _percentile(writes, 0.95))
        cr.rollback()
        cr.execute(
            "SELECT count(*) FROM helpdesk_customer_list_history WHERE id > %s",
            [history_before],
        )
        if watch:
            held = [job.held for job in done]
            results.add(
                "3. post-commit hook in the request (p50)", _percentile(held, 0.5)
            )
            results.add(
                "3. post-commit hook in the request (p95)", _percentile(held, 0.95)
            )
            results.add("3. memberships changed (joined + left)", cr.fetchone()[0], "")
            delays = [observer.delays.get(job.partner_id, float("inf")) for job in done]
            missing = sum(1 for delay in delays if delay == float("inf"))
            results.add("3. delay commit -> every list (p50)", _percentile(delays, 0.5))
            p95 = _percentile(delays, 0.95)
            results.add(
                "3. delay commit -> every list (p95)", p95, "s", "< 10 s", p95 < 10
            )
            results.add("3. delay commit -> every list (max)", max(delays))
            results.add(
                f"3. writes not reflected within {args.settle:g} s", missing, ""
            )
            results.add("3. observer look (p95)", _percentile(observer.looks, 0.95))
            results.add(
                "3. cron passes (count, mean s)",
                f"{len(cron_passes)}, {statistics.mean(cron_passes or [0]):.3f}",
                "",
            )
    ratio = statistics.mean(
        job.write for job in phases["incremental"] if not job.error
    ) / (statistics.mean(job.write for job in phases["scheduled"] if not job.error))
    results.add(
        "3. write + flush in the stream, always-fresh / scheduled only",
        ratio,
        "x",
        "<= 1.1x",
        ratio <= 1.1,
    )
    List._cron_apply_changes()
    cr.commit()
    env.invalidate_all()
    wrong = _stale_lists(env, lists.with_env(env))
    assert not wrong, wrong
    print("every list equals a whole evaluation after the stream")


def run_lists(conf, db, args):
    """The always-fresh lists' measurements ``args.part`` names, in one
    database: the lists' first whole evaluation (item 4: against
    hand-written SQL), the no-change pass and 1,000 customers changed
    (items 1-2), the stream of writes (item 3). With ``--reuse-db``: items
    1-2 and/or the stream, on the lists a run kept."""
    import odoo  # noqa: PLC0415
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    registry = Registry(db)
    results = Results()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        if args.reuse_db:
            cr.execute(
                "SELECT count(*) FROM res_partner WHERE name LIKE %s", ["% Customer %"]
            )
            args.customers = cr.fetchone()[0]
            setup = existing_setup(env, args)
            if "fresh" in PARTS[args.part]:
                measure_fresh(env, cr, setup, args.changed, results, args.offset)
            if "stream" in PARTS[args.part]:
                measure_stream(env, cr, setup, args, results)
        else:
            _run_parts(env, cr, fresh_setup(env, cr, args), args, results)
    odoo.sql_db.close_db(db)
    return results


def _run_parts(env, cr, setup, args, results):
    parts = PARTS[args.part]
    if "full" in parts:
        measure_full(env, cr, setup, results)
    else:
        seconds, __ = timed(lambda: [lst._refresh_members() for lst in setup.lists])
        cr.commit()
        results.add("first whole refresh of every list (for reference)", seconds)
    print(f"{sum(setup.lists.mapped('member_count'))} memberships")
    # the list marks the first evaluations queued, the relative dates
    setup.lists.env["helpdesk.customer.list"]._cron_apply_changes()
    cr.commit()
    if "fresh" in parts:
        measure_fresh(env, cr, setup, args.changed, results, args.offset)
    if "stream" in parts:
        measure_stream(env, cr, setup, args, results)


def report_lists(results, args):
    print(
        f"\n{args.customers} customers, {args.lists} always-fresh lists "
        f"(--part {args.part})"
    )
    width = max(len(row[0]) for row in results.rows)
    for label, value, unit, target, met in results.rows:
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        verdict = "" if met is None else f"target {target}: {'OK' if met else 'MISSED'}"
        print(f"{label:{width}} {shown:>12} {unit:2} {verdict}")


def main():
    args = parse_args()
    if args.reuse_db and args.part not in ("fresh", "stream"):
        sys.exit("--reuse-db runs --part fresh or --part stream only")
    if args.reuse_db:
        workdir = tempfile.mkdtemp(prefix=f"{args.reuse_db}_")
        conf = os.path.join(workdir, "odoo.conf")
        addons_path = args.odoo_addons_path or odoo_addons_path(with_ours=False)
        with open(conf, "w", encoding="utf-8") as handle:
            handle.write(
                f"[options]\naddons_path = {addons_path},{REPO_ADDONS}\n"
                f"data_dir = {os.path.join(workdir, 'data')}\n"
                "max_cron_threads = 0\nlist_db = False\n"
            )
        report_lists(run_lists(conf, args.reuse_db, args), args)
        return
    db = f"hsr_bench_{uuid.uuid4().hex[:8]}"
    workdir = tempfile.mkdtemp(prefix=f"{db}_")
    modules = ["helpdesk_segments"]
    if args.part != "refresh" and args.events:
        modules.append("helpdesk_routing")  # customer events
    modules += [name for name in args.also_install.split(",") if name]
    try:
        conf = install(
            db,
            workdir,
            args.odoo_addons_path or odoo_addons_path(with_ours=False),
            modules,
        )
        if args.part != "refresh":
            report_lists(run_lists(conf, db, args), args)
            return
        report(run(conf, db, args.customers), args.customers)
    finally:
        if args.keep:
            print(f"kept database {db} (config {workdir}/odoo.conf)")
        else:
            if "odoo" in sys.modules:  # a failed run may still hold connections
                sys.modules["odoo"].sql_db.close_all()
            subprocess.run(["dropdb", "--if-exists", db], check=False)


if __name__ == "__main__":
    main()
