"""Every operation of the API × every role: the status each one gets, in one table.

The table names every operation of the OpenAPI document (method and path template); a new
operation that is not listed fails `test_every_operation_of_the_api_is_in_the_table`, and so does
a listed one that no longer exists. Each cell is one request with the token of one persona of
`world` (tests/conftest.py), whose path ids are records of the world's zone (tests/api/records.py):

- anonymous: no token, 401 (the `/public/…` addresses need none);
- consultant: 404 for the pipeline and the portal's records, as for another zone's data; its own
  consultant record and referrals (`/consultants`, `/referrals`) it reads, and it may refer;
- analyst: reads (200), may not write (403);
- officer, director, admin: write with a valid body (2xx), or get the domain's answer (409, 422);
- outsider (a director of another zone, with records of its own): 404 for every record of the
  world's zone, 422 when a body names one, and lists without any of the world's records;
- editor (a portal editor): the portal's pages and stories and the places; the pipeline is a 404.

Every error is checked against the one error shape (`assert_error`), with its code.
"""

import inspect
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from tests import conftest
from tests.api.helpers import API, ApiClient, assert_error
from tests.api.records import make_records
from zoneinvest.accounts.services import token_create
from zoneinvest.api.urls import api
from zoneinvest.industries.models import ChainLink
from zoneinvest.pipeline.models import Company, Contact, Project
from zoneinvest.portal.models import Page, Story

ROLES = ["anonymous", "consultant", "analyst", "officer", "director", "admin", "outsider", "editor"]

# What an error status means when a cell does not name a code of its own.
CODES = {401: "unauthorized", 403: "forbidden", 404: "not_found", 422: "validation_failed"}

Expected = int | tuple[int, str]  # a status, or a status and the error's code


def _row(
    anonymous: Expected,
    consultant: Expected,
    analyst: Expected,
    officer: Expected,
    director: Expected,
    admin: Expected,
    outsider: Expected,
    editor: Expected,
) -> dict[str, Expected]:
    row = [anonymous, consultant, analyst, officer, director, admin, outsider, editor]
    return dict(zip(ROLES, row, strict=True))


# The pipeline (projects, companies, events, insights, inquiries, jobs, matching): consultants and
# editors learn nothing (404); analysts read; an outsider reads its own zone (lists) but none of
# the world's records (404).
PIPELINE_LIST = _row(401, 404, 200, 200, 200, 200, 200, 404)
PIPELINE_RECORD = _row(401, 404, 200, 200, 200, 200, 404, 404)
# The parks, policies, opportunities, guide and search: every staff member, editors included.
STAFF_LIST = _row(401, 404, 200, 200, 200, 200, 200, 200)
STAFF_RECORD = _row(401, 404, 200, 200, 200, 200, 404, 200)
# The portal's pages and stories: editors, directors and admins; the rest of the bureau 403.
EDITOR_LIST = _row(401, 404, 403, 403, 200, 200, 200, 200)
EDITOR_RECORD = _row(401, 404, 403, 403, 200, 200, 404, 200)
# The consultant network: a consultant reads its own record and referrals; editors are no staff.
NETWORK_LIST = _row(401, 200, 200, 200, 200, 200, 200, 403)
NETWORK_RECORD = _row(401, 200, 200, 200, 200, 200, 404, 403)
PUBLIC = _row(*[200] * 8)
MATCH = _row(401, 404, 200, 200, 200, 200, 422, 404)


def pipeline_write(ok: Expected, outsider: Expected = 404) -> dict[str, Expected]:
    """A write of the pipeline: analysts 403, writers `ok`; the outsider 404 for a record of the
    world's zone in the path, 422 for one named in the body."""
    return _row(401, 404, 403, ok, ok, ok, outsider, 404)


def editor_write(ok: Expected, outsider: Expected = 404) -> dict[str, Expected]:
    return _row(401, 404, 403, 403, ok, ok, outsider, ok)


@dataclass(frozen=True)
class Cell:
    """How to call one operation, and what each role gets.

    `body` and `query` are built from the ids of the world's records (`Ids`); `lists` names the
    path parameter whose record a list shows: the world's record is in the director's list and
    never in the outsider's."""

    expected: dict[str, Expected]
    body: Callable[["Ids"], dict[str, Any]] | None = None
    query: Callable[["Ids"], dict[str, Any]] | None = None
    lists: str | None = None


class Ids(dict[str, Any]):
    """The ids of the world's records by path parameter, and their current versions."""

    def version(self, model: Any, name: str) -> int:
        return int(model.objects.get(pk=self[name]).version)


