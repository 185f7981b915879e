"""Two-factor log-in: after the password, a six-digit code from an authenticator app (RFC 6238).

Required for platform admins and bureau directors (`TWO_FACTOR_ROLES`) and for anyone who can
open the Django admin (staff). One module holds the whole rule:

- who must pass the second step: `user_needs_two_factor`;
- the session's mark: `mark_verified`, `session_is_verified` (log-out flushes the session, and
  with it the mark);
- the writes (audited): `totp_enrol_start`, `totp_confirm`, `totp_verify`, `totp_reset`;
- the gate: `TwoFactorMiddleware`, which sends such a person to set up their app or to enter a
  code before any page but the public portal, the log-in/log-out and two-factor pages, the
  language switch and the API. The API is not gated because it never uses the session: every
  API request carries its own bearer token (`api/auth.py`).
"""

import base64
import binascii
import datetime as dt
import enum
import hmac
import io
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pyotp
import segno
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import ResolverMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django_htmx.http import HttpResponseClientRedirect

from zoneinvest.accounts.models import TWO_FACTOR_ROLES, TotpDevice, User
from zoneinvest.core.audit import audit_record
from zoneinvest.core.errors import DomainError

STEP_SECONDS = 30
DIGITS = 6
VALID_WINDOW = 1  # a code of the step before or after the current one is accepted (clock drift)
MAX_FAILURES = 5  # wrong codes in a row before verification pauses …
PAUSE = dt.timedelta(minutes=15)  # … for this long
ISSUER = "ZoneInvest"
VERIFIED_KEY = "two_factor_verified_user"


class TwoFactorAlreadySetUp(DomainError):
    code = "two_factor_set_up"


class Verification(enum.Enum):
    ACCEPTED = "accepted"
    REFUSED = "refused"  # wrong, expired or already used
    PAUSED = "paused"  # too many wrong codes in a row: try again later


# ---------------------------------------------------------------- who, and the session's mark


def user_needs_two_factor(user: Any) -> bool:
    """Platform admins, directors and staff (the Django admin) pass a second step at log-in."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.role in TWO_FACTOR_ROLES or user.is_staff or user.is_superuser)


def _session(request_or_session: HttpRequest | SessionBase) -> SessionBase:
    if isinstance(request_or_session, HttpRequest):
        return request_or_session.session
    return request_or_session


def mark_verified(request_or_session: HttpRequest | SessionBase) -> None:
    """Mark the session as having passed the second step, for the user logged in to it."""
    session = _session(request_or_session)
    session[VERIFIED_KEY] = session[SESSION_KEY]


def session_is_verified(request_or_session: HttpRequest | SessionBase) -> bool:
    session = _session(request_or_session)
    user_id = session.get(SESSION_KEY)
    return user_id is not None and session.get(VERIFIED_KEY) == user_id


def session_pass(request: HttpRequest) -> None:
    """The second step is passed: a new session key (the old one may have been seen), marked."""
    request.session.cycle_key()
    mark_verified(request)


# ---------------------------------------------------------------- reads


def totp_device_confirmed(*, user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def normalize_code(raw: str) -> str:
    """What a person types ("123 456", "123-456") as the six digits, or "" when it is not."""
    code = raw.replace(" ", "").replace("-", "").strip()
    return code if len(code) == DIGITS and code.isascii() and code.isdigit() else ""


def secret_groups(secret: str) -> str:
    """The key in groups of four, to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@dataclass(frozen=True, slots=True)
class QrCode:
    src: str  # a data: URI of an SVG image
    size: int  # pixels, width and height


def totp_qr_code(*, device: TotpDevice) -> QrCode:
    """The device's otpauth:// address as a QR code, drawn here as SVG (no outside service)."""
    uri = pyotp.TOTP(device.secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=device.user.get_username(), issuer_name=ISSUER
    )
    qr = segno.make(uri, error="m")
    scale, border = 5, 4
    buffer = io.BytesIO()
    qr.save(
        buffer, kind="svg", scale=scale, border=border, dark="#000", light="#fff", xmldecl=False
    )
    src = "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
    return QrCode(src=src, size=int(qr.symbol_size(scale=scale, border=border)[0]))


