"""Industry chains and their map, indicators and shares, and the KPIs through the API."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import assert_error
from tests.factories.core import FxRateFactory
from tests.factories.events import (
    CampaignFactory,
    EventFactory,
    NegotiatingProjectFactory,
    SigningFactory,
)
from tests.factories.pipeline import ChainFactory, CompanyFactory, ProjectFactory
from zoneinvest.events.selectors import campaign_progress
from zoneinvest.industries.models import ChainLink, ClusterTarget
from zoneinvest.pipeline.models import CapitalArrival, Project, StageChange
from zoneinvest.pipeline.stages import MAIN_ROAD, Stage
from zoneinvest.places.models import Indicator
from zoneinvest.reports.selectors import kpis

READ_PATHS = ["/chains", "/chains/{chain}", "/indicators", "/indicators/shares", "/kpis"]
CSV_HEADER = "kind,area,year,value,unit,source\n"


def _link(chain, code, position):
    return ChainLink.objects.create(
        zone=chain.zone, chain=chain, code=code, name_en=code.title(), position=position
    )


def _indicator(zone, kind, area, year, value, unit="km²"):
    return Indicator.objects.create(
        zone=zone, kind=kind, area=area, year=year, value=Decimal(value), unit=unit, source="test"
    )


def _at(project: Project, stage: Stage) -> Project:
    """Walk the project down the main road to `stage`, recording each stage change."""
    road = MAIN_ROAD[: MAIN_ROAD.index(stage) + 1]
    for before, after in zip(("", *road), road, strict=False):
        StageChange.objects.create(
            zone=project.zone, project=project, from_stage=before, to_stage=after
        )
    project.stage = stage
    project.save(update_fields=["stage"])
    return project


# ---------------------------------------------------------------- who may read


@pytest.mark.parametrize("role", ["director", "officer", "analyst", "admin"])
@pytest.mark.parametrize("path", READ_PATHS)
def test_pipeline_readers_may_read_the_insights(world, api_as, role, path):
    # The indicators take a zone (a platform admin works in several); the others take none.
    params = {"zone": world.zone.code} if path.startswith("/indicators") else {}
    response = api_as(world.user(role)).get(path.format(chain=world.chain.pk), **params)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("path", READ_PATHS)
def test_a_consultant_learns_nothing_of_the_insights(world, api_as, path):
    response = api_as(world.consultant).get(path.format(chain=world.chain.pk))
    assert_error(response, 404, "not_found")


@pytest.mark.parametrize("path", READ_PATHS)
def test_without_a_token_the_insights_are_401(world, anonymous, path):
    assert_error(anonymous.get(path.format(chain=world.chain.pk)), 401, "unauthorized")


def test_an_outsider_sees_neither_our_chain_nor_our_indicators(world, api_as):
    _indicator(world.zone, "land_area", "zone", 2023, "10")
    outsider = api_as(world.outsider)
    assert_error(outsider.get(f"/chains/{world.chain.pk}"), 404, "not_found")
    assert outsider.get("/chains").json()["count"] == 0
    assert outsider.get("/indicators").json()["count"] == 0
    assert_error(outsider.get("/indicators/shares", zone=world.zone.code), 404, "not_found")


def test_an_analyst_may_not_import_indicators(world, api_as):
    response = api_as(world.analyst).post(
        "/indicators/import", {"csv": CSV_HEADER + "land_area,zone,2023,10,km²,x\n"}
    )
    assert_error(response, 403, "forbidden")
    assert not Indicator.objects.exists()


# ---------------------------------------------------------------- chains


def test_the_chain_list_counts_links(world, api_as):
    _link(world.chain, "cells", "upstream")
    _link(world.chain, "vehicles", "downstream")
    body = api_as(world.analyst).get("/chains").json()
    assert body["count"] == 1
    chain = body["items"][0]
    assert chain["code"] == "nev"
    assert chain["name_en"] == "Intelligent connected NEVs"
    assert chain["sector"]["code"] == "manufacturing"
    assert chain["link_count"] == 2


def test_the_chain_map_has_links_upstream_to_downstream_and_gaps_with_targets(world, api_as):
    vehicles = _link(world.chain, "vehicles", "downstream")
    cells = _link(world.chain, "cells", "upstream")
    catl = CompanyFactory(zone=world.zone, name_en="CATL", link=vehicles)
    ProjectFactory(
        zone=world.zone, company=catl, chain=world.chain, link=vehicles, stage=Stage.OPERATING
    )
    lead = ProjectFactory(zone=world.zone, chain=world.chain, link=cells, title_en="Cells plant")
    target = CompanyFactory(
        zone=world.zone, name_en="LG Energy", link=cells, country="KR", fortune_global_500_rank=9
    )

    body = api_as(world.officer).get(f"/chains/{world.chain.pk}").json()

    assert [link["code"] for link in body["links"]] == ["cells", "vehicles"]
    cells_out, vehicles_out = body["links"]
    assert cells_out["position"]["code"] == "upstream"
    assert cells_out["is_gap"] is True
    assert cells_out["pipeline"] == [
        {"id": lead.pk, "title": "Cells plant", "stage": {"code": "lead", "label": "Lead"}}
    ]
    assert vehicles_out["is_gap"] is False
    assert vehicles_out["operating"] == 1
    assert vehicles_out["present"] == [{"id": catl.pk, "name": "CATL"}]
    assert body["link_count"] == 2
    assert [gap["link"]["id"] for gap in body["gaps"]] == [cells.pk]
    assert body["gaps"][0]["targets"] == [
        {"id": target.pk, "name": "LG Energy", "country": "KR", "fortune_global_500_rank": 9}
    ]


# ---------------------------------------------------------------- indicators


def test_indicators_filter_by_zone_year_and_kind(world, api_as):
    _indicator(world.zone, "land_area", "zone", 2023, "1200")
    _indicator(world.zone, "land_area", "zone", 2022, "1100")
    _indicator(world.zone, "trade", "zone", 2023, "50")
    _indicator(world.other_zone, "land_area", "zone", 2023, "9")
    api = api_as(world.analyst)
    assert api.get("/indicators").json()["count"] == 3
    body = api.get("/indicators", zone=world.zone.code, year=2023, kind="land_area").json()
    assert body["count"] == 1
    assert body["items"][0]["value"] == "1200.0000"
    assert body["items"][0]["kind"]["code"] == "land_area"
    assert body["items"][0]["zone"]["code"] == world.zone.code


def test_a_share_comes_from_two_indicators_and_follows_the_zone_record(world, api_as):
    zone_row = _indicator(world.zone, "land_area", "zone", 2023, "1200")
    city_row = _indicator(world.zone, "land_area", "city", 2023, "82400")
    api = api_as(world.analyst)

    (share,) = api.get("/indicators/shares", zone=world.zone.code).json()
    assert share["kind"]["code"] == "land_area"
    assert share["year"] == 2023
    assert share["percent"] == "1.46"  # 1200 / 82400 = 1.456 %
    assert share["unit"] == "km²"
    assert (share["zone_indicator"], share["city_indicator"]) == (zone_row.pk, city_row.pk)

    zone_row.value = Decimal("16480")
    zone_row.save()
    (share,) = api.get("/indicators/shares").json()  # one zone: no code needed
    assert share["percent"] == "20.0"
    assert share["zone_value"] == "16480.0000"


def test_an_import_records_every_row(world, api_as):
    csv = CSV_HEADER + "land_area,zone,2023,1200,km²,stats\nland_area,city,2023,82400,km²,stats\n"
    response = api_as(world.officer).post("/indicators/import", {"csv": csv})
    assert response.status_code == 200, response.content
    assert response.json() == {"imported": 2}
    assert Indicator.objects.filter(zone=world.zone).count() == 2


def test_an_import_with_a_bad_row_imports_nothing(world, api_as):
    csv = (
        CSV_HEADER + "land_area,zone,2023,1200,km²,stats\n"
        "land_area,planet,2023,-5,km²,stats\n"
        "trade,city,2023,900,bn,stats\n"
    )
    response = api_as(world.officer).post(
        "/indicators/import", {"zone": world.zone.code, "csv": csv}
    )
    error = assert_error(response, 422, "validation_failed")
    assert set(error["details"]["fields"]) == {"row 3"}
    assert len(error["details"]["fields"]["row 3"]) == 2
    assert not Indicator.objects.exists()


# ---------------------------------------------------------------- KPIs


def test_kpis_hand_computed(world, api_as):
    """4 projects: 2 signed, of which 1 registered; contracted 100, paid in 40."""
    world.project.delete()
    chain = world.chain
    _at(ProjectFactory(zone=world.zone, chain=chain), Stage.LEAD)
    _at(ProjectFactory(zone=world.zone, chain=chain), Stage.QUALIFIED)
    signed = _at(
        ProjectFactory(
            zone=world.zone, chain=chain, contracted_amount=Decimal(100), expected_jobs=10
        ),
        Stage.SIGNED,
    )
    _at(ProjectFactory(zone=world.zone, chain=chain, expected_jobs=5), Stage.REGISTERED)
    CapitalArrival.objects.create(
        zone=world.zone, project=signed, date=dt.date(2024, 1, 5), amount=Decimal(40)
    )
    ClusterTarget.objects.create(
        zone=world.zone,
        chain=chain,
        year=2024,
        tier="trillion",
        output_target=Decimal(1000),
        actual_output=Decimal(250),
    )

    body = api_as(world.analyst).get("/kpis").json()

    assert [(s["stage"]["code"], s["reached"]) for s in body["funnel"][:5]] == [
        ("lead", 4),
        ("qualified", 3),
        ("negotiating", 2),
        ("signed", 2),
        ("registered", 1),
    ]
    assert body["funnel"][3]["records"] == {"reached": "signed"}
    first = body["conversions"][0]
    assert (first["from_stage"]["code"], first["to_stage"]["code"]) == ("lead", "qualified")
    assert (first["numerator"], first["denominator"], first["percent"]) == ("3", "4", "75.0")
    fulfilment = body["rates"]["fulfilment"]
    assert (fulfilment["numerator"], fulfilment["denominator"]) == ("1", "2")
    assert fulfilment["percent"] == "50.0"
    assert fulfilment["records"] == {"reached": "registered"}
    capital = body["rates"]["capital"]
    assert Decimal(capital["numerator"]) == 40
    assert Decimal(capital["denominator"]) == 100
    assert capital["percent"] == "40.0"
    assert body["rates"]["production"]["percent"] == "0.0"
    (by_chain,) = body["by_chain"]
    assert by_chain["key"] == chain.pk
    assert by_chain["projects"] == 2
    assert by_chain["investment"] == {"amount": "200000000.00", "currency": "CNY"}
    assert by_chain["jobs"] == 15
    assert by_chain["records"] == {"chain": str(chain.pk)}
    assert body["by_country"][0]["key"] == "DE"
    (cluster,) = body["clusters"]
    assert cluster["year"] == 2024
    assert cluster["tier"]["code"] == "trillion"
    assert cluster["target"] == {"amount": "1000.00", "currency": "CNY"}
    assert cluster["percent"] == "25.0"
    assert cluster["records"] == {"chain": str(chain.pk)}


def test_kpis_of_an_empty_pipeline_have_no_percent(world, api_as):
    world.project.delete()
    body = api_as(world.director).get("/kpis", year=2020).json()
    assert body["rates"]["fulfilment"]["percent"] is None
    assert body["clusters"] == []


def _kpi_queries(api) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/kpis").status_code == 200
    return len(queries)


def _add_projects(world, n: int, *, arrival_dates: bool = False) -> None:
    """n projects landed on two chains, three countries, in yuan and dollars, each with an
    arrival of paid-in capital (all on one day unless `arrival_dates`)."""
    chains = [world.chain, ChainFactory(zone=world.zone)]
    for i in range(n):
        company = CompanyFactory(zone=world.zone, country=["DE", "US", "JP"][i % 3])
        project = ProjectFactory(
            zone=world.zone,
            company=company,
            chain=chains[i % 2],
            contracted_amount=Decimal(100),
            expected_jobs=i,
            currency=["CNY", "USD"][i % 2],
        )
        _at(project, [Stage.SIGNED, Stage.REGISTERED, Stage.OPERATING][i % 3])
        day = dt.date(2024, 1, 1) + dt.timedelta(days=i if arrival_dates else 0)
        CapitalArrival.objects.create(zone=world.zone, project=project, date=day, amount=10)


def test_the_kpis_take_as_many_queries_for_25_projects_as_for_5(world, api_as):
    api = api_as(world.director)
    _add_projects(world, 5)
    api.get("/kpis")  # warm the token's caches
    few = _kpi_queries(api)
    _add_projects(world, 20)
    assert _kpi_queries(api) == few


def test_the_kpis_queries_do_not_grow_with_the_dates_of_foreign_arrivals(world, api_as):
    api = api_as(world.director)
    _add_projects(world, 5, arrival_dates=True)
    api.get("/kpis")
    few = _kpi_queries(api)
    _add_projects(world, 20, arrival_dates=True)
    assert _kpi_queries(api) == few


def _campaign_with_a_dollar_signing(world):
    """The zone's latest campaign, with a signing in dollars on a chain it set no target for."""
    campaign = CampaignFactory(zone=world.zone)
    event = EventFactory(zone=world.zone, campaign=campaign, date=dt.date(2023, 11, 20))
    project = NegotiatingProjectFactory(zone=world.zone, currency="USD")
    SigningFactory(event=event, project=project)
    return campaign


