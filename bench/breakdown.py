"""Where the time of one API request goes: the filtered project list, the board and a project,
taken apart in process, beside the raw SQL that gives the same rows.

    .venv/bin/python bench/breakdown.py                 # 10,000 projects (~2 min)
    .venv/bin/python bench/breakdown.py --size 100000

bench/compare.py measures each operation whole, over HTTP. This says what its parts cost: the
stack before the view (middleware, routing, ninja: a request without a token), the token's
check, building the queryset, compiling its SQL (the ORM), sending it and reading its rows
(the database and psycopg), turning the rows into the answer, and the JSON. The database is
filled as compare.py fills it (`zoneinvest synth`, the bench director, ANALYZE; its own
database, dropped at the end). Every part is timed in blocks of BLOCK calls, the parts taking
turns for ROUNDS rounds, so a machine slower for a minute slows every part alike; each figure
is the median of its blocks' medians.
"""

# A benchmark: it runs the programs and SQL it builds itself, from its own constants.
# ruff: noqa: S603, S608

import argparse
import contextlib
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import compare  # noqa: E402 - bench/ is not a package

ROUNDS = 12
BLOCK = 20


def timed_in_turns(parts: dict[Any, Callable[[], Any]]) -> dict[Any, float]:
    """The median (ms) of each part's block medians, the parts taking turns."""
    for call in parts.values():
        for _ in range(5):  # warm: prepared statements, caches, the first import
            call()
    medians: dict[Any, list[float]] = {name: [] for name in parts}
    for _ in range(ROUNDS):
        for name, call in parts.items():
            times = []
            for _ in range(BLOCK):
                start = time.perf_counter()
                call()
                times.append((time.perf_counter() - start) * 1000)
            medians[name].append(statistics.median(times))
    return {name: round(statistics.median(values), 3) for name, values in medians.items()}


def measure(db: str, setup: dict[str, Any]) -> None:
    """(In a subprocess, ZoneInvest's environment.) Print each part's median as JSON."""
    import django

    django.setup()
    from django.db import connection
    from django.http import Http404
    from django.test import Client
    from django.utils import translation

    from zoneinvest.accounts.services import token_authenticate
    from zoneinvest.api.project_rows import COLUMNS, DATETIME_TEXTS, projects_out
    from zoneinvest.api.schemas import json_response
    from zoneinvest.pipeline.rows import plain
    from zoneinvest.pipeline.selectors import (
        ProjectFilters,
        pipeline_board,
        project_count,
        project_get,
        project_list,
        project_page,
        project_page_and_count,
    )

    translation.activate("en")
    raw = compare.Raw(db, setup)
    token = token_authenticate(plain=setup["token"])
    assert token is not None
    user = token.user
    filters = ProjectFilters(stage=setup["stage"], min_amount=Decimal(1_000_000))  # as the API
    api = Client(HTTP_AUTHORIZATION=f"Bearer {setup['token']}", HTTP_HOST="127.0.0.1")
    anonymous = Client(HTTP_HOST="127.0.0.1")
    listing = f"/api/v1/projects?stage={setup['stage']}&min_amount=1000000&limit=50&offset=0"

    def page() -> Any:
        return plain(project_list(user=user, filters=filters)[0:50]).values(
            *COLUMNS, **DATETIME_TEXTS
        )

    sql, params = page().query.sql_with_params()

    def send_compiled() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            cursor.fetchall()

    def missing_project() -> None:
        with contextlib.suppress(Http404):
            project_get(user=user, pk=-1)

    as_the_api: dict[str, Any] = {  # the page the API reads
        "user": user,
        "filters": filters,
        "offset": 0,
        "limit": 50,
        "fields": COLUMNS,
        "expressions": DATETIME_TEXTS,
    }

    def page_shaped() -> list[dict[str, Any]]:
        return project_page(**as_the_api)

    items = projects_out(page_shaped())
    parts = {
        "raw_page_count": raw.page_count,
        "raw_own_form": raw.page_count_own_form,
        "raw_page": raw.page,
        "raw_board": raw.board,
        "raw_detail": raw.detail,
        "stack_without_token": lambda: anonymous.get("/api/v1/projects"),
        "token_check": lambda: token_authenticate(plain=setup["token"]),
        "queryset": lambda: project_list(user=user, filters=filters),
        "page_compile": lambda: page().query.sql_with_params(),
        "page_send_and_read": send_compiled,
        "page_values": lambda: list(page()),
        "page_shaped": page_shaped,
        "page_rows": lambda: projects_out(page_shaped()),
        "raw_count": lambda: raw.q(
            f"SELECT count(*) FROM pipeline_project p WHERE {compare.WHERE}"
        ),
        "count": lambda: project_count(user=user, filters=filters),
        "page_and_count": lambda: project_page_and_count(**as_the_api),
        "json": lambda: json_response({"items": items, "count": 1}),
        "list_request": lambda: api.get(listing),
        "board_selector": lambda: pipeline_board(user=user),
        "board_request": lambda: api.get("/api/v1/board"),
        "project_get_missing": missing_project,
        "project_get": lambda: project_get(user=user, pk=setup["project"]),
        "detail_request": lambda: api.get(f"/api/v1/projects/{setup['project']}"),
    }
    print(json.dumps(timed_in_turns(parts)))


