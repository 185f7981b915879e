"""A director sets up an authenticator app in a real browser, then logs in with its code, in
English and in Chinese; the codes are computed with pyotp from the key the page shows."""

import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def _log_in_with_the_password(page, password, language):
    page.goto(f"/{language}/accounts/login/")
    page.fill("#id_username", "director")
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")


def _submit_code(page, code):
    page.fill("#id_code", code)
    with page.expect_navigation():
        page.click("#two-factor-form button[type=submit]")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_director_sets_up_an_app_and_logs_in_with_its_codes(world, page, password, language):
    _log_in_with_the_password(page, password, language)
    assert f"/{language}/accounts/two-factor/set-up/" in page.url
    assert page.locator("html").get_attribute("lang") == language
    qr = page.locator("img.qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 100")  # the SVG drew
    app = pyotp.TOTP(page.locator("#totp-key").inner_text().replace(" ", ""))
    screenshot(page, f"two-factor-set-up-{language}")

    _submit_code(page, app.at(time.time() - 3600))
    expect(page.locator("#code-error")).to_be_visible()
    expect(page.locator("#id_code")).to_have_attribute("aria-invalid", "true")
    _submit_code(page, app.now())
    assert f"/{language}/office/" in page.url
    assert "/accounts/" not in page.url

    page.locator("header form[action$='/accounts/logout/'] button").click()
    page.wait_for_load_state("networkidle")
    _log_in_with_the_password(page, password, language)
    assert f"/{language}/accounts/two-factor/?next=" in page.url
    expect(page.locator("img.qr")).to_have_count(0)  # the key is not shown again
    _submit_code(page, app.at(time.time() + 30))  # the next step's code: not yet used
    assert f"/{language}/office/" in page.url
    assert "/accounts/" not in page.url
