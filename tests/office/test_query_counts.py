"""The project list and the board cost the same number of queries at 10 and at 10,000 projects."""

import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories.pipeline import CompanyFactory
from zoneinvest.pipeline.models import Project
from zoneinvest.pipeline.stages import BOARD_COLUMNS

PAGES = ["office:project_list", "office:board", "office:company_list"]


def _add_projects(world, count):
    companies = [CompanyFactory(zone=world.zone) for _ in range(5)]
    owners = itertools.cycle([world.officer, world.officer2, world.director])
    stages = itertools.cycle(BOARD_COLUMNS)
    currencies = itertools.cycle(["CNY", "CNY", "USD", "EUR"])
    Project.objects.bulk_create(
        [
            Project(
                zone=world.zone,
                title_en=f"Bulk project {i}",
                company=companies[i % 5],
                chain=world.chain,
                owner=next(owners),
                stage=next(stages),
                currency=next(currencies),
                total_investment=Decimal(10_000_000 + i),
            )
            for i in range(count)
        ],
        batch_size=2000,
    )


def _queries(client, name, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name), params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["officer", "director"])
def test_list_and_board_query_counts_do_not_grow_with_the_pipeline(world, client_for, role):
    client = client_for(world.user(role))
    _add_projects(world, 9)  # 10 with the world's own project
    small = {name: _queries(client, name) for name in PAGES}
    filtered_small = _queries(
        client, "office:project_list", stage="signed", q="Bulk", sort="-investment"
    )
    _add_projects(world, 9_990)
    assert Project.objects.filter(zone=world.zone).count() == 10_000
    large = {name: _queries(client, name) for name in PAGES}
    assert large == small
    assert (
        _queries(client, "office:project_list", stage="signed", q="Bulk", sort="-investment")
        == filtered_small
    )
    assert small["office:board"] <= 20, small
    assert small["office:project_list"] <= 12, small


def test_the_board_totals_are_converted_into_yuan(world, client_for):
    Project.objects.filter(pk=world.project.pk).update(stage="signed", total_investment=Decimal(0))
    Project.objects.bulk_create(
        [
            Project(
                zone=world.zone,
                title_en="Yuan",
                stage="signed",
                currency="CNY",
                total_investment=Decimal("1000000000"),
            ),
            Project(
                zone=world.zone,
                title_en="Dollars",
                stage="signed",
                currency="USD",
                total_investment=Decimal("100000000"),
            ),
        ]
    )
    from zoneinvest.pipeline.selectors import pipeline_board

    signed = next(c for c in pipeline_board(user=world.director) if c.stage == "signed")
    assert signed.count == 3
    assert signed.total.amount == Decimal(
        "1680000000"
    )  # 1 billion yuan + 100 million dollars at 6.8
