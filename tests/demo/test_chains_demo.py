"""The founding zone's "Why invest" shares and its chain map, computed from records."""

from decimal import Decimal

import pytest
from django.db import transaction

from zoneinvest.accounts.models import User
from zoneinvest.core.models import Zone
from zoneinvest.demo.liangjiang import demo_load
from zoneinvest.industries.chain_map import chain_map, gap_targets
from zoneinvest.industries.models import IndustryChain
from zoneinvest.places.selectors import indicator_shares
from zoneinvest.places.services import indicator_set


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()
        yield
        transaction.set_rollback(True)


def test_the_why_invest_shares_are_those_of_the_article(loaded, db):
    shares = {s.kind: s.percent for s in indicator_shares(zone=Zone.objects.get())}
    assert shares["land_area"] < Decimal("1.5")
    assert Decimal(14) <= shares["economic_output"] <= Decimal(16)
    assert shares["trade"] == Decimal("30.0")
    assert shares["utilized_fdi"] == Decimal("30.0")
    assert shares["fortune_500"] == Decimal("50.0")


def test_changing_a_record_changes_the_share(loaded, db):
    zone = Zone.objects.get()
    indicator_set(
        zone=zone,
        kind="fortune_500",
        area="zone",
        year=2022,
        value=Decimal(78),
        unit="companies",
        source="correction",
        by=None,
    )
    shares = {s.kind: s.percent for s in indicator_shares(zone=zone)}
    assert shares["fortune_500"] == Decimal("25.0")


def test_the_nev_chain_map_has_present_links_pipeline_links_and_a_gap_with_targets(loaded, db):
    director = User.objects.get(username="director")
    nev = IndustryChain.objects.get(code="nev")
    chain = chain_map(user=director, chain=nev)
    assert any(row.present for row in chain.links)
    assert any(row.pipeline for row in chain.links)
    charging = next(row for row in chain.links if row.link.code == "charging")
    assert charging.is_gap
    # the three charging companies of the demo first, then others of the chain (matching)
    targets = gap_targets(user=director, link=charging.link)
    assert [c.link.code for c in targets[:3]] == ["charging"] * 3
    tiers = dict(IndustryChain.objects.values_list("code", "tier"))
    assert tiers["nev"] == tiers["electronics"] == "trillion"
    assert tiers["health"] == "hundred_billion"
