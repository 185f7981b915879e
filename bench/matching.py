"""Matching benchmark: ranking 100,000 companies for a chain gap (issue 8: under 300 ms on
PostgreSQL).

    .venv/bin/python bench/matching.py [COMPANIES]                                   # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_match .venv/bin/python bench/matching.py

The zone holds COMPANIES companies spread over 5 chains of 8 links (a fifth with a Fortune Global
500 rank), 30,000 activities, a project for one company in ten (a few lost, some open). Each run
calls `match_companies` as the chain-gap page does (the top 20 with their reasons) and prints a
Markdown table: median and p95 of 30 runs, and the queries per run.
"""

import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import inprocess  # noqa: E402

inprocess.prepare("match")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

COMPANIES = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
RUNS = 30
CHAINS, LINKS = 5, 8
COUNTRIES = ("DE", "US", "JP", "KR", "FR", "SG", "GB", "IT", "NL", "CH")


def _world():  # noqa: ANN202 - bench script
    from zoneinvest.accounts.models import Role
    from zoneinvest.accounts.services import user_create
    from zoneinvest.core.bulk import fast_insert
    from zoneinvest.core.models import Zone
    from zoneinvest.industries.models import ChainLink
    from zoneinvest.industries.services import chain_create
    from zoneinvest.pipeline.models import Activity, Company, Project

    rng = random.Random(8)  # noqa: S311 - synthetic data
    zone = Zone.objects.create(code="bench", name="Bench zone", parent_city="Chongqing")
    director = user_create(
        username="director",
        password="bench-only",  # noqa: S106
        role=Role.DIRECTOR,
        zones=[zone],
    )
    links = []
    for c in range(CHAINS):
        chain = chain_create(
            zone=zone, code=f"chain{c}", name_en=f"Chain {c}", name_zh=f"产业链{c}",
            sector="manufacturing", by=director,
        )  # fmt: skip
        for n in range(LINKS):
            links.append(
                ChainLink.objects.create(
                    zone=zone,
                    chain=chain,
                    code=f"l{c}-{n}",
                    name_en=f"Link {c}.{n}",
                    position=("upstream", "midstream", "downstream")[n % 3],
                    order=n,
                )  # fmt: skip
            )
    with transaction.atomic():
        rows = []
        for i in range(COMPANIES):
            link = links[rng.randrange(len(links))]
            rows.append(
                {
                    "zone": zone,
                    "name": f"Company {i}",
                    "name_en": f"Company {i}",
                    "normalized_name": f"company {i}",
                    "country": COUNTRIES[i % len(COUNTRIES)],
                    "chain_id": link.chain_id,
                    "link_id": link.pk,
                    "fortune_global_500_rank": rng.randint(1, 500) if i % 5 == 0 else None,
                }
            )
        ids = fast_insert(Company, rows)
        today = dt.date(2026, 11, 29)
        fast_insert(
            Activity,
            [
                {
                    "zone": zone,
                    "company_id": ids[rng.randrange(len(ids))],
                    "kind": "call",
                    "date": today - dt.timedelta(days=rng.randrange(900)),
                    "by": director,
                }
                for _ in range(30_000)
            ],
        )
        fast_insert(
            Project,
            [
                {
                    "zone": zone,
                    "title": f"Project {n}",
                    "title_en": f"Project {n}",
                    "company_id": company_id,
                    "stage": "lost" if n % 4 == 0 else "lead",
                    "owner": director,
                }
                for n, company_id in enumerate(ids[::10])
            ],
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return director, links[3]


def main() -> None:
    from zoneinvest.matching.selectors import match_companies

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    call_command("migrate", verbosity=0)
    director, gap = _world()
    match_companies(user=director, link=gap)  # warm
    times = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            found = match_companies(user=director, link=gap)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    assert len(found) == 20
    assert all(m.reasons for m in found)
    print("| database | companies | median ms | p95 ms | queries |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| {engine} | {COMPANIES:,} | {statistics.median(times):.0f} | {p95:.0f} "
        f"| {len(queries)} |"
    )


if __name__ == "__main__":
    main()
