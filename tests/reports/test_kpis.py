"""Each KPI against a small case computed by hand."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.events.conftest import sign
from zoneinvest.events.services import stage_move
from zoneinvest.industries.services import cluster_target_set
from zoneinvest.pipeline.services import capital_arrival_record
from zoneinvest.pipeline.stages import Stage
from zoneinvest.reports.selectors import kpis

M = Decimal(10) ** 6


@pytest.fixture
def case(world, negotiating):
    """Three projects through the services: a signs and registers (contract 100, paid 40),
    b signs only, c stays negotiating. (The world's own project was written by a factory,
    without stage history, so the funnel does not count it.)"""
    a, b, c = negotiating("A"), negotiating("B"), negotiating("C")
    sign(world, a, None, "1e8", date=dt.date(2023, 2, 1))
    sign(world, b, None, "2e8", date=dt.date(2023, 2, 1))
    a.refresh_from_db()
    a = stage_move(
        project=a,
        to=Stage.REGISTERED,
        by=world.officer,
        values={
            "registration_date": dt.date(2023, 3, 1),
            "registered_capital": 50 * M,
            "contracted_amount": 100 * M,
        },
    )
    capital_arrival_record(project=a, date=dt.date(2023, 4, 1), amount=40 * M, by=world.officer)
    return a, b, c


def test_the_funnel_counts_every_project_that_reached_each_stage(world, case):
    funnel = {step.stage: step.reached for step in kpis(user=world.director).funnel}
    assert funnel[Stage.LEAD] == 3
    assert funnel[Stage.NEGOTIATING] == 3
    assert funnel[Stage.SIGNED] == 2
    assert funnel[Stage.REGISTERED] == 1
    assert funnel[Stage.OPERATING] == 0


def test_conversion_is_the_share_of_one_stage_that_reached_the_next(world, case):
    conversions = {(a, b): r for a, b, r in kpis(user=world.director).conversions}
    assert conversions[(Stage.NEGOTIATING, Stage.SIGNED)].percent == Decimal("66.7")
    assert conversions[(Stage.SIGNED, Stage.REGISTERED)].records == {"reached": "registered"}


def test_the_four_rates(world, case):
    result = kpis(user=world.director)
    assert result.fulfilment.percent == Decimal("50.0")  # 1 of 2 signed registered
    assert result.construction.percent == Decimal("0.0")
    assert result.production.percent == Decimal("0.0")
    assert result.capital.percent == Decimal("40.0")  # 40 paid in of 100 contracted


def test_investment_by_sector_counts_landed_projects_only(world, case):
    (manufacturing,) = kpis(user=world.director).by_sector
    assert manufacturing.projects == 2
    assert manufacturing.investment == Decimal("2e8")  # 1e8 + 1e8 (total investment of A and B)
    assert manufacturing.records == {"sector": "manufacturing"}


def test_cluster_progress_against_the_target(world, case):
    cluster_target_set(
        chain=world.chain,
        year=2025,
        tier="trillion",
        output_target=Decimal(1000),
        actual_output=Decimal(620),
        by=world.director,
    )
    (row,) = kpis(user=world.director).clusters
    assert (row.year, row.percent) == (2025, Decimal("62.0"))


def test_an_officer_sees_the_figures_of_what_they_may_see(world, case):
    case[1].confidential = True
    case[1].owner = world.officer2
    case[1].save()
    funnel = {step.stage: step.reached for step in kpis(user=world.officer).funnel}
    assert funnel[Stage.SIGNED] == 1


def test_the_dashboard_shows_signed_against_the_latest_campaign(world, negotiating):
    from zoneinvest.events import services as events

    campaign = events.campaign_create(
        zone=world.zone,
        by=world.director,
        name_en="2023 campaign",
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2023, 12, 31),
        target_projects=10,
    )
    event = events.event_create(
        zone=world.zone,
        by=world.director,
        name_en="Conference",
        date=dt.date(2023, 1, 11),
        campaign=campaign,
        venues=[],
    )
    sign(world, negotiating("A"), event, "1e8")
    progress = kpis(user=world.director).campaign
    assert (progress.campaign, progress.projects) == (campaign, 1)
