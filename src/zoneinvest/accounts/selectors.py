"""Who may see what: the zone and role scope every other selector starts from."""

from django.db import connection
from django.db.models import QuerySet
from django.http import Http404

from zoneinvest.accounts.models import (
    PIPELINE_READERS,
    PIPELINE_WRITERS,
    ApiToken,
    CalendarFeed,
    Membership,
    Role,
    User,
)
from zoneinvest.core.models import Zone


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


def token_by_digest(*, digest: str) -> ApiToken | None:
    """The API token with this digest, revoked or expired or not (the caller decides), with its
    user, whose zones `user_zone_ids` then answers without a query of its own.

    Every API request makes these two reads, so they are written once in SQL, read through
    `raw()` (which converts each column as the ORM does): building them with the ORM took
    ~1 ms of a request that answers in a few."""
    quote = connection.ops.quote_name
    tokens = quote(ApiToken._meta.db_table)
    token = next(
        iter(
            ApiToken.objects.raw(
                # bandit B608, reviewed: the models' table names (quoted); values are parameters
                f"SELECT * FROM {tokens} WHERE digest = %s",  # noqa: S608 # nosec B608
                [digest],
            )
        ),
        None,
    )
    if token is None:
        return None
    users, members = quote(User._meta.db_table), quote(Membership._meta.db_table)
    rows = list(
        User.objects.raw(
            # one row a membership (at least one row): the user's columns and a zone's id
            f"SELECT u.*, m.zone_id AS member_zone_id FROM {users} u "  # noqa: S608 # nosec B608
            f"LEFT JOIN {members} m ON m.user_id = u.id WHERE u.id = %s",
            [token.user_id],  # type: ignore[attr-defined]
        )
    )
    if not rows:
        return None
    user = rows[0]
    if user.is_active and not user.is_platform_admin:  # an admin's zones: every zone, asked later
        user._zone_ids_cache = sorted(  # type: ignore[attr-defined]
            row.member_zone_id  # type: ignore[attr-defined]
            for row in rows
            if row.member_zone_id is not None  # type: ignore[attr-defined]
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
