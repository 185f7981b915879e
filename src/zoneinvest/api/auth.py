"""Who is calling: `Authorization: Bearer <token>`, checked against the hashed API tokens.

A missing, unknown, expired or revoked token is 401. A read-only token may not write (403). A
router may add a permission check on the token's user (e.g. the pipeline's role rules: 403 for
a staff role that may not write, 404 for an outsider such as a consultant).

Each token may make `API_RATE_LIMIT_PER_MINUTE` requests per clock minute; past that the API
answers 429 (the one error shape) with `Retry-After`, the seconds until the next minute.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from zoneinvest.accounts.models import ApiToken, User
from zoneinvest.accounts.selectors import user_can_read_pipeline, user_can_write_pipeline
from zoneinvest.accounts.services import token_authenticate
from zoneinvest.api.errors import PermissionDeniedError
from zoneinvest.places.selectors import user_can_read_places
from zoneinvest.portal.selectors import user_can_edit_portal

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# (user, writing) → None, or raise PermissionDeniedError.
Permission = Callable[[User, bool], None]


class BearerToken(HttpBearer):
    """An API token sent as a bearer token; `request.auth` is the ApiToken."""

    def __init__(self, *, permission: Permission | None = None) -> None:
        super().__init__()
        self.permission = permission

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = token_authenticate(plain=token.strip())
        if api_token is None:
            return None
        writing = request.method not in SAFE_METHODS
        if writing and api_token.read_only:
            raise PermissionDeniedError(
                gettext("This API token is read-only: it may read but not change anything."),
                code="read_only_token",
            )
        if self.permission is not None:
            self.permission(api_token.user, writing)
        request.user = api_token.user
        return api_token


def pipeline_permission(user: User, writing: bool) -> None:
    """Consultants (outsiders) learn nothing of the pipeline: 404, as for another zone's data.
    Analysts may read it but not change it (403)."""
    if not user_can_read_pipeline(user=user):
        raise Http404
    if writing and not user_can_write_pipeline(user=user):
        raise PermissionDeniedError(gettext("Your role may read the pipeline but not change it."))


def staff_permission(user: User, writing: bool) -> None:
    """The bureau's staff (pipeline readers and portal editors) read the parks, policies,
    opportunities and guide of their zones, drafts included; a consultant learns nothing (404)."""
    if not user_can_read_places(user=user):
        raise Http404


def editor_permission(user: User, writing: bool) -> None:
    """The portal's editors (and directors, platform admins) read and write its pages and
    stories, as in the office; the rest of the bureau may not (403); consultants get 404."""
    if user_can_edit_portal(user=user):
        return
    if user_can_read_pipeline(user=user):
        raise PermissionDeniedError(
            gettext("Only the portal's editors may read or change its pages and stories.")
        )
    raise Http404


def caller(request: HttpRequest) -> User:
    """The user whose token authenticated this request."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return token.user


token_auth = BearerToken()
pipeline_auth = BearerToken(permission=pipeline_permission)
staff_auth = BearerToken(permission=staff_permission)
editor_auth = BearerToken(permission=editor_permission)


# ---------------------------------------------------------------- rate limits

clock = time.time  # the windows' clock (tests set it)


def rate_limit_hit(*, token: ApiToken, now: float | None = None) -> int | None:
    """Count one request of `token` in this minute's window: None while within the limit,
    else the seconds until the next window opens."""
    limit: int = settings.API_RATE_LIMIT_PER_MINUTE
    if limit <= 0:
        return None
    now = clock() if now is None else now
    window = int(now // 60)
    key = f"api-rate:{token.pk}:{window}"
    cache.add(key, 0, timeout=120)  # outlives its minute: a late request still counts
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr: start the window again
        cache.set(key, 1, timeout=120)
        count = 1
    if count <= limit:
        return None
    return seconds_to_next_window(now=now)


def seconds_to_next_window(*, now: float) -> int:
    return max(1, (int(now // 60) + 1) * 60 - int(now))


class TokenRateLimit(BaseThrottle):
    """ninja's throttle hook (it runs after authentication): per API token, per minute."""

    def allow_request(self, request: HttpRequest) -> bool:
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):  # the public, token-free operations
            return True
        return rate_limit_hit(token=token) is None

    def wait(self) -> float:
        # Every window ends on the minute: no per-request state (one object serves all threads).
        return seconds_to_next_window(now=clock())


token_rate_limit = TokenRateLimit()
