"""schemathesis against /api/v1/openapi.json, in process through the project's WSGI app.

Every operation of the document is called with generated data (examples, coverage and fuzzing
phases, positive and negative) as a director of the zone, and every check schemathesis has runs
on each answer, none excluded: no server error; status codes, content types, headers and bodies
as documented; 405 with `Allow` for a method an address does not have; schema-invalid data
refused (`negative_data_rejection`: unknown query parameters and body fields, 0/1 for booleans,
true or "7" for ids are all 422); schema-valid data accepted (`positive_data_acceptance`, see
CONFIG); and a request without its token, or with a made-up one, refused (`ignored_auth`: the
director's token comes from an auth provider, DirectorToken, so schemathesis knows it is the
credential and can take it away).

Path ids are often those of real records (the `records` fixture), so answers are not all 404s.

Authorisation with two users, in the same run: `another_zones_director_gets_404`. Whenever the
director's generated request reached a record of the zone through its path (any method: the
answer was not a 401/403/404 nor a refusal of the request's own validation), the same request,
body and all, is sent again with the token of a director of another zone (OUTSIDER_TOKEN): it
must be a 404, the answer for a record that does not exist. So every operation with a path id,
reads and writes, is covered by whatever the fuzzer sends, without a list to keep up to date.
(schemathesis' own `object_level_authorization` needs `[auth.wfc]` peers and the CLI's stateful
pool of ids; `use_after_free` and `ensure_resource_availability` need DELETE, which the API does
not have.) A test of its own below also reads every GET address with an id as both directors;
tests/api/test_access_table.py sends one valid request per operation and role.
"""

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from ninja.errors import ValidationError
from schemathesis.config import SchemathesisConfig

from tests.api.records import make_records
from zoneinvest.accounts.services import token_create, token_digest
from zoneinvest.api.urls import api
from zoneinvest.wsgi import application

SCHEMA_PATH = "/api/v1/openapi.json"
# The examples each operation gets in the fuzzing phase; the coverage phase adds its own. With 25
# the whole file runs in well under a minute on SQLite; a deeper run for a release:
# SCHEMATHESIS_MAX_EXAMPLES=150 .venv/bin/pytest tests/api/test_schemathesis.py
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25"))

# positive_data_acceptance: data that fits the document must not be refused as malformed, but
# the document cannot say everything the domain knows. A well-formed request may still name a
# company of another zone, a stage the project cannot move to, a page key the zone already has,
# a period whose start is after its end, an event without an exchange rate for its day: the
# answer is 422 with the fields at fault, and that is right. So 422 joins the statuses the check
# expects for schema-valid data (schemathesis' `checks.positive_data_acceptance.expected-statuses`;
# its defaults already hold 404, for an id that names nothing the caller may see, and 409, for a
# stale `version`). What the check guards stays guarded by `refused_by_a_rule_not_by_the_schema`
# below: a 422 for schema-valid data must come from a rule of the domain, never from the API's own
# validation of the request (a schema stricter than its document).
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
            }
        }
    }
)

schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, application, config=CONFIG)

# The director's API token. Fixed, because schemathesis builds the cases of its examples and
# coverage phases while collecting the test, before any fixture runs; `director_token` stores
# this token for the director in each test's database.
DIRECTOR_TOKEN = "zi_schemathesis-director-token-of-the-tests"  # noqa: S105 - a test token
# The token of a director of another zone (world.outsider), for the two-user check.
OUTSIDER_TOKEN = "zi_schemathesis-outsider-token-of-the-tests"  # noqa: S105 - a test token


@schema.auth(refresh_interval=None).skip_for(path_regex=r"^/api/v1/public/")
class DirectorToken:
    """The credential schemathesis sends (and removes or replaces to test `ignored_auth`)."""

    def get(self, case: Any, context: Any) -> str:
        return DIRECTOR_TOKEN

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


# Ids of the records the `records` fixture made, by path parameter; read by the hook below.
KNOWN: dict[str, Any] = {}


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
    """Half of the generated whole-number ids become the id of a real record of the kind."""
    choices = [path_parameters]
    known = {name: KNOWN[name] for name in path_parameters or {} if name in KNOWN}
    if known and all(isinstance(path_parameters[name], int) for name in known):
        choices.append({**path_parameters, **known})
    return st.sampled_from(choices)