ZONE = "liangjiang"  # the world's zone (tests/conftest.py), also the portal's
DAY = "2024-05-01"
# Text only records of the world's zone carry (its code and name, its company's name).
WORLD_MARKERS = (ZONE, "Liangjiang New Area", "Bosch GmbH")

TABLE: dict[str, Cell] = {
    # ------------------------------------------------------------ pipeline
    "GET /activities": Cell(PIPELINE_LIST),
    "POST /activities": Cell(
        pipeline_write(201, outsider=422),
        body=lambda r: {"kind": "call", "date": DAY, "project": r["project_id"]},
    ),
    "GET /board": Cell(PIPELINE_LIST),
    "GET /companies": Cell(PIPELINE_LIST, lists="company_id"),
    "POST /companies": Cell(
        pipeline_write(201, outsider=422),
        body=lambda r: {"name_en": "Table GmbH", "country": "DE", "zone": ZONE},
    ),
    "GET /companies/{company_id}": Cell(PIPELINE_RECORD),
    "PATCH /companies/{company_id}": Cell(
        pipeline_write(200),
        body=lambda r: {"version": r.version(Company, "company_id"), "hq_city": "Stuttgart"},
    ),
    "GET /contacts": Cell(PIPELINE_LIST, lists="contact_id"),
    "POST /contacts": Cell(
        pipeline_write(201, outsider=422),
        body=lambda r: {"company": r["company_id"], "name": "Eva Table"},
    ),
    "GET /contacts/{contact_id}": Cell(PIPELINE_RECORD),
    "PATCH /contacts/{contact_id}": Cell(
        pipeline_write(200),
        body=lambda r: {"version": r.version(Contact, "contact_id"), "title": "CFO"},
    ),
    "GET /projects": Cell(PIPELINE_LIST, lists="project_id"),
    "POST /projects": Cell(
        pipeline_write(201, outsider=422),
        body=lambda r: {"title_en": "Table plant", "zone": ZONE},
    ),
    "GET /projects/{project_id}": Cell(PIPELINE_RECORD),
    "PATCH /projects/{project_id}": Cell(
        pipeline_write(200),
        body=lambda r: {"version": r.version(Project, "project_id"), "description_en": "More."},
    ),
    "GET /projects/{project_id}/arrivals": Cell(PIPELINE_RECORD),
    "POST /projects/{project_id}/arrivals": Cell(
        pipeline_write(201),
        body=lambda r: {"date": DAY, "amount": "1000000"},
    ),
    "POST /projects/{project_id}/stage": Cell(
        pipeline_write(200),
        body=lambda r: {"to": "qualified", "version": r.version(Project, "project_id")},
    ),
    "GET /tasks": Cell(PIPELINE_LIST),
    # The assignee is the caller by default: the admin is no member of the zone (422).
    "POST /tasks": Cell(
        _row(401, 404, 403, 201, 201, (422, "validation_failed"), 422, 404),
        body=lambda r: {"title": "Call back", "due_date": DAY, "project": r["project_id"]},
    ),
    "GET /tasks/{task_id}": Cell(PIPELINE_RECORD),
    "POST /tasks/{task_id}/complete": Cell(pipeline_write(200)),
    # ------------------------------------------------------------ events
    "GET /campaigns": Cell(PIPELINE_LIST, lists="campaign_id"),
    "GET /campaigns/{campaign_id}": Cell(PIPELINE_RECORD),
    "GET /events": Cell(PIPELINE_LIST, lists="event_id"),
    "GET /events/{event_id}": Cell(PIPELINE_RECORD),
    "GET /events/{event_id}/report": Cell(PIPELINE_RECORD),
    "GET /events/{event_id}/signings": Cell(PIPELINE_RECORD),
    # The world's project is a lead: a signing would skip stages, which the stage rules refuse.
    "POST /events/{event_id}/signings": Cell(
        pipeline_write((422, "invalid_stage_transition")),
        body=lambda r: {"project": r["project_id"], "date": DAY, "amount": "100000000"},
    ),
    "GET /events/{event_id}/venues": Cell(PIPELINE_RECORD),
    # ------------------------------------------------------------ insights
    "GET /chains": Cell(PIPELINE_LIST, lists="chain_id"),
    "GET /chains/{chain_id}": Cell(PIPELINE_RECORD),
    "GET /indicators": Cell(PIPELINE_LIST),
    # A zone code the caller does not work in is a 404 here (insights._zone).
    "POST /indicators/import": Cell(
        pipeline_write(200),
        body=lambda r: {"zone": ZONE, "csv": "kind,area,year,value,unit,source\n"},
    ),
    "GET /indicators/shares": Cell(PIPELINE_RECORD, query=lambda r: {"zone": ZONE}),
    "GET /kpis": Cell(PIPELINE_LIST),
    # ------------------------------------------------------------ inquiries, jobs, search
    "GET /inquiries": Cell(PIPELINE_LIST, lists="inquiry_id"),
    "GET /inquiries/{inquiry_id}": Cell(PIPELINE_RECORD),
    "GET /jobs": Cell(PIPELINE_LIST, lists="job_id"),
    # An import job is seen by the pipeline's writers of its zone: not by analysts (404).
    "GET /jobs/{job_id}": Cell(_row(401, 404, 404, 200, 200, 200, 404, 404)),
    "GET /search": Cell(STAFF_LIST, query=lambda r: {"q": "Bosch"}),
    # ------------------------------------------------------------ matching
    "GET /match/companies": Cell(PIPELINE_RECORD, query=lambda r: {"link": r["link_id"]}),
    # A profile for the world's zone (the admin works in several): the outsider does not (422).
    "GET /match/opportunities": Cell(MATCH, query=lambda r: {"zone": ZONE}),
    "GET /match/parks": Cell(MATCH, query=lambda r: {"zone": ZONE}),
    "GET /match/policies": Cell(MATCH, query=lambda r: {"zone": ZONE}),
    # ------------------------------------------------------------ consultant network
    "GET /consultants": Cell(NETWORK_LIST, lists="consultant_id"),
    # The ranking is for staff: a consultant's token is refused (403).
    "GET /consultants/ranking": Cell(_row(401, 403, 200, 200, 200, 200, 200, 403)),
    "GET /consultants/{consultant_id}": Cell(NETWORK_RECORD),
    "GET /referrals": Cell(NETWORK_LIST, lists="referral_id"),
    "POST /referrals": Cell(
        _row(401, 201, 403, 201, 201, 201, 422, 403),
        body=lambda r: {
            "consultant": r["consultant_id"],
            "company_name_en": "Table GmbH",
            "country": "DE",
        },
    ),
    "GET /referrals/{referral_id}": Cell(NETWORK_RECORD),
    # Only directors (and admins) decide between claims; the outsider finds no such referral.
    "POST /referrals/{referral_id}/resolve": Cell(
        _row(401, 403, 403, 403, 200, 200, 404, 403), body=lambda r: {}
    ),
    # ------------------------------------------------------------ the portal's records
    "GET /parks": Cell(STAFF_LIST, lists="park_id"),
    "GET /parks/{park_id}": Cell(STAFF_RECORD),
    "GET /policies": Cell(STAFF_LIST, lists="policy_id"),
    "GET /policies/{policy_id}": Cell(STAFF_RECORD),
    "GET /opportunities": Cell(STAFF_LIST, lists="opportunity_id"),
    "GET /opportunities/{opportunity_id}": Cell(STAFF_RECORD),
    "GET /guide-steps": Cell(STAFF_LIST, lists="step_id"),
    "GET /guide-steps/{step_id}": Cell(STAFF_RECORD),
    "GET /pages": Cell(EDITOR_LIST, lists="page_id"),
    "POST /pages": Cell(
        editor_write(201, outsider=422),
        body=lambda r: {
            "key": "introduction",
            "title_en": "About",
            "body_en": "Text.",
            "zone": ZONE,
        },
    ),
    "GET /pages/{page_id}": Cell(EDITOR_RECORD),
    "PATCH /pages/{page_id}": Cell(
        editor_write(200),
        body=lambda r: {"version": r.version(Page, "page_id"), "title_en": "Food and drink"},
    ),
    "POST /pages/{page_id}/publish": Cell(editor_write(200)),
    "POST /pages/{page_id}/unpublish": Cell(editor_write(200)),
    "GET /stories": Cell(EDITOR_LIST, lists="story_id"),
    "POST /stories": Cell(
        editor_write(201, outsider=422),
        body=lambda r: {
            "slug": "table",
            "kind": "business",
            "title_en": "Table",
            "body_en": "Text.",
            "zone": ZONE,
        },
    ),
    "GET /stories/{story_id}": Cell(EDITOR_RECORD),
    "PATCH /stories/{story_id}": Cell(
        editor_write(200),
        body=lambda r: {"version": r.version(Story, "story_id"), "title_en": "Berlin 2024"},
    ),
    "POST /stories/{story_id}/publish": Cell(editor_write(200)),
    "POST /stories/{story_id}/unpublish": Cell(editor_write(200)),
    # ------------------------------------------------------------ public, without a token
    "GET /public/opportunities": Cell(PUBLIC),
    "GET /public/opportunities/{slug}": Cell(PUBLIC),
    "GET /public/parks": Cell(PUBLIC),
    "GET /public/parks/{slug}": Cell(PUBLIC),
    "GET /public/policies": Cell(PUBLIC),
    "GET /public/policies/{slug}": Cell(PUBLIC),
}

