"""Who may see what: the zone and role scope every other selector starts from."""

from django.db.models import CharField, OuterRef, QuerySet, StringAgg, Subquery, Value
from django.db.models.functions import Cast
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


def member_zone_ids_column(user_field: str) -> Subquery:
    """The ids of the zones of the user in `user_field` of the outer query, comma-separated: read
    with the row that names the user (the API token), then given to `zone_ids_read_with`."""
    memberships = Membership.objects.filter(user_id=OuterRef(user_field)).order_by()
    joined = StringAgg(Cast("zone_id", CharField()), Value(","))
    return Subquery(memberships.values("user_id").annotate(ids=joined).values("ids"))


def zone_ids_read_with(*, user: User, joined: str | None) -> None:
    """Let `user_zone_ids` answer from `member_zone_ids_column`'s value, without a query of its
    own (a platform admin's zones are every zone: asked for when needed)."""
    if user.is_authenticated and user.is_active and not user.is_platform_admin:
        user._zone_ids_cache = [int(pk) for pk in (joined or "").split(",") if pk]  # type: ignore[attr-defined]


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
