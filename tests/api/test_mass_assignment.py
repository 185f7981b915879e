"""Mass assignment through the API: a request body sets only the fields its schema documents.

Every request body of the OpenAPI document refuses unknown fields (`additionalProperties: false`,
ninja answers 422 "Unknown or read-only field."): the stage moves only through
`POST /projects/{id}/stage` and its rules, a record never changes zone, ids and versions are
not written, people and records named in a body must belong to the record's zone, and a
consultant's referral gets its status (and reward) from the rules, not from the consultant.
"""

from typing import Any

import pytest

from tests.api.helpers import assert_error
from zoneinvest.api.urls import api
from zoneinvest.consultants.models import Referral
from zoneinvest.consultants.services import consultant_create
from zoneinvest.pipeline.models import Company, Project
from zoneinvest.pipeline.stages import Stage


def _row(model: Any, pk: int) -> dict[str, Any]:
    """Every column of the stored row (both languages of a translated field)."""
    record = model.objects.get(pk=pk)
    return {f.attname: getattr(record, f.attname) for f in model._meta.concrete_fields}


def _refused_fields(response: Any) -> dict[str, list[str]]:
    """The 422 of request validation: the fields at fault and their messages."""
    error = assert_error(response, 422, "validation_failed")
    return error["details"]["fields"]


def _request_bodies() -> dict[str, dict[str, Any]]:
    """ "METHOD /path" → the JSON schema of its request body, for every operation that has one."""
    document = api.get_openapi_schema()
    bodies = {}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody")
            if body:
                schema = body["content"]["application/json"]["schema"]
                bodies[f"{method.upper()} {path}"] = schema
    return bodies