# The slug of the world's published record, by public address.
PUBLIC_SLUGS = {"opportunities": "charging", "parks": "yufu", "policies": "subsidy"}


def operations_of_the_api() -> set[str]:
    """ "METHOD /path" of every operation of the OpenAPI document, without the /api/v1 prefix."""
    paths = api.get_openapi_schema()["paths"]
    prefix = API
    return {
        f"{method.upper()} {path.removeprefix(prefix)}"
        for path, operations in paths.items()
        for method in operations
    }


def test_every_operation_of_the_api_is_in_the_table(db):
    operations = operations_of_the_api()
    missing = sorted(operations - set(TABLE))
    assert not missing, f"Add these API operations to TABLE with each role's status: {missing}"
    gone = sorted(set(TABLE) - operations)
    assert not gone, f"TABLE lists API operations that no longer exist: {gone}"


# ---------------------------------------------------------------- the world, once per module


@dataclass
class Setting:
    world: Any
    ids: Ids
    tokens: dict[str, str | None] = field(default_factory=dict)


def _world() -> Any:
    """The `world` of tests/conftest.py, built once for the module (its fixture function is
    called directly; it takes only `db`)."""
    build = conftest.world.__wrapped__  # type: ignore[attr-defined]
    return build(**dict.fromkeys(inspect.signature(build).parameters))


