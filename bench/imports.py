"""Import benchmark: a 100,000-row project file, checked and imported as the worker does it.

    .venv/bin/python bench/imports.py [ROWS]                                   # SQLite, temporary
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_import .venv/bin/python bench/imports.py

Prints a Markdown table for docs/BENCHMARKS.md: rows per second for the check (every row read
and checked with the pipeline's rules) and for the write (one transaction), and in all.
"""

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import inprocess  # noqa: E402

inprocess.prepare("import", MEDIA_ROOT="{home}/media")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
STAGES = ("lead", "lead", "lead", "qualified", "negotiating")


def project_file(rows: int) -> io.BytesIO:
    """A csv like a bureau's export: 2,000 investors, five chains, stages up to negotiating."""
    lines = ["External id,Title,Investor,Country,Chain,Stage,Total investment,Expected signing"]
    countries = ("DE", "US", "JP", "KR", "FR", "SG", "CN", "GB")
    for i in range(rows):
        stage = STAGES[i % len(STAGES)]
        amount = f"{(i % 997 + 1) * 1_000_000}" if stage != "lead" else ""
        signing = "2024-06-30" if stage == "negotiating" else ""
        lines.append(
            f"B-{i},Project {i},Investor {i % 2000} Ltd,{countries[i % len(countries)]},"
            f"chain{i % 5},{stage},{amount},{signing}"
        )
    return io.BytesIO(("\n".join(lines) + "\n").encode())


def main() -> None:
    from zoneinvest.accounts.models import Role
    from zoneinvest.accounts.services import user_create
    from zoneinvest.core.models import Zone
    from zoneinvest.industries.services import chain_create
    from zoneinvest.pipeline.models import Project
    from zoneinvest.reports.jobs import import_job, validate_job
    from zoneinvest.reports.models import Job
    from zoneinvest.reports.services import import_commit, import_map_and_check, import_upload

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    call_command("migrate", verbosity=0)
    zone = Zone.objects.create(code="bench", name="Bench zone", parent_city="Chongqing")
    director = user_create(
        username="director",
        password="bench-only",  # noqa: S106
        role=Role.DIRECTOR,
        zones=[zone],
    )
    for n in range(5):
        chain_create(
            zone=zone, code=f"chain{n}", name_en=f"Chain {n}", name_zh=f"产业链{n}",
            sector="manufacturing", by=director,
        )  # fmt: skip
    content = project_file(ROWS)
    start = time.perf_counter()
    job = import_upload(zone=zone, kind="projects", stream=content, name="b.csv", by=director)
    mapping = {**job.mapping, "est_signing_date": "Expected signing"}
    import_map_and_check(job=job, mapping=mapping, by=director)
    checked = time.perf_counter()
    validate_job.call(job.pk)
    validated = time.perf_counter()
    job.refresh_from_db()
    assert job.error_count == 0, job.row_errors[:3]
    import_commit(job=job, by=director)
    began = time.perf_counter()
    import_job.call(job.pk)  # checks every row again, then writes them in one transaction
    done = time.perf_counter()
    job = Job.objects.get(pk=job.pk)
    assert job.status == "done", job.error
    assert Project.objects.count() == ROWS
    upload = checked - start
    check = validated - checked
    total = done - began
    print(
        "| database | rows | upload + read s | check s "
        "| import (check again + write) s | rows/s (import) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    print(
        f"| {engine} | {ROWS:,} | {upload:.2f} | {check:.2f} | {total:.2f} | {ROWS / total:,.0f} |"
    )


if __name__ == "__main__":
    main()
