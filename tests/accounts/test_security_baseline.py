"""The security baseline on real responses: headers and the Content Security Policy, `__Host-`
cookies, Argon2id, the log-in lockout by user name and by address, the client's address behind a
proxy, and sessions that end after inactivity and on a password change."""

import os
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import check_password, make_password
from django.core.cache import cache
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from zoneinvest.accounts.middleware import LAST_SEEN_KEY
from zoneinvest.core.net import client_address

POLICY = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
)


@pytest.fixture(autouse=True)
def _no_leftover_counts():
    cache.clear()  # the portal's cached pages and inquiry counts
    yield
    cache.clear()


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def _login(client: Client, username: str, password: str, lang: str = "en"):
    return client.post(
        url("accounts:login", lang), {"username": username, "password": password}, secure=True
    )


def _production_settings(tmp_path, code: str, **env: str) -> str:
    """Run `code` against the production settings (no test overrides) in a fresh interpreter."""
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECURE_COOKIES", "FAST_PASSWORD_HASHER", "DJANGO_SETTINGS_MODULE"}
    }
    base |= {
        "SECRET_KEY": "s" * 60,
        "DJANGO_SETTINGS_MODULE": "zoneinvest.settings",
        "ZONEINVEST_HOME": str(tmp_path),
        **env,
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=base, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


# ---- headers and the Content Security Policy


def test_a_page_carries_the_content_security_policy_and_the_other_security_headers(world):
    response = Client().get(url("portal:home"), secure=True)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert sorted(policy.split("; ")) == sorted(POLICY)
    assert "unsafe" not in policy
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_a_cached_portal_page_replays_the_policy(world):
    first = Client().get(url("portal:why"), secure=True)
    again = Client().get(url("portal:why"), secure=True)
    assert again.content == first.content
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_an_office_page_carries_the_policy(world, client_for):
    office = client_for(world.officer).get(url("office:board"), secure=True)
    assert office.status_code == 200
    assert "script-src 'self'" in office["Content-Security-Policy"]


def _inline_code_in_templates():
    """Every template of the project, read as text: no inline script, style or handler."""
    import re
    from pathlib import Path

    import zoneinvest

    root = Path(zoneinvest.__file__).parent
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+\s*=|javascript:|hx-on",
        re.IGNORECASE,
    )
    found = []
    for path in sorted(root.glob("*/templates/**/*.html")):
        if path.name.endswith("_pdf.html"):
            continue  # PDFs: WeasyPrint reads their <style>; no browser ever receives them
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if inline.search(line):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()[:100]}")
    return found


def test_no_template_has_inline_script_style_or_event_handlers():
    assert _inline_code_in_templates() == []


def test_htmx_is_told_not_to_inject_its_indicator_style(world, client_for):
    body = client_for(world.officer).get(url("office:board")).content.decode()
    assert '<meta name="htmx-config"' in body
    assert '"includeIndicatorStyles": false' in body
    assert body.index('name="htmx-config"') < body.index("htmx-2.min.js")


# ---- cookies


def test_the_csrf_cookie_is_a_host_cookie(db):
    response = Client().get(url("accounts:login"), secure=True)
    cookie = response.cookies["__Host-csrftoken"]
    assert cookie["secure"] is True
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""
    assert cookie["samesite"] == "Lax"


def test_the_session_cookie_is_a_secure_http_only_host_cookie(world, password):
    response = _login(Client(), "officer", password)
    assert response.status_code == 302
    cookie = response.cookies["__Host-sessionid"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["path"] == "/"
    assert cookie["domain"] == ""
    assert cookie["samesite"] == "Lax"
    assert "sessionid" not in response.cookies


@pytest.mark.parametrize(
    ("secure", "names"),
    [("true", "__Host-sessionid __Host-csrftoken"), ("false", "sessionid csrftoken")],
)
def test_cookie_names_carry_the_host_prefix_only_when_cookies_are_secure(tmp_path, secure, names):
    code = (
        "from zoneinvest import settings as s; "
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE)"
    )
    out = _production_settings(tmp_path, code, SECURE_COOKIES=secure)
    assert out == f"{names} {secure.title()}"


# ---- passwords


def test_production_hashes_passwords_with_argon2id(tmp_path, settings):
    code = "from zoneinvest import settings as s; print(','.join(s.PASSWORD_HASHERS))"
    settings.PASSWORD_HASHERS = _production_settings(tmp_path, code).split(",")
    encoded = make_password("correct horse battery staple")
    assert encoded.startswith("argon2$argon2id$v=19$m=102400,t=2,p=8$")
    assert check_password("correct horse battery staple", encoded)


