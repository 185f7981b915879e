"""Who is calling: `Authorization: Bearer <token>`, checked against the hashed API tokens.

A missing, unknown, expired or revoked token is 401. A read-only token may not write (403). A
router may add a permission check on the token's user (e.g. the pipeline's role rules: 403 for
a staff role that may not write, 404 for an outsider such as a consultant).
"""

from collections.abc import Callable

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja.security import HttpBearer

from zoneinvest.accounts.models import ApiToken, User
from zoneinvest.accounts.selectors import user_can_read_pipeline, user_can_write_pipeline
from zoneinvest.accounts.services import token_authenticate
from zoneinvest.api.errors import PermissionDeniedError

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


def caller(request: HttpRequest) -> User:
    """The user whose token authenticated this request."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return token.user


token_auth = BearerToken()
pipeline_auth = BearerToken(permission=pipeline_permission)
