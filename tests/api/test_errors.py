"""Every error has one shape, whatever raised it."""

from tests.api.helpers import API, assert_error


def test_a_payload_of_the_wrong_types_is_refused_with_422_naming_each_field(world, api_as):
    response = api_as(world.officer).post(
        "/projects",
        {"total_investment": "a lot", "expected_jobs": 1.5, "est_signing_date": "soon"},
    )

    error = assert_error(response, 422, "validation_failed")
    assert error["details"]["fields"] == {
        "title_en": ["This field is required."],
        "total_investment": ["Enter a number."],
        "expected_jobs": ["Enter a whole number."],
        "est_signing_date": ["Enter a valid date."],
    }


def test_nested_fields_are_named_by_their_path(world, api_as):
    response = api_as(world.officer).post(
        f"/projects/{world.project.pk}/stage",
        {"to": "qualified", "version": 1, "values": {"land_mu": -1, "colour": "red"}},
    )

    error = assert_error(response, 422, "validation_failed")
    assert set(error["details"]["fields"]) == {"values.land_mu", "values.colour"}


def test_a_body_that_is_not_json_is_refused_with_400(world, api_as):
    client = api_as(world.officer)

    response = client.client.post(
        f"{API}/projects",
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {client.token}"},
    )

    assert_error(response, 400, "bad_request")


def test_an_unknown_address_under_the_api_is_a_404_in_the_error_shape(world, api_as):
    assert_error(api_as(world.officer).get("/no/such/thing"), 404, "not_found")


def test_an_unknown_address_without_a_token_is_401(world, anonymous):
    assert_error(anonymous.get("/no/such/thing"), 401, "unauthorized")


def test_errors_answer_in_the_language_the_client_asks_for(world, api_as):
    client = api_as(world.officer)

    response = client.client.get(
        f"{API}/projects/999999",
        headers={"Authorization": f"Bearer {client.token}", "Accept-Language": "zh-hans"},
    )

    assert_error(response, 404, "not_found")
    assert response["Content-Language"] == "zh-hans"


def test_a_taken_external_id_is_refused_by_name(world, api_as):
    client = api_as(world.officer)
    body = {"title_en": "Battery plant", "external_id": "CQ-2023-001"}

    first = client.post("/projects", body)
    second = client.post("/projects", body)

    assert first.status_code == 201, first.content
    assert_error(second, 422, "validation_failed")
    assert set(second.json()["error"]["details"]["fields"]) == {"external_id"}


def test_a_unique_value_the_database_refuses_is_a_409_not_a_server_error(
    world, api_as, monkeypatch
):
    """Two requests racing past the service's check: the database's constraint decides."""
    from zoneinvest.pipeline import services

    monkeypatch.setattr(services, "_refuse_taken_external_id", lambda project: None)
    client = api_as(world.officer)
    body = {"title_en": "Battery plant", "external_id": "CQ-2023-001"}

    first = client.post("/projects", body)
    second = client.post("/projects", body)

    assert first.status_code == 201, first.content
    assert_error(second, 409, "conflict")
