"""Rendered public pages, kept in the cache until anything they show changes.

Every record a public page reads bumps one counter, the generation, when it is saved or
deleted; a page is stored under the generation it was rendered in, so a change makes every
stored page stale at once and nothing is ever served out of date (on a shared cache such as
Redis, across processes too).

Two layers use it. `cached_page` wraps each public view: it skips the rendering, for everyone.
`PageCacheMiddleware`, first in MIDDLEWARE, skips the whole stack as well (sessions, CSRF, auth,
locale, ...) for an anonymous GET: it keeps the final response, headers included, that the full
stack produced for the same scheme, host, path and query, and answers later anonymous GETs with
it, so a cached answer carries exactly the security headers a rendered one does.
"""

import hashlib
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

GENERATION_KEY = "portal:generation"
# Headers the short-circuit never stores: its own answer sets X-Cache.
UNSTORED_HEADERS = frozenset({"x-cache"})

type View = Callable[..., HttpResponse]


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, None)
        value = cache.get(GENERATION_KEY, 1)
    return int(value)


def bump_generation(**_signal: Any) -> None:
    """Make every stored page stale (connected to the saves and deletes of public records)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not stored yet (or evicted): any new value is a new generation
        cache.set(GENERATION_KEY, generation() + 1, None)


def _digest(request: HttpRequest) -> str:
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return hashlib.sha256(where.encode()).hexdigest()


def _key(request: HttpRequest) -> str:
    return f"portal:page:{generation()}:{_digest(request)}"


def cached_page(view: View) -> View:
    """Serve a GET from the cache when this generation already rendered it (X-Cache: hit)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            response["X-Cache"] = "hit"
        else:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                if hasattr(response, "render"):
                    response.render()
                cache.set(
                    key, (response.content, response["Content-Type"]), settings.PORTAL_CACHE_SECONDS
                )
            response["X-Cache"] = "miss"
        patch_cache_control(response, public=True, max_age=60)
        return response

    return wrapped


type Stored = tuple[int, bytes, Sequence[tuple[str, str]]]  # generation, body, headers


class PageCacheMiddleware:
    """Answer an anonymous GET of a portal page from the cache before any other middleware runs.

    Anonymous: the request carries no session cookie. Whoever has one, logged in or not, goes
    through the whole stack (`cached_page` still spares them the rendering), so a page rendered
    for a user is never stored here and a stored page is never served to a user. A page stored
    here was rendered for a request without a session: its `Vary: Cookie` (the office's context
    processor reads request.user) is kept, and it is what any other such request would get.

    Only a response of a `cached_page` view (it carries X-Cache) with status 200 and no cookie
    set is stored, with its headers, under the URL (scheme, host, path and query: the language is
    the path's prefix) and the generation it was rendered in; one round trip to the cache (a
    `get_many` of the generation and the page) answers a hit.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method != "GET"
            or not request.path.startswith(self.prefixes)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return self.get_response(request)
        key = f"portal:response:{_digest(request)}"
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY)
        stored: Stored | None = found.get(key)
        if current is not None and stored is not None and stored[0] == current:
            response = HttpResponse(stored[1], headers=dict(stored[2]))
            response["X-Cache"] = "hit"
            return response
        if current is None:
            current = generation()
        response = self.get_response(request)
        if _storable(response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS]
            entry: Stored = (int(current), response.content, headers)
            cache.set(key, entry, settings.PORTAL_CACHE_SECONDS)
        return response


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and "X-Cache" in response
        and not response.streaming
        and not response.cookies
    )
