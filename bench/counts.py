"""The project list's count at a province's scale: read from the kept stage totals
(`pipeline.selectors.project_count`) against counting the projects.

    .venv/bin/python bench/counts.py [DATABASE]       # default: bench_search, or $BENCH_DB

The database (on postgres://postgres@127.0.0.1:5432/ unless DATABASE_URL is set) is one that
`bench/search.py --fill` filled (`zoneinvest synth --zones 200 --companies 100000 --projects
1000000`); `make bench` runs this on it after the search. For a platform admin (every zone), the
director and an officer of the largest zone, unfiltered and filtered by a stage: the count as
the list gives it, and the projects counted, each checked equal to the other first, then timed
in turns (bench/breakdown.py's blocks). Prints a Markdown table.
"""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import inprocess  # noqa: E402

inprocess.prepare("counts")

PARSER = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
PARSER.add_argument("database", nargs="?", default=os.environ.get("BENCH_DB", "bench_search"))
ARGS = PARSER.parse_args()
os.environ["DATABASE_URL"] = os.environ.get(
    "DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{ARGS.database}"
)

import django  # noqa: E402

django.setup()

import breakdown  # noqa: E402
from django.db.models import Count  # noqa: E402

from zoneinvest.accounts.models import Role, User  # noqa: E402
from zoneinvest.accounts.services import user_create  # noqa: E402
from zoneinvest.core.models import Zone  # noqa: E402
from zoneinvest.pipeline.models import Project  # noqa: E402
from zoneinvest.pipeline.selectors import ProjectFilters, project_count, project_list  # noqa: E402

breakdown.ROUNDS, breakdown.BLOCK = 4, 5  # a count of every project takes ~150 ms


def caller(username: str, role: str, zones: list[Zone]) -> User:
    return User.objects.filter(username=username).first() or user_create(
        username=username,
        password="bench-only-" + username,
        role=role,
        zones=zones,
    )


def main() -> None:
    largest = Project.objects.values("zone").annotate(n=Count("id")).order_by("-n").first()
    if largest is None:
        raise SystemExit("no projects: fill the database first (bench/search.py --fill)")
    zone = Zone.objects.get(pk=largest["zone"])
    callers = {
        "platform admin (every zone)": caller("bench-count-admin", Role.ADMIN, []),
        "director of the largest zone": caller("bench-count-director", Role.DIRECTOR, [zone]),
        "officer of the largest zone": caller("bench-count-officer", Role.OFFICER, [zone]),
    }
    cases = {"no filter": ProjectFilters(), "stage: lead": ProjectFilters(stage="lead")}
    parts, counts = {}, {}
    for who, user in callers.items():
        for what, filters in cases.items():
            listed = project_list(user=user, filters=filters).count()
            if project_count(user=user, filters=filters) != listed:
                raise SystemExit(f"{who}, {what}: the kept count is not the list's ({listed})")
            counts[(who, what)] = listed
            parts[(who, what, "counted")] = lambda u=user, f=filters: project_list(
                user=u, filters=f
            ).count()
            parts[(who, what, "kept")] = lambda u=user, f=filters: project_count(user=u, filters=f)
    timed = breakdown.timed_in_turns(parts)
    print(f"{Project.objects.count():,} projects; the largest zone holds {largest['n']:,}.\n")
    print("| caller | list | projects | projects counted, ms | `project_count`, ms |")
    print("|---|---|---:|---:|---:|")
    for (who, what), n in counts.items():
        print(
            f"| {who} | {what} | {n:,} | {timed[(who, what, 'counted')]:.1f} "
            f"| {timed[(who, what, 'kept')]:.1f} |"
        )


if __name__ == "__main__":
    main()
