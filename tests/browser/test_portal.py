"""The public portal in a real browser with the demo loaded: an investor's walk through the
menus, the language switch, the incentive finder and an inquiry that the director then sees;
axe-core on the main pages in both languages; screenshots at desktop and mobile widths."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from playwright.sync_api import expect

from tests.browser.conftest import enter_code, screenshot
from zoneinvest.demo.liangjiang import DEMO_USERS, demo_load
from zoneinvest.demo.two_factor import DEMO_TOTP_SECRET
from zoneinvest.places.models import Park
from zoneinvest.places.selectors import PolicyFilters, published_policies
from zoneinvest.portal.models import Inquiry

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ("en", "zh-hans")
CJK = re.compile(r"[\u3400-\u9fff]")
WIDTHS = {1360: (1360, 900), 390: (390, 844)}
SERIOUS = ("serious", "critical")
ORGANISATION = "Nordlicht Batteriewerke GmbH"


@pytest.fixture
def demo(transactional_db):
    cache.clear()  # no page rendered from another test's database, no rate limit left over
    zone = demo_load().zone
    yield zone
    cache.clear()


def _park_slug(zone) -> str:
    return Park.objects.filter(zone=zone, published=True).order_by("position", "slug")[0].slug


def _portal_pages(zone) -> dict[str, str]:
    return {
        "home": "",
        "park": f"investing/parks/{_park_slug(zone)}/",
        "policies": "investing/policies/",
        "contact": "contact/",
    }


def _open(page, url: str):
    response = page.goto(url)
    assert response is not None, url
    assert response.status == 200, f"{url} answered {response.status}"
    return response


def _click_to(page, locator) -> str:
    """Click a link, wait for the page it opens, check it answered with a heading."""
    with page.expect_navigation() as navigation:
        locator.click()
    response = navigation.value
    assert response is not None
    assert response.status == 200, f"{page.url} answered {response.status}"
    assert page.locator("main h1").count() >= 1, f"{page.url} has no <h1>"
    return page.url


def _walk_the_menus(page) -> list[str]:
    visited = []
    _open(page, "/en/")
    groups = page.locator("nav.menu details").count()
    assert groups == 4  # About, Investing, Living, News
    for group in range(groups):
        _open(page, "/en/")
        links = page.locator("nav.menu details").nth(group).locator("a").count()
        assert links >= 1
        for index in range(links):
            _open(page, "/en/")
            details = page.locator("nav.menu details").nth(group)
            details.locator("summary").click()
            expect(details).to_have_attribute("open", "")
            link = details.locator("a").nth(index)
            expect(link).to_be_visible()
            visited.append(_click_to(page, link))
    for label in ("Home", "Contact Us"):
        _open(page, "/en/investing/guide/")
        visited.append(
            _click_to(page, page.locator("nav.menu > ul > li > a.group", has_text=label))
        )
    return visited


def _switch_to_chinese_on_a_policy(page, zone) -> None:
    slug = published_policies(zone=zone)[0].slug
    _open(page, f"/en/investing/policies/{slug}/")
    _click_to(page, page.locator("nav.lang-switch a", has_text="中文"))
    assert page.url.endswith(f"/zh-hans/investing/policies/{slug}/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert CJK.search(page.locator("main h1").inner_text())
    assert CJK.search(page.title())


def _result_slugs(page) -> list[str]:
    hrefs = page.locator("ul.results h3 a").evaluate_all("links => links.map(a => a.pathname)")
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]


def _find_policies_for_the_nev_chain(page, zone) -> None:
    _open(page, "/en/investing/policies/")
    everything = _result_slugs(page)
    assert everything == [policy.slug for policy in published_policies(zone=zone)]
    page.select_option("form.filters select[name=chain]", "nev")
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").click()
    assert "chain=nev" in page.url
    fitting = [p.slug for p in published_policies(zone=zone, filters=PolicyFilters(chain="nev"))]
    assert _result_slugs(page) == fitting
    assert len(fitting) < len(everything)
    heading = page.locator("#results").inner_text()
    assert heading.startswith(f"{len(fitting)} ")


def _ask_about_a_park(page, zone) -> Inquiry:
    slug = _park_slug(zone)
    _open(page, f"/en/investing/parks/{slug}/")
    _click_to(page, page.get_by_role("link", name="Ask about this park"))
    assert f"park={slug}" in page.url
    form = page.locator("form.inquiry")
    form.locator("[name=name]").fill("Greta Lindqvist")
    form.locator("[name=organisation]").fill(ORGANISATION)
    form.locator("select[name=country]").select_option("DE")
    form.locator("[name=email]").fill("greta@nordlicht.example")
    nev = zone.industrychain_set.get(code="nev")
    form.locator("select[name=chain]").select_option(str(nev.pk))
    form.locator("[name=message]").fill("We plan a cell plant of 8 GWh and need 300 mu.")
    assert form.locator("[name=website]").input_value() == ""
    _click_to(page, form.get_by_role("button"))
    assert page.url.endswith("/en/contact/thanks/")
    inquiry = Inquiry.objects.get(organisation=ORGANISATION)
    assert inquiry.park is not None
    assert inquiry.park.slug == slug
    return inquiry


def _log_in_as_director(page) -> None:
    director = next(user for user in DEMO_USERS if user.username == "director")
    _open(page, "/en/accounts/login/")
    page.fill("#id_username", director.username)
    page.fill("#id_password", director.password)
    with page.expect_navigation():
        page.click("button[type=submit]")
    enter_code(page, DEMO_TOTP_SECRET)  # the demo's public key, as `make demo` prints it
    assert "/accounts/" not in page.url


def test_an_investor_walks_the_portal_and_the_director_sees_the_inquiry(demo, page):
    visited = _walk_the_menus(page)
    assert len(set(visited)) >= 20
    _switch_to_chinese_on_a_policy(page, demo)
    _find_policies_for_the_nev_chain(page, demo)
    inquiry = _ask_about_a_park(page, demo)

    _log_in_as_director(page)
    _open(page, "/en/office/inquiries/")
    row = page.locator("table.list tbody tr", has_text=ORGANISATION)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(inquiry.due_by.strftime("%Y-%m-%d"))
    expect(row.locator(".flag", has_text="Overdue")).to_have_count(0)  # due in two working days
    _open(page, "/en/office/dashboard/")
    notice = page.locator(".inquiry-flag")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(re.compile(r"\d+ portal inquir(y waits|ies wait) for an answer"))


def _serious_violations(page) -> list[str]:
    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in SERIOUS:
            for node in violation["nodes"]:
                target = " ".join(str(part) for part in node["target"])
                found.append(f"{violation['id']} ({violation['impact']}) at {target}")
    return found


def test_the_main_pages_have_no_serious_accessibility_violation(demo, page):
    pages = _portal_pages(demo)
    found = []
    for language in LANGUAGES:
        for name in ("home", "park", "contact"):
            url = f"/{language}/{pages[name]}"
            _open(page, url)
            found += [f"{url}: {violation}" for violation in _serious_violations(page)]
    assert not found, "axe-core found serious or critical violations:\n" + "\n".join(found)


def test_screenshots_of_the_main_pages_in_both_languages_and_widths(demo, page):
    pages = _portal_pages(demo)
    for width, (w, h) in WIDTHS.items():
        page.set_viewport_size({"width": w, "height": h})
        for language in LANGUAGES:
            for name, path in pages.items():
                _open(page, f"/{language}/{path}")
                assert page.locator("main h1").is_visible()
                shot = screenshot(page, f"portal-{name}-{language}-{width}")
                assert shot.stat().st_size > 10_000