@pytest.fixture(scope="module")
def setting(django_db_setup, django_db_blocker) -> Iterator[Setting]:
    """The world, one record of each kind in each zone and a token per role, made once in a
    transaction rolled back after the module; each test runs in a savepoint of it."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        world = _world()
        ids = Ids(make_records(world, world.zone, world.director, consultant_user=world.consultant))
        ids["link_id"] = ChainLink.objects.get(chain=world.chain, code="cells").pk
        make_records(world, world.other_zone, world.outsider)
        tokens: dict[str, str | None] = {"anonymous": None}
        for role in ROLES[1:]:
            tokens[role] = token_create(user=world.user(role), name="access table")[1]
    yield Setting(world=world, ids=ids, tokens=tokens)
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """Each token makes one request per operation here: the limit has tests of its own."""
    settings.API_RATE_LIMIT_PER_MINUTE = 0


def _url(operation: str, ids: Ids) -> tuple[str, str]:
    method, path = operation.split(" ", 1)
    if path.startswith("/public/") and "{slug}" in path:
        return method, path.format(slug=PUBLIC_SLUGS[path.split("/")[2]])
    return method, path.format(**ids)


def _call(client: ApiClient, method: str, path: str, cell: Cell, ids: Ids) -> Any:
    query = cell.query(ids) if cell.query else {}
    if method == "GET":
        return client.get(path, **query)
    body = cell.body(ids) if cell.body else {}
    if method == "PATCH":
        return client.patch(path, body)
    return client.post(path, body)


def _items(body: Any) -> list[Any]:
    return body["items"] if isinstance(body, dict) else body


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("operation", sorted(TABLE))
def test_each_role_gets_the_status_of_the_table(setting, db, operation, role):
    cell = TABLE[operation]
    method, path = _url(operation, setting.ids)
    response = _call(ApiClient(Client(), setting.tokens[role]), method, path, cell, setting.ids)

    expected = cell.expected[role]
    status, code = expected if isinstance(expected, tuple) else (expected, CODES.get(expected))
    if status >= 400:
        error = assert_error(response, status, code or "")
        if status == 422 and role == "outsider":  # a record of the world's zone named in the body
            assert error["details"].get("fields"), error
        return
    assert response.status_code == status, (operation, role, response.content)
    if role == "outsider" and not operation.startswith("GET /public/"):
        text = json.dumps(response.json(), ensure_ascii=False)
        leaked = [marker for marker in WORLD_MARKERS if marker in text]
        assert not leaked, f"{operation} shows the outsider the world's {leaked}"
    if cell.lists and method == "GET":
        listed = {item["id"] for item in _items(response.json())}
        world_record = setting.ids[cell.lists]
        if role == "outsider":
            assert world_record not in listed, f"{operation} shows the outsider a world record"
        elif role in ("director", "admin"):
            assert world_record in listed, f"{operation} should list the world's record"
