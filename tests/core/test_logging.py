"""No secrets in logs: whatever the app and Django log while a log-in fails, an API token is used
and a view fails, the output holds no password, token, cookie, session id, TOTP secret or
SECRET_KEY; and the report of a 500 stars the same fields."""

import io
import logging
import secrets
import sys
from secrets import token_hex

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.debug import ExceptionReporter

from zoneinvest.accounts.services import FEED_PREFIX, TOKEN_PREFIX, token_create
from zoneinvest.core.logging import RedactSecrets

PASSWORD = "Hunter2-" + token_hex(8)  # the secret the test looks for (not in the source)
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"  # noqa: S105
LOGGERS = ("django", "zoneinvest", "axes")


def _redacting(handler: logging.Handler) -> bool:
    return any(isinstance(f, RedactSecrets) for f in handler.filters)


def _configured_handlers() -> list[logging.Handler]:
    """Every handler the settings attached (pytest's own capture handlers left out)."""
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)
    ]
    return [
        handler
        for logger in loggers
        for handler in logger.handlers
        if not type(handler).__module__.startswith("_pytest")
        and not isinstance(handler, logging.NullHandler)  # a library's: it writes nothing
    ]


def test_every_handler_redacts_secrets():
    handlers = _configured_handlers()
    assert handlers
    assert all(_redacting(h) for h in handlers), [h for h in handlers if not _redacting(h)]


def test_the_redaction_knows_the_token_prefixes_of_the_accounts_app():
    prefixes = settings.LOGGING["filters"]["redact"]["token_prefixes"]
    assert set(prefixes) == {TOKEN_PREFIX, FEED_PREFIX}


@pytest.fixture
def log_output(caplog):
    """All that the configured console writes (and what pytest captures), at DEBUG."""
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    console = next(h for h in logging.getLogger().handlers if _redacting(h))
    buffer = io.StringIO()
    previous = console.setStream(buffer)  # type: ignore[attr-defined]
    try:
        yield lambda: buffer.getvalue() + caplog.text
    finally:
        console.setStream(previous)  # type: ignore[attr-defined]


@pytest.mark.urls("tests.core.urls_failing")
def test_no_secret_reaches_the_logs(world, log_output):
    # a failed log-in
    Client().post(reverse("accounts:login"), {"username": "officer", "password": PASSWORD})
    # an API call with a token, and one with a token that is not valid
    _token, plain = token_create(user=world.officer, name="script")
    made_up = TOKEN_PREFIX + "madeUpButSecretLooking0123456789"
    listed = Client().get("/api/v1/projects", headers={"Authorization": f"Bearer {plain}"})
    assert listed.status_code == 200
    Client().get("/api/v1/projects", headers={"Authorization": f"Bearer {made_up}"})
    # a view that fails with the request's secrets in its message, for a signed-in user
    client = Client(raise_request_exception=False)
    client.force_login(world.officer)
    session_id = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = client.post(
        "/failing/", {"password": PASSWORD}, headers={"Authorization": f"Bearer {plain}"}
    )
    assert response.status_code == 500
    # careless log lines
    log = logging.getLogger("zoneinvest.test")
    log.info("settings: SECRET_KEY=%s", settings.SECRET_KEY)
    log.info("the key itself: %s", settings.SECRET_KEY)
    log.debug("credentials %s", {"username": "officer", "password": PASSWORD})
    log.debug("enrolment: otpauth://totp/ZoneInvest:director?secret=%s&issuer=Z", TOTP_SECRET)
    log.debug("device %s", {"totp_secret": TOTP_SECRET})
    log.debug("Cookie: %s=%s", settings.SESSION_COOKIE_NAME, session_id)
    log.warning("calendar %s", f"/calendar/{FEED_PREFIX}abcdefgh12345678/events.ics")

    output = log_output()
    assert "Internal Server Error: /failing/" in output  # the capture works
    assert "RuntimeError: could not go on" in output
    assert "credentials" in output
    for secret in (PASSWORD, plain, made_up, session_id, TOTP_SECRET, settings.SECRET_KEY):
        assert secret not in output
    assert f"{FEED_PREFIX}abcdefgh12345678" not in output


def _failing_with_secrets(password, api_token):
    raise RuntimeError("failed")


def test_the_report_of_a_500_stars_passwords_tokens_codes_and_cookies(settings):
    settings.DEBUG = True  # Django's own filter hides nothing then; this one still does
    # made here, so that the report's lines of source code cannot show them
    secret = {name: f"{name}{token_hex(6)}" for name in ("posted", "header", "session", "local")}
    code = str(secrets.randbelow(10**6)).zfill(6)
    request = RequestFactory().post(
        "/failing/",
        {"name": "Anna", "password": PASSWORD, "token": secret["posted"], "code": code},
        HTTP_AUTHORIZATION=f"Bearer {secret['header']}",
        HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}={secret['session']}",
    )
    try:
        _failing_with_secrets(PASSWORD, secret["local"])
    except RuntimeError:
        report = ExceptionReporter(request, *sys.exc_info()).get_traceback_html()
    assert "Anna" in report  # the posted fields are in the report
    for value in (PASSWORD, code, settings.SECRET_KEY, *secret.values()):
        assert value not in report, value
