"""Background jobs through the API: status and progress, read-only. An import is followed by the
pipeline's writers of its zone, an export only by the person who started it."""

import pytest

from tests.api.helpers import assert_error
from zoneinvest.reports.models import Job


def _import(world, **values) -> Job:
    """A project import of the world's zone (the rows are checked and written by the worker;
    here only the row the office's pages and the API read)."""
    options = {
        "zone": world.zone,
        "kind": "projects",
        "status": "running",
        "created_by": world.officer,
        "file_name": "projects.xlsx",
        "file_format": "xlsx",
        "total_rows": 1000,
        "done_rows": 250,
    }
    options.update(values)
    return Job.objects.create(**options)


def _export(world, by) -> Job:
    return Job.objects.create(
        zone=world.zone,
        operation="export",
        export_kind="projects",
        kind="",
        status="done",
        created_by=by,
        file_name="projects.csv",
        file_format="csv",
        total_rows=20,
        done_rows=20,
    )


def test_an_import_is_followed_with_its_progress(world, api_as):
    job = _import(world)

    body = api_as(world.director).get(f"/jobs/{job.pk}").json()

    assert body["operation"]["code"] == "import"
    assert body["kind"] == {"code": "projects", "label": "Projects"}
    assert body["status"]["code"] == "running"
    assert (body["done_rows"], body["total_rows"]) == (250, 1000)
    assert body["started_by"]["username"] == "officer"
    assert body["row_errors"] == []


def test_the_rows_an_import_must_correct_are_listed(world, api_as):
    job = _import(
        world,
        status="invalid",
        error_count=1,
        row_errors=[{"row": 3, "column": "Country", "message": "Unknown country."}],
    )

    body = api_as(world.officer).get(f"/jobs/{job.pk}").json()

    assert body["status"]["code"] == "invalid"
    assert body["error_count"] == 1
    assert body["row_errors"] == [{"row": 3, "column": "Country", "message": "Unknown country."}]


def test_a_finished_import_says_what_it_did(world, api_as):
    job = _import(world, status="done", done_rows=1000, result={"created": 990, "unchanged": 10})

    body = api_as(world.officer).get("/jobs", status="done").json()

    assert [item["id"] for item in body["items"]] == [job.pk]
    assert body["items"][0]["result"] == {"created": 990, "unchanged": 10}


def test_an_export_is_seen_only_by_the_person_who_started_it(world, api_as):
    mine = _export(world, world.analyst)
    _import(world)

    analyst = api_as(world.analyst)
    director = api_as(world.director)

    assert [j["id"] for j in analyst.get("/jobs").json()["items"]] == [mine.pk]
    assert analyst.get(f"/jobs/{mine.pk}").json()["kind"]["code"] == "projects"
    assert_error(director.get(f"/jobs/{mine.pk}"), 404, "not_found")
    assert mine.pk not in [j["id"] for j in director.get("/jobs").json()["items"]]


def test_imports_are_for_the_pipelines_writers(world, api_as):
    job = _import(world)

    assert_error(api_as(world.analyst).get(f"/jobs/{job.pk}"), 404, "not_found")
    assert api_as(world.officer2).get(f"/jobs/{job.pk}").status_code == 200


def test_jobs_filter_by_operation(world, api_as):
    _import(world)
    export = _export(world, world.director)

    items = api_as(world.director).get("/jobs", operation="export").json()["items"]

    assert [item["id"] for item in items] == [export.pk]


def test_an_outsider_gets_404_for_a_job_of_another_zone(world, api_as):
    job = _import(world)
    client = api_as(world.outsider)

    assert_error(client.get(f"/jobs/{job.pk}"), 404, "not_found")
    assert client.get("/jobs").json()["count"] == 0


@pytest.mark.parametrize("role", ["consultant", "editor"])
def test_who_does_not_read_the_pipeline_learns_nothing_of_jobs(world, api_as, role):
    assert_error(api_as(world.user(role)).get("/jobs"), 404, "not_found")


def test_jobs_are_read_only(world, api_as):
    job = _import(world)

    assert api_as(world.director).post("/jobs", {}).status_code == 405
    assert api_as(world.director).patch(f"/jobs/{job.pk}", {"status": "done"}).status_code == 405


def test_an_unknown_status_is_refused(world, api_as):
    response = api_as(world.director).get("/jobs", status="sleeping")

    error = assert_error(response, 422, "validation_failed")
    assert list(error["details"]["fields"]) == ["status"]
