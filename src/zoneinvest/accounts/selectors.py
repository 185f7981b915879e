"""Who may see what: the zone and role scope every other selector starts from."""

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from zoneinvest.accounts.models import (
    PIPELINE_READERS,
    PIPELINE_WRITERS,
    ApiToken,
    CalendarFeed,
    Role,
    User,
)
from zoneinvest.core.models import Zone
from zoneinvest.core.shapes import shaped_rows


def user_zones(*, user: User) -> QuerySet[Zone]:
    """The zones a user works in; a platform admin works in all of them."""
    if not user.is_authenticated or not user.is_active:
        return Zone.objects.none()
    if user.is_platform_admin:
        return Zone.objects.all()
    return Zone.objects.filter(memberships__user=user)


def user_zone_ids(*, user: User) -> list[int]:
    cached = getattr(user, "_zone_ids_cache", None)
    if cached is None:
        cached = list(user_zones(user=user).values_list("id", flat=True))
        user._zone_ids_cache = cached  # type: ignore[attr-defined]
    return list(cached)


TOKEN_COLUMNS = tuple(field.attname for field in ApiToken._meta.concrete_fields)
USER_COLUMNS = tuple(field.attname for field in User._meta.concrete_fields)


def _token_with_user(marked: Mapping[str, Any]) -> QuerySet[ApiToken]:
    """The token's columns, its user's, and one of the user's zones: a row a membership (one
    row, with no zone, for a user of none)."""
    return ApiToken.objects.filter(digest=marked["digest"]).values(
        *TOKEN_COLUMNS, *(f"user__{name}" for name in USER_COLUMNS), "user__memberships__zone_id"
    )


def token_by_digest(*, digest: str) -> ApiToken | None:
    """The API token with this digest, revoked or expired or not (the caller decides), with its
    user, whose zones `user_zone_ids` then answers without a query of its own.

    Every API request makes this read: one query (the token, its user, their zones), its SQL
    compiled once (`core.shapes`) and the two instances made from its first row."""
    rows = shaped_rows(shape="token with user", values={"digest": digest}, build=_token_with_user)
    if not rows:
        return None
    first = rows[0]
    token = ApiToken.from_db(
        ApiToken.objects.db, TOKEN_COLUMNS, [first[name] for name in TOKEN_COLUMNS]
    )
    user = User.from_db(User.objects.db, USER_COLUMNS, [first[f"user__{n}"] for n in USER_COLUMNS])
    if user.is_active and not user.is_platform_admin:  # an admin's zones: every zone, asked later
        user._zone_ids_cache = sorted(  # type: ignore[attr-defined]
            zone for row in rows if (zone := row["user__memberships__zone_id"]) is not None
        )
    token.user = user
    return token


def user_can_read_pipeline(*, user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in PIPELINE_READERS)


def user_can_write_pipeline(*, user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in PIPELINE_WRITERS)


def zone_officers(*, zone: Zone) -> QuerySet[User]:
    """People a project in this zone can be assigned to."""
    return zone_officers_in(zone_ids=[zone.pk])


def zone_officers_in(*, zone_ids: list[int]) -> QuerySet[User]:
    """Officers and directors of any of these zones (owners and assignees to choose from)."""
    return (
        User.objects.filter(is_active=True)
        .filter(role__in=[Role.OFFICER, Role.DIRECTOR])
        .filter(memberships__zone_id__in=zone_ids)
        .distinct()
        .order_by("username")
    )


def user_by_username(*, username: str) -> User | None:
    return User.objects.filter(username=username).first()


# ---------------------------------------------------------------- API tokens and calendar feeds


def token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's own API tokens, newest first (revoked and expired ones included)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_get(*, user: User, pk: int) -> ApiToken:
    """One of the user's own tokens, or 404 (another person's token does not exist for them)."""
    token = token_list(user=user).filter(pk=pk).first()
    if token is None:
        raise Http404
    return token


def calendar_feed_live(*, user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()
