"""Who may call the API: a live token, a token that may write, a role that may see the pipeline."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from tests.api.helpers import API, ApiClient, assert_error
from zoneinvest.accounts.models import ApiToken
from zoneinvest.accounts.services import token_create, token_revoke

LIST_ENDPOINTS = ["/companies", "/contacts", "/projects", "/activities", "/tasks"]


@pytest.mark.parametrize("path", LIST_ENDPOINTS)
def test_a_request_without_a_token_is_refused_with_401(world, anonymous, path):
    response = anonymous.get(path)

    assert_error(response, 401, "unauthorized")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_refused_with_401(world):
    assert_error(ApiClient(Client(), "zi_not-a-real-token").get("/projects"), 401, "unauthorized")


def test_a_token_sent_with_another_scheme_is_refused_with_401(world, token_for):
    token = token_for(world.officer)
    response = Client().get(f"{API}/projects", headers={"Authorization": f"Token {token}"})

    assert_error(response, 401, "unauthorized")


def test_an_expired_token_is_refused_with_401(world, token_for):
    token = token_for(world.officer)
    ApiToken.objects.filter(user=world.officer).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )

    assert_error(ApiClient(Client(), token).get("/projects"), 401, "unauthorized")


def test_a_revoked_token_is_refused_with_401(world):
    api_token, plain = token_create(user=world.officer, name="laptop")
    token_revoke(token=api_token, by=world.officer)

    assert_error(ApiClient(Client(), plain).get("/projects"), 401, "unauthorized")


def test_the_token_of_a_deactivated_user_is_refused_with_401(world, api_as):
    client = api_as(world.officer)
    world.officer.is_active = False
    world.officer.save()

    assert_error(client.get("/projects"), 401, "unauthorized")


def test_a_live_token_reads_the_pipeline(world, api_as):
    response = api_as(world.officer).get("/projects")

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_a_read_only_token_reads_but_every_write_is_refused_with_403(world, api_as):
    client = api_as(world.officer, read_only=True)
    project = world.project

    assert client.get(f"/projects/{project.pk}").status_code == 200
    writes = [
        client.post("/projects", {"title_en": "New plant"}),
        client.patch(f"/projects/{project.pk}", {"version": 1, "title_en": "Renamed"}),
        client.post(f"/projects/{project.pk}/stage", {"to": "lost", "version": 1, "reason": "x"}),
        client.post("/companies", {"name_en": "Siemens AG", "country": "DE"}),
    ]
    for response in writes:
        assert_error(response, 403, "read_only_token")
    project.refresh_from_db()
    assert project.title_en != "Renamed"


@pytest.mark.parametrize("path", LIST_ENDPOINTS)
def test_a_consultant_learns_nothing_of_the_pipeline(world, api_as, path):
    assert_error(api_as(world.consultant).get(path), 404, "not_found")


def test_a_consultant_may_not_read_a_project_of_their_own_zone(world, api_as):
    response = api_as(world.consultant).get(f"/projects/{world.project.pk}")

    assert_error(response, 404, "not_found")


def test_an_analyst_reads_the_pipeline_but_may_not_change_it(world, api_as):
    client = api_as(world.analyst)

    assert client.get(f"/projects/{world.project.pk}").status_code == 200
    assert_error(client.post("/projects", {"title_en": "New plant"}), 403, "forbidden")
    response = client.patch(f"/projects/{world.project.pk}", {"version": 1, "title_en": "X"})
    assert_error(response, 403, "forbidden")
    assert_error(client.post("/companies", {"name_en": "ABB", "country": "CH"}), 403, "forbidden")


def test_permission_is_checked_before_the_payload(world, api_as):
    response = api_as(world.analyst).post("/projects", {"nonsense": True})

    assert_error(response, 403, "forbidden")
