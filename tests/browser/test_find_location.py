"""“Find your location” in a real browser with the demo loaded, in English and in Chinese: an
investor answers both steps, reads the ranked parks with their reasons, sends an inquiry with the
profile and the bureau finds it stored; axe-core on every step; screenshots of each step."""

import pytest
from django.core.cache import cache
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.browser.test_portal import _serious_violations
from zoneinvest.demo.liangjiang import demo_load
from zoneinvest.matching.profile import profile_from_data, profile_to_data
from zoneinvest.matching.selectors import match_parks
from zoneinvest.portal.models import Inquiry

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ("en", "zh-hans")
WIDTHS = {1360: (1360, 900), 390: (390, 844)}
# What the investor answers, and the profile it makes (100,000 m² is 150 亩).
PROFILE = {
    "chain": "nev",
    "link": "cells",
    "investment": "1000000000",
    "land_mu": "150.0",
    "logistics": ["rail"],
    "motivations": ["market", "supply_chain"],
    "company_type": "foreign",
    "country": "DE",
    "timeline_months": "18",
}


@pytest.fixture
def demo(transactional_db):
    cache.clear()
    zone = demo_load().zone
    yield zone
    cache.clear()


def _submit(page, expected_path: str) -> None:
    with page.expect_navigation() as navigation:
        page.locator("form.wizard button[type=submit]").click()
    response = navigation.value
    assert response is not None
    assert response.status == 200, f"{page.url} answered {response.status}"
    assert expected_path in page.url


def _answer_the_wizard(page, language: str) -> None:
    response = page.goto(f"/{language}/investing/find-your-location/")
    assert response is not None
    assert response.status == 200
    form = page.locator("form.wizard")
    form.locator("select[name=chain]").select_option("nev")
    form.locator("select[name=link]").select_option("nev:cells")
    form.locator("[name=investment]").fill("1,000,000,000")
    form.locator("select[name=company_type]").select_option("foreign")
    form.locator("select[name=country]").select_option("DE")
    _submit(page, "/investing/find-your-location/site/")

    form = page.locator("form.wizard")
    form.locator("[name=land]").fill("100000")
    form.locator("input[name=land_unit][value=m2]").check()
    form.locator("input[name=logistics][value=rail]").check()
    form.locator("input[name=motivations][value=market]").check()
    form.locator("input[name=motivations][value=supply_chain]").check()
    form.locator("[name=timeline_months]").fill("18")
    _submit(page, "/investing/find-your-location/results/")


def _check_the_ranked_parks(page, zone, language: str) -> None:
    with translation.override(language):
        expected = match_parks(zone=zone, profile=profile_from_data(PROFILE), public=True)
        names = [str(match.record.name) for match in expected]
    parks = page.locator("section[aria-labelledby=parks] li.match")
    expect(parks).to_have_count(len(expected))
    assert parks.locator("h3 a").all_inner_texts() == names
    best = expected[0]
    first = parks.first
    expect(first.locator(".score strong")).to_have_text(str(best.score))
    assert first.locator("li.up .text").all_inner_texts() == [r.text for r in best.raised]
    assert first.locator("li.down .text").all_inner_texts() == [r.text for r in best.lowered]
    expect(first.locator("li.up .mark").first).to_have_text("✓")
    worst = parks.last
    assert worst.locator("li.down .text").all_inner_texts() == [
        r.text for r in expected[-1].lowered
    ]
    expect(page.locator(".notice")).to_be_visible()
    expect(page.locator("section[aria-labelledby=policies] .verdict").first).to_be_visible()


def _send_the_inquiry(page, zone, language: str) -> Inquiry:
    organisation = f"Nordlicht Batteriewerke GmbH ({language})"
    with page.expect_navigation():
        page.locator("a.button[href*='profile=']").first.click()
    assert "/contact/?profile=" in page.url
    form = page.locator("form.inquiry")
    nev = zone.industrychain_set.get(code="nev")
    expect(form.locator("select[name=chain]")).to_have_value(str(nev.pk))
    expect(page.locator(".profile-box")).to_be_visible()
    form.locator("[name=name]").fill("Greta Lindqvist")
    form.locator("[name=organisation]").fill(organisation)
    form.locator("select[name=country]").select_option("DE")
    form.locator("[name=email]").fill("greta@nordlicht.example")
    form.locator("[name=message]").fill("We plan a cell plant of 8 GWh.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert page.url.endswith(f"/{language}/contact/thanks/")
    return Inquiry.objects.get(organisation=organisation)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_investor_finds_a_location_and_sends_the_profile(demo, page, language):
    _answer_the_wizard(page, language)
    _check_the_ranked_parks(page, demo, language)
    found = _serious_violations(page)
    assert not found, "axe-core found serious or critical violations:\n" + "\n".join(found)
    best = match_parks(zone=demo, profile=profile_from_data(PROFILE), public=True)[0].record
    inquiry = _send_the_inquiry(page, demo, language)
    assert inquiry.profile == profile_to_data(profile_from_data(PROFILE))
    assert inquiry.park == best
    assert inquiry.chain is not None
    assert inquiry.chain.code == "nev"
    assert inquiry.message == "We plan a cell plant of 8 GWh."
    assert inquiry.language == language


def test_screenshots_of_the_results_in_both_languages_and_widths(demo, page):
    for width, (w, h) in WIDTHS.items():
        page.set_viewport_size({"width": w, "height": h})
        for language in LANGUAGES:
            _answer_the_wizard(page, language)
            shot = screenshot(page, f"find-location-results-{language}-{width}")
            assert shot.stat().st_size > 10_000


def test_the_steps_have_no_serious_accessibility_violation(demo, page):
    found = []
    for language in LANGUAGES:
        step = f"/{language}/investing/find-your-location/site/"
        for name, url in (
            ("project", f"/{language}/investing/find-your-location/"),
            ("site", f"{step}?chain=nev&link=nev:cells&investment=1000000000"),
            ("errors", f"{step}?chain=nev&investment=lots"),
        ):
            page.goto(url)
            expect(page.locator("form.wizard")).to_be_visible()
            found += [f"{url}: {violation}" for violation in _serious_violations(page)]
            screenshot(page, f"find-location-{name}-{language}-1360")
    assert not found, "axe-core found serious or critical violations:\n" + "\n".join(found)