def _closed(schema: dict[str, Any], components: dict[str, Any], seen: set[str]) -> list[str]:
    """The names of the object schemas reachable from `schema` that accept unknown fields."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        seen.add(name)
        return [f"{name}{where}" for where in _closed(components[name], components, seen)]
    open_ones = []
    if schema.get("type") == "object" and schema.get("properties") is not None:
        if schema.get("additionalProperties") is not False:
            open_ones.append("")
    for member in schema.get("anyOf", []) + schema.get("allOf", []) + schema.get("oneOf", []):
        open_ones += _closed(member, components, seen)
    for name, member in (schema.get("properties") or {}).items():
        open_ones += [f".{name}{w}" for w in _closed(member, components, seen)]
    if isinstance(schema.get("items"), dict):
        open_ones += _closed(schema["items"], components, seen)
    return open_ones


def test_every_request_body_of_the_api_refuses_unknown_fields(db):
    components = api.get_openapi_schema()["components"]["schemas"]
    bodies = _request_bodies()
    assert len(bodies) >= 15  # the document has its writes (a wrong key would find none)
    open_bodies = {
        operation: found
        for operation, schema in bodies.items()
        if (found := _closed(schema, components, set()))
    }
    assert not open_bodies, f"Give these schemas extra='forbid': {open_bodies}"


def test_the_body_check_finds_a_schema_that_accepts_unknown_fields():
    components = {"Open": {"type": "object", "properties": {"a": {"type": "string"}}}}
    assert _closed({"$ref": "#/components/schemas/Open"}, components, set()) == ["Open"]


# ---------------------------------------------------------------- roles that may not write


@pytest.mark.parametrize("name", ["owner", "stage", "total_investment", "description_en"])
def test_an_analyst_changes_nothing_of_a_project(world, api_as, name):
    project = world.project
    value = {
        "owner": world.officer2.pk,
        "stage": "signed",
        "total_investment": "999999999",
        "description_en": "Changed.",
    }[name]
    before = _row(Project, project.pk)
    response = api_as(world.analyst).patch(
        f"/projects/{project.pk}", {"version": project.version, name: value}
    )
    assert_error(response, 403, "forbidden")
    assert _row(Project, project.pk) == before


def test_a_read_only_token_of_a_director_changes_nothing(world, api_as):
    project = world.project
    response = api_as(world.director, read_only=True).patch(
        f"/projects/{project.pk}", {"version": project.version, "description_en": "Changed."}
    )
    assert_error(response, 403, "read_only_token")
    assert Project.objects.get(pk=project.pk).description_en == project.description_en


# ---------------------------------------------------------------- an officer's project


@pytest.mark.parametrize(
    "field",
    [
        {"stage": "signed"},
        {"held_from_stage": "negotiating"},
        {"lost_reason": "Moved away."},
        {"stage_changed_at": "2024-01-01T00:00:00Z"},
        {"zone": "elsewhere"},
        {"zone_id": 2},
        {"id": 99999},
        {"created_by": 1},
        {"created_at": "2020-01-01T00:00:00Z"},
    ],
    ids=lambda field: next(iter(field)),
)
def test_an_officer_cannot_set_what_only_the_rules_set_through_patch(world, api_as, field):
    project = world.project
    before = _row(Project, project.pk)
    response = api_as(world.officer).patch(
        f"/projects/{project.pk}", {"version": project.version, "title_en": "Renamed", **field}
    )
    fields = _refused_fields(response)
    assert fields == {next(iter(field)): ["Unknown or read-only field."]}
    assert _row(Project, project.pk) == before


def test_an_officer_cannot_move_a_project_to_another_zone_on_creating_it(world, api_as):
    response = api_as(world.officer).post(
        "/projects", {"title_en": "Battery plant", "zone": world.other_zone.code}
    )
    assert assert_error(response, 422, "validation_failed")["details"]["fields"] == {
        "zone": ["You do not work in a zone with this code."]
    }
    assert not Project.objects.filter(zone=world.other_zone).exists()


def test_an_officer_cannot_create_a_project_at_a_later_stage(world, api_as):
    response = api_as(world.officer).post("/projects", {"title_en": "Plant", "stage": "signed"})
    assert _refused_fields(response) == {"stage": ["Unknown or read-only field."]}
    assert not Project.objects.filter(title_en="Plant").exists()


@pytest.mark.parametrize("who", ["outsider", "analyst", "consultant", "editor"])
def test_an_officer_cannot_give_a_project_to_someone_who_may_not_own_it(world, api_as, who):
    """Owners are officers and directors of the project's zone (as in the office's form)."""
    project = world.project
    response = api_as(world.officer).patch(
        f"/projects/{project.pk}", {"version": project.version, "owner": world.user(who).pk}
    )
    assert assert_error(response, 422, "validation_failed")["details"]["fields"] == {
        "owner": ["Not found."]
    }
    assert Project.objects.get(pk=project.pk).owner_id == world.officer.pk


def test_an_officer_gives_a_project_to_an_officer_of_its_zone(world, api_as):
    """The positive case of the test above: the same request with a colleague is saved."""
    project = world.project
    response = api_as(world.officer).patch(
        f"/projects/{project.pk}", {"version": project.version, "owner": world.officer2.pk}
    )
    assert response.status_code == 200, response.content
    assert Project.objects.get(pk=project.pk).owner_id == world.officer2.pk


def test_a_version_sent_ahead_is_stale_not_a_new_version(world, api_as):
    project = world.project
    response = api_as(world.officer).patch(
        f"/projects/{project.pk}", {"version": project.version + 5, "title_en": "Renamed"}
    )
    assert_error(response, 409, "conflict")
    fresh = Project.objects.get(pk=project.pk)
    assert (fresh.version, fresh.title_en) == (project.version, project.title_en)


def test_the_values_sent_with_a_stage_change_cannot_carry_another_stage(world, api_as):
    project = world.project
    response = api_as(world.officer).post(
        f"/projects/{project.pk}/stage",
        {"to": "qualified", "version": project.version, "values": {"stage": "signed"}},
    )
    assert _refused_fields(response) == {"values.stage": ["Unknown or read-only field."]}
    assert Project.objects.get(pk=project.pk).stage == Stage.LEAD


def test_the_stage_moves_only_one_allowed_step_through_its_endpoint(world, api_as):
    project = world.project
    response = api_as(world.officer).post(
        f"/projects/{project.pk}/stage", {"to": "signed", "version": project.version}
    )
    assert_error(response, 422, "invalid_stage_transition")
    assert Project.objects.get(pk=project.pk).stage == Stage.LEAD


def test_a_company_cannot_be_moved_or_merged_through_patch(world, api_as):
    company = world.company
    before = _row(Company, company.pk)
    response = api_as(world.officer).patch(
        f"/companies/{company.pk}",
        {"version": company.version, "zone": "elsewhere", "merged_into": company.pk},
    )
    assert _refused_fields(response) == {
        "zone": ["Unknown or read-only field."],
        "merged_into": ["Unknown or read-only field."],
    }
    assert _row(Company, company.pk) == before


def test_a_task_cannot_be_given_to_someone_of_another_zone(world, api_as):
    response = api_as(world.officer).post(
        "/tasks",
        {"title": "Call", "due_date": "2024-05-01", "project": world.project.pk,
         "assignee": world.outsider.pk},
    )  # fmt: skip
    assert assert_error(response, 422, "validation_failed")["details"]["fields"] == {
        "assignee": ["Not found."]
    }


# ---------------------------------------------------------------- a consultant's referral


@pytest.fixture
def own_consultant(world):
    """world.consultant's consultant record (so that its token may refer)."""
    return consultant_create(
        zone=world.zone, name_en="Li Zexiang", user=world.consultant, by=world.director
    )


