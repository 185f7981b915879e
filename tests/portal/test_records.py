"""INVESTING from records: the incentive finder's eligibility, park filters, opportunities,
enterprises; nothing unpublished or confidential is shown."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories.pipeline import ChainFactory, CompanyFactory, ProjectFactory
from tests.factories.places import make_opportunity, make_park, make_policy
from zoneinvest.core.errors import ValidationFailed
from zoneinvest.pipeline.stages import Stage
from zoneinvest.places.selectors import (
    ParkFilters,
    PolicyFilters,
    published_parks,
    published_policies,
)

TODAY = dt.date(2026, 11, 29)
YI = Decimal(10) ** 8


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def url(name: str, lang: str = "en", **kwargs: str) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def slugs(rows) -> list[str]:
    return [row.slug for row in rows]


def test_minimum_investment_admits_at_the_threshold_and_refuses_just_below(world):
    make_policy(world.zone, "big", min_investment=5 * YI)
    at = published_policies(zone=world.zone, filters=PolicyFilters(investment=5 * YI), today=TODAY)
    below = published_policies(
        zone=world.zone, filters=PolicyFilters(investment=5 * YI - 1), today=TODAY
    )
    assert slugs(at) == ["big"]
    assert slugs(below) == []


def test_a_policy_for_other_chains_is_not_offered_and_one_for_all_chains_is(world):
    other = ChainFactory(zone=world.zone, code="health")
    make_policy(world.zone, "health-only", chains=[other])
    make_policy(world.zone, "everyone")
    found = published_policies(
        zone=world.zone, filters=PolicyFilters(chain=world.chain.code), today=TODAY
    )
    assert slugs(found) == ["everyone"]


def test_company_type_condition(world):
    make_policy(world.zone, "foreign-only", company_types=["foreign"])
    assert (
        slugs(
            published_policies(
                zone=world.zone, filters=PolicyFilters(company_type="private"), today=TODAY
            )
        )
        == []
    )
    assert slugs(
        published_policies(
            zone=world.zone, filters=PolicyFilters(company_type="foreign"), today=TODAY
        )
    ) == ["foreign-only"]


def test_expired_and_future_policies_are_hidden_unless_asked_for(world):
    make_policy(
        world.zone,
        "expired",
        valid_from=dt.date(2020, 1, 1),
        valid_until=TODAY - dt.timedelta(days=1),
    )
    make_policy(world.zone, "last-day", valid_from=dt.date(2020, 1, 1), valid_until=TODAY)
    make_policy(world.zone, "future", valid_from=TODAY + dt.timedelta(days=1))
    assert slugs(published_policies(zone=world.zone, today=TODAY)) == ["last-day"]
    everything = published_policies(
        zone=world.zone, filters=PolicyFilters(include_expired=True), today=TODAY
    )
    assert sorted(slugs(everything)) == ["expired", "future", "last-day"]


def test_search_finds_words_in_either_language(world):
    make_policy(
        world.zone, "rail", title_en="Rail freight subsidy", title_zh_hans="中欧班列运费补贴"
    )
    make_policy(world.zone, "talent")
    assert slugs(
        published_policies(zone=world.zone, filters=PolicyFilters(q="freight"), today=TODAY)
    ) == ["rail"]
    assert slugs(
        published_policies(zone=world.zone, filters=PolicyFilters(q="班列"), today=TODAY)
    ) == ["rail"]


def test_unknown_company_types_and_facilities_are_refused(world):
    with pytest.raises(ValidationFailed):
        make_policy(world.zone, "odd", company_types=["martian"])
    with pytest.raises(ValidationFailed):
        make_park(world.zone, "odd", facilities=["teleporter"])


def test_park_filters(world):
    health = ChainFactory(zone=world.zone, code="health")
    make_park(
        world.zone,
        "auto",
        focus_chains=[world.chain],
        facilities=["rail_freight"],
        free_land_mu=Decimal(500),
    )
    make_park(
        world.zone, "bio", focus_chains=[health], facilities=["labs"], free_land_mu=Decimal(80)
    )
    make_park(world.zone, "hidden", published=False)
    assert slugs(published_parks(zone=world.zone)) == ["auto", "bio"]
    assert slugs(published_parks(zone=world.zone, filters=ParkFilters(chain="health"))) == ["bio"]
    assert slugs(
        published_parks(zone=world.zone, filters=ParkFilters(facility="rail_freight"))
    ) == ["auto"]
    assert slugs(
        published_parks(zone=world.zone, filters=ParkFilters(min_free_land_mu=Decimal(150)))
    ) == ["auto"]


def test_the_finder_page_filters_and_keeps_the_query_in_the_other_language(world):
    make_policy(world.zone, "big", min_investment=10 * YI, title_en="Big plant award")
    make_policy(world.zone, "small", title_en="Start-up rent support")
    body = Client().get(url("portal:policies") + "?investment=500").content.decode()
    assert "Start-up rent support" in body
    assert "Big plant award" not in body
    assert 'href="/zh-hans/investing/policies/?investment=500"' in body
    body = Client().get(url("portal:policies") + "?investment=1000").content.decode()
    assert "Big plant award" in body


def test_a_bad_filter_value_shows_everything_rather_than_an_error(world):
    make_policy(world.zone, "small", title_en="Start-up rent support")
    response = Client().get(url("portal:policies") + "?investment=lots&kind=nonsense")
    assert response.status_code == 200
    assert "Start-up rent support" in response.content.decode()


def test_policy_page_in_both_languages_with_its_conditions(world):
    make_policy(
        world.zone, "big", min_investment=10 * YI, chains=[world.chain], company_types=["foreign"]
    )
    english = Client().get(url("portal:policy", slug="big")).content.decode()
    chinese = Client().get(url("portal:policy", "zh-hans", slug="big")).content.decode()
    assert "1 billion yuan" in english
    assert "Foreign-invested" in english
    assert "10亿元" in chinese
    assert "big政策" in chinese


def test_unpublished_records_are_not_found(world):
    make_policy(world.zone, "draft", published=False)
    make_park(world.zone, "draft", published=False)
    make_opportunity(world.zone, world.chain, "draft", published=False)
    client = Client()
    assert client.get(url("portal:policy", slug="draft")).status_code == 404
    assert client.get(url("portal:park", slug="draft")).status_code == 404
    assert client.get(url("portal:opportunity", slug="draft")).status_code == 404
    assert "draft" not in client.get(url("portal:opportunities")).content.decode().lower().replace(
        "/draft", ""
    )


def test_another_zones_park_is_not_found(world):
    make_park(world.other_zone, "elsewhere")
    assert Client().get(url("portal:park", slug="elsewhere")).status_code == 404


def test_the_park_page_shows_land_in_mu_and_square_metres_and_the_price_band(world):
    make_park(
        world.zone,
        "auto",
        free_land_mu=Decimal(150),
        land_price_min=Decimal(300000),
        land_price_max=Decimal(600000),
    )
    english = Client().get(url("portal:park", slug="auto")).content.decode()
    chinese = Client().get(url("portal:park", "zh-hans", slug="auto")).content.decode()
    assert "150 亩" in english
    assert "100,000 m²" in english
    assert "300,000 yuan to 600,000 yuan per mu" in english
    assert "30万元" in chinese
    assert "60万元" in chinese
    assert "?park=auto" in english


def test_an_opportunity_never_shows_its_internal_project(world):
    secret = ProjectFactory(
        zone=world.zone, title_en="Secret Voltstore plant", total_investment=Decimal(777_000_000)
    )
    make_opportunity(world.zone, world.chain, "storage", project=secret)
    body = Client().get(url("portal:opportunity", slug="storage")).content.decode()
    assert "Secret Voltstore" not in body
    assert "777" not in body
    assert "1 to 5 billion yuan" in body


def test_enterprises_lists_only_listed_companies_present_in_the_zone(world):
    listed = CompanyFactory(
        zone=world.zone, name_en="Listed Motors", listed=True, website="https://listed.example"
    )
    ProjectFactory(zone=world.zone, company=listed, stage=Stage.OPERATING)
    unlisted = CompanyFactory(zone=world.zone, name_en="Quiet Motors", listed=False)
    ProjectFactory(zone=world.zone, company=unlisted, stage=Stage.OPERATING)
    secret = CompanyFactory(zone=world.zone, name_en="Secret Motors", listed=True)
    ProjectFactory(zone=world.zone, company=secret, stage=Stage.OPERATING, confidential=True)
    lead = CompanyFactory(zone=world.zone, name_en="Lead Motors", listed=True)
    ProjectFactory(zone=world.zone, company=lead, stage=Stage.LEAD)
    body = Client().get(url("portal:enterprises")).content.decode()
    assert "Listed Motors" in body
    assert "https://listed.example" in body
    for hidden in ("Quiet Motors", "Secret Motors", "Lead Motors"):
        assert hidden not in body


@pytest.mark.parametrize("name", ["portal:parks", "portal:policies", "portal:opportunities"])
def test_list_pages_take_the_same_queries_for_2_and_8_records(world, name):
    def add(start: int, count: int) -> None:
        for i in range(start, start + count):
            park = make_park(world.zone, f"park{i}", focus_chains=[world.chain])
            make_policy(world.zone, f"policy{i}", chains=[world.chain])
            make_opportunity(world.zone, world.chain, f"opportunity{i}", park=park)

    add(0, 2)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert Client().get(url(name)).status_code == 200
    add(2, 6)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        assert Client().get(url(name)).status_code == 200
    assert len(many) == len(few) <= 6
