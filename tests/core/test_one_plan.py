"""On PostgreSQL a read kept for its shape is planned once for any values (a generic plan),
the setting that asks for it the read's alone: not the connection's, not a transaction's."""

from decimal import Decimal

import pytest
from django.db import DataError, connection, connections, transaction
from django.db.models import F, Value

from tests.factories.pipeline import ProjectFactory
from zoneinvest.core import shapes
from zoneinvest.core.shapes import forget_shapes, shaped_rows
from zoneinvest.pipeline.models import Project
from zoneinvest.pipeline.stages import Stage

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's plans (the suite runs on SQLite)"
)
ORDER = ("-total_investment", "id")
MARK = "one_plan_share"  # a column of the read, to find its prepared statement


def _build(values):
    return (
        Project.objects.filter(zone_id=values["zone"], stage=values["stage"])
        .filter(total_investment__gte=values["min"])
        .annotate(**{MARK: F("total_investment") / Value(values["per"])})
        .order_by(*ORDER)
        .values("id", "stage", "total_investment", MARK)
    )


def _read(zone, stage, minimum, per=Decimal(1)):
    values = {"zone": zone, "stage": stage, "min": minimum, "per": per}
    return shaped_rows(shape="one plan", values=values, build=_build, one_plan=True)


def _plans():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE %s",
            [f"%{MARK}%"],
        )
        return cursor.fetchall()


def _plan_cache_mode():
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


@pytest.fixture
def projects(transactional_db, world):
    forget_shapes()
    for n, stage in enumerate([Stage.LEAD, Stage.SIGNED] * 3):
        ProjectFactory(zone=world.zone, stage=stage, total_investment=Decimal(n * 10_000_000))
    yield world
    forget_shapes()


def test_a_kept_read_is_planned_once_for_any_values(projects):
    assert not connection.in_atomic_block  # as a request's reads are
    zone = projects.zone.pk
    for n in range(8):  # psycopg prepares a statement on its fifth run
        stage = (Stage.LEAD, Stage.SIGNED)[n % 2]
        minimum = Decimal(n * 5_000_000)
        expected = Project.objects.filter(zone=zone, stage=stage, total_investment__gte=minimum)
        rows = _read(zone, stage, minimum)
        assert [row["id"] for row in rows] == [p.pk for p in expected.order_by(*ORDER)]
        assert all(row[MARK] == row["total_investment"] for row in rows)
    [(generic, custom)] = _plans()
    assert generic >= 3
    assert custom == 0  # PostgreSQL, left to itself, plans this read for each call's values
    assert _plan_cache_mode() == "auto"  # the setting was the read's alone


def test_a_read_that_fails_leaves_the_connection_as_it_was(projects):
    zone = projects.zone.pk
    _read(zone, Stage.SIGNED, Decimal(0))
    with pytest.raises(DataError):  # division by zero, raised as Django raises it
        _read(zone, Stage.SIGNED, Decimal(0), per=Decimal(0))
    assert _plan_cache_mode() == "auto"
    assert _read(zone, Stage.SIGNED, Decimal(0))  # the connection reads on


def test_inside_a_transaction_the_read_is_planned_as_any_other(projects):
    """The setting would reach the transaction's later statements: there it is not made."""
    with transaction.atomic():
        values = {"zone": projects.zone.pk, "stage": Stage.LEAD, "min": Decimal(0), "per": 1}
        assert _read(projects.zone.pk, Stage.LEAD, Decimal(0)) == list(_build(values))
        assert _plan_cache_mode() == "auto"


def test_a_read_not_asking_for_one_plan_is_planned_by_postgresql(projects, monkeypatch):
    """The board's columns, its totals: measured slower with one plan, left to PostgreSQL."""

    def refuse(*_):
        raise AssertionError("planned once though it did not ask to be")

    monkeypatch.setattr(type(connections["default"]), "one_plan_for_any_values", refuse)
    values = {"zone": projects.zone.pk, "stage": Stage.LEAD, "min": Decimal(0), "per": Decimal(1)}
    sent = shapes.stats["sent"]
    assert shaped_rows(shape="left to PostgreSQL", values=values, build=_build)
    assert shapes.stats["sent"] == sent + 1  # the kept read answered