def test_every_rate_the_kpis_convert_with_comes_from_one_query(world, api_as):
    """Breakdowns and capital contracted (today's rates), arrivals and the latest campaign's
    signings (each at its date's) in yuan: one read of the exchange rates for all of them."""
    api = api_as(world.director)
    _add_projects(world, 6, arrival_dates=True)
    for day in (dt.date(2023, 11, 1), dt.date(2023, 12, 1), dt.date(2024, 1, 3)):
        FxRateFactory(date=day, base="USD", quote="CNY", rate=f"7.{day.month}")
    _campaign_with_a_dollar_signing(world)
    api.get("/kpis")
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/kpis").status_code == 200
    rate_reads = [q["sql"] for q in queries if '"core_fxrate"' in q["sql"]]
    assert len(rate_reads) == 1, rate_reads


def test_the_kpis_campaign_is_the_campaign_s_own_progress(world):
    """The KPIs hand their rows, rates and chains to `campaign_progress`: the figures are the
    ones it computes alone."""
    campaign = _campaign_with_a_dollar_signing(world)
    FxRateFactory(date=dt.date(2023, 11, 1), base="USD", quote="CNY", rate="7.11")
    shown = kpis(user=world.director).campaign
    alone = campaign_progress(campaign=campaign)
    assert shown is not None
    assert shown.campaign == campaign
    assert (shown.projects, shown.counted, shown.announced) == (
        alone.projects,
        alone.counted,
        alone.announced,
    )
    assert shown.counted.amount > 0
    assert [(c.chain.pk, c.projects, c.counted) for c in shown.chains] == [
        (c.chain.pk, c.projects, c.counted) for c in alone.chains
    ]
    assert any(c.projects for c in shown.chains)  # the untargeted chain is shown with its signing
