"""The dashboard and a chain map in a real browser, in English and Chinese (screenshots kept)."""

from decimal import Decimal

import pytest

from tests.browser.conftest import screenshot
from tests.factories.pipeline import CompanyFactory, ProjectFactory
from zoneinvest.industries.services import cluster_target_set, link_create
from zoneinvest.pipeline.models import StageChange

pytestmark = pytest.mark.django_db(transaction=True)

ROAD = ["lead", "qualified", "negotiating", "signed", "registered", "construction", "operating"]


def _pipeline(world):
    cells = link_create(
        chain=world.chain,
        code="cells",
        name_en="Battery cells",
        name_zh="动力电池",
        position="midstream",
        by=None,
    )
    link_create(
        chain=world.chain,
        code="lidar",
        name_en="Lidar sensors",
        name_zh="激光雷达",
        position="upstream",
        by=None,
    )
    link_create(
        chain=world.chain,
        code="charging",
        name_en="Charging networks",
        name_zh="充电网络",
        position="downstream",
        by=None,
    )
    catl = CompanyFactory(
        zone=world.zone,
        name_en="CATL Chongqing",
        name_zh_hans="宁德时代重庆",
        country="CN",
        link=cells,
    )
    for index, stage in enumerate(ROAD * 2):
        project = ProjectFactory(
            zone=world.zone,
            company=catl if stage == "operating" else CompanyFactory(zone=world.zone),
            chain=world.chain,
            link=cells if stage == "operating" else None,
            stage=stage,
            total_investment=Decimal(50_000_000 * (index + 1)),
            expected_jobs=40 * (index + 1),
        )
        for step in ROAD[: ROAD.index(stage) + 1]:
            StageChange.objects.create(project=project, zone=world.zone, to_stage=step)
    cluster_target_set(
        chain=world.chain,
        year=2024,
        tier="trillion",
        output_target=Decimal("1e12"),
        actual_output=Decimal("4.2e11"),
        by=None,
    )


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_dashboard_draws_its_charts(world, login, language):
    _pipeline(world)
    page = login("director", language)
    page.goto(f"/{language}/office/dashboard/")
    assert page.locator("svg.funnel").is_visible()
    assert page.locator("svg.bars").first.is_visible()
    heading = "数据看板" if language == "zh-hans" else "Dashboard"
    assert page.get_by_role("heading", name=heading, exact=True).is_visible()
    if language == "zh-hans":
        assert page.get_by_text("履约率", exact=True).is_visible()
        assert page.get_by_role("heading", name="招商漏斗").is_visible()
    screenshot(page, f"dashboard-{language}")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_chain_map_shows_links_and_gaps(world, login, language):
    _pipeline(world)
    page = login("officer", language)
    page.goto(f"/{language}/office/chains/{world.chain.pk}/")
    assert page.locator(".chain-link.gap").first.is_visible()
    company = "宁德时代重庆" if language == "zh-hans" else "CATL Chongqing"
    assert page.get_by_text(company).first.is_visible()
    if language == "zh-hans":
        assert page.get_by_role("heading", name="上游").is_visible()
        assert page.get_by_text("缺链").first.is_visible()
    screenshot(page, f"chain-map-{language}")
