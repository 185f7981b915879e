"""The portal's public data API: no token, published records of the portal's zone only, public
fields only (never the internal project behind an opportunity)."""

import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories.pipeline import ProjectFactory
from tests.factories.places import make_opportunity, make_park, make_policy

YI = Decimal(10) ** 8


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def test_parks_are_public_and_filterable(world):
    make_park(world.zone, "auto", focus_chains=[world.chain], facilities=["rail_freight"])
    make_park(world.zone, "bio")
    make_park(world.zone, "draft", published=False)
    make_park(world.other_zone, "elsewhere")
    client = Client()
    rows = client.get("/api/v1/public/parks").json()
    assert [row["slug"] for row in rows] == ["auto", "bio"]
    rows = client.get("/api/v1/public/parks?facility=rail_freight").json()
    assert [row["slug"] for row in rows] == ["auto"]
    assert rows[0]["facilities"][0]["code"] == "rail_freight"
    assert rows[0]["focus_chains"] == [{"code": "nev", "name": str(world.chain.name)}]
    assert client.get("/api/v1/public/parks/draft").status_code == 404
    assert client.get("/api/v1/public/parks/elsewhere").status_code == 404


def test_the_policy_finder_applies_the_eligibility(world):
    make_policy(world.zone, "big", min_investment=5 * YI)
    make_policy(world.zone, "any")
    client = Client()
    slugs = [
        row["slug"] for row in client.get(f"/api/v1/public/policies?investment={5 * YI - 1}").json()
    ]
    assert slugs == ["any"]
    slugs = [
        row["slug"] for row in client.get(f"/api/v1/public/policies?investment={5 * YI}").json()
    ]
    assert sorted(slugs) == ["any", "big"]
    detail = client.get("/api/v1/public/policies/big", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert detail["min_investment"] == "500000000.00"
    assert detail["in_force"] is True


def test_an_opportunity_shows_its_band_not_its_project(world):
    project = ProjectFactory(
        zone=world.zone, title_en="Secret plant", total_investment=Decimal(777_000_000)
    )
    make_opportunity(world.zone, world.chain, "storage", project=project)
    body = Client().get("/api/v1/public/opportunities/storage").content.decode()
    assert "Secret plant" not in body
    assert "777" not in body
    assert "project" not in body
    assert json.loads(body)["amount_band"]["code"] == "1b_5b"
