"""Writes about people: users, memberships, API tokens."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zoneinvest.accounts.models import ApiToken, CalendarFeed, Membership, Role, User
from zoneinvest.accounts.selectors import token_by_digest
from zoneinvest.core.audit import audit_record
from zoneinvest.core.models import Zone

TOKEN_PREFIX = "zi_"  # noqa: S105 - a public prefix, not a secret
FEED_PREFIX = "zc_"  # a calendar feed's secret starts so
TOKEN_MAX_DAYS = 365


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: Role | str,
    zones: list[Zone],
    display_name: str = "",
    email: str = "",
    by: User | None = None,
) -> User:
    user = User(username=username, role=role, display_name=display_name, email=email)
    user.set_password(password)
    user.is_staff = role == Role.ADMIN
    user.is_superuser = role == Role.ADMIN
    user.save()
    Membership.objects.bulk_create([Membership(user=user, zone=zone) for zone in zones])
    audit_record(
        actor=by,
        verb="accounts.user.created",
        obj=user,
        zone=zones[0] if zones else None,
        changes={"role": [None, str(role)], "zones": [None, [z.code for z in zones]]},
    )
    return user


@transaction.atomic
def token_create(
    *, user: User, name: str, days: int | None = None, read_only: bool = False
) -> tuple[ApiToken, str]:
    """A new API token; the plain token is returned once and never stored."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    lifetime = dt.timedelta(days=days or settings.API_TOKEN_DEFAULT_DAYS)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=plain[:10],
        digest=token_digest(plain),
        read_only=read_only,
        expires_at=timezone.now() + lifetime,
    )
    audit_record(
        actor=user,
        verb="accounts.token.created",
        obj=token,
        zone=None,
        changes={
            "name": [None, name],
            "expires_at": [None, token.expires_at.isoformat()],
            "read_only": [None, read_only],
        },
    )
    return token, plain


def token_authenticate(*, plain: str) -> ApiToken | None:
    """The live token for this bearer string, or None (unknown, expired, revoked, inactive)."""
    if not plain.startswith(TOKEN_PREFIX):
        return None
    now = timezone.now()
    token = token_by_digest(digest=token_digest(plain))
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        return None
    if not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


@transaction.atomic
def token_revoke(*, token: ApiToken, by: User) -> None:
    """Revoke the token (from now on the API answers 401); revoking twice changes nothing."""
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=by,
        verb="accounts.token.revoked",
        obj=token,
        zone=None,
        changes={"revoked_at": [None, token.revoked_at.isoformat()]},
    )


# ---------------------------------------------------------------- calendar feeds


@transaction.atomic
def calendar_feed_create(*, user: User, language: str) -> tuple[CalendarFeed, str]:
    """A new private calendar address for `user`, revoking the one before (if any).

    The secret is returned once and never stored; the feed is written in `language`."""
    calendar_feed_revoke(user=user, by=user)
    plain = FEED_PREFIX + secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(
        user=user, prefix=plain[:10], digest=token_digest(plain), language=language
    )
    audit_record(
        actor=user,
        verb="accounts.calendar_feed.created",
        obj=feed,
        zone=None,
        changes={"language": [None, language]},
    )
    return feed, plain


@transaction.atomic
def calendar_feed_revoke(*, user: User, by: User) -> int:
    """Revoke `user`'s live calendar address (its URLs answer 404 from now on); how many."""
    now = timezone.now()
    live = list(CalendarFeed.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    for feed in live:
        feed.revoked_at = now
        feed.save(update_fields=["revoked_at"])
        audit_record(
            actor=by,
            verb="accounts.calendar_feed.revoked",
            obj=feed,
            zone=None,
            changes={"revoked_at": [None, now.isoformat()]},
        )
    return len(live)


def calendar_feed_authenticate(*, plain: str) -> CalendarFeed | None:
    """The live feed of this secret, or None (unknown, revoked, or its user is inactive)."""
    if not plain.startswith(FEED_PREFIX):
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(digest=token_digest(plain), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed
