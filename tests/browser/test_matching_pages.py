"""Matching in a real browser: a project's best parks and policies, and the weights page, in
English and in Chinese (screenshots in test-results/screenshots/)."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.browser.conftest import SCREENSHOTS, screenshot
from tests.factories.pipeline import ChainFactory, CompanyFactory, ProjectFactory
from tests.factories.places import make_park, make_policy
from zoneinvest.industries.models import ChainLink
from zoneinvest.matching.models import Weight
from zoneinvest.pipeline.models import Ownership
from zoneinvest.pipeline.stages import Stage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def battery(world):
    """Liangjiang's NEV chain with three parks and three policies, and a battery plant to place."""
    chain = world.chain
    chain.name_zh_hans = "智能网联新能源汽车"
    chain.save()
    cells = ChainLink.objects.create(
        zone=world.zone,
        chain=chain,
        code="cells",
        name_en="Power batteries",
        name_zh_hans="动力电池",
        position="midstream",
    )
    electronics = ChainFactory(
        zone=world.zone,
        code="electronics",
        name_en="New-generation electronic information",
        name_zh_hans="新一代电子信息",
    )
    longxing = make_park(
        world.zone,
        slug="longxing",
        name_en="Longxing Industrial Park",
        name_zh_hans="龙兴工业园",
        focus_chains=[chain],
        free_land_mu=Decimal(1850),
        land_price_min=Decimal(300_000),
    )
    make_park(
        world.zone,
        slug="yufu",
        name_en="Yufu Industrial Park",
        name_zh_hans="鱼复工业园",
        focus_chains=[chain],
        free_land_mu=Decimal(120),
    )
    make_park(
        world.zone,
        slug="shuitu",
        name_en="Shuitu Hi-tech Industrial Park",
        name_zh_hans="水土高新技术产业园",
        focus_chains=[electronics],
        free_land_mu=Decimal(600),
    )
    catl = CompanyFactory(zone=world.zone, name_en="CATL", name_zh_hans="宁德时代", chain=chain)
    ProjectFactory(
        zone=world.zone,
        company=catl,
        chain=chain,
        link=cells,
        stage=Stage.OPERATING,
        park=longxing,
    )
    make_policy(
        world.zone,
        slug="equipment",
        title_en="Equipment subsidy for major manufacturing projects",
        title_zh_hans="重大制造业项目设备投资补助",
        chains=[chain, electronics],
        min_investment=Decimal(10) ** 9,
        valid_until=dt.date(2030, 12, 31),
    )
    make_policy(
        world.zone,
        slug="foreign",
        title_en="Reward for foreign-invested headquarters",
        title_zh_hans="外资总部奖励",
        company_types=["foreign", "jv"],
    )
    make_policy(
        world.zone,
        slug="chips",
        title_en="Chip design support",
        title_zh_hans="芯片设计扶持",
        chains=[electronics],
    )
    investor = CompanyFactory(
        zone=world.zone,
        name_en="Voltstore Energy GmbH",
        name_zh_hans="沃斯托能源",
        ownership=Ownership.FOREIGN,
    )
    return ProjectFactory(
        zone=world.zone,
        title_en="Battery cell plant",
        title_zh_hans="电芯工厂",
        company=investor,
        chain=chain,
        link=cells,
        total_investment=Decimal(3) * Decimal(10) ** 9,
        land_mu=Decimal(150),
        owner=world.officer,
    )


def _section_shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#best-fit").screenshot(path=str(SCREENSHOTS / f"{name}.png"))


@pytest.mark.parametrize(
    ("language", "heading", "park"),
    [
        ("en", "Best parks and policies", "Longxing Industrial Park"),
        ("zh-hans", None, "龙兴工业园"),
    ],
)
def test_the_project_page_shows_the_best_parks_and_policies(
    world, battery, login, language, heading, park
):
    page = login("director", language)
    page.goto(f"/{language}/office/projects/{battery.pk}/")
    section = page.locator("#best-fit")
    assert section.is_visible()
    if heading:
        assert page.get_by_role("heading", name=heading).is_visible()
    first = section.locator("ol.fit-list > li").first
    assert park in first.inner_text()
    assert section.locator("li.up").count() >= 3
    _section_shot(page, f"project-best-fit-{language}")
    screenshot(page, f"project-detail-matching-{language}")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_director_tunes_the_weights(world, battery, login, language):
    page = login("director", language)
    page.goto(f"/{language}/office/matching/weights/")
    assert page.locator("input[name=park_same_link]").input_value() == "15"
    screenshot(page, f"matching-weights-{language}")
    page.fill("input[name=park_same_link]", "40")
    page.fill("input[name=company_lost_before]", "-120")
    page.locator("form.weights button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("tr.has-error input[name=company_lost_before]").is_visible()
    assert not Weight.objects.exists()
    screenshot(page, f"matching-weights-error-{language}")
    page.fill("input[name=company_lost_before]", "-25")
    page.locator("form.weights button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".messages .success").is_visible()
    assert dict(Weight.objects.values_list("criterion", "points")) == {
        "park_same_link": 40,
        "company_lost_before": -25,
    }


def test_a_gaps_targets_show_their_scores_and_reasons(world, battery, login):
    gap = ChainLink.objects.create(
        zone=world.zone,
        chain=world.chain,
        code="lidar",
        name_en="Lidar sensors",
        name_zh_hans="激光雷达",
        position="upstream",
    )
    CompanyFactory(zone=world.zone, name_en="Hesai Technology", chain=world.chain, link=gap)
    CompanyFactory(
        zone=world.zone,
        name_en="Robert Bosch GmbH",
        chain=world.chain,
        fortune_global_500_rank=93,
        country="DE",
    )
    page = login("director")
    page.goto(f"/en/office/chains/links/{gap.pk}/targets/")
    rows = page.locator("table.targets tbody tr")
    assert "Hesai Technology" in rows.nth(0).inner_text()
    assert "Fortune Global 500, rank 93." in rows.nth(1).inner_text()
    screenshot(page, "gap-targets-en")
