"""Lists: the project filters of the office, limit/offset pages, and a constant query count."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import assert_error
from tests.factories.pipeline import (
    ActivityFactory,
    ChainFactory,
    CompanyFactory,
    ContactFactory,
    ProjectFactory,
    TaskFactory,
)
from zoneinvest.industries.models import Sector
from zoneinvest.pipeline.models import Source
from zoneinvest.pipeline.stages import Stage


@pytest.fixture
def portfolio(world):
    """Four more projects of the zone that differ in one filter each, and one of another zone."""
    services = ChainFactory(zone=world.zone, code="finance", sector=Sector.SERVICE)
    japanese = CompanyFactory(zone=world.zone, name_en="Toyota Tsusho", country="JP")
    return {
        "big": ProjectFactory(
            zone=world.zone, title_en="Wafer fab", total_investment=Decimal("9e9")
        ),
        "services": ProjectFactory(
            zone=world.zone, chain=services, sector=Sector.SERVICE, source=Source.EVENT
        ),
        "japanese": ProjectFactory(zone=world.zone, company=japanese, owner=world.officer2),
        "signed": ProjectFactory(
            zone=world.zone, stage=Stage.SIGNED, signing_date=dt.date(2023, 5, 18)
        ),
        "foreign": ProjectFactory(zone=world.other_zone, title_en="Wafer fab elsewhere"),
    }


def _ids(response):
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"world", "big", "services", "japanese", "signed"}),
        ({"stage": "signed"}, {"signed"}),
        ({"sector": "service"}, {"services"}),
        ({"source": "event"}, {"services"}),
        ({"country": "jp"}, {"japanese"}),
        ({"q": "wafer"}, {"big"}),
        ({"q": "toyota"}, {"japanese"}),
        ({"min_amount": "1000000000"}, {"big"}),
        ({"max_amount": "1000000000"}, {"world", "services", "japanese", "signed"}),
        ({"zone": "liangjiang", "stage": "lead", "sector": "service"}, {"services"}),
    ],
)
def test_the_project_list_filters_like_the_office_list(world, api_as, portfolio, params, expected):
    named = {**portfolio, "world": world.project}

    response = api_as(world.officer).get("/projects", **params)

    assert _ids(response) == {named[name].pk for name in expected}


def test_the_project_list_filters_by_chain_and_owner(world, api_as, portfolio):
    client = api_as(world.officer)

    assert _ids(client.get("/projects", chain=world.chain.pk)) == {world.project.pk}
    by_owner = _ids(client.get("/projects", owner=world.officer2.pk))
    assert by_owner == {portfolio["japanese"].pk}


def test_the_project_list_sorts_by_investment(world, api_as, portfolio):
    portfolio["services"].total_investment = Decimal("5")
    portfolio["services"].save()

    items = api_as(world.officer).get("/projects", sort="-investment").json()["items"]

    assert items[0]["id"] == portfolio["big"].pk
    assert items[-1]["id"] == portfolio["services"].pk


def test_an_unknown_filter_value_is_refused_with_422(world, api_as):
    response = api_as(world.officer).get("/projects", stage="won", sort="random", min_amount="x")

    error = assert_error(response, 422, "validation_failed")
    assert set(error["details"]["fields"]) == {"stage", "sort", "min_amount"}


def test_a_zone_filter_for_a_zone_the_caller_does_not_work_in_is_refused(world, api_as):
    response = api_as(world.officer).get("/projects", zone="elsewhere")

    assert_error(response, 422, "validation_failed")


def test_lists_come_in_limit_offset_pages_with_a_count(world, api_as, portfolio):
    client = api_as(world.officer)

    first = client.get("/projects", limit=2, sort="title").json()
    rest = client.get("/projects", limit=2, offset=2, sort="title").json()

    assert first["count"] == rest["count"] == 5
    assert len(first["items"]) == len(rest["items"]) == 2
    assert not {p["id"] for p in first["items"]} & {p["id"] for p in rest["items"]}


def test_a_page_may_not_be_longer_than_500(world, api_as):
    response = api_as(world.officer).get("/projects", limit=501)

    error = assert_error(response, 422, "validation_failed")
    assert list(error["details"]["fields"]) == ["limit"]


def test_the_company_list_filters_by_name_and_country(world, api_as):
    CompanyFactory(zone=world.zone, name_en="Toyota Tsusho", name_zh_hans="丰田通商", country="JP")
    CompanyFactory(zone=world.other_zone, name_en="Toyota Elsewhere", country="JP")
    client = api_as(world.officer)

    assert [c["name_en"] for c in client.get("/companies", q="丰田").json()["items"]] == [
        "Toyota Tsusho"
    ]
    assert [c["country"] for c in client.get("/companies", country="jp").json()["items"]] == ["JP"]
    assert client.get("/companies").json()["count"] == 2


def _many(world, kind, n):
    makers = {
        "projects": lambda: ProjectFactory.create_batch(n, zone=world.zone, owner=world.officer),
        "companies": lambda: CompanyFactory.create_batch(n, zone=world.zone, chain=world.chain),
        "contacts": lambda: ContactFactory.create_batch(n, company=world.company),
        "activities": lambda: ActivityFactory.create_batch(
            n, project__zone=world.zone, by=world.officer
        ),
        "tasks": lambda: TaskFactory.create_batch(
            n, project__zone=world.zone, assignee=world.officer
        ),
    }
    makers[kind]()


@pytest.mark.parametrize("kind", ["projects", "companies", "contacts", "activities", "tasks"])
def test_a_list_runs_the_same_number_of_queries_for_5_or_50_rows(world, api_as, kind):
    client = api_as(world.officer)
    client.get(f"/{kind}")  # the token's first use records its last_used_at

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/{kind}", limit=100)
        assert response.status_code == 200
        return len(captured)

    _many(world, kind, 5)
    with_5 = queries_for_page()
    _many(world, kind, 45)
    with_50 = queries_for_page()

    assert client.get(f"/{kind}", limit=100).json()["count"] >= 50
    assert with_5 == with_50
    # token, the caller's zones, the count, the page; an officer's count of projects is two
    # small reads (`project_count`: the kept stage totals, their own confidential projects)
    assert with_50 <= (5 if kind == "projects" else 4)


def _many_more(world, kind, n, start):
    from tests.factories.places import make_opportunity, make_park, make_policy
    from zoneinvest.portal.services import guide_step_create, story_create
    from zoneinvest.reports.models import Job

    for i in range(start, start + n):
        if kind == "parks":
            make_park(world.zone, f"park-{i}", focus_chains=[world.chain])
        elif kind == "policies":
            make_policy(world.zone, f"policy-{i}", chains=[world.chain])
        elif kind == "opportunities":
            make_opportunity(world.zone, world.chain, f"plant-{i}", project=world.project)
        elif kind == "guide-steps":
            guide_step_create(
                zone=world.zone, by=None, position=i + 1, title_en=f"Step {i}",
                description_en="Do it.", office_en="Desk",
            )  # fmt: skip
        elif kind == "stories":
            story_create(
                zone=world.zone, by=None, slug=f"story-{i}", kind="local", title_en=f"Story {i}",
                body_en="Text.",
            )  # fmt: skip
        elif kind == "jobs":
            Job.objects.create(
                zone=world.zone, kind="projects", created_by=world.director, file_name=f"{i}.csv",
                file_format="csv",
            )  # fmt: skip


@pytest.mark.parametrize(
    "kind", ["parks", "policies", "opportunities", "guide-steps", "stories", "jobs"]
)
def test_the_lists_of_the_portal_and_the_jobs_run_as_many_queries_for_5_or_50(world, api_as, kind):
    client = api_as(world.director)
    client.get(f"/{kind}")  # the token's first use records its last_used_at

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/{kind}", limit=100)
        assert response.status_code == 200, response.content
        return len(captured)

    _many_more(world, kind, 5, 0)
    with_5 = queries_for_page()
    _many_more(world, kind, 45, 5)
    with_50 = queries_for_page()

    assert client.get(f"/{kind}", limit=100).json()["count"] == 50
    assert with_5 == with_50
    # token, the caller's zones, the count and the page (parks and policies: the rows, their
    # chains)
    assert with_50 <= 4
