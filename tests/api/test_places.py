"""Parks, policies, opportunities and the investor's guide for the bureau's staff: drafts
included, the portal's filters, read-only; consultants and other zones learn nothing."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.api.helpers import assert_error
from tests.factories.pipeline import ProjectFactory
from tests.factories.places import make_opportunity, make_park, make_policy
from zoneinvest.portal.services import guide_step_create

YI = Decimal(10) ** 8
PATHS = ["/parks", "/policies", "/opportunities", "/guide-steps"]


@pytest.fixture
def places(world):
    """A published and a draft record of each kind in the zone, one of each elsewhere."""
    auto = make_park(world.zone, "auto", focus_chains=[world.chain], facilities=["rail_freight"])
    draft = make_park(world.zone, "draft", published=False)
    make_park(world.other_zone, "elsewhere")
    big = make_policy(world.zone, "big", min_investment=5 * YI, chains=[world.chain])
    old = make_policy(world.zone, "old", valid_until=dt.date(2023, 6, 30), published=False)
    secret = ProjectFactory(zone=world.zone, title_en="Secret plant", confidential=True)
    storage = make_opportunity(world.zone, world.chain, "storage", park=auto, project=secret)
    step = guide_step_create(
        zone=world.zone, by=None, position=1, title_en="Register", description_en="At the desk.",
        office_en="Service centre",
    )  # fmt: skip
    return {"auto": auto, "draft": draft, "big": big, "old": old, "storage": storage, "step": step}


def _slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["items"]]


@pytest.mark.parametrize("role", ["director", "officer", "analyst", "editor", "admin"])
@pytest.mark.parametrize("path", PATHS)
def test_the_bureaus_staff_read_the_places_of_their_zones(world, api_as, places, role, path):
    response = api_as(world.user(role)).get(path)

    assert response.status_code == 200, response.content
    assert response.json()["count"] >= 1


@pytest.mark.parametrize("path", PATHS)
def test_a_consultant_learns_nothing_of_the_places(world, api_as, places, path):
    assert_error(api_as(world.consultant).get(path), 404, "not_found")


def test_drafts_are_listed_for_staff_and_can_be_told_apart(world, api_as, places):
    client = api_as(world.officer)

    assert _slugs(client.get("/parks")) == ["auto", "draft"]
    assert _slugs(client.get("/parks", published="false")) == ["draft"]
    park = client.get(f"/parks/{places['draft'].pk}").json()
    assert (park["slug"], park["published"], park["zone"]["code"]) == ("draft", False, "liangjiang")


def test_the_park_list_filters_as_the_portal(world, api_as, places):
    client = api_as(world.editor)

    assert _slugs(client.get("/parks", facility="rail_freight")) == ["auto"]
    assert _slugs(client.get("/parks", chain="nev")) == ["auto"]
    assert _slugs(client.get("/parks", min_free_land_mu="301")) == []


def test_the_policy_list_applies_the_finders_eligibility(world, api_as, places):
    client = api_as(world.officer)

    assert _slugs(client.get("/policies", investment=str(5 * YI - 1))) == []
    assert _slugs(client.get("/policies", investment=str(5 * YI))) == ["big"]
    assert _slugs(client.get("/policies", include_expired="true")) == ["big", "old"]
    policy = client.get(f"/policies/{places['big'].pk}").json()
    assert policy["min_investment"] == "500000000.00"
    assert policy["chains"] == [
        {"id": world.chain.pk, "code": "nev", "name": str(world.chain.name)}
    ]
    assert policy["in_force"] is True


def test_an_opportunity_shows_its_project_only_to_those_who_may_see_it(world, api_as, places):
    path = f"/opportunities/{places['storage'].pk}"

    by_director = api_as(world.director).get(path).json()
    by_officer = api_as(world.officer).get(path).json()
    by_editor = api_as(world.editor).get(path).json()

    assert by_director["project"]["title"] == "Secret plant"
    assert by_director["park"]["slug"] == "auto"
    assert by_officer["project"] is None  # confidential, not theirs
    assert by_editor["project"] is None  # editors do not read the pipeline


def test_the_guide_is_read_step_by_step(world, api_as, places):
    steps = api_as(world.analyst).get("/guide-steps").json()["items"]

    assert [(s["position"], s["title"]) for s in steps] == [(1, "Register")]


@pytest.mark.parametrize(
    ("path", "record"),
    [
        ("/parks", "auto"),
        ("/policies", "big"),
        ("/opportunities", "storage"),
        ("/guide-steps", "step"),
    ],
)
def test_an_outsider_gets_404_for_the_places_of_another_zone(world, api_as, places, path, record):
    client = api_as(world.outsider)

    assert_error(client.get(f"{path}/{places[record].pk}"), 404, "not_found")
    assert client.get(path).json()["count"] == (1 if path == "/parks" else 0)  # "elsewhere"


@pytest.mark.parametrize("path", PATHS)
def test_the_places_cannot_be_written_through_the_api(world, api_as, places, path):
    response = api_as(world.director).post(path, {"slug": "new"})

    assert response.status_code in (404, 405), response.content


@pytest.mark.parametrize(
    ("path", "params", "fields"),
    [
        ("/parks", {"facility": "moon_base"}, {"facility"}),
        ("/policies", {"kind": "bribe", "company_type": "alien"}, {"kind", "company_type"}),
        ("/opportunities", {"amount_band": "huge"}, {"amount_band"}),
        ("/parks", {"published": "perhaps"}, {"published"}),
        ("/parks", {"zone": "elsewhere"}, {"zone"}),
        ("/guide-steps", {"slug": "x"}, {"slug"}),
    ],
)
def test_an_unknown_filter_or_value_is_refused_with_422(world, api_as, path, params, fields):
    error = assert_error(api_as(world.officer).get(path, **params), 422, "validation_failed")

    assert set(error["details"]["fields"]) == fields
