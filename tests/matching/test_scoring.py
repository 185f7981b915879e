"""Matching on a small hand-made zone: the expected order, every reason checkable against the
records, in both languages; policy eligibility on its edges; weights a director tunes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from tests.factories.matching import battery_links
from tests.factories.pipeline import ChainFactory, CompanyFactory, ProjectFactory
from tests.factories.places import make_opportunity, make_park, make_policy
from zoneinvest.core.errors import ValidationFailed
from zoneinvest.matching.criteria import Criterion
from zoneinvest.matching.models import Weight
from zoneinvest.matching.profile import InvestorProfile, profile_from_data, profile_to_data
from zoneinvest.matching.scoring import Verdict
from zoneinvest.matching.selectors import match_opportunities, match_parks, match_policies
from zoneinvest.pipeline.stages import Stage

pytestmark = pytest.mark.django_db

BILLION = Decimal(10) ** 9
TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def zone(world):
    """Three links of the NEV chain, three parks, a cell maker present in one of them."""
    chain = world.chain
    links = battery_links(world.zone, chain)
    electronics = ChainFactory(zone=world.zone, code="electronics", name_en="Electronics")
    rail = make_park(
        world.zone,
        slug="rail",
        focus_chains=[chain],
        free_land_mu=Decimal(200),
        facilities=["rail_freight", "power"],
        land_price_min=Decimal(300_000),
        land_price_max=Decimal(400_000),
        position=1,
    )
    auto = make_park(
        world.zone,
        slug="auto",
        focus_chains=[chain],
        free_land_mu=Decimal(1000),
        facilities=["power", "standard_factories"],
        land_price_min=Decimal(350_000),
        position=2,
    )
    chips = make_park(
        world.zone,
        slug="chips",
        focus_chains=[electronics],
        free_land_mu=Decimal(50),
        facilities=["airport"],
        position=3,
    )
    cell_maker = CompanyFactory(zone=world.zone, name_en="CellCo", chain=chain)
    ProjectFactory(
        zone=world.zone,
        company=cell_maker,
        chain=chain,
        link=links["cells"],
        stage=Stage.OPERATING,
        park=auto,
    )
    return {"links": links, "rail": rail, "auto": auto, "chips": chips, "chain": chain}


def battery_maker(**changes) -> InvestorProfile:
    data = {
        "chain": "nev",
        "link": "cells",
        "investment": "1000000000",
        "land_mu": "150",
        "logistics": ["rail"],
        "motivations": ["market", "supply_chain"],
        "company_type": "foreign",
        "country": "DE",
    }
    data.update(changes)
    return profile_from_data(data)


def test_parks_rank_in_the_expected_order_with_reasons_from_the_records(world, zone):
    with translation.override("en"):
        ranked = match_parks(zone=world.zone, profile=battery_maker(), public=True)
    assert [(m.record.slug, m.score) for m in ranked] == [
        ("rail", 60),
        ("auto", 50),
        ("chips", -50),
    ]
    rail, auto, chips = ranked
    assert [(r.criterion, r.points, r.text) for r in rail.reasons] == [
        (
            Criterion.PARK_FOCUS_CHAIN,
            25,
            "Intelligent connected NEVs is a focus chain of this park.",
        ),
        (Criterion.PARK_LAND_ENOUGH, 20, "200 亩 of land available; 150 亩 needed."),
        (
            Criterion.PARK_FACILITY,
            10,
            "Has: Rail freight terminal (China–Europe Railway Express).",
        ),
        (
            Criterion.PARK_MOTIVATION,
            5,
            "Reaching Asian markets: Rail freight terminal (China–Europe Railway Express).",
        ),
    ]
    assert {r.text for r in auto.lowered} == {
        "Lacks: Rail freight terminal (China–Europe Railway Express)."
    }
    assert "Companies of “Cells and packs” are here: CellCo." in {r.text for r in auto.raised}
    assert {r.criterion for r in chips.lowered} == {
        Criterion.PARK_OTHER_CHAIN,
        Criterion.PARK_LAND_SHORT,
        Criterion.PARK_FACILITY_MISSING,
    }
    assert all(m.score == sum(r.points for r in m.reasons) for m in ranked)


def test_reasons_read_in_chinese(world, zone):
    with translation.override("zh-hans"):
        rail = match_parks(zone=world.zone, profile=battery_maker(), public=True)[0]
    texts = " ".join(r.text for r in rail.reasons)
    assert "200 亩" in texts
    assert "150 亩" in texts
    assert "Has:" not in texts
    assert "可用" in texts


def test_a_neighbouring_link_present_counts_for_a_supplier(world, zone):
    profile = battery_maker(link="assembly", motivations=[])
    auto = next(
        m
        for m in match_parks(zone=world.zone, profile=profile, public=True)
        if m.record.slug == "auto"
    )
    assert [r.criterion for r in auto.raised if r.criterion == Criterion.PARK_ADJACENT_LINK] == [
        Criterion.PARK_ADJACENT_LINK
    ]


def test_a_confidential_or_unpublished_record_does_not_count_on_the_portal(world, zone):
    from zoneinvest.pipeline.models import Project

    Project.objects.filter(park=zone["auto"]).update(confidential=True)
    zone["chips"].published = False
    zone["chips"].save()
    ranked = match_parks(zone=world.zone, profile=battery_maker(), public=True)
    assert [m.record.slug for m in ranked] == ["rail", "auto"]
    assert all("CellCo" not in r.text for m in ranked for r in m.reasons)
    assert len(match_parks(zone=world.zone, profile=battery_maker(), public=False)) == 3


def test_weights_are_data_a_director_tunes(world, zone):
    Weight.objects.create(zone=world.zone, criterion=Criterion.PARK_SAME_LINK, points=40)
    ranked = match_parks(zone=world.zone, profile=battery_maker(), public=True)
    assert [(m.record.slug, m.score) for m in ranked][:2] == [("auto", 75), ("rail", 60)]


def test_another_zones_records_never_match(world, zone):
    make_park(
        world.other_zone, slug="rail", free_land_mu=Decimal(5000), facilities=["rail_freight"]
    )
    slugs = [
        m.record.zone_id for m in match_parks(zone=world.zone, profile=battery_maker(), public=True)
    ]
    assert set(slugs) == {world.zone.pk}


def test_opportunities_rank_by_chain_link_amount_and_site(world, zone):
    make_opportunity(
        world.zone, zone["chain"], slug="cells", link=zone["links"]["cells"], land_mu=Decimal(200)
    )
    make_opportunity(world.zone, zone["chain"], slug="small", amount_band="under_100m")
    electronics = zone["chips"].focus_chains.get()
    make_opportunity(world.zone, electronics, slug="pcb", land_mu=Decimal(80))
    ranked = match_opportunities(zone=world.zone, profile=battery_maker(), public=True)
    assert [(m.record.slug, m.score) for m in ranked] == [
        ("cells", 25 + 20 + 10 + 10),
        ("small", 25 - 10),
        ("pcb", -20 + 10 - 15),
    ]


# ---------------------------------------------------------------- policies on their edges


def _verdict(world, profile: InvestorProfile, slug: str) -> tuple[str, list[str]]:
    with translation.override("en"):
        found = match_policies(zone=world.zone, profile=profile, public=True, on=TODAY)
    result = next(e for e in found if e.record.slug == slug)
    return result.verdict, [c.text for c in result.reasons]


@pytest.mark.parametrize(
    ("investment", "verdict"),
    [
        ("999999999.99", Verdict.NOT_ELIGIBLE),
        ("1000000000", Verdict.ELIGIBLE),
        ("1000000000.01", Verdict.ELIGIBLE),
        ("", Verdict.CHECK),
    ],
)
def test_minimum_investment_just_below_at_and_above_the_threshold(world, zone, investment, verdict):
    make_policy(world.zone, slug="subsidy", min_investment=BILLION, chains=[zone["chain"]])
    found, reasons = _verdict(world, battery_maker(investment=investment), "subsidy")
    assert found == verdict, reasons
    if verdict == Verdict.NOT_ELIGIBLE:
        assert reasons == ["Needs at least 1 billion yuan; planned: 1 billion yuan."] or (
            "Needs at least 1 billion yuan" in reasons[0]
        )


def test_a_chain_mismatch_is_not_eligible_and_an_unknown_chain_needs_checking(world, zone):
    electronics = zone["chips"].focus_chains.get()
    make_policy(world.zone, slug="chips-only", chains=[electronics])
    verdict, reasons = _verdict(world, battery_maker(), "chips-only")
    assert verdict == Verdict.NOT_ELIGIBLE
    assert reasons == ["Only for these chains: Electronics."]
    verdict, _ = _verdict(world, battery_maker(chain="", link=""), "chips-only")
    assert verdict == Verdict.CHECK


def test_an_expired_or_future_policy_is_not_eligible(world, zone):
    make_policy(
        world.zone, slug="old", valid_from=dt.date(2023, 1, 1), valid_until=dt.date(2025, 12, 31)
    )
    make_policy(world.zone, slug="last-day", valid_until=TODAY)
    make_policy(world.zone, slug="future", valid_from=TODAY + dt.timedelta(days=1))
    assert _verdict(world, battery_maker(), "old") == (
        Verdict.NOT_ELIGIBLE,
        ["Expired on 31 December 2025."],
    )
    assert _verdict(world, battery_maker(), "last-day")[0] == Verdict.ELIGIBLE
    assert _verdict(world, battery_maker(), "future")[0] == Verdict.NOT_ELIGIBLE


def test_company_types_decide_or_ask(world, zone):
    make_policy(world.zone, slug="foreign", company_types=["foreign", "jv"])
    assert _verdict(world, battery_maker(), "foreign")[0] == Verdict.ELIGIBLE
    assert (
        _verdict(world, battery_maker(company_type="state"), "foreign")[0] == Verdict.NOT_ELIGIBLE
    )
    assert _verdict(world, battery_maker(company_type=""), "foreign")[0] == Verdict.CHECK


def test_eligible_policies_come_first(world, zone):
    make_policy(world.zone, slug="a-old", valid_until=dt.date(2024, 1, 1))
    make_policy(world.zone, slug="b-open")
    found = match_policies(zone=world.zone, profile=battery_maker(), public=True, on=TODAY)
    assert [e.record.slug for e in found] == ["b-open", "a-old"]


# ---------------------------------------------------------------- the profile


def test_a_profile_reads_square_metres_and_says_what_is_wrong():
    profile = profile_from_data({"land_m2": "100000", "logistics": "rail"})
    assert profile.land_mu == Decimal("150.0")
    assert profile.logistics == ("rail",)
    assert profile_from_data(profile_to_data(profile)) == profile
    with pytest.raises(ValidationFailed) as refused:
        profile_from_data({"investment": "lots", "logistics": ["teleport"], "workforce": "2.5"})
    assert set(refused.value.details["fields"]) == {"investment", "logistics", "workforce"}


# ---------------------------------------------------------------- companies for a chain gap


def test_companies_for_a_gap_rank_by_link_chain_size_contact_and_history(
    world, zone, django_assert_num_queries
):
    from zoneinvest.matching.selectors import match_companies
    from zoneinvest.pipeline.models import Activity

    links = zone["links"]
    gap = links["materials"]
    same_link = CompanyFactory(zone=world.zone, name_en="Lithium AG", chain=world.chain, link=gap)
    CompanyFactory(
        zone=world.zone,
        name_en="Giant Cathode SE",
        chain=world.chain,
        link=gap,
        fortune_global_500_rank=101,
    )
    CompanyFactory(zone=world.zone, name_en="Packs Ltd", chain=world.chain, link=links["cells"])
    lost = CompanyFactory(zone=world.zone, name_en="Lost Materials", chain=world.chain, link=gap)
    ProjectFactory(zone=world.zone, company=lost, stage=Stage.LOST)
    busy = CompanyFactory(zone=world.zone, name_en="In Talks", chain=world.chain, link=gap)
    ProjectFactory(zone=world.zone, company=busy, stage=Stage.NEGOTIATING)
    Activity.objects.create(
        zone=world.zone, kind="call", date=TODAY - dt.timedelta(days=30), company=same_link
    )
    CompanyFactory(zone=world.other_zone, name_en="Elsewhere Lithium", link=None)
    CompanyFactory(zone=world.zone, name_en="Unrelated Co")  # no criterion: left out

    # the zone's weights, the user's zones, the ranking, the top's last contacts
    with django_assert_num_queries(4):
        ranked = match_companies(user=world.director, link=gap, today=TODAY)
    assert [(m.record.name_en, m.score) for m in ranked] == [
        ("Giant Cathode SE", 40 + 16),  # rank 101: 20 × 400 ÷ 500
        ("Lithium AG", 40 + 10),
        ("Lost Materials", 40 - 20),
        ("Packs Ltd", 15),
    ]  # not "In Talks" nor the world's Bosch GmbH: each has an open project already
    assert all(m.score == sum(r.points for r in m.reasons) for m in ranked)
    with translation.override("en"):
        ranked = match_companies(user=world.director, link=gap, today=TODAY)
    texts = {m.record.name_en: [r.text for r in m.reasons] for m in ranked}
    assert texts["Giant Cathode SE"] == [
        "Works in “Battery materials”, the gap.",
        "Fortune Global 500, rank 101.",
    ]
    assert texts["Lithium AG"][1] == "Last contact on 30 October 2026."
    assert texts["Packs Ltd"] == ["Works in “Cells and packs” of the same chain."]
    assert match_companies(user=world.outsider, link=gap) == []
