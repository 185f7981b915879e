"""The demo's authenticator key: the demo's admin and director have an app set up with this
fixed, public key (like the demo's passwords), so that `make demo` can be logged in to.

Only the demo loader uses it; `zoneinvest demo` prints it with a way to get the current code."""

import datetime as dt

import pyotp
from django.utils import timezone

from zoneinvest.accounts.models import TotpDevice, User
from zoneinvest.accounts.two_factor import (
    STEP_SECONDS,
    totp_confirm,
    totp_enrol_start,
    user_needs_two_factor,
)

DEMO_TOTP_SECRET = "ZONEINVESTDEMOLIANGJIANGTOTPKEYS"  # noqa: S105 - public, demo only
DEMO_TOTP_COMMAND = (
    f".venv/bin/python -c \"import pyotp; print(pyotp.TOTP('{DEMO_TOTP_SECRET}').now())\""
)


def demo_devices_build(*, users: list[User], passwords: dict[str, str]) -> list[User]:
    """Set up the demo key for those of `users` who need two-factor log-in and have no app yet,
    if their password is still the demo's public one (so a real account never gets a public key).

    Confirmed with the code of the step before now, so the first log-in's code is accepted."""
    past = timezone.now() - dt.timedelta(seconds=STEP_SECONDS)
    code = pyotp.TOTP(DEMO_TOTP_SECRET).at(past)
    with_app = set(TotpDevice.objects.filter(user__in=users).values_list("user_id", flat=True))
    built = []
    for user in users:
        if not user_needs_two_factor(user) or user.pk in with_app:
            continue
        if not user.check_password(passwords[user.username]):
            continue
        device = totp_enrol_start(user=user, secret=DEMO_TOTP_SECRET)
        totp_confirm(device=device, code=code, at=past)
        built.append(user)
    return built
