"""The page cache's short-circuit (PageCacheMiddleware): anonymous GETs of cached portal pages are
answered before the rest of the middleware stack, with the headers that stack gave them."""

import hashlib

import pytest
from django.conf import settings
from django.core.cache import cache
from django.middleware.security import SecurityMiddleware
from django.test import Client
from django.urls import reverse
from django.utils import translation

from zoneinvest.portal.cache import LocalPages, bump_generation, generation
from zoneinvest.portal.services import content_publish, story_create

# Set by the stack (security, clickjacking, locale, common) on every portal page.
SECURITY_HEADERS = (
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Content-Language",
)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def stack_runs(monkeypatch) -> list[str]:
    """The paths the middleware stack below the short-circuit ran for."""
    runs: list[str] = []
    original = SecurityMiddleware.process_request

    def spy(self, request):
        runs.append(request.path)
        return original(self, request)

    monkeypatch.setattr(SecurityMiddleware, "process_request", spy)
    return runs


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def drop_shared_answer(path: str) -> None:
    """Take the stored answer for `path` out of the shared cache (as an eviction would)."""
    digest = hashlib.sha256(f"http://testserver{path}".encode()).hexdigest()
    assert cache.delete(f"portal:response:{digest}")


def headers(response) -> dict[str, str]:
    return {k: v for k, v in response.items() if k != "X-Cache"}


def test_an_anonymous_visitor_is_answered_before_the_stack_with_the_same_headers(
    world, stack_runs, django_assert_num_queries
):
    first = Client().get(url("portal:industries"))
    with django_assert_num_queries(0):
        second = Client().get(url("portal:industries"))
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert stack_runs == [url("portal:industries")]  # the second never reached the stack
    assert second.content == first.content
    assert headers(second) == headers(first)
    for name in SECURITY_HEADERS:
        assert second[name], name
    assert second["X-Frame-Options"] == "DENY"


def test_a_page_cached_over_https_keeps_its_hsts_and_is_not_served_over_http(world, stack_runs):
    secure = Client().get(url("portal:why"), secure=True)
    again = Client().get(url("portal:why"), secure=True)
    assert len(stack_runs) == 1
    assert again["Strict-Transport-Security"] == secure["Strict-Transport-Security"]
    assert headers(again) == headers(secure)
    plain = Client().get(url("portal:why"))
    assert len(stack_runs) == 2
    assert "Strict-Transport-Security" not in plain


def test_a_logged_in_user_is_never_answered_from_the_short_circuit(world, stack_runs):
    Client().get(url("portal:home"))  # stored for anonymous visitors
    client = Client()
    client.force_login(world.officer)
    for _ in range(2):
        response = client.get(url("portal:home"))
        assert response.status_code == 200
    assert stack_runs == [url("portal:home")] * 3


def test_a_published_change_makes_the_stored_answer_stale(world, stack_runs):
    Client().get(url("portal:news_all"))
    assert Client().get(url("portal:news_all"))["X-Cache"] == "hit"
    story = story_create(
        zone=world.zone,
        by=world.editor,
        slug="berlin",
        kind="events",
        title_en="Berlin venue opens",
        title_zh_hans="柏林分会场开幕",
        body_en="First paragraph.",
        body_zh_hans="第一段。",
    )
    content_publish(story, by=world.editor)
    fresh = Client().get(url("portal:news_all"))
    assert fresh["X-Cache"] == "miss"
    assert "Berlin venue opens" in fresh.content.decode()
    assert Client().get(url("portal:news_all"))["X-Cache"] == "hit"


def test_english_and_chinese_are_stored_apart(world, stack_runs):
    for lang in ("en", "zh-hans", "en", "zh-hans"):
        Client().get(url("portal:home", lang))
    english = Client().get(url("portal:home", "en"))
    chinese = Client().get(url("portal:home", "zh-hans"))
    assert len(stack_runs) == 2  # one rendering per language, then answers from the cache
    assert (english["X-Cache"], chinese["X-Cache"]) == ("hit", "hit")
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="zh-hans">' in chinese.content.decode()
    assert (english["Content-Language"], chinese["Content-Language"]) == ("en", "zh-hans")


def test_pages_that_set_a_cookie_or_are_not_cached_views_always_reach_the_stack(world, stack_runs):
    for _ in range(2):
        assert settings.CSRF_COOKIE_NAME in Client().get(url("portal:contact")).cookies
        assert Client().get(url("portal:park", slug="nowhere")).status_code == 404
        Client().head(url("portal:why"))
    assert len(stack_runs) == 6


def test_a_process_answers_from_its_own_copy_while_the_generation_holds(world, stack_runs):
    client = Client()  # one handler: one process's middleware and its copies
    client.get(url("portal:industries"))
    drop_shared_answer(url("portal:industries"))
    assert client.get(url("portal:industries"))["X-Cache"] == "hit"  # from the process's copy
    assert len(stack_runs) == 1
    bump_generation()  # a change made through any process
    assert client.get(url("portal:industries"))["X-Cache"] != "hit"
    assert len(stack_runs) == 2


def test_another_process_takes_the_shared_answer_and_keeps_a_copy(world, stack_runs):
    Client().get(url("portal:industries"))
    other = Client()
    assert other.get(url("portal:industries"))["X-Cache"] == "hit"  # from the shared cache
    drop_shared_answer(url("portal:industries"))
    assert other.get(url("portal:industries"))["X-Cache"] == "hit"  # now from its own copy
    assert len(stack_runs) == 1


def test_the_copies_are_bounded_least_recently_used_first():
    pages = LocalPages(2, 600)
    for key in ("a", "b"):
        pages.put(key, (7, key.encode(), []))
    assert pages.get("a", 7) is not None  # "a" used: "b" is now the oldest
    pages.put("c", (7, b"c", []))
    assert (pages.get("a", 7), pages.get("b", 7), pages.get("c", 7)) == (
        (7, b"a", []),
        None,
        (7, b"c", []),
    )
    assert pages.get("a", 8) is None  # another generation: stale
    empty = LocalPages(0, 600)
    empty.put("a", (7, b"a", []))
    assert empty.get("a", 7) is None


def test_a_copy_lasts_no_longer_than_the_shared_cache_keeps_a_page(monkeypatch):
    """With per-process memory as the cache, another process's change reaches this one only
    when its copies expire: after PORTAL_CACHE_SECONDS, as for the pages it stores."""
    now = [1000.0]
    monkeypatch.setattr("zoneinvest.portal.cache.time.monotonic", lambda: now[0])
    pages = LocalPages(4, 600)
    pages.put("a", (7, b"a", []))
    now[0] += 599
    assert pages.get("a", 7) is not None
    now[0] += 1
    assert pages.get("a", 7) is None


def test_a_generation_never_comes_round_again_after_the_cache_is_emptied():
    bump_generation()
    before = generation()
    cache.clear()  # Redis restarted: every process's copies carry generations up to `before`
    assert generation() > before
