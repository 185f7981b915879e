"""Issue 8 on the founding case: a German battery-storage manufacturer (about 1 billion yuan,
150 亩, exporting by rail to Europe, wanting lower costs, to move part of its production abroad
and to reach Asian markets) gets a ranked list a reviewer can check against the demo's parks and
policies (src/zoneinvest/demo/portal.py: PARKS, POLICIES, PARK_OF_CHAIN)."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import translation

from zoneinvest.core.models import Zone
from zoneinvest.demo.liangjiang import demo_load
from zoneinvest.matching.criteria import Criterion
from zoneinvest.matching.profile import profile_from_data
from zoneinvest.matching.scoring import Verdict
from zoneinvest.matching.selectors import match_opportunities, match_parks, match_policies

ON = dt.date(2026, 11, 29)

GERMAN_BATTERY_STORAGE = {
    "chain": "nev",
    "link": "cells",
    "investment": "1000000000",
    "land_mu": "150",
    "premises": "land",
    "logistics": ["rail"],
    "motivations": ["cost", "relocation", "market"],
    "company_type": "foreign",
    "country": "DE",
}


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def zone(loaded, db) -> Zone:
    return Zone.objects.get(code="liangjiang")


def _profile():
    return profile_from_data(GERMAN_BATTERY_STORAGE)


def test_the_parks_rank_rail_and_focus_first_with_reasons_from_the_park_records(zone):
    with translation.override("en"):
        ranked = match_parks(zone=zone, profile=_profile(), public=True)
    assert [m.record.slug for m in ranked] == [
        "yufu-equipment",  # NEV focus, land, the China–Europe rail terminal, cheapest land
        "longxing-auto",  # NEV focus, land and the cell makers already there, but no rail
        "airport-terminals",
        "shuitu-biomedicine",
        "yuelai-digital",  # no land for sale at all
    ]
    yufu, longxing = ranked[0], ranked[1]
    assert {r.criterion for r in yufu.raised} >= {
        Criterion.PARK_FOCUS_CHAIN,
        Criterion.PARK_LAND_ENOUGH,
        Criterion.PARK_FACILITY,
    }
    assert "1,320 亩 of land available; 150 亩 needed." in [r.text for r in yufu.reasons]
    assert [r.text for r in longxing.lowered] == [
        "Lacks: Rail freight terminal (China–Europe Railway Express)."
    ]
    same_link = next(r for r in longxing.reasons if r.criterion == Criterion.PARK_SAME_LINK)
    assert "Havelland Energiespeicher GmbH" in same_link.text
    for match in ranked:  # every reason's figure is the park's own
        park = match.record
        land = next((r for r in match.reasons if r.criterion == Criterion.PARK_LAND_ENOUGH), None)
        if land is not None:
            assert f"{park.free_land_mu.normalize():,f} 亩" in land.text


def test_the_battery_materials_opportunity_fits_best(zone):
    ranked = match_opportunities(zone=zone, profile=_profile(), public=True)
    assert ranked[0].record.slug == "battery-materials-plant"
    assert ranked[0].score > ranked[1].score


def test_policies_the_investor_qualifies_for_and_why_not_the_others(zone):
    with translation.override("en"):
        found = {
            e.record.slug: e
            for e in match_policies(zone=zone, profile=_profile(), public=True, on=ON)
        }
    eligible = {slug for slug, e in found.items() if e.verdict == Verdict.ELIGIBLE}
    assert eligible == {
        "foreign-investment-loan-interest",
        "manufacturing-investment-subsidy",  # at least 1 billion yuan: exactly at the threshold
        "talent-housing-allowance",
        "western-development-tax-rate",
    }
    assert [c.text for c in found["high-intensity-land-support"].reasons] == [
        "Expired on 31 December 2025."
    ]
    assert found["rail-freight-support"].verdict == Verdict.NOT_ELIGIBLE  # electronics, equipment
    assert found["research-centre-support"].verdict == Verdict.NOT_ELIGIBLE


def test_the_same_ranking_reads_in_chinese(zone):
    with translation.override("zh-hans"):
        ranked = match_parks(zone=zone, profile=_profile(), public=True)
    assert ranked[0].record.slug == "yufu-equipment"
    texts = " ".join(r.text for r in ranked[0].reasons)
    assert "可用土地 1,320 亩；需要 150 亩。" in texts
    assert "铁路货运" in texts
