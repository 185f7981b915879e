"""`project_page` (a page's SQL compiled once for its shape) reads exactly the page of
`project_list` for every persona and every kind of filter, call after call."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from tests.factories.pipeline import ProjectFactory
from zoneinvest.accounts.selectors import user_zone_ids
from zoneinvest.api.project_rows import COLUMNS
from zoneinvest.core import shapes
from zoneinvest.core.shapes import forget_shapes
from zoneinvest.pipeline.models import CapitalArrival
from zoneinvest.pipeline.rows import plain, rows_by_stage
from zoneinvest.pipeline.selectors import (
    BOARD_CARDS_PER_COLUMN,
    BOARD_ORDER,
    CARD_FIELDS,
    ProjectFilters,
    _apply_project_filters,
    _column_rows,
    _reader,
    project_count,
    project_list,
    project_page,
    project_page_and_count,
    project_scope,
    project_scope_rows,
)
from zoneinvest.pipeline.stages import BOARD_COLUMNS, Stage
from zoneinvest.reports.selectors import _arrivals, _breakdown_rows, _furthest, kpis

PERSONAS = ("director", "officer", "officer2", "analyst", "consultant", "admin", "outsider")
FILTERS = [
    ProjectFilters(),
    ProjectFilters(stage=Stage.SIGNED),
    ProjectFilters(stage="lead", min_amount=Decimal(50_000_000)),
    ProjectFilters(min_amount=Decimal(1), max_amount=Decimal("60000000.5"), sort="-investment"),
    ProjectFilters(country="DE", sort="title"),
    ProjectFilters(q="Project 1"),  # a text search: compiled each time
    ProjectFilters(reached="signed"),  # a "reached" filter: compiled each time
]


@pytest.fixture
def pipeline(world):
    forget_shapes()
    for n in range(12):
        ProjectFactory(
            zone=world.zone,
            stage=(Stage.LEAD, Stage.SIGNED, Stage.LOST)[n % 3],
            total_investment=Decimal(n * 10_000_000),
            owner=(world.officer, world.officer2, None)[n % 3],
            confidential=n % 4 == 0,
            furthest_stage_index=n % 4,
        )
    ProjectFactory(zone=world.other_zone, stage=Stage.SIGNED, total_investment=Decimal(10**8))
    yield world
    forget_shapes()


def _orm_page(user, filters, offset, limit):
    return list(
        plain(project_list(user=user, filters=filters)[offset : offset + limit]).values(*COLUMNS)
    )


@pytest.mark.parametrize("personas", [PERSONAS, PERSONAS[::-1]], ids=["forward", "backward"])
def test_the_page_is_the_list_s_page_for_every_persona_and_filter(pipeline, personas):
    """The personas one after another, sharing the kept shapes: a shape kept for one role
    must never answer another's page."""
    for persona in personas:
        user = pipeline.user(persona)
        for filters in FILTERS:
            for offset, limit in ((0, 5), (5, 5), (0, 50)):
                page = project_page(
                    user=user, filters=filters, offset=offset, limit=limit, fields=COLUMNS
                )
                assert page == _orm_page(user, filters, offset, limit), (persona, filters)


def test_the_officer_sees_their_own_confidential_projects_and_no_one_else_s(pipeline):
    for officer in (pipeline.officer, pipeline.officer2):
        page = project_page(
            user=officer,
            filters=ProjectFilters(),
            offset=0,
            limit=50,
            fields=("id", "owner_id", "confidential"),
        )
        confidential = [row for row in page if row["confidential"]]
        assert confidential
        assert {row["owner_id"] for row in confidential} == {officer.pk}


def test_a_second_page_of_the_same_shape_is_one_query_and_no_compiling(
    pipeline, django_assert_num_queries
):
    filters = ProjectFilters(stage="lead", min_amount=Decimal(1))
    project_page(user=pipeline.officer, filters=filters, offset=0, limit=5, fields=COLUMNS)
    compiled = shapes.stats["compiled"]
    user_zone_ids(user=pipeline.officer2)  # read with the user (the API's token check)
    other = ProjectFilters(stage="signed", min_amount=Decimal(20_000_000))
    with django_assert_num_queries(1):
        page = project_page(
            user=pipeline.officer2, filters=other, offset=0, limit=5, fields=COLUMNS
        )
    assert shapes.stats["compiled"] == compiled
    assert page == _orm_page(pipeline.officer2, other, 0, 5)
    assert page
    assert {row["stage"] for row in page} == {"signed"}


def test_the_count_is_the_list_s_count_for_every_persona_and_filter(pipeline):
    counted = ProjectFilters(stage="lead", min_amount=Decimal(1), max_amount=Decimal(10**9))
    for persona in (*PERSONAS, *PERSONAS[::-1]):
        user = pipeline.user(persona)
        for filters in (*FILTERS, counted):
            expected = _apply_project_filters(project_scope(user=user), filters).count()
            assert project_count(user=user, filters=filters) == expected, (persona, filters)


def test_a_second_count_of_the_same_shape_is_one_query_and_no_compiling(
    pipeline, django_assert_num_queries
):
    filters = ProjectFilters(stage="lead", min_amount=Decimal(1))
    assert project_count(user=pipeline.director, filters=filters) == 4  # 3 and the world's
    compiled = shapes.stats["compiled"]
    with django_assert_num_queries(1):
        count = project_count(
            user=pipeline.director,
            filters=ProjectFilters(stage="signed", min_amount=Decimal(20_000_000)),
        )
    assert shapes.stats["compiled"] == compiled
    assert count == 3


