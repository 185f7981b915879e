"""The client's address, read in one place: the log-in lockout (django-axes) and the portal's
inquiry limit both count by it.

Without a reverse proxy (`TRUSTED_PROXY_COUNT=0`, the default) it is `REMOTE_ADDR` and
`X-Forwarded-For` is ignored: any client can write that header. Behind N proxies that each append
the address they received the request from (nginx: `proxy_add_x_forwarded_for`), it is the N-th
address from the right of `X-Forwarded-For`; addresses further left were written by the client
and are never trusted.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address, or None when the request carries no valid one."""
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    forwarded = _forwarded_chain(request)
    if not forwarded:
        return remote
    return _valid(forwarded[-min(proxies, len(forwarded))]) or remote


def _forwarded_chain(request: HttpRequest) -> list[str]:
    header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    return [part.strip() for part in header.split(",") if part.strip()]


def _valid(candidate: object) -> str | None:
    try:
        return str(ipaddress.ip_address(str(candidate).strip()))
    except ValueError:
        return None