def _matching_step(*, secret: str, code: str, at: dt.datetime) -> int | None:
    """The time step (current ±1) whose code this is, or None."""
    code = normalize_code(code)
    if not code:
        return None
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    now = totp.timecode(at)
    for step in range(now - VALID_WINDOW, now + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


# ---------------------------------------------------------------- writes


@transaction.atomic
def totp_enrol_start(*, user: User, secret: str | None = None) -> TotpDevice:
    """The authenticator app being set up for `user`: the one begun before (its key unchanged,
    so a code already scanned stays good) or a new one with a random 160-bit key.

    `secret` is for the demo loader only. A confirmed app must be reset (`totp_reset`) first."""
    if secret is not None:
        _check_base32(secret)
    device, created = TotpDevice.objects.get_or_create(
        user=user, defaults={"secret": secret or pyotp.random_base32()}
    )
    if device.is_confirmed:
        raise TwoFactorAlreadySetUp(
            gettext("Two-factor log-in is already set up for this account.")
        )
    if created:
        audit_record(actor=user, verb="accounts.totp.enrolment_started", obj=device, zone=None)
    return device


def _check_base32(secret: str) -> None:
    try:
        base64.b32decode(secret, casefold=False)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("a TOTP secret is base32 (A-Z, 2-7)") from exc


@transaction.atomic
def totp_confirm(*, device: TotpDevice, code: str, at: dt.datetime | None = None) -> bool:
    """Confirm the app being set up with a code it shows; False (nothing changes) if wrong."""
    at = at or timezone.now()
    device = TotpDevice.objects.select_for_update().select_related("user").get(pk=device.pk)
    if device.is_confirmed:
        raise TwoFactorAlreadySetUp(
            gettext("Two-factor log-in is already set up for this account.")
        )
    step = _matching_step(secret=device.secret, code=code, at=at)
    if step is None:
        return False
    device.confirmed_at = timezone.now()
    device.last_used_step = step
    device.save(update_fields=["confirmed_at", "last_used_step"])
    audit_record(
        actor=device.user,
        verb="accounts.totp.confirmed",
        obj=device,
        zone=None,
        changes={"confirmed_at": [None, device.confirmed_at.isoformat()]},
    )
    return True


@transaction.atomic
def totp_verify(*, user: User, code: str, at: dt.datetime | None = None) -> Verification:
    """Check a log-in code against the user's confirmed app.

    A code is accepted once (its time step must be later than the last one accepted); after
    MAX_FAILURES wrong codes in a row verification pauses for PAUSE. Both outcomes are audited."""
    at = at or timezone.now()
    device = (
        TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    )
    if device is None:
        return Verification.REFUSED
    if _is_paused(device, at):
        return Verification.PAUSED
    step = _matching_step(secret=device.secret, code=code, at=at)
    if step is None or (device.last_used_step is not None and step <= device.last_used_step):
        _count_failure(device, at)
        return Verification.REFUSED
    device.last_used_step = step
    device.failed_attempts = 0
    device.last_failed_at = None
    device.save(update_fields=["last_used_step", "failed_attempts", "last_failed_at"])
    audit_record(actor=user, verb="accounts.totp.verified", obj=device, zone=None)
    return Verification.ACCEPTED


def _is_paused(device: TotpDevice, at: dt.datetime) -> bool:
    return (
        device.failed_attempts >= MAX_FAILURES
        and device.last_failed_at is not None
        and at - device.last_failed_at < PAUSE
    )


def _count_failure(device: TotpDevice, at: dt.datetime) -> None:
    recent = device.last_failed_at is not None and at - device.last_failed_at < PAUSE
    device.failed_attempts = device.failed_attempts + 1 if recent else 1
    device.last_failed_at = at
    device.save(update_fields=["failed_attempts", "last_failed_at"])
    audit_record(
        actor=device.user,
        verb="accounts.totp.refused",
        obj=device,
        zone=None,
        changes={"failed_attempts": [None, device.failed_attempts]},
    )


@transaction.atomic
def totp_reset(*, user: User, by: User | None) -> bool:
    """Remove the user's authenticator app (a lost phone): they set up a new one at their next
    log-in. False when there was none. Sessions already verified stay so until log-out."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        return False
    was = "confirmed" if device.is_confirmed else "being set up"
    device.delete()
    audit_record(
        actor=by, verb="accounts.totp.reset", obj=user, zone=None, changes={"totp": [was, None]}
    )
    return True


# ---------------------------------------------------------------- the gate

# Pages a person who still has to pass the second step may open.
OPEN_VIEW_NAMES = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor_enrol",
        "accounts:two_factor_verify",
        "set_language",
        "root",
        "portal_sitemap",
        "portal_robots",
        "calendar_events",  # a private calendar address is its own credential
        "calendar_tasks",
    }
)
OPEN_NAMESPACES = frozenset({"portal", "api"})  # the public site; the API (bearer tokens)


def _is_open(match: ResolverMatch | None) -> bool:
    if match is None or match.view_name in OPEN_VIEW_NAMES:
        return True
    if match.namespaces and match.namespaces[0] in OPEN_NAMESPACES:
        return True
    # uploaded images, served by the app in DEBUG only
    return getattr(match.func, "__module__", "") == "django.views.static"


def second_step_url(*, user: User, next_url: str | None) -> str:
    """Where the user passes the second step: setting up the app, or entering its code."""
    has_app = totp_device_confirmed(user=user) is not None
    url = reverse("accounts:two_factor_verify" if has_app else "accounts:two_factor_enrol")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class TwoFactorMiddleware:
    """Everything but the open pages waits until the session has passed the second step.

    Deny by default: a new page of the office (or the Django admin) is gated without a change
    here. Placed right after AuthenticationMiddleware; it reads `request.user` only for pages
    that are not open, so the public portal's cached pages are not touched."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)
        return response

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if _is_open(request.resolver_match):
            return None
        user = request.user
        if not user_needs_two_factor(user) or session_is_verified(request):
            return None
        next_url = request.get_full_path() if request.method == "GET" else None
        url = second_step_url(user=user, next_url=next_url)  # type: ignore[arg-type]
        if request.headers.get("HX-Request"):
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)
