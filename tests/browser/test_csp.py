"""The Content Security Policy in a real browser: the pages run with no violation reported (no
inline script or style refused, htmx included), and a violation is seen when one happens."""

import pytest

from tests.browser.test_dashboard import _pipeline

pytestmark = pytest.mark.django_db(transaction=True)

# Runs before any script of the page (Playwright's init scripts are not subject to the policy).
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${where}`);
});
"""


@pytest.fixture
def violations(page):
    """Every violation the page reports: its events and Chromium's "Refused to …" messages."""
    page.add_init_script(LISTEN)
    console: list[str] = []
    page.on(
        "console",
        lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None,
    )

    def reported() -> list[str]:
        page.wait_for_load_state("networkidle")
        return console + page.evaluate("window.__cspViolations || []")

    return reported


def _visit(page, path: str) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == 200, path
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_the_portal_home_runs_without_a_violation(world, page, violations):
    _visit(page, "/en/")
    assert violations() == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_office_pages_run_without_a_violation(world, login, violations, language):
    _pipeline(world)
    page = login("director", language)
    for path in ("dashboard/", f"projects/{world.project.pk}/", "board/", "companies/"):
        _visit(page, f"/{language}/office/{path}")
        assert violations() == [], path
    _visit(page, f"/{language}/office/dashboard/")
    assert page.locator("svg.meter rect").first.get_attribute("width") == "42.0%"


def test_the_board_moves_a_card_through_htmx_without_a_violation(world, login, violations):
    page = login("officer")
    _visit(page, "/en/office/board/")
    card = page.locator(".board-card", has_text=world.project.title_en)
    card.locator("select").select_option("on_hold")
    card.get_by_role("button", name="Move").click()
    page.wait_for_selector("#col-on_hold >> xpath=.. >> text=" + world.project.title_en)
    assert violations() == []


def test_an_inline_style_is_refused_and_reported(world, page, violations):
    _visit(page, "/en/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    page.wait_for_timeout(200)
    found = violations()
    assert found, "an inline style attribute was applied: the policy is not enforced"
    assert any("style-src" in entry for entry in found)


def test_the_api_docs_and_the_admin_run_without_a_violation(world, login, violations):
    page = login("admin")
    for path in ("/api/v1/docs", "/admin/", "/admin/accounts/user/"):
        _visit(page, path)
        assert violations() == [], path
