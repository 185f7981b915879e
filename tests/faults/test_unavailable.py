"""Issue 10: when the database cannot be reached, users get a plain 503 in their language —
with Retry-After, the API in its JSON error shape — never a 500 or a traceback.

The outage is simulated on the test database's connection: every query of the request raises
the error PostgreSQL's client raises when the server is down (tests/faults/test_database_restart.py
stops a real server under load)."""

import pytest
from django.db import OperationalError, connection
from django.test import Client

from zoneinvest.accounts.services import token_create
from zoneinvest.core.unavailable import RETRY_AFTER_SECONDS

MESSAGE = (
    "The service is briefly unavailable; nothing you saved is lost. Please try again in a moment."
)


def _server_down(execute, sql, params, many, context):
    raise OperationalError(
        'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
    )


def _a_bug(execute, sql, params, many, context):
    raise ValueError("a bug, not an outage")


@pytest.fixture
def officer_client(world) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.officer)
    return client


def test_an_office_page_answers_503_with_a_plain_page_when_the_database_is_down(officer_client):
    with connection.execute_wrapper(_server_down):
        response = officer_client.get("/en/office/projects/")

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert MESSAGE in page
    assert '<html lang="en">' in page
    assert "Traceback" not in page
    assert "OperationalError" not in page


def test_the_page_is_in_the_language_of_the_request(officer_client):
    with connection.execute_wrapper(_server_down):
        response = officer_client.get("/zh-hans/office/projects/")

    assert response.status_code == 503
    assert '<html lang="zh-hans">' in response.content.decode()


def test_the_api_answers_503_in_its_error_shape(world):
    _token, plain = token_create(user=world.director, name="outage")
    client = Client(raise_request_exception=False)

    with connection.execute_wrapper(_server_down):
        response = client.get("/api/v1/projects", headers={"Authorization": f"Bearer {plain}"})

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json() == {"error": {"code": "unavailable", "message": MESSAGE, "details": {}}}


def test_another_error_is_still_a_500_not_hidden_as_an_outage(officer_client):
    with connection.execute_wrapper(_a_bug):
        response = officer_client.get("/en/office/projects/")

    assert response.status_code == 500
    assert MESSAGE not in response.content.decode()


def test_the_service_answers_again_once_the_database_is_back(officer_client):
    with connection.execute_wrapper(_server_down):
        assert officer_client.get("/en/office/projects/").status_code == 503
    assert officer_client.get("/en/office/projects/").status_code == 200
