"""An officer works in a real browser: log in, list, switch language, move a card on the board."""

import pytest

from tests.browser.conftest import screenshot
from tests.factories.pipeline import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_logs_in_and_sees_the_project_list(world, login):
    page = login("officer")
    assert page.url.endswith("/en/office/projects/")
    assert page.get_by_role("heading", name="Projects").is_visible()
    assert page.get_by_role("link", name=world.project.title_en).is_visible()
    screenshot(page, "project-list-en")


def test_the_language_switch_keeps_the_page_and_speaks_chinese(world, login):
    page = login("officer")
    page.get_by_role("button", name="中文").click()
    page.wait_for_load_state("networkidle")
    assert "/zh-hans/office/projects/" in page.url
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_role("heading", name="项目").is_visible()
    screenshot(page, "project-list-zh")


def test_filtering_the_list_updates_it_without_a_reload(world, login):
    ProjectFactory(zone=world.zone, title_en="Chip packaging line")
    page = login("officer")
    page.fill("main form.filters input[name=q]", "chip")  # not the header's search box
    page.wait_for_selector("text=1 project")
    assert page.get_by_role("link", name="Chip packaging line").is_visible()
    assert page.get_by_role("link", name=world.project.title_en).count() == 0
    assert "q=chip" in page.url


def test_a_card_moves_on_the_board_through_the_stage_service(world, login):
    page = login("officer")
    page.goto("/en/office/board/")
    card = page.locator(".board-card", has_text=world.project.title_en)
    card.locator("select").select_option("on_hold")
    card.get_by_role("button", name="Move").click()
    page.wait_for_selector("#col-on_hold >> xpath=.. >> text=" + world.project.title_en)
    world.project.refresh_from_db()
    assert world.project.stage == "on_hold"
    screenshot(page, "board-en")


def test_the_project_page_shows_its_timeline(world, login):
    page = login("director")
    page.goto(f"/en/office/projects/{world.project.pk}/")
    assert page.get_by_role("heading", name="Timeline").is_visible()
    screenshot(page, "project-detail-en")
