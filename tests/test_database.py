"""The application's PostgreSQL connections: parameters bound on the server, repeated queries
prepared once per connection (as psycopg does for any program after five executions), JIT off."""

import pytest
from django.db import connection

from zoneinvest.pipeline.models import Project

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: prepared statements are its own",
    ),
]


def _prepared() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def _ids_at(zone: int) -> list[int]:
    rows = Project.objects.filter(zone_id=zone, stage__in=["lead", "signed"]).values_list("id")
    return sorted(pk for (pk,) in rows)


def test_a_query_run_again_and_again_is_prepared_once_and_keeps_its_answers(world):
    answers = [_ids_at(world.zone.pk) for _ in range(7)]
    prepared = [s for s in _prepared() if '"pipeline_project"' in s and "$1" in s]
    assert prepared, _prepared()  # the values went as parameters, the statement was prepared
    assert all(answer == answers[0] for answer in answers)
    for zone in (world.other_zone.pk, world.zone.pk):  # the prepared statement, other values
        expected = sorted(
            p.pk
            for p in Project.objects.all()
            if p.zone_id == zone and p.stage in ("lead", "signed")
        )
        assert _ids_at(zone) == expected


def test_the_connection_runs_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
