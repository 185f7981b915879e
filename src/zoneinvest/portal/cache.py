"""Rendered public pages, kept in the cache until anything they show changes.

Every record a public page reads bumps one counter, the generation, when it is saved or
deleted; a page is stored under the generation it was rendered in, so a change makes every
stored page stale at once and nothing is ever served out of date (on a shared cache such as
Redis, across processes too).

Two layers use it. `cached_page` wraps each public view: it skips the rendering, for everyone.
`PageCacheMiddleware`, first in MIDDLEWARE, skips the whole stack as well (sessions, CSRF, auth,
locale, ...) for an anonymous GET: it keeps the final response, headers included, that the full
stack produced for the same scheme, host, path and query, and answers later anonymous GETs with
it, so a cached answer carries exactly the security headers a rendered one does. Each process
also keeps the latest pages it answered (`LocalPages`), so that with a shared cache (Redis) a hit
costs one small read, the generation, instead of carrying the page's body across every time.
"""

import hashlib
import threading
import time
from collections import OrderedDict
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
    """The current generation. A new one starts at the clock's nanoseconds, not at 1: after the
    shared cache is emptied (Redis restarted), no process may take a page it kept in its own
    memory (`LocalPages`) for current because its old generation number comes round again."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), None)
        value = cache.get(GENERATION_KEY, 0)
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


class LocalPages:
    """The process's own copies of stored answers, at most `size` (the least recently used go
    first), each for at most `seconds` as in the shared cache. An entry is served only under the
    generation it was stored in, which the shared cache is asked for on every request: a change
    made through any process makes them stale at once (with per-process memory as the cache,
    after `seconds` at the latest, as before)."""

    def __init__(self, size: int, seconds: float) -> None:
        self.size, self.seconds = size, seconds
        self.entries: OrderedDict[str, tuple[float, Stored]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str, current: int) -> Stored | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            until, entry = found
            if entry[0] != current or time.monotonic() >= until:
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: Stored) -> None:
        if self.size <= 0:
            return
        with self.lock:
            self.entries[key] = (time.monotonic() + self.seconds, entry)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


class PageCacheMiddleware:
    """Answer an anonymous GET of a portal page from the cache before any other middleware runs.

    Anonymous: the request carries no session cookie. Whoever has one, logged in or not, goes
    through the whole stack (`cached_page` still spares them the rendering), so a page rendered
    for a user is never stored here and a stored page is never served to a user. A page stored
    here was rendered for a request without a session: its `Vary: Cookie` (the office's context
    processor reads request.user) is kept, and it is what any other such request would get.

    Only a response of a `cached_page` view (it carries X-Cache) with status 200 and no cookie
    set is stored, with its headers, under the URL (scheme, host, path and query: the language is
    the path's prefix) and the generation it was rendered in. A hit costs one read of the
    generation when this process holds the page (`LocalPages`), else one more of the page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixes = tuple(f"/{code}/" for code, _name in settings.LANGUAGES)
        self.local = LocalPages(settings.PORTAL_LOCAL_PAGES, settings.PORTAL_CACHE_SECONDS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method != "GET"
            or not request.path.startswith(self.prefixes)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return self.get_response(request)
        key = f"portal:response:{_digest(request)}"
        current = generation()
        stored = self.local.get(key, current) or self._shared(key, current)
        if stored is not None:
            response = HttpResponse(stored[1], headers=dict(stored[2]))
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _storable(response):
            headers = [(k, v) for k, v in response.items() if k.lower() not in UNSTORED_HEADERS]
            entry: Stored = (current, response.content, headers)
            cache.set(key, entry, settings.PORTAL_CACHE_SECONDS)
            self.local.put(key, entry)
        return response

    def _shared(self, key: str, current: int) -> Stored | None:
        """The answer another process (or this one, before its copy was dropped) stored."""
        stored: Stored | None = cache.get(key)
        if stored is None or stored[0] != current:
            return None
        self.local.put(key, stored)
        return stored


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and "X-Cache" in response
        and not response.streaming
        and not response.cookies
    )
