"""The pipeline board through the API: the office board's columns, counts, totals and cards."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import assert_error
from tests.factories.pipeline import ProjectFactory
from zoneinvest.pipeline.selectors import pipeline_board
from zoneinvest.pipeline.stages import BOARD_COLUMNS, Stage


def _board(client, **params):
    response = client.get("/board", **params)
    assert response.status_code == 200, response.content
    return {column["stage"]["code"]: column for column in response.json()}


def test_the_board_has_the_office_boards_columns_counts_and_totals(world, api_as):
    ProjectFactory.create_batch(
        3, zone=world.zone, stage=Stage.QUALIFIED, total_investment=Decimal("100000000")
    )
    ProjectFactory(zone=world.other_zone, stage=Stage.QUALIFIED)

    board = _board(api_as(world.officer))

    office = {c.stage.value: c for c in pipeline_board(user=world.officer)}
    assert list(board) == [str(stage) for stage in BOARD_COLUMNS]
    for stage, column in board.items():
        assert column["count"] == office[stage].count
        assert Decimal(column["total"]["amount"]) == office[stage].total.amount.quantize(
            Decimal("0.01")
        )
        assert [card["id"] for card in column["cards"]] == [p.pk for p in office[stage].cards]
    assert board["qualified"]["count"] == 3
    assert board["qualified"]["total"] == {"amount": "300000000.00", "currency": "CNY"}


def test_the_board_filters_and_says_how_many_cards_it_left_out(world, api_as):
    ProjectFactory.create_batch(23, zone=world.zone, stage=Stage.NEGOTIATING)

    board = _board(api_as(world.officer), stage="negotiating")

    assert board["negotiating"]["count"] == 23
    assert len(board["negotiating"]["cards"]) == 20
    assert board["negotiating"]["more"] == 3
    assert board["lead"]["count"] == 0


def test_the_board_takes_the_same_queries_whatever_its_size(world, api_as):
    client = api_as(world.officer)
    _board(client)
    with CaptureQueriesContext(connection) as few:
        _board(client)
    ProjectFactory.create_batch(30, zone=world.zone, stage=Stage.LEAD)
    ProjectFactory.create_batch(30, zone=world.zone, stage=Stage.SIGNED)
    with CaptureQueriesContext(connection) as many:
        _board(client)

    assert len(many) == len(few)


def test_outsiders_learn_nothing_of_the_board(world, api_as):
    assert_error(api_as(world.consultant).get("/board"), 404, "not_found")