@pytest.mark.parametrize("personas", [PERSONAS, PERSONAS[::-1]], ids=["forward", "backward"])
def test_the_page_and_count_are_the_list_s_page_and_count(pipeline, personas):
    """Past the list's end too (no row to read the count off), and on a list counted from the
    kept stage totals."""
    for persona in personas:
        user = pipeline.user(persona)
        for filters in (*FILTERS, ProjectFilters(stage="lead", zone=pipeline.zone.pk)):
            expected_count = _apply_project_filters(project_scope(user=user), filters).count()
            for offset, limit in ((0, 5), (5, 5), (0, 50), (100, 5)):
                page, count = project_page_and_count(
                    user=user, filters=filters, offset=offset, limit=limit, fields=COLUMNS
                )
                assert page == _orm_page(user, filters, offset, limit), (persona, filters)
                assert count == expected_count, (persona, filters, offset)


def test_a_counted_page_is_one_query_with_its_count(pipeline, django_assert_num_queries):
    filters = ProjectFilters(stage="lead", min_amount=Decimal(1))
    project_page_and_count(
        user=pipeline.director, filters=filters, offset=0, limit=2, fields=COLUMNS
    )
    compiled = shapes.stats["compiled"]
    other = ProjectFilters(stage="signed", min_amount=Decimal(20_000_000))
    with django_assert_num_queries(1):
        page, count = project_page_and_count(
            user=pipeline.director, filters=other, offset=0, limit=2, fields=COLUMNS
        )
    assert shapes.stats["compiled"] == compiled
    assert (page, count) == (_orm_page(pipeline.director, other, 0, 2), 3)
    assert len(page) == 2  # the count is the list's, not the page's


@pytest.mark.skipif(
    not connection.features.supports_slicing_ordering_in_compound,
    reason="the board's columns are one UNION ALL only where the database takes it (PostgreSQL)",
)
def test_the_board_s_kept_columns_are_the_columns_for_every_persona_and_filter(pipeline):
    board = [filters for filters in FILTERS if not filters.q and not filters.reached]
    sent = shapes.stats["sent"]
    for persona in (*PERSONAS, *PERSONAS[::-1]):
        user = pipeline.user(persona)
        reader = _reader(user)
        for filters in board:
            latest = _apply_project_filters(project_scope(user=user), filters)
            expected = rows_by_stage(
                latest.order_by(*BOARD_ORDER), BOARD_COLUMNS, BOARD_CARDS_PER_COLUMN, CARD_FIELDS
            )
            assert _column_rows(reader, filters) == expected, (persona, filters)
    assert shapes.stats["sent"] > sent  # the kept union answered


def test_every_page_of_a_list_is_one_shape(pipeline):
    """The page's bounds are parameters: paging through a list compiles it once."""
    filters = ProjectFilters(min_amount=Decimal(0))
    project_page(user=pipeline.director, filters=filters, offset=0, limit=4, fields=COLUMNS)
    compiled = shapes.stats["compiled"]
    pages = [
        project_page(user=pipeline.director, filters=filters, offset=o, limit=4, fields=COLUMNS)
        for o in (0, 4, 8, 12)
    ]
    assert shapes.stats["compiled"] == compiled
    assert pages == [_orm_page(pipeline.director, filters, o, 4) for o in (0, 4, 8, 12)]
    assert [len(page) for page in pages] == [4, 4, 4, 1]  # 12 projects and the world's


@pytest.mark.parametrize("personas", [PERSONAS, PERSONAS[::-1]], ids=["forward", "backward"])
def test_the_dashboard_s_kept_aggregates_are_the_scope_s(pipeline, personas):
    """The dashboard's aggregates, compiled once for their shape, read what the ORM reads of
    each persona's scope; the personas one after another share the kept shapes."""
    for n, currency in enumerate(("CNY", "USD")):  # landed, with capital contracted and arrived
        landed = ProjectFactory(
            zone=pipeline.zone,
            stage=Stage.OPERATING,
            currency=currency,
            contracted_amount=Decimal(10**7),
            confidential=n == 1,
            owner=pipeline.officer,
        )
        for day in (1, 2):
            CapitalArrival.objects.create(
                zone=pipeline.zone,
                project=landed,
                date=dt.date(2026, 5, day),
                amount=Decimal(10**6),
            )
    reads = {"furthest": _furthest, "breakdown": _breakdown_rows, "arrivals": _arrivals}
    read_any: dict[str, bool] = {}
    for persona in personas:
        user = pipeline.user(persona)
        for today in (dt.date(2026, 11, 30), dt.date(2027, 1, 1)):
            for name, read in reads.items():
                values = {"today": today}
                kept = project_scope_rows(user=user, shape=name, read=read, values=values)
                expected = list(read(project_scope(user=user), values))
                key = lambda row: sorted(map(str, row.items()))  # noqa: E731 - grouped, unordered
                assert sorted(kept, key=key) == sorted(expected, key=key), (persona, name)
                read_any[name] = read_any.get(name, False) or bool(kept)
    assert all(read_any.values()), read_any  # each aggregate read some rows


def test_a_second_dashboard_compiles_nothing(pipeline):
    first = kpis(user=pipeline.director)
    compiled, sent = shapes.stats["compiled"], shapes.stats["sent"]
    again = kpis(user=pipeline.director)
    assert shapes.stats["compiled"] == compiled
    # Its three aggregates sent as kept SQL again; on SQLite the arrivals' date is written as
    # text on its way to the SQL, so that one is compiled every time (`core.shapes`).
    assert shapes.stats["sent"] - sent >= (3 if connection.vendor == "postgresql" else 2)
    assert again.funnel == first.funnel
