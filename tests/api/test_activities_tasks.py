"""Activities and follow-up tasks through the API."""

import datetime as dt

from tests.api.helpers import assert_error
from tests.factories.pipeline import ActivityFactory, ProjectFactory, TaskFactory


def test_an_activity_is_recorded_on_a_project_and_listed_with_it(world, api_as):
    client = api_as(world.officer)
    ActivityFactory(project=ProjectFactory(zone=world.zone))  # another project's

    created = client.post(
        "/activities",
        {"kind": "site_tour", "date": "2023-05-17", "project": world.project.pk, "people": "Li"},
    )
    listed = client.get("/activities", project=world.project.pk).json()

    assert created.status_code == 201, created.content
    assert created.json()["kind"] == {"code": "site_tour", "label": "Site tour"}
    assert created.json()["company"]["id"] == world.company.pk
    assert created.json()["by"]["username"] == "officer"
    assert [a["id"] for a in listed["items"]] == [created.json()["id"]]


def test_an_activity_needs_a_company_or_a_project(world, api_as):
    response = api_as(world.officer).post("/activities", {"kind": "call", "date": "2023-05-17"})

    assert "company" in assert_error(response, 422, "validation_failed")["details"]["fields"]


def test_an_outsider_cannot_record_an_activity_on_another_zones_project(world, api_as):
    response = api_as(world.outsider).post(
        "/activities", {"kind": "call", "date": "2023-05-17", "project": world.project.pk}
    )

    assert assert_error(response, 422, "validation_failed")["details"]["fields"] == {
        "project": ["Not found."]
    }


def test_my_open_tasks_are_listed_and_a_task_is_completed(world, api_as):
    client = api_as(world.officer)
    TaskFactory(project=world.project, assignee=world.officer2)
    done = TaskFactory(project=world.project, assignee=world.officer)
    done.done_at = dt.datetime(2023, 1, 1, tzinfo=dt.UTC)
    done.save()

    created = client.post(
        "/tasks",
        {"title": "Send the land offer", "due_date": "2023-06-01", "project": world.project.pk},
    )
    mine = client.get("/tasks").json()
    everyone = client.get("/tasks", mine=False).json()
    completed = client.post(f"/tasks/{created.json()['id']}/complete")

    assert created.status_code == 201, created.content
    assert created.json()["assignee"]["username"] == "officer"
    assert [t["title"] for t in mine["items"]] == ["Send the land offer"]
    assert everyone["count"] == 2
    assert completed.status_code == 200
    assert completed.json()["done_at"] is not None
    assert client.get("/tasks").json()["count"] == 0
    assert client.get("/tasks", open=False).json()["count"] == 2


def test_a_task_is_assigned_to_a_colleague_of_the_zone_only(world, api_as):
    client = api_as(world.officer)

    colleague = client.post(
        "/tasks", {"title": "Call back", "due_date": "2023-06-01", "assignee": world.officer2.pk}
    )
    outsider = client.post(
        "/tasks", {"title": "Call back", "due_date": "2023-06-01", "assignee": world.outsider.pk}
    )

    assert colleague.status_code == 201, colleague.content
    assert colleague.json()["assignee"]["username"] == "officer2"
    assert assert_error(outsider, 422, "validation_failed")["details"]["fields"] == {
        "assignee": ["Not found."]
    }


def test_an_outsider_cannot_complete_a_task_of_another_zone(world, api_as):
    task = TaskFactory(project=world.project, assignee=world.officer)

    assert_error(api_as(world.outsider).post(f"/tasks/{task.pk}/complete"), 404, "not_found")
    task.refresh_from_db()
    assert task.done_at is None
