"""Search benchmark: bilingual full-text search over ~1,000,000 entries on PostgreSQL (target: p95
under 100 ms for a zone's officer; all-zone platform admins reasonable).

    .venv/bin/python bench/search.py [DATABASE]            # default: bench_search, or $BENCH_DB
    .venv/bin/python bench/search.py bench_search --fill   # fill it first (synth + search_reindex)

The database (on postgres://postgres@127.0.0.1:5432/ unless DATABASE_URL is set) is filled the
realistic way: `zoneinvest synth --zones 200 --companies 100000 --projects 1000000
--activities 0 --seed 1`, then `zoneinvest search_reindex` (1.1M entries; both timed). Each of
QUERIES is then asked through `search.selectors.search` (in process, as the search page does) by
an officer of the largest zone, that zone's director and a platform admin (all zones), RUNS
times each. Prints a Markdown table (p50, p95 and max per caller) and EXPLAIN ANALYZE of the
slowest query.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import inprocess  # noqa: E402

inprocess.prepare("search")

PARSER = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
PARSER.add_argument("database", nargs="?", default=os.environ.get("BENCH_DB", "bench_search"))
PARSER.add_argument("--fill", action="store_true", help="Run synth and search_reindex first.")
PARSER.add_argument("--runs", type=int, default=5, help="Times each query is asked.")
ARGS = PARSER.parse_args()
os.environ["DATABASE_URL"] = os.environ.get(
    "DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{ARGS.database}"
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

# English words, Chinese words and phrases, company names, prefixes while typing, one and two
# letters, mixed; the last word of a query without a trailing space is a prefix.
QUERIES = (
    "battery",
    "battery ",
    "plant ",
    "motors",
    "robotics",
    "vehicle assembly",
    "integrated circuits",
    "regional headquarters",
    "phase ii",
    "R&D centre",
    "investor to be confirmed",
    "新能源",
    "电池",
    "汽车",
    "智能制造",
    "新能源汽车 ",
    "电池材料",
    "集成电路",
    "区域总部",
    "生产基地 ",
    "有限公司",
    "宁德时代",
    "Aurex Motors",
    "Zenium",
    "Kaitek Robotics",
    "Velon",
    "华中科技",
    "a",
    "b",
    "z",
    "电",
    "ba",
    "ro",
    "au",
    "自动",
    "batt",
    "semi",
    "battery 电池",
    "Aurex 生产基地",
    "新能源 motors",
    "nothing-matches-here",
)
CALLERS = ("officer", "director", "admin")


def fill() -> None:
    for name, args in (
        (
            "synth",
            ["--zones", "200", "--companies", "100000", "--projects", "1000000"]
            + ["--activities", "0", "--seed", "1"],
        ),
        ("search_reindex", []),
    ):
        start = time.perf_counter()
        call_command(name, *args)
        print(f"{name}: {time.perf_counter() - start:.0f} s", file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE search_searchentry")


def callers() -> tuple[dict, int]:
    """An officer and the director of the zone with the most entries, and a platform admin."""
    from zoneinvest.accounts.models import Role, User
    from zoneinvest.accounts.services import user_create
    from zoneinvest.search.models import SearchEntry

    zone_id = (
        SearchEntry.objects.values("zone_id")
        .annotate(n=Count("id"))
        .order_by("-n", "zone_id")
        .values_list("zone_id", flat=True)
        .first()
    )
    staff = User.objects.filter(memberships__zone_id=zone_id).order_by("id")
    admin = User.objects.filter(role=Role.ADMIN).first() or user_create(
        username="bench-search-admin",
        password="bench-only",  # noqa: S106
        role=Role.ADMIN,
        zones=[],
    )
    officer = staff.filter(role=Role.OFFICER).first()
    return {
        "officer": officer,
        "director": staff.filter(role=Role.DIRECTOR).first(),
        "admin": admin,
    }, zone_id


def measure(users: dict) -> tuple[dict, tuple]:
    from zoneinvest.search.selectors import search

    times: dict[str, list[float]] = {kind: [] for kind in users}
    slowest = (0.0, "", "")
    for kind, user in users.items():
        search(user=user, q="warm")  # the user's zones are read once per request
        for q in QUERIES:
            for _ in range(ARGS.runs):
                start = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    search(user=user, q=q)
                ms = (time.perf_counter() - start) * 1000
                times[kind].append(ms)
                if ms > slowest[0] and queries.captured_queries:
                    slowest = (ms, f"{kind}: {q!r}", queries.captured_queries[-1]["sql"])
    return times, slowest


def per_query(users: dict) -> list[tuple[str, str, float, int]]:
    """The median of each query, per caller, and its result count (for the slow ones)."""
    from zoneinvest.search.selectors import search

    rows = []
    for kind, user in users.items():
        for q in QUERIES:
            runs, count = [], 0
            for _ in range(3):
                start = time.perf_counter()
                count = len(search(user=user, q=q))
                runs.append((time.perf_counter() - start) * 1000)
            rows.append((kind, q, statistics.median(runs), count))
    return rows


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(len(ordered) * p) - 1))]


def main() -> None:
    call_command("migrate", verbosity=0)
    if ARGS.fill:
        fill()
    from zoneinvest.search.models import SearchEntry

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE relname = 'search_searchentry'"
        )
        entries = cursor.fetchone()[0]
    users, zone_id = callers()
    zone_entries = SearchEntry.objects.filter(zone_id=zone_id).count()
    for _ in range(2):  # warm the cache: the first pass reads the index from disk
        measure(users)
    times, slowest = measure(users)
    print(f"\n{entries:,} entries; officer's zone {zone_id}: {zone_entries:,} entries; ")
    print(f"{len(QUERIES)} queries × {ARGS.runs} runs per caller\n")
    print("| caller | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|")
    for kind, values in times.items():
        print(
            f"| {kind} | {statistics.median(values):.1f} | {pct(values, 0.95):.1f} "
            f"| {max(values):.1f} |"
        )
    print("\nslowest queries (median of 3, results):\n")
    print("| caller | query | ms | results |")
    print("|---|---|---:|---:|")
    rows = sorted(per_query(users), key=lambda r: -r[2])
    for kind, q, ms, count in rows[:12]:
        print(f"| {kind} | `{q}` | {ms:.1f} | {count} |")
    ms, label, sql = slowest
    print(f"\nEXPLAIN ANALYZE of the slowest run ({label}, {ms:.1f} ms):\n")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        print("\n".join("    " + row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
