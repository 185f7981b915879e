"""Public portal benchmarks: each page of the demo portal rendered (cold: the page cache emptied
before every request) and served from the page cache (warm), with its queries.

    .venv/bin/python bench/portal.py                                         # SQLite, temporary
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/portal.py

Prints a Markdown table for docs/BENCHMARKS.md.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import inprocess  # noqa: E402

inprocess.prepare("portal", WHITENOISE_USE_FINDERS="true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

RUNS = 50


def pages() -> dict[str, str]:
    from zoneinvest.places.models import Park, Policy
    from zoneinvest.portal.models import Story

    park = Park.objects.filter(published=True).first()
    policy = Policy.objects.filter(published=True).first()
    story = Story.objects.filter(event__isnull=False).first() or Story.objects.first()
    if not (park and policy and story):
        raise SystemExit("the demo has no portal content")
    return {
        "home": "/en/",
        "home (Chinese)": "/zh-hans/",
        "why invest": "/en/investing/why/",
        "parks": "/en/investing/parks/",
        "park": f"/en/investing/parks/{park.slug}/",
        "incentive finder, filtered": "/en/investing/policies/?chain=nev&investment=1000",
        "policy": f"/en/investing/policies/{policy.slug}/",
        "industries": "/en/investing/industries/",
        "conference story (event report figures)": f"/en/news/story/{story.slug}/",
    }


def timed(client: Client, url: str, *, cold: bool) -> list[float]:
    times = []
    for _ in range(RUNS):
        if cold:
            cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return sorted(times)


def queries(client: Client, url: str, *, cold: bool) -> int:
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def main() -> None:
    setup_test_environment()
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    call_command("migrate", verbosity=0)
    inprocess.collect_static()
    from zoneinvest.demo.liangjiang import demo_load

    demo_load()
    client = Client()
    print(
        "| database | page | cold median ms | cold queries "
        "| cached median ms | cached p95 ms | cached queries |"
    )
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, url in pages().items():
        cold = timed(client, url, cold=True)
        cold_queries = queries(client, url, cold=True)
        client.get(url)
        warm = timed(client, url, cold=False)
        warm_queries = queries(client, url, cold=False)
        print(
            f"| {engine} | {name} | {statistics.median(cold):.1f} | {cold_queries} "
            f"| {statistics.median(warm):.2f} | {warm[int(len(warm) * 0.95) - 1]:.2f} "
            f"| {warm_queries} |"
        )


if __name__ == "__main__":
    main()