# ---- lockout


def _fail(username: str, address: str, times: int = 1) -> None:
    client = Client(REMOTE_ADDR=address)
    for _ in range(times):
        assert _login(client, username, "wrong").status_code in (200, 429)


def test_a_user_name_is_locked_after_five_failures_from_any_addresses(world, password):
    _fail("officer", "10.0.0.1", times=3)
    _fail("officer", "10.0.0.2", times=2)
    elsewhere = _login(Client(REMOTE_ADDR="10.0.0.3"), "officer", password)
    assert elsewhere.status_code == 429
    assert _login(Client(REMOTE_ADDR="10.0.0.3"), "officer2", password).status_code == 302


def test_four_failures_leave_the_user_name_open(world, password):
    _fail("officer", "10.0.0.1", times=2)
    _fail("officer", "10.0.0.2", times=2)
    assert _login(Client(REMOTE_ADDR="10.0.0.3"), "officer", password).status_code == 302


def test_an_address_is_locked_after_five_failures_for_any_user_names(world, password):
    for name in ("officer", "director", "analyst", "nobody", "editor"):
        _fail(name, "10.0.0.9")
    assert _login(Client(REMOTE_ADDR="10.0.0.9"), "officer2", password).status_code == 429
    assert _login(Client(REMOTE_ADDR="10.0.0.10"), "officer2", password).status_code == 302


@pytest.mark.parametrize(("minutes_ago", "status"), [(14, 429), (16, 302)])
def test_a_lockout_ends_after_the_cool_off(world, password, minutes_ago, status):
    _fail("officer", "10.0.0.1", times=5)
    assert _login(Client(REMOTE_ADDR="10.0.0.1"), "officer", password).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=minutes_ago))
    assert _login(Client(REMOTE_ADDR="10.0.0.1"), "officer", password).status_code == status


@pytest.mark.parametrize(
    ("lang", "heading", "sentence"),
    [
        ("en", "Too many failed log-ins", "paused for 15 minutes"),
        ("zh-hans", "登录失败次数过多", "15"),
    ],
)
def test_the_locked_out_page_is_a_plain_page_in_the_visitors_language(
    world, lang, heading, sentence
):
    _fail("officer", "10.0.0.1", times=4)
    response = _login(Client(REMOTE_ADDR="10.0.0.1"), "officer", "wrong", lang)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert f'<html lang="{lang}">' in body
    assert heading in body
    assert sentence in body
    assert "Traceback" not in body
    assert "Content-Security-Policy" in response.headers


# ---- the client's address


