"""Two-factor log-in (accounts/two_factor.py): directors and platform admins set up an
authenticator app, then enter its code after the password before any office page opens.

These tests log in with the password form (a test client's force_login() passes the second step,
tests/conftest.py), so the step itself is what they see."""

import base64
import datetime as dt
import io
import re

import pyotp
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories.accounts import UserFactory
from tests.office.test_access import all_url_names
from zoneinvest.accounts.models import Role, TotpDevice
from zoneinvest.accounts.services import token_create
from zoneinvest.accounts.two_factor import (
    MAX_FAILURES,
    PAUSE,
    VERIFIED_KEY,
    TwoFactorAlreadySetUp,
    Verification,
    secret_groups,
    session_is_verified,
    totp_confirm,
    totp_enrol_start,
    totp_qr_code,
    totp_reset,
    totp_verify,
)
from zoneinvest.core.models import AuditEvent

SET_UP = "/en/accounts/two-factor/set-up/"
CODE = "/en/accounts/two-factor/"
WRONG = "That code is not right or has expired"


def _log_in(user, password, language="en") -> Client:
    """A client logged in with the password form only (no second step yet)."""
    client = Client()
    response = client.post(
        f"/{language}/accounts/login/", {"username": user.username, "password": password}
    )
    assert response.status_code == 302, response.content
    return client


def _app_for(user) -> pyotp.TOTP:
    """A confirmed authenticator app, confirmed with the code of the step before now (so the
    current code is still unused)."""
    device = totp_enrol_start(user=user)
    past = timezone.now() - dt.timedelta(seconds=30)
    assert totp_confirm(device=device, code=pyotp.TOTP(device.secret).at(past), at=past)
    return pyotp.TOTP(device.secret)


def _verbs(user) -> list[str]:
    return list(
        AuditEvent.objects.filter(verb__startswith="accounts.totp.", actor=user)
        .order_by("pk")
        .values_list("verb", flat=True)
    )


def _pages_behind_the_gate() -> dict[str, str]:
    """Every office URL and the Django admin's index, with 1 for each path argument."""
    paths = {
        name: "/" + re.sub(r"<(?:\w+:)?\w+>", "1", route)
        for name, route in all_url_names().items()
        if name.startswith("office:")
    }
    return {**paths, "admin:index": reverse("admin:index")}


# ---------------------------------------------------------------- who is asked


def test_a_director_without_an_app_is_sent_to_set_one_up_from_every_office_page(world, password):
    client = _log_in(world.director, password)
    pages = _pages_behind_the_gate()
    assert len(pages) > 50
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 302, (name, path, response.status_code)
        assert response["Location"].startswith(SET_UP), (name, response["Location"])
    # a form sent without the step is refused the same way (and nothing is written)
    response = client.post(reverse("office:project_new"), {"title_en": "Sneaked in"})
    assert response["Location"] == SET_UP


def test_a_platform_admin_is_sent_to_set_up_an_app_even_for_the_django_admin(world, password):
    client = _log_in(world.admin, password)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(SET_UP)


def test_an_officer_is_not_asked_for_a_code_and_has_no_set_up_page(world, password):
    client = _log_in(world.officer, password)
    assert client.get(reverse("office:project_list")).status_code == 200
    assert client.get(reverse("accounts:two_factor_enrol")).status_code == 404
    assert client.get(reverse("accounts:two_factor_verify")).status_code == 404


def test_the_portal_the_language_switch_and_log_out_stay_open_before_the_step(world, password):
    client = _log_in(world.director, password)
    assert client.get(reverse("portal:home")).status_code == 200
    switched = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/zh-hans/"})
    assert switched.status_code == 302
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("office:project_list"))["Location"].startswith("/en/accounts/login/")


