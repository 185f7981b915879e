"""Pipeline benchmarks: project list, board and project page at 10 and 10,000 projects.

    make bench                                                  # SQLite, temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench make bench  # PostgreSQL

Prints a Markdown table (median and p95 of 30 requests through Django's test client, queries per
request) for docs/BENCHMARKS.md.
"""

import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import inprocess  # noqa: E402

inprocess.prepare("pages", WHITENOISE_USE_FINDERS="true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

RUNS = 30
SIZES = (10, 10_000)


def world():
    from zoneinvest.accounts.models import Role
    from zoneinvest.accounts.services import user_create
    from zoneinvest.core.models import FxRate, Zone
    from zoneinvest.industries.services import chain_create

    zone = Zone.objects.create(code="bench", name="Bench zone", parent_city="Chongqing")
    FxRate.objects.create(date="2023-01-03", base="USD", quote="CNY", rate="6.8", source="bench")
    FxRate.objects.create(date="2023-01-03", base="EUR", quote="CNY", rate="7.3", source="bench")
    director = user_create(
        username="director",
        password="bench-only",  # noqa: S106
        role=Role.DIRECTOR,
        zones=[zone],
    )
    chain = chain_create(
        zone=zone, code="nev", name_en="NEV", name_zh="新能源汽车", sector="manufacturing"
    )
    return zone, director, chain


def fill(zone, director, chain, total):
    from zoneinvest.pipeline.models import Company, Project
    from zoneinvest.pipeline.stages import BOARD_COLUMNS

    have = Project.objects.count()
    companies = list(Company.objects.all()) or Company.objects.bulk_create(
        [
            Company(zone=zone, name=f"Company {i}", normalized_name=f"company {i}", country="DE")
            for i in range(200)
        ]
    )
    Project.objects.bulk_create(
        [
            Project(
                zone=zone,
                title=f"Project {i}",
                company=companies[i % len(companies)],
                chain=chain,
                owner=director,
                stage=BOARD_COLUMNS[i % len(BOARD_COLUMNS)],
                currency=("CNY", "USD", "EUR")[i % 3],
                total_investment=Decimal(1_000_000 + i * 997),
            )
            for i in range(have, total)
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # what autovacuum (PostgreSQL) or the operator (SQLite) does
    return Project.objects.order_by("id").first()


def measure(client, url):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(queries)


def main():
    setup_test_environment()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    call_command("migrate", verbosity=0)
    inprocess.collect_static()
    zone, director, chain = world()
    client = Client()
    client.force_login(director)
    from zoneinvest.accounts.two_factor import mark_verified

    session = client.session  # the director has passed the second log-in step
    mark_verified(session)
    session.save()
    rows = []
    for size in SIZES:
        first = fill(zone, director, chain, size)
        pages = {
            "project list": "/en/office/projects/",
            "project list, filtered + sorted": (
                "/en/office/projects/?stage=signed&q=Project&sort=-investment"
            ),
            "pipeline board": "/en/office/board/",
            "project page": f"/en/office/projects/{first.pk}/",
        }
        for name, url in pages.items():
            median, p95, queries = measure(client, url)
            rows.append((engine, size, name, median, p95, queries))
    print("| database | projects | page | median ms | p95 ms | queries |")
    print("|---|---:|---|---:|---:|---:|")
    for engine, size, name, median, p95, queries in rows:
        print(f"| {engine} | {size:,} | {name} | {median:.1f} | {p95:.1f} | {queries} |")


if __name__ == "__main__":
    main()