REFERRAL = {"company_name_en": "Voltstore GmbH", "country": "DE"}


@pytest.mark.parametrize(
    "field",
    [
        {"status": "valid"},
        {"reward": "1000000"},
        {"reward_rate": "0.05"},
        {"resolved_by": 1},
        {"project": 1},
        {"zone": "elsewhere"},
        {"submitted_at": "2020-01-01T00:00:00Z"},
    ],
    ids=lambda field: next(iter(field)),
)
def test_a_consultant_cannot_set_what_the_rules_decide_on_a_referral(
    world, api_as, own_consultant, field
):
    response = api_as(world.consultant).post("/referrals", {**REFERRAL, **field})
    assert _refused_fields(response) == {next(iter(field)): ["Unknown or read-only field."]}
    assert not Referral.objects.exists()


def test_a_consultant_refers_only_in_its_own_name(world, api_as, own_consultant):
    other = consultant_create(zone=world.zone, name_en="Denis Depoux", by=world.director)
    response = api_as(world.consultant).post("/referrals", {**REFERRAL, "consultant": other.pk})
    assert assert_error(response, 422, "validation_failed")["details"]["fields"] == {
        "consultant": ["You may refer only in your own name."]
    }
    assert not Referral.objects.exists()


def test_a_consultants_referral_gets_its_status_from_the_rules(world, api_as, own_consultant):
    """The positive case: the same body without the forbidden fields is recorded in the
    consultant's own name and zone, with the status the rules give a first claim (valid)."""
    response = api_as(world.consultant).post("/referrals", REFERRAL)
    assert response.status_code == 201, response.content
    referral = Referral.objects.get()
    assert (referral.consultant, referral.zone, referral.status) == (
        own_consultant,
        world.zone,
        Referral.Status.VALID,
    )


def test_a_consultant_cannot_decide_between_claims(world, api_as, own_consultant):
    api_as(world.consultant).post("/referrals", REFERRAL)
    referral = Referral.objects.get()
    response = api_as(world.consultant).post(f"/referrals/{referral.pk}/resolve", {"note": "Mine"})
    assert_error(response, 403, "forbidden")
    referral.refresh_from_db()
    assert referral.resolved_by is None