# ---------------------------------------------------------------- a 422 of the schema's own

REFUSED_BY_SCHEMA = "x-test-refused-by-schema"  # schemathesis reads headers in lowercase


@pytest.fixture(autouse=True)
def _schema_refusals_are_marked(monkeypatch):
    """Every 422 of the API's request validation (ninja's ValidationError: the pydantic schemas
    and the unknown-parameter check) carries a header in these tests, so the check below can
    tell it from a 422 of a domain rule (DomainError), which has the same error shape."""
    answer = api.on_exception

    def marking(request: Any, exc: Exception) -> Any:
        response = answer(request, exc)
        if isinstance(exc, ValidationError):
            response[REFUSED_BY_SCHEMA] = "1"
        return response

    monkeypatch.setattr(api, "on_exception", marking)


def refused_by_a_rule_not_by_the_schema(ctx: Any, response: Any, case: Any) -> bool | None:
    """Schema-valid data may be refused by a rule of the domain (422), never by the API's own
    validation: that would be a request schema stricter than the document it publishes."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    if response.status_code == 422 and response.headers.get(REFUSED_BY_SCHEMA):
        raise AssertionError(
            "Schema-valid data was refused by the API's request validation: " + response.text[:500]
        )
    return None


# ---------------------------------------------------------------- two users, every operation

# Answers after which the outsider's replay proves nothing: the director's request did not reach
# the record (a body that is not JSON is a 400 before any lookup, as a 422 of the schema is).
NOT_REACHED = frozenset({400, 401, 403, 404, 405, 429})


def _names_a_record_of_the_zone(case: Any) -> bool:
    """Every path parameter of `case` is the id of one of the `records` (the director's zone)."""
    values = case.path_parameters or {}
    if not values or case.operation.path.startswith("/api/v1/public/"):
        return False
    return all(name in KNOWN and KNOWN[name] == value for name, value in values.items())


def another_zones_director_gets_404(ctx: Any, response: Any, case: Any) -> bool | None:
    """The same request, sent by a director of another zone, is a 404 (in the error shape)."""
    if not _names_a_record_of_the_zone(case):
        return None
    if response.status_code in NOT_REACHED or response.headers.get(REFUSED_BY_SCHEMA):
        return None
    theirs = case.derive()
    theirs.headers["Authorization"] = f"Bearer {OUTSIDER_TOKEN}"
    answer = theirs.call()
    if answer.status_code != 404 or answer.json()["error"]["code"] != "not_found":
        raise AssertionError(
            f"A director of another zone got {answer.status_code} (not 404) for "
            f"{case.method} {case.formatted_path}, which this zone's director got "
            f"{response.status_code} for: {answer.text[:300]}"
        )
    return None


# ---------------------------------------------------------------- the test's world


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """Thousands of requests a minute with one token: the limit has tests of its own."""
    settings.API_RATE_LIMIT_PER_MINUTE = 0


@pytest.fixture(autouse=True)
def _one_connection_per_test():
    """As Django's test client does: the WSGI handler must not close the test's connection
    (which holds the test's transaction) at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def records(world) -> Iterator[dict[str, Any]]:
    ids = make_records(world, world.zone, world.director)
    KNOWN.clear()
    KNOWN.update(ids, slug="yufu")
    yield ids
    KNOWN.clear()


@pytest.fixture
def director_token(world) -> str:
    """DIRECTOR_TOKEN, made a live token of world.director (through the service, then given
    the fixed secret)."""
    token, _plain = token_create(user=world.director, name="schemathesis")
    token.digest = token_digest(DIRECTOR_TOKEN)
    token.prefix = DIRECTOR_TOKEN[:10]
    token.save(update_fields=["digest", "prefix"])
    return DIRECTOR_TOKEN


@pytest.fixture
def outsider_token(world) -> str:
    """OUTSIDER_TOKEN, a live token of world.outsider (a director of another zone)."""
    token, _plain = token_create(user=world.outsider, name="schemathesis")
    token.digest = token_digest(OUTSIDER_TOKEN)
    token.prefix = OUTSIDER_TOKEN[:10]
    token.save(update_fields=["digest", "prefix"])
    return OUTSIDER_TOKEN


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_answers_as_its_openapi_document_says(
    case, records, director_token, outsider_token
):
    case.call_and_validate(
        additional_checks=[refused_by_a_rule_not_by_the_schema, another_zones_director_gets_404]
    )


# ---------------------------------------------------------------- two users


def _get_operations_with_ids() -> list[str]:
    paths = schema.raw_schema["paths"]
    return sorted(
        path
        for path, operations in paths.items()
        if "get" in operations and "{" in path and not path.startswith("/api/v1/public/")
    )


@pytest.mark.parametrize("path", _get_operations_with_ids())
def test_a_director_of_another_zone_gets_404_for_every_record_of_this_zone(
    world, records, token_for, path
):
    """User B (director of our zone) reads each record; user A (director of another zone, with
    records of their own) gets 404 for the same address, never 200."""
    names = re.findall(r"{(\w+)}", path)
    assert set(names) <= set(records), f"no record for {names} of {path}: add one to make_records"
    url = path.format(**records)
    own = Client().get(url, headers={"Authorization": f"Bearer {token_for(world.director)}"})
    assert own.status_code == 200, (url, own.content)

    make_records(world, world.other_zone, world.outsider)
    theirs = Client().get(url, headers={"Authorization": f"Bearer {token_for(world.outsider)}"})
    assert theirs.status_code == 404, (url, theirs.status_code, theirs.content)
    assert theirs.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", ["/api/v1/contacts?company=", "/api/v1/events?campaign="])
def test_an_id_too_large_for_the_database_is_never_a_server_error(world, director_token, path):
    response = Client().get(
        path + "-2195164359806837547950096584110243840",
        HTTP_AUTHORIZATION=f"Bearer {director_token}",
    )
    # SQLite cannot bind the number (422, out of range); PostgreSQL finds nothing (an empty page).
    if response.status_code == 422:
        assert response.json()["error"]["code"] == "out_of_range"
    else:
        assert response.status_code == 200
        assert response.json()["items"] == []


class _Answer:
    def __init__(self, status_code: int, body: dict[str, Any]) -> None:
        self.status_code, self.body, self.headers = status_code, body, {}
        self.text = str(body)

    def json(self) -> dict[str, Any]:
        return self.body


class _Case:
    """Just what the two-user check reads of a schemathesis case."""

    method = "GET"

    def __init__(self, path_parameters: dict[str, Any], replay: _Answer) -> None:
        self.path_parameters = path_parameters
        self.formatted_path = "/api/v1/projects/7"
        self.operation = type("Operation", (), {"path": "/api/v1/projects/{project_id}"})
        self.headers: dict[str, str] = {}
        self.replay = replay

    def derive(self) -> "_Case":
        return self

    def call(self) -> _Answer:
        return self.replay


@pytest.mark.parametrize(
    ("replay", "fails"),
    [
        (_Answer(200, {"id": 7}), True),
        (_Answer(409, {"error": {"code": "conflict"}}), True),
        (_Answer(404, {"error": {"code": "not_found"}}), False),
    ],
)
def test_the_two_user_check_fails_when_the_other_director_reaches_the_record(
    monkeypatch, replay, fails
):
    monkeypatch.setattr("tests.api.test_schemathesis.KNOWN", {"project_id": 7})
    case = _Case({"project_id": 7}, replay)
    if fails:
        with pytest.raises(AssertionError, match="A director of another zone got"):
            another_zones_director_gets_404(None, _Answer(200, {"id": 7}), case)
    else:
        assert another_zones_director_gets_404(None, _Answer(200, {"id": 7}), case) is None
    assert case.headers == {"Authorization": f"Bearer {OUTSIDER_TOKEN}"}


def test_the_two_user_check_replays_only_requests_that_reached_a_record_of_the_zone(monkeypatch):
    monkeypatch.setattr("tests.api.test_schemathesis.KNOWN", {"project_id": 7})
    reached = _Answer(200, {"id": 7})
    other_id = _Case({"project_id": 8}, _Answer(200, {"id": 8}))
    assert another_zones_director_gets_404(None, reached, other_id) is None
    assert other_id.headers == {}  # not replayed
    refused = _Case({"project_id": 7}, _Answer(200, {"id": 7}))
    assert another_zones_director_gets_404(None, _Answer(404, {}), refused) is None
    assert refused.headers == {}
