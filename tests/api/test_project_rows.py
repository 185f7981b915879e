"""The list's plain-row renderer gives exactly what `ProjectOut` gives, in both languages."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.utils import timezone, translation
from ninja.responses import NinjaJSONEncoder

from tests.factories.pipeline import ChainFactory, CompanyFactory, ProjectFactory
from zoneinvest.api.project_rows import COLUMNS, DATETIME_TEXTS, _money, card_out, projects_out
from zoneinvest.api.projects import BoardCardOut, ProjectOut
from zoneinvest.api.schemas import money
from zoneinvest.industries.models import Sector
from zoneinvest.pipeline.models import Project
from zoneinvest.pipeline.rows import plain, rows_by_stage, sorted_as
from zoneinvest.pipeline.selectors import CARD_FIELDS, pipeline_board
from zoneinvest.pipeline.stages import Stage


def _as_json(data):
    return json.loads(json.dumps(data, cls=NinjaJSONEncoder))


@pytest.fixture
def varied(world):
    """Projects that differ in everything a renderer could get wrong."""
    world.officer.display_name = ""
    world.officer.first_name, world.officer.last_name = "Li", "Wei"
    world.officer.save()
    chinese_only = CompanyFactory(zone=world.zone, name_en="", name_zh_hans="长安汽车")
    chain = ChainFactory(zone=world.zone, code="nev2", name_en="NEV", name_zh_hans="新能源汽车")
    ProjectFactory(
        zone=world.zone,
        title_en="",
        title_zh_hans="只有中文的项目",
        company=chinese_only,
        chain=chain,
        owner=world.officer,
        sector=Sector.SERVICE,
        total_investment=Decimal("1250000000.5"),
        contracted_amount=Decimal("3"),
        land_mu=Decimal("150.25"),
        expected_jobs=300,
        currency="EUR",
        stage=Stage.SIGNED,
        signing_date=dt.date(2023, 5, 18),
        confidential=True,
    )
    ProjectFactory(
        zone=world.zone,
        title_en="No company, no chain, no owner",
        company=None,
        chain=None,
        owner=None,
        total_investment=None,
        stage=Stage.ON_HOLD,
        held_from_stage=Stage.QUALIFIED,
    )
    ProjectFactory(zone=world.other_zone, owner=world.officer2)
    return Project.objects.order_by("id")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_rows_render_every_field_as_the_schema_does(varied, language):
    with translation.override(language):
        expected = [_as_json(ProjectOut.from_orm(p).model_dump()) for p in varied]
        rendered = _as_json(projects_out(plain(varied).values(*COLUMNS, **DATETIME_TEXTS)))

    assert len(rendered) >= 4
    assert rendered == expected
    assert list(rendered[0]) == list(ProjectOut.model_fields)  # the same order of fields


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_board_s_cards_render_every_field_as_the_schema_does(world, varied, language):
    """The cards as the board reads them (`pipeline_board`: plain rows of one query) and
    answers them (`card_out`), against `BoardCardOut` of each project's model instance."""
    with translation.override(language):
        cards = [card for column in pipeline_board(user=world.director) for card in column.cards]
        rendered = _as_json([card_out(card) for card in cards])
        projects = Project.objects.in_bulk([card.pk for card in cards])
        expected = [_as_json(BoardCardOut.from_orm(projects[c.pk]).model_dump()) for c in cards]

    assert len(rendered) >= 3
    assert rendered == expected
    assert list(rendered[0]) == list(BoardCardOut.model_fields)


def test_the_list_answers_with_the_rows_and_the_count(world, api_as, varied):
    response = api_as(world.director).get("/projects", limit=2, offset=1, sort="updated")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    visible = Project.objects.filter(zone=world.zone).order_by("-updated_at", "-id")
    assert body["count"] == visible.count()
    assert [item["id"] for item in body["items"]] == [p.pk for p in visible[1:3]]
    assert body["items"][0] == _as_json(ProjectOut.from_orm(visible[1]).model_dump())


def test_every_column_s_cards_come_from_one_query_in_each_column_s_order(
    world, varied, django_assert_num_queries
):
    """The board's columns (`rows_by_stage`): what each column's own query gives, newest move
    first, at most the column's limit; one UNION ALL on PostgreSQL, one query a column on
    SQLite."""
    base = timezone.now()
    for n in range(7):  # more than the limit below, moved at different times, some at once
        ProjectFactory(
            zone=world.zone,
            stage=Stage.QUALIFIED,
            stage_changed_at=base - dt.timedelta(hours=n // 2),
        )
    scope = Project.objects.filter(zone=world.zone).order_by("-stage_changed_at", "-id")
    stages = (Stage.QUALIFIED, Stage.SIGNED, Stage.LOST)
    expected = {stage: list(scope.filter(stage=stage)[:5].values(*CARD_FIELDS)) for stage in stages}
    one_query = connection.features.supports_slicing_ordering_in_compound

    with django_assert_num_queries(1 if one_query else len(stages)):
        rendered = rows_by_stage(scope, stages, 5, CARD_FIELDS)

    assert {stage: [dict(row) for row in rows] for stage, rows in rendered.items()} == {
        stage: [{**row, "stage": stage} for row in rows] for stage, rows in expected.items()
    }
    assert [len(rendered[s]) for s in stages] == [5, 1, 0]


def test_rows_of_a_union_are_put_back_in_the_columns_order():
    """A UNION ALL keeps no order: the rows are sorted by the columns' own `order_by`."""
    base = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    rows = [
        {"id": 1, "stage_changed_at": base},
        {"id": 3, "stage_changed_at": base + dt.timedelta(hours=1)},
        {"id": 2, "stage_changed_at": base},
        {"id": 4, "stage_changed_at": base - dt.timedelta(hours=1)},
    ]
    assert [r["id"] for r in sorted_as(rows, ["-stage_changed_at", "-id"])] == [3, 2, 1, 4]
    assert [r["id"] for r in sorted_as(rows, ["stage_changed_at", "id"])] == [4, 1, 2, 3]
    with pytest.raises(TypeError):
        sorted_as(rows, [F("id").desc()])


@pytest.mark.parametrize(
    "amount",
    [
        Decimal("30100000000.00"),
        Decimal("3"),
        Decimal("1.5"),
        Decimal("-0.5"),
        Decimal("1.234"),
        Decimal("1E+3"),
        Decimal("12.50"),
        Decimal("-7.25"),
        7,
        2.5,
        None,
    ],
)
def test_an_amount_of_any_form_is_written_as_the_schema_writes_it(amount):
    assert _money(amount, "CNY") == money(amount, "CNY")