def _request(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request("10.0.0.1", "203.0.113.7")) == "10.0.0.1"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "1.2.3.4, 203.0.113.7", "203.0.113.7"),  # the client wrote 1.2.3.4 itself
        (2, "1.2.3.4, 203.0.113.7, 198.51.100.2", "203.0.113.7"),
        (2, "203.0.113.7", "203.0.113.7"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_behind_trusted_proxies_the_address_is_read_from_the_right(
    settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert client_address(_request("10.0.0.1", forwarded)) == expected


def test_an_address_without_a_valid_value_is_none(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_request("garbage")) is None


@pytest.mark.parametrize(("proxies", "status"), [(0, 429), (1, 302)])
def test_the_lockout_counts_the_forwarded_address_only_with_a_trusted_proxy(
    world, password, settings, proxies, status
):
    settings.TRUSTED_PROXY_COUNT = proxies
    for number, name in enumerate(("officer", "director", "analyst", "nobody", "editor")):
        client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
        _login(client, name, "wrong")
    client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert _login(client, "officer2", password).status_code == status


def test_the_inquiry_limit_counts_the_same_client_address(world, settings):
    from zoneinvest.portal.models import Inquiry

    settings.TRUSTED_PROXY_COUNT = 1
    form = {
        "name": "Anna Schmidt",
        "organisation": "Voltstore GmbH",
        "country": "DE",
        "email": "anna@example.com",
        "message": "We plan a battery plant in western China.",
        "website": "",
    }
    first = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.1")
    for _ in range(5):
        assert first.post(url("portal:contact"), form).status_code == 302
    assert first.post(url("portal:contact"), form).status_code == 429
    second = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert second.post(url("portal:contact"), form).status_code == 302
    assert Inquiry.objects.count() == 6


# ---- sessions: idle timeout, absolute lifetime, password change


def _signed_in(world, password) -> Client:
    client = Client()
    assert _login(client, "officer", password).status_code == 302
    return client


def _set_last_seen(client: Client, seconds_ago: int) -> None:
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds_ago
    session.save()


def test_the_log_in_starts_the_idle_clock(world, password):
    client = _signed_in(world, password)
    assert abs(client.session[LAST_SEEN_KEY] - time.time()) < 5


def test_a_session_without_a_clock_gets_one_on_its_next_request(world, password):
    client = _signed_in(world, password)
    session = client.session
    del session[LAST_SEEN_KEY]
    session.save()
    assert client.get(url("office:board")).status_code == 200
    assert abs(client.session[LAST_SEEN_KEY] - time.time()) < 5


def test_a_session_idle_for_longer_than_the_limit_ends_with_a_message(world, password):
    client = _signed_in(world, password)
    _set_last_seen(client, 31 * 60)
    response = client.get(url("office:board"), follow=True)
    assert response.redirect_chain[-1][0].startswith(url("accounts:login"))
    assert "You were signed out after 30 minutes without activity." in response.content.decode()
    assert client.get(url("office:board")).status_code == 302


def test_a_session_used_within_the_limit_stays_signed_in(world, password):
    client = _signed_in(world, password)
    _set_last_seen(client, 29 * 60)
    assert client.get(url("office:board")).status_code == 200


def test_the_idle_limit_comes_from_the_settings(world, password, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client = _signed_in(world, password)
    _set_last_seen(client, 6 * 60)
    response = client.get(url("office:board"), follow=True)
    assert "You were signed out after 5 minutes without activity." in response.content.decode()


def test_the_last_activity_is_written_at_most_once_a_minute(world, password):
    client = _signed_in(world, password)
    _set_last_seen(client, 30)
    stamped = client.session[LAST_SEEN_KEY]
    response = client.get(url("office:board"))
    assert "__Host-sessionid" not in response.cookies  # the session was not saved again
    assert client.session[LAST_SEEN_KEY] == stamped
    _set_last_seen(client, 90)
    client.get(url("office:board"))
    assert client.session[LAST_SEEN_KEY] >= int(time.time()) - 5


def test_activity_does_not_extend_the_absolute_lifetime(world, password, settings):
    client = _signed_in(world, password)
    ends = client.session.get_expiry_date()
    assert abs((ends - timezone.now()).total_seconds() - settings.SESSION_COOKIE_AGE) < 60
    _set_last_seen(client, 90)
    client.get(url("office:board"))
    assert client.session.get_expiry_date() == ends


def test_an_anonymous_visit_writes_no_session(world):
    response = Client().get(url("portal:home"))
    assert "__Host-sessionid" not in response.cookies


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(world, password):
    changer, other = Client(), Client()
    for client in (changer, other):
        client.force_login(world.admin)  # past both log-in steps (tests/conftest.py)
        assert client.get(reverse("admin:index")).status_code == 200
    response = changer.post(
        reverse("admin:password_change"),
        {
            "old_password": password,
            "new_password1": "a much longer passphrase 2026",
            "new_password2": "a much longer passphrase 2026",
        },
    )
    assert response.status_code == 302
    assert changer.get(reverse("admin:index")).status_code == 200
    signed_out = other.get(reverse("admin:index"))
    assert signed_out.status_code == 302
    assert "/login/" in signed_out["Location"]


# ---- every page: the access table's pages, each as the first role that opens it


# Downloads, not pages a browser renders (and the PDFs take seconds each to draw).
FILES_NOT_PAGES = ("_pdf", "_xlsx")


def test_every_page_of_the_office_and_the_portal_carries_the_policy(world, monkeypatch):
    """Runs the access table's own test for each page that opens (it builds the records the page
    needs), each in a transaction rolled back afterwards, and checks the response it got."""
    from tests.office import test_access

    responses = []
    make_client = test_access._client

    def recording_client(world, role):
        client = make_client(world, role)
        get = client.get

        def recorded_get(*args, **kwargs):
            responses.append(get(*args, **kwargs))
            return responses[-1]

        client.get = recorded_get
        return client

    monkeypatch.setattr(test_access, "_client", recording_client)
    without_policy = []
    checked = 0
    for name, (method, _target, _data, expected) in sorted(test_access.ACCESS_TABLE.items()):
        role = next((role for role in test_access.ROLES if expected[role] == 200), None)
        if method != "get" or role is None or name.endswith(FILES_NOT_PAGES):
            continue
        responses.clear()
        with transaction.atomic():
            test_access.test_each_role_gets_the_expected_status(world, name, role)
            transaction.set_rollback(True)
        (response,) = responses
        checked += 1
        if sorted(response.get("Content-Security-Policy", "").split("; ")) != sorted(POLICY):
            without_policy.append(name)
    assert checked > 80  # the table's pages, portal and office
    assert without_policy == []