def test_the_api_is_not_gated_it_takes_bearer_tokens_and_never_the_session(world, password):
    client = _log_in(world.director, password)
    assert client.get("/api/v1/projects").status_code == 401  # the session alone is nothing
    _token, plain = token_create(user=world.director, name="test")
    response = Client().get("/api/v1/projects", HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert response.status_code == 200


def test_an_htmx_request_before_the_step_is_sent_to_it_by_hx_redirect(world, password):
    client = _log_in(world.director, password)
    response = client.get(reverse("office:project_list"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(SET_UP)


# ---------------------------------------------------------------- setting up the app


def test_setting_up_shows_the_qr_code_and_key_and_refuses_a_wrong_code(world, password):
    client = _log_in(world.director, password)
    page = client.get(reverse("accounts:two_factor_enrol"))
    assert page.status_code == 200
    device = TotpDevice.objects.get(user=world.director)
    assert device.confirmed_at is None
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert secret_groups(device.secret) in html
    assert '<label for="id_code">Six-digit code</label>' in html

    wrong = pyotp.TOTP(device.secret).at(timezone.now() - dt.timedelta(hours=1))
    response = client.post(reverse("accounts:two_factor_enrol"), {"code": wrong})
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed_at is None
    assert client.get(reverse("office:project_list")).status_code == 302


def test_setting_up_with_the_right_code_opens_the_page_asked_for(world, password):
    client = _log_in(world.director, password)
    asked = client.get(reverse("office:project_list"))["Location"]
    page = client.get(asked)
    device = TotpDevice.objects.get(user=world.director)
    assert page.context["next"] == "/en/office/projects/"

    code = pyotp.TOTP(device.secret).now()
    response = client.post(
        asked, {"code": code[:3] + " " + code[3:], "next": "/en/office/projects/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/office/projects/"
    assert client.get(reverse("office:project_list")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed_at is not None
    assert _verbs(world.director) == ["accounts.totp.enrolment_started", "accounts.totp.confirmed"]
    # the key is never shown again
    again = client.get(reverse("accounts:two_factor_enrol"))
    assert again.status_code == 302
    assert device.secret not in again.content.decode()
    with pytest.raises(TwoFactorAlreadySetUp):
        totp_enrol_start(user=world.director)


def test_reloading_the_set_up_page_keeps_the_key_already_scanned(world, password):
    client = _log_in(world.director, password)
    client.get(SET_UP)
    first = TotpDevice.objects.get(user=world.director).secret
    client.get(SET_UP)
    assert TotpDevice.objects.get(user=world.director).secret == first
    assert len(first) == 32  # 160 bits


def test_the_qr_code_is_an_svg_made_here_of_the_otpauth_address(world):
    device = totp_enrol_start(user=world.director)
    qr = totp_qr_code(device=device)
    assert qr.src.startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(qr.src.split(",", 1)[1]).decode()
    assert svg.startswith("<svg")
    assert "<path" in svg
    assert "<script" not in svg
    assert qr.size > 100


# ---------------------------------------------------------------- entering a code


def test_a_director_with_an_app_enters_a_code_before_the_office_opens(world, password):
    app = _app_for(world.director)
    client = _log_in(world.director, password)
    asked = client.get(reverse("office:board"))
    assert asked.status_code == 302
    assert asked["Location"] == CODE + "?next=%2Fen%2Foffice%2Fboard%2F"
    page = client.get(asked["Location"])
    assert page.status_code == 200
    assert '<label for="id_code">Six-digit code</label>' in page.content.decode()

    response = client.post(asked["Location"], {"code": app.now(), "next": "/en/office/board/"})
    assert response["Location"] == "/en/office/board/"
    assert client.get(reverse("office:board")).status_code == 200
    assert session_is_verified(client.session)
    assert _verbs(world.director)[-1] == "accounts.totp.verified"


def test_a_wrong_code_is_refused_with_a_plain_message(world, password):
    app = _app_for(world.director)
    client = _log_in(world.director, password)
    wrong = app.at(timezone.now() - dt.timedelta(minutes=5))
    for typed in (wrong, "12345", "abcdef", "١٢٣٤٥٦"):
        response = client.post(CODE, {"code": typed})
        assert response.status_code == 200
        assert WRONG in response.content.decode()
    assert client.get(reverse("office:board")).status_code == 302


def test_a_replayed_code_of_the_same_step_is_refused(world, password):
    app = _app_for(world.director)
    code = app.now()
    first = _log_in(world.director, password)
    assert first.post(CODE, {"code": code}).status_code == 302
    second = _log_in(world.director, password)  # e.g. someone who watched the code typed
    response = second.post(CODE, {"code": code})
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert second.get(reverse("office:board")).status_code == 302
    assert totp_verify(user=world.director, code=code) is Verification.REFUSED
    assert "accounts.totp.refused" in _verbs(world.director)


def test_a_code_of_the_step_before_or_after_is_accepted_but_not_two_steps_off(world):
    app = _app_for(world.director)
    now = timezone.now()
    assert totp_verify(
        user=world.director, code=app.at(now + dt.timedelta(seconds=60)), at=now
    ) is (Verification.REFUSED)
    assert totp_verify(
        user=world.director, code=app.at(now + dt.timedelta(seconds=30)), at=now
    ) is (Verification.ACCEPTED)


def test_after_five_wrong_codes_even_the_right_one_waits_fifteen_minutes(world):
    app = _app_for(world.director)
    now = timezone.now()
    wrong = app.at(now - dt.timedelta(hours=1))
    for _ in range(MAX_FAILURES):
        assert totp_verify(user=world.director, code=wrong, at=now) is Verification.REFUSED
    assert totp_verify(user=world.director, code=app.at(now), at=now) is Verification.PAUSED
    later = now + PAUSE
    assert totp_verify(user=world.director, code=app.at(later), at=later) is Verification.ACCEPTED
    assert TotpDevice.objects.get(user=world.director).failed_attempts == 0


def test_the_page_says_to_wait_when_verification_is_paused(world, password):
    app = _app_for(world.director)
    TotpDevice.objects.filter(user=world.director).update(
        failed_attempts=MAX_FAILURES, last_failed_at=timezone.now()
    )
    client = _log_in(world.director, password)
    response = client.post(CODE, {"code": app.now()})
    assert response.status_code == 429
    assert "Too many wrong codes" in response.content.decode()


def test_logging_out_ends_the_verification(world, password):
    app = _app_for(world.director)
    client = _log_in(world.director, password)
    client.post(CODE, {"code": app.now()})
    assert client.get(reverse("office:board")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert VERIFIED_KEY not in client.session
    client.post("/en/accounts/login/", {"username": "director", "password": password})
    assert client.get(reverse("office:board"))["Location"].startswith(CODE)


def test_the_verified_mark_belongs_to_the_user_who_earned_it(world, password):
    app = _app_for(world.director)
    client = _log_in(world.director, password)
    client.post(CODE, {"code": app.now()})
    session = client.session
    session[VERIFIED_KEY] = str(world.admin.pk)
    session.save()
    assert client.get(reverse("office:board")).status_code == 302


def test_the_next_address_never_leads_off_the_site(world, password):
    app = _app_for(world.director)
    client = _log_in(world.director, password)
    response = client.post(CODE, {"code": app.now(), "next": "https://evil.example/"})
    assert response["Location"] == reverse("office:home")


def test_the_pages_speak_chinese(world, password):
    client = _log_in(world.director, password, language="zh-hans")
    response = client.get("/zh-hans/office/projects/")
    assert response["Location"].startswith("/zh-hans/accounts/two-factor/set-up/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert '<html lang="zh-hans">' in page.content.decode()


# ---------------------------------------------------------------- resetting a lost phone


def test_an_admin_resets_a_lost_app_and_the_reset_is_audited(world, password):
    _app_for(world.director)
    out = io.StringIO()
    call_command("totp_reset", "director", stdout=out)
    assert "director" in out.getvalue()
    assert not TotpDevice.objects.filter(user=world.director).exists()
    event = AuditEvent.objects.get(verb="accounts.totp.reset")
    assert event.object_id == str(world.director.pk)
    assert event.changes == {"totp": ["confirmed", None]}
    client = _log_in(world.director, password)
    assert client.get(reverse("office:board"))["Location"].startswith(SET_UP)


def test_the_reset_service_records_who_reset_and_reports_when_there_was_nothing(world):
    _app_for(world.director)
    assert totp_reset(user=world.director, by=world.admin)
    assert AuditEvent.objects.get(verb="accounts.totp.reset").actor == world.admin
    assert not totp_reset(user=world.director, by=world.admin)
    out = io.StringIO()
    call_command("totp_reset", "director", stdout=out)
    assert "nothing was changed" in out.getvalue()


def test_resetting_an_unknown_user_is_a_clear_error(db):
    with pytest.raises(CommandError, match="nobody"):
        call_command("totp_reset", "nobody")


# ---------------------------------------------------------------- the demo


def test_the_demo_key_is_set_up_only_for_accounts_with_the_demo_password(db):
    from zoneinvest.demo.two_factor import DEMO_TOTP_SECRET, demo_devices_build

    director = UserFactory(username="director", role=Role.DIRECTOR)
    director.set_password("demo-director-2023")
    director.save()
    admin = UserFactory(username="admin", role=Role.ADMIN)  # a real password: left alone
    officer = UserFactory(username="officer", role=Role.OFFICER)
    passwords = {"director": "demo-director-2023", "admin": "demo-admin-2023", "officer": "x"}

    built = demo_devices_build(users=[director, admin, officer], passwords=passwords)

    assert built == [director]
    assert TotpDevice.objects.get(user=director).secret == DEMO_TOTP_SECRET
    code = pyotp.TOTP(DEMO_TOTP_SECRET).now()
    assert totp_verify(user=director, code=code) is Verification.ACCEPTED
    assert demo_devices_build(users=[director], passwords=passwords) == []


def test_the_demo_command_prints_the_key_and_how_to_get_a_code():
    from zoneinvest.demo.liangjiang import DEMO_USERS, DemoResult
    from zoneinvest.demo.management.commands.demo import Command
    from zoneinvest.demo.two_factor import DEMO_TOTP_SECRET

    counts = dict.fromkeys(("projects", "companies", "activities", "tasks", "capital_arrivals"), 0)
    result = DemoResult(zone=None, created=False, users=DEMO_USERS, counts=counts, seconds=0)
    text = Command().report(result, "http://127.0.0.1:8000/")
    assert DEMO_TOTP_SECRET in text
    assert f"pyotp.TOTP('{DEMO_TOTP_SECRET}').now()" in text