LINES = [
    ("list", "raw SQL: the page and its count (psycopg, in process)", "raw_page_count"),
    ("list", "raw SQL: the same in ZoneInvest's form (one statement, one plan)", "raw_own_form"),
    ("list", "ZoneInvest, the whole request in process (test client)", "list_request"),
    ("list", "· the stack before the view (a request without a token: 401)", "stack_without_token"),
    ("list", "· the token's check (1 query: the token, its user and zones)", "token_check"),
    ("list", "· the filtered queryset built", "queryset"),
    ("list", "· the page's SQL compiled by the ORM", "page_compile"),
    ("list", "· that SQL sent, its 50 rows read (Django's cursor)", "page_send_and_read"),
    ("list", "· raw SQL: the same page (psycopg)", "raw_page"),
    ("list", "· the page as values by the ORM (build + compile + send + read)", "page_values"),
    ("list", "· the page as values, compiled once for its shape (`project_page`)", "page_shaped"),
    ("list", "· the page as the answer's items (`project_page` + `projects_out`)", "page_rows"),
    ("list", "· the count (`project_count`, compiled once for its shape)", "count"),
    ("list", "· raw SQL: the same count (psycopg)", "raw_count"),
    ("list", "· the page and its count in one query (`project_page_and_count`)", "page_and_count"),
    ("list", "· the JSON of the answer", "json"),
    ("board", "raw SQL: totals counted + 9 columns of 20 cards", "raw_board"),
    ("board", "ZoneInvest, the whole request in process", "board_request"),
    ("board", "· the board's selector (kept totals, rates, one query of cards)", "board_selector"),
    ("detail", "raw SQL: the project with its names", "raw_detail"),
    ("detail", "ZoneInvest, the whole request in process", "detail_request"),
    ("detail", "· `project_get` (build + compile + send + the instances)", "project_get"),
    ("detail", "· `project_get` of a project that is not there (no rows)", "project_get_missing"),
]


def table(size: int, parts: dict[str, float]) -> str:
    lines = [
        f"| operation ({size:,} projects) | part | ms (median of block medians) |",
        "|---|---|---:|",
    ]
    for operation, label, key in LINES:
        lines.append(f"| {operation} | {label} | {parts[key]:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="projects (default 10,000)")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    db = f"bench_zi_breakdown_{args.size}"
    compare.WORK.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    try:
        compare.recreate(db, template=os.environ.get("BENCH_TEMPLATE"))  # bench/all.sh
        env = compare.zi_env(db)
        setup = compare.run_json(
            [sys.executable, compare.__file__, "_zi_setup", str(args.size)], env
        )
        parts = compare.run_json([sys.executable, __file__, "_measure", db, json.dumps(setup)], env)
    finally:
        if not args.keep:
            with contextlib.suppress(Exception):
                compare.pg(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
    size = f" --size {args.size}" if args.size != 10_000 else ""
    print(
        f"Machine: {compare.machine()}. Command: `.venv/bin/python bench/breakdown.py{size}`"
        f" ({ROUNDS} rounds of {BLOCK} calls a part, {time.perf_counter() - began:.0f} s).\n"
    )
    print(table(args.size, parts))


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "_measure":
        measure(sys.argv[2], json.loads(sys.argv[3]))
    else:
        main()
