"""Benchmark: refresh of customer lists vs hand-written SQL (not a test).

Usage (from the repository root)::

    python3 -m tests.benchmarks.bench_customer_lists --customers 1000000
    python3 -m tests.benchmarks.bench_customer_lists --part fresh \
        --customers 200000 --lists 100

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

``--part fresh`` measures the always-fresh lists instead (``--lists``
always-fresh lists, variations of the 10 typical ones): the pass of the
cron applying changes when nothing changed (target < 1 s), the write of
1,000 customers in one transaction (with and without the lists), and the
time until every list is right again (the cron's pass after the commit),
checked against a whole evaluation of every list.

It is named ``bench_*.py`` so that pytest never collects it.
"""

# a hand-run script: it prints its report and commits its data in its own
# throwaway database
# pylint: disable=print-used,invalid-commit

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid

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
        "p.is_company AND p.id NOT IN (SELECT partner_id FROM "
        "helpdesk_customer_list_member WHERE list_id = %(exclude)s)",
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
       now() AT TIME ZONE 'UTC' - ((i %% 365) || ' days')::interval,
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
    INSERT INTO helpdesk_customer_list_member
        (list_id, partner_id, joined_at, create_uid, create_date, write_uid, write_date)
    SELECT %(list_id)s, w.id, now(), 1, now(), 1, now() FROM wanted w
    ON CONFLICT (list_id, partner_id) DO NOTHING
    RETURNING partner_id
),
events AS (
    SELECT partner_id, 'joined' AS event, 1 AS change FROM joined_rows
    UNION ALL SELECT partner_id, 'left', -1 FROM left_rows
),
logged AS (
    INSERT INTO helpdesk_customer_list_history
        (list_id, partner_id, event, change, date, create_uid, create_date,
         write_uid, write_date)
    SELECT %(list_id)s, partner_id, event, change, now(), 1, now(), 1, now()
      FROM events
)
SELECT event, array_agg(partner_id ORDER BY partner_id) FROM events GROUP BY event
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=100000)
    parser.add_argument(
        "--part",
        choices=("refresh", "fresh"),
        default="refresh",
        help="refresh: whole refreshes vs hand-written SQL; fresh: always-fresh "
        "lists (no-change pass, 1,000 customers changed)",
    )
    parser.add_argument("--lists", type=int, default=100)
    parser.add_argument("--changed", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--odoo-addons-path",
        default=None,
        help="Odoo's addons path (default: the one of the importable odoo)",
    )
    return parser.parse_args()


def install(db, workdir, addons_path):
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
        [sys.executable, "-m", "odoo", "-c", conf, "-d", db, "-i", "helpdesk_segments"]
        + ["--without-demo=all", "--stop-after-init", "--log-level=warn"],
        check=True,
    )
    print(f"installed helpdesk_segments in {time.perf_counter() - start:.1f}s")
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


def build_customers(env, cr, customers):
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


def run_fresh(conf, db, customers, list_count, changed):
    """Always-fresh lists: no-change pass, ``changed`` customers changed in
    one transaction, time until the lists are right."""
    import odoo  # noqa: PLC0415
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    registry = Registry(db)
    results = {}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        vip, __ = build_customers(env, cr, customers)
        List = env["helpdesk.customer.list"]
        lists = List.browse()
        for index in range(list_count):
            name, domain, __ = LISTS[index % len(LISTS)]
            variant = index // len(LISTS)
            # variations: the same condition plus a different cheap leaf
            domain = domain.strip()[:-1] + f', ("name", "not like", "Zz{variant}%")]'
            vals = {
                "name": f"{name} #{variant}",
                "domain": domain,
                "sharing": "everyone",
            }
            if name == "Companies not VIP":
                vals["exclude_list_ids"] = [(6, 0, lists[:1].ids)]
            lists |= List.create(vals)
        cr.commit()
        seconds, __ = timed(lambda: [lst._refresh_members() for lst in lists])
        cr.commit()
        results["first whole refresh of every list"] = seconds
        print(f"{list_count} lists refreshed whole in {seconds:.1f}s")
        members = sum(lists.mapped("member_count"))
        print(f"{members} memberships")
        # the cron's pass when nothing changed (queue empty, relative dates
        # checked)
        List._cron_apply_changes()
        cr.commit()
        passes = []
        for __ in range(5):
            seconds, __ = timed(List._cron_apply_changes)
            cr.commit()
            passes.append(seconds)
        results["pass with no change (best of 5)"] = min(passes)
        # 1,000 customers changed in one transaction: their email and tag
        cr.execute(
            "SELECT id FROM res_partner WHERE name LIKE %s ORDER BY id LIMIT %s",
            ["% Customer %", changed],
        )
        ids = [row[0] for row in cr.fetchall()]
        Partner = env["res.partner"]
        for label, mode in (("without", "scheduled"), ("with", "incremental")):
            lists.with_context(hs_no_refresh=True).write({"refresh_mode": mode})
            cr.commit()
            partners = Partner.browse(ids)
            value = f"changed-{mode}@gmail.com"

            List._hs_incremental_info()  # cached in a running server

            def write(partners=partners, value=value):
                partners.write({"email": value, "category_id": [(4, vip.id)]})
                partners.env.flush_all()

            seconds, __ = timed(write)
            results[f"write of {changed} customers, {label} always-fresh lists"] = (
                seconds
            )
            if mode == "scheduled":
                cr.commit()
                partners.write({"category_id": [(3, vip.id)]})
                cr.commit()
        start = time.perf_counter()
        cr.commit()  # the commit hook applies up to 2,000 changes
        List._cron_apply_changes()  # the rest, if any
        cr.commit()
        results[f"{changed} changed customers applied to the lists (after commit)"] = (
            time.perf_counter() - start
        )
        env.invalidate_all()
        wrong = _stale_lists(env, lists)
        assert not wrong, wrong
        print("every list equals a whole evaluation after the changes")
    odoo.sql_db.close_db(db)
    return results


def report_fresh(results, customers, list_count):
    print(f"\n{customers} customers, {list_count} always-fresh lists (seconds)")
    for label, seconds in results.items():
        print(f"{label:62} {seconds:>8.3f}")
    no_change = results["pass with no change (best of 5)"]
    print("target pass with no change < 1 s:", "OK" if no_change < 1 else "MISSED")


def main():
    args = parse_args()
    db = f"hsr_bench_{uuid.uuid4().hex[:8]}"
    workdir = tempfile.mkdtemp(prefix=f"{db}_")
    try:
        conf = install(
            db, workdir, args.odoo_addons_path or odoo_addons_path(with_ours=False)
        )
        if args.part == "fresh":
            results = run_fresh(conf, db, args.customers, args.lists, args.changed)
            report_fresh(results, args.customers, args.lists)
            return
        report(run(conf, db, args.customers), args.customers)
    finally:
        if args.keep:
            print(f"kept database {db} (config {workdir}/odoo.conf)")
        else:
            subprocess.run(["dropdb", "--if-exists", db], check=False)


if __name__ == "__main__":
    main()
