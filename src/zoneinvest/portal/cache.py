"""Rendered public pages, kept in the cache until anything they show changes.

Every record a public page reads bumps one counter, the generation, when it is saved or
deleted; a page is stored under the generation it was rendered in, so a change makes every
stored page stale at once and nothing is ever served out of date (on a shared cache such as
Redis, across processes too).
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

GENERATION_KEY = "portal:generation"

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


def _key(request: HttpRequest) -> str:
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()
    return f"portal:page:{generation()}:{digest}"


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
