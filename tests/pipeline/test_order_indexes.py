"""The project list's and the board's orders are read from an index, with no sort.

Each order ends with the id, so projects that share a time (imported or moved together) are
still in a definite order; the indexes end with it too. With an index that stopped at the time,
PostgreSQL read every project of the tied time and sorted them to give a page of 20: at 10,000
projects a board column read 1,000 rows where it needed 20 (docs/BENCHMARKS.md)."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.utils import timezone

from tests.factories.pipeline import ProjectFactory
from zoneinvest.pipeline.models import Project
from zoneinvest.pipeline.selectors import BOARD_ORDER, PROJECT_SORTS

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: its query plans",
    ),
]


def _node_types(plan: dict) -> list[str]:
    return [plan["Node Type"]] + [
        kind for child in plan.get("Plans", []) for kind in _node_types(child)
    ]


def _plan(queryset) -> list[str]:
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # A few dozen rows: left to itself the planner picks whatever is cheapest on the
        # statistics of the moment. Told to avoid reading the table whole and sorting, it
        # still sorts when it must: it does not exactly when an index gives the order.
        for setting in ("seqscan", "bitmapscan", "sort", "incremental_sort"):
            cursor.execute(f"SET LOCAL enable_{setting} = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        return _node_types(cursor.fetchone()[0][0]["Plan"])


@pytest.fixture
def tied(world):
    """Forty projects of one stage, updated and moved at the same moment."""
    moment = timezone.now() - dt.timedelta(days=3)
    for _ in range(40):
        ProjectFactory(zone=world.zone, stage="lead")
    Project.objects.filter(zone=world.zone).update(updated_at=moment, stage_changed_at=moment)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE pipeline_project")
    return world


@pytest.mark.parametrize(
    ("order", "stage"),
    [
        pytest.param(PROJECT_SORTS["updated"], "lead", id="list of a stage, latest updated"),
        pytest.param(PROJECT_SORTS["updated"], None, id="list, latest updated"),
        pytest.param(BOARD_ORDER, "lead", id="board column, latest moved"),
    ],
)
def test_the_order_comes_from_an_index_without_sorting(tied, order, stage):
    projects = Project.objects.filter(zone=tied.zone)
    if stage:
        projects = projects.filter(stage=stage)
    page = projects.order_by(*order).values("id")[:20]
    nodes = _plan(page)
    assert "Index Scan" in nodes or "Index Only Scan" in nodes, nodes
    assert "Sort" not in nodes, nodes
    assert "Incremental Sort" not in nodes, nodes
    ids = [row["id"] for row in page]
    expected = sorted(projects.values_list("id", flat=True), reverse=True)[:20]
    assert ids == expected  # tied in time, latest id first
