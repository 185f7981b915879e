"""The live signing board on the venue's screen, and the event report, in a real browser."""

import pytest

from tests.browser.conftest import screenshot
from tests.office.test_events_pages import build_campaign, build_conference, negotiating, sign
from zoneinvest.events.services import diligence_verify

pytestmark = pytest.mark.django_db(transaction=True)

PROJECTS = "#live-projects"


def _event_with_two_signings(world):
    event = build_conference(world, campaign=build_campaign(world))
    main, berlin = list(event.venues.order_by("position"))
    sign(world, negotiating(world, "Battery plant", amount="2e9"), event, "2e9")
    service = negotiating(world, "Data centre", sector="service", country="US", amount="1e8")
    sign(world, service, event, "1e8", venue=berlin, currency="USD")
    return event


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_live_board_counts_a_new_signing_without_reloading(world, login, language):
    event = _event_with_two_signings(world)
    page = login("officer", language)
    page.goto(f"/{language}/office/events/{event.pk}/live/")
    assert page.locator(PROJECTS).inner_text() == "2"
    total_before = page.locator("#live-total").inner_text()
    page.evaluate("window.marker = 1")
    screenshot(page, f"live-board-{language}")

    project = negotiating(world, "Hydrogen fuel cells", amount="1.5e9")
    sign(world, project, event, "1.5e9")

    page.wait_for_function(
        f"() => document.querySelector('{PROJECTS}').textContent.trim() === '3'", timeout=10_000
    )
    assert page.evaluate("window.marker") == 1, "the board reloaded instead of swapping figures"
    assert page.locator("#live-total").inner_text() != total_before
    latest = page.locator(".live-latest li").first
    assert "Hydrogen fuel cells" in latest.inner_text()
    screenshot(page, f"live-board-{language}-after")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_report_page_shows_both_briefings_and_linked_figures(world, login, language):
    event = _event_with_two_signings(world)
    earlier = negotiating(world, "Chip packaging line", amount="5e8")
    sign(world, earlier, event, "5e8", date=event.date.replace(year=2022))
    sign(world, earlier, event, "8e8", kind="capital_increase")
    page = login("director", language)
    page.goto(f"/{language}/office/events/{event.pk}/report/")
    assert page.locator("article.briefing").count() == 2
    page.locator(".tile").first.click()
    page.wait_for_load_state("networkidle")
    assert "counted_only=1" in page.url
    page.go_back()
    page.wait_for_load_state("networkidle")
    screenshot(page, f"event-report-{language}")
    page.goto(f"/{language}/office/events/{event.pk}/")
    screenshot(page, f"event-detail-{language}")
    diligence_verify(project=earlier, item="identity", by=world.director)
    negotiating(world, "Hydrogen fuel cells", amount="1.5e9")
    page.goto(f"/{language}/office/events/{event.pk}/ceremony/")
    screenshot(page, f"event-ceremony-{language}")
    page.goto(f"/{language}/office/events/{event.pk}/signings/?country=DE")
    screenshot(page, f"event-signings-{language}")
    page.goto(f"/{language}/office/events/{event.pk}/signings/new/")
    screenshot(page, f"signing-form-{language}")
    page.goto(f"/{language}/office/campaigns/{event.campaign_id}/")
    screenshot(page, f"campaign-{language}")
    page.goto(f"/{language}/office/followups/?days=30")
    screenshot(page, f"followups-{language}")
