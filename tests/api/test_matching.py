"""/api/v1/match/…: the same ranking and reasons as the portal and the office, for a token."""

import pytest

from tests.matching.test_scoring import zone  # noqa: F401 - the hand-made zone fixture

pytestmark = pytest.mark.django_db

BATTERY_MAKER = {
    "chain": "nev",
    "link": "cells",
    "investment": "1000000000",
    "land_mu": "150",
    "logistics": ["rail"],
    "motivations": ["market", "supply_chain"],
    "company_type": "foreign",
}


def test_parks_for_a_profile_ranked_with_reasons(world, zone, api_as):  # noqa: F811
    response = api_as(world.officer, read_only=True).get("/match/parks", **BATTERY_MAKER)
    assert response.status_code == 200, response.content
    found = response.json()
    assert [(p["record"]["slug"], p["score"]) for p in found] == [
        ("rail", 60),
        ("auto", 50),
        ("chips", -50),
    ]
    assert found[0]["reasons"][0] == {
        "criterion": {
            "code": "park_focus_chain",
            "label": "Park: the investor's chain is a focus of the park",
        },
        "points": 25,
        "text": "Intelligent connected NEVs is a focus chain of this park.",
    }
    assert all(p["score"] == sum(r["points"] for r in p["reasons"]) for p in found)


def test_policies_carry_their_verdict_and_deciding_conditions(world, zone, api_as):  # noqa: F811
    from decimal import Decimal

    from tests.factories.places import make_policy

    make_policy(world.zone, slug="subsidy", min_investment=Decimal(2 * 10**9))
    found = api_as(world.director).get("/match/policies", on="2026-11-29", **BATTERY_MAKER).json()
    assert found[0]["verdict"]["code"] == "not_eligible"
    assert found[0]["reasons"] == [
        {"met": False, "text": "Needs at least 2 billion yuan; planned: 1 billion yuan."}
    ]


def test_companies_for_a_gap(world, zone, api_as):  # noqa: F811
    from tests.factories.pipeline import CompanyFactory

    gap = zone["links"]["materials"]
    CompanyFactory(zone=world.zone, name_en="Lithium AG", chain=world.chain, link=gap)
    found = api_as(world.director).get("/match/companies", link=gap.pk).json()
    assert [(c["record"]["name"], c["score"]) for c in found] == [("Lithium AG", 40)]


def test_another_zones_link_is_404_its_zone_code_and_an_unknown_chain_422(
    world,
    zone,  # noqa: F811
    api_as,
):
    outsider = api_as(world.outsider)
    assert outsider.get("/match/companies", link=zone["links"]["cells"].pk).status_code == 404
    other = outsider.get("/match/parks", zone=world.zone.code)  # as every filter by zone
    assert other.status_code == 422
    assert set(other.json()["error"]["details"]["fields"]) == {"zone"}
    refused = api_as(world.director).get("/match/parks", chain="space")
    assert refused.status_code == 422
    assert set(refused.json()["error"]["details"]["fields"]) == {"chain"}
    assert api_as(world.consultant).get("/match/parks").status_code in (403, 404)
