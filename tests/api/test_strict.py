"""What the OpenAPI document does not describe is refused with 422, not ignored: unknown query
parameters, values of the wrong type, 0/1 for a boolean and true or "7" for an id."""

import pytest

from tests.api.helpers import assert_error


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/projects", {"bogus": "1"}),
        ("/projects", {"stge": "lead"}),  # a misspelt filter
        ("/companies", {"stage": "lead"}),  # a filter of another list
        ("/tasks", {"project": "1"}),
        ("/public/parks", {"bogus": "1"}),
    ],
)
def test_an_unknown_query_parameter_is_refused_with_422_naming_it(world, api_as, path, params):
    response = api_as(world.officer).get(path, **params)

    error = assert_error(response, 422, "validation_failed")
    assert error["details"]["fields"] == {name: ["Unknown or read-only field."] for name in params}


def test_an_address_without_query_parameters_refuses_any(world, api_as):
    response = api_as(world.officer).get(f"/projects/{world.project.pk}", fields="title")

    error = assert_error(response, 422, "validation_failed")
    assert list(error["details"]["fields"]) == ["fields"]


def test_the_pages_parameters_are_known_to_every_list(world, api_as):
    response = api_as(world.officer).get("/projects", stage="lead", limit=5, offset=0)

    assert response.status_code == 200, response.content


def test_an_unknown_parameter_is_named_once_the_known_ones_are_valid(world, api_as):
    client = api_as(world.officer)

    first = assert_error(
        client.get("/projects", stage="nonsense", bogus=1), 422, "validation_failed"
    )
    second = assert_error(client.get("/projects", stage="lead", bogus=1), 422, "validation_failed")

    assert list(first["details"]["fields"]) == ["stage"]
    assert list(second["details"]["fields"]) == ["bogus"]


def test_without_a_token_an_unknown_parameter_is_still_a_401(world, anonymous):
    assert_error(anonymous.get("/projects", bogus=1), 401, "unauthorized")


@pytest.mark.parametrize(
    ("field", "value"),
    [("confidential", 1), ("illustrative", "true"), ("company", True), ("owner", "7")],
)
def test_a_body_value_of_another_json_type_is_refused(world, api_as, field, value):
    response = api_as(world.officer).post("/projects", {"title_en": "Plant", field: value})

    error = assert_error(response, 422, "validation_failed")
    assert list(error["details"]["fields"]) == [field]


def test_a_whole_number_may_be_written_with_a_zero_fraction(world, api_as):
    """JSON Schema's "integer" takes 7.0 as well as 7 (and so do clients that only know
    floats); 7.5 is no whole number."""
    client = api_as(world.officer)

    kept = client.post("/projects", {"title_en": "Plant", "expected_jobs": 700.0})
    refused = client.post("/projects", {"title_en": "Plant", "expected_jobs": 700.5})

    assert kept.status_code == 201, kept.content
    assert kept.json()["expected_jobs"] == 700
    assert assert_error(refused, 422, "validation_failed")["details"]["fields"] == {
        "expected_jobs": ["Enter a whole number."]
    }


def test_a_choice_that_may_be_left_blank_is_refused_at_its_field(world, api_as):
    response = api_as(world.officer).post("/projects", {"title_en": "Plant", "sector": "mining"})

    error = assert_error(response, 422, "validation_failed")
    assert error["details"]["fields"] == {"sector": ["Choose one of: manufacturing, service."]}


@pytest.mark.parametrize(
    ("amount", "status"),
    [("1e8", 201), ("1.5e8", 201), ("9999999999999.99", 201), ("12e17", 422), ("1e19", 422)],
)
def test_an_amount_with_an_exponent_is_taken_as_far_as_its_column_holds(
    world, api_as, amount, status
):
    response = api_as(world.officer).post(
        "/projects", {"title_en": "Plant", "total_investment": amount}
    )

    assert response.status_code == status, response.content
