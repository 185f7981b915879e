"""Rate limits on token use: N requests per token per clock minute, then 429 with Retry-After."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.api.helpers import assert_error
from zoneinvest.api import auth

MINUTE_START = 1_800_000_000.0  # a whole minute (divisible by 60)


@pytest.fixture(autouse=True)
def _fresh_cache_and_a_still_clock(monkeypatch):
    """Counters start at zero, and the clock stays 15 s into one minute unless a test moves it."""
    cache.clear()
    monkeypatch.setattr(auth, "clock", lambda: MINUTE_START + 15)
    yield
    cache.clear()


@override_settings(API_RATE_LIMIT_PER_MINUTE=3)
def test_the_request_past_the_limit_gets_429_with_retry_after(world, api_as):
    api = api_as(world.officer)
    for _ in range(3):
        assert api.get("/projects").status_code == 200

    response = api.get("/projects")

    assert_error(response, 429, "too_many_requests")
    assert response["Retry-After"] == "45"  # the seconds until the next minute


@override_settings(API_RATE_LIMIT_PER_MINUTE=3)
def test_another_token_is_not_affected(world, api_as):
    first, second = api_as(world.officer), api_as(world.officer)
    for _ in range(4):
        first.get("/projects")
    assert first.get("/projects").status_code == 429
    assert second.get("/projects").status_code == 200


@override_settings(API_RATE_LIMIT_PER_MINUTE=2)
def test_the_next_minute_starts_a_new_count(world, api_as, monkeypatch):
    api = api_as(world.officer)
    for _ in range(2):
        api.get("/projects")
    assert api.get("/projects").status_code == 429

    monkeypatch.setattr(auth, "clock", lambda: MINUTE_START + 60)

    assert api.get("/projects").status_code == 200


@override_settings(API_RATE_LIMIT_PER_MINUTE=2)
def test_refused_and_failed_requests_count_too(world, api_as):
    api = api_as(world.officer)
    assert api.get("/projects/999999").status_code == 404
    assert api.post("/companies", {}).status_code == 422
    assert_error(api.get("/projects"), 429, "too_many_requests")


@override_settings(API_RATE_LIMIT_PER_MINUTE=1)
def test_requests_without_a_token_are_not_counted_against_anyone(world, api_as, anonymous):
    api = api_as(world.officer)
    for _ in range(3):
        assert anonymous.get("/projects").status_code == 401
    assert api.get("/projects").status_code == 200


@override_settings(API_RATE_LIMIT_PER_MINUTE=0)
def test_a_limit_of_zero_switches_the_limit_off(world, api_as):
    api = api_as(world.officer)
    assert all(api.get("/projects").status_code == 200 for _ in range(5))
