"""Headless Chromium (Debian's) driven by Playwright against a live server.

Without Chromium the browser tests skip with the reason; with CI=true they must run.
"""

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from fixtures
# in that thread are safe here (no concurrency inside a test).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"CI=true but Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
            )
        pytest.skip(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium to run browser tests"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page; any request that leaves the live server fails the test (no CDN)."""
    context = browser.new_context(viewport={"width": 1360, "height": 900}, base_url=live_server.url)
    outside: list[str] = []
    own_host = urlparse(live_server.url).netloc

    def guard(route):
        url = route.request.url
        if urlparse(url).netloc != own_host and not url.startswith(("data:", "blob:")):
            outside.append(url)
            return route.abort()
        return route.continue_()

    context.route("**/*", guard)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not outside, f"the page asked for resources outside the server: {outside}"
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def login(page, password):
    """login(username) → the page, logged in with the password and, for a director or an admin,
    a code from an authenticator app set up for the test (accounts/two_factor.py)."""

    def as_user(username: str, language: str = "en"):
        secret = authenticator_for(username)
        page.goto(f"/{language}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        if secret:
            enter_code(page, secret)
        return page

    return as_user


TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - tests only


def authenticator_for(username: str) -> str | None:
    """For someone who needs two-factor log-in, a confirmed app with a known key (any code not
    used yet, even of the current step, is accepted again); None for others."""
    from django.utils import timezone

    from zoneinvest.accounts.models import TotpDevice, User
    from zoneinvest.accounts.two_factor import user_needs_two_factor

    user = User.objects.get(username=username)
    if not user_needs_two_factor(user):
        return None
    TotpDevice.objects.update_or_create(
        user=user,
        defaults={
            "secret": TEST_TOTP_SECRET,
            "confirmed_at": timezone.now(),
            "last_used_step": None,
        },
    )
    return TEST_TOTP_SECRET


def enter_code(page, secret: str) -> None:
    """On the two-factor page: type the app's current code and go on to the page asked for."""
    import pyotp

    assert "/accounts/two-factor/" in page.url, page.url
    page.fill("#id_code", pyotp.TOTP(secret).now())
    with page.expect_navigation():
        page.click("#two-factor-form button[type=submit]")
    page.wait_for_load_state("networkidle")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
