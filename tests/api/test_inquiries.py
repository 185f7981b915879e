"""Inquiries from the portal through the API, as the office's inquiry list shows them: the lead
each opened, its owner, the response clock; the pipeline's readers only, read-only."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.api.helpers import assert_error
from tests.factories.places import make_park
from zoneinvest.pipeline.models import Activity, Project
from zoneinvest.portal.models import Inquiry
from zoneinvest.portal.services import inquiry_submit

MONDAY = dt.datetime(2024, 4, 1, 9, 0, tzinfo=dt.UTC)


def _inquiry(world, organisation="Voltstore GmbH", zone=None, **values) -> Inquiry:
    return inquiry_submit(
        zone=zone or world.zone,
        name="Anna Schmidt",
        organisation=organisation,
        email="anna@example.com",
        country="DE",
        message="We plan a battery plant.",
        chain=world.chain,
        **values,
    )


@pytest.fixture
def inquiries(world):
    """An old inquiry answered, an old one not answered (overdue), and a new one."""
    answered = _inquiry(world, "Answered AG", at=MONDAY)
    Activity.objects.create(
        zone=world.zone,
        kind=Activity.Kind.CALL,
        date=dt.date(2024, 4, 2),
        company=answered.project.company,
        project=answered.project,
    )
    late = _inquiry(world, "Late GmbH", at=MONDAY)
    fresh = _inquiry(world, "Fresh SA", park=make_park(world.zone, "auto"))
    return {"answered": answered, "late": late, "fresh": fresh}


def _organisations(response):
    assert response.status_code == 200, response.content
    return [item["organisation"] for item in response.json()["items"]]


def test_an_inquiry_is_read_with_its_lead_owner_and_clock(world, api_as, inquiries):
    body = api_as(world.officer).get(f"/inquiries/{inquiries['fresh'].pk}").json()

    assert body["organisation"] == "Fresh SA"
    assert (body["country"], body["country_name"]) == ("DE", "Germany")
    assert body["lead"]["id"] == inquiries["fresh"].project_id
    assert body["owner"]["id"] == inquiries["fresh"].project.owner_id
    assert body["about"] == {
        "kind": "park",
        "id": inquiries["fresh"].park_id,
        "slug": "auto",
        "title": "Auto Park",
    }
    assert body["due_by"] >= timezone.localdate().isoformat()
    assert (body["answered_on"], body["overdue"]) == (None, False)
    assert (body["email"], body["message"]) == ("anna@example.com", "We plan a battery plant.")


def test_the_list_leaves_the_email_and_message_to_the_detail(world, api_as, inquiries):
    item = api_as(world.officer).get("/inquiries").json()["items"][0]

    assert "email" not in item
    assert "message" not in item


def test_the_list_is_newest_first_and_filters_by_the_clock(world, api_as, inquiries):
    client = api_as(world.analyst)

    assert _organisations(client.get("/inquiries")) == ["Fresh SA", "Late GmbH", "Answered AG"]
    assert _organisations(client.get("/inquiries", answered="true")) == ["Answered AG"]
    assert _organisations(client.get("/inquiries", overdue="true")) == ["Late GmbH"]
    assert _organisations(client.get("/inquiries", overdue="false")) == ["Fresh SA", "Answered AG"]
    answered = client.get(f"/inquiries/{inquiries['answered'].pk}").json()
    assert answered["answered_on"] == "2024-04-02"


def test_an_inquiry_whose_lead_the_reader_may_not_see_is_left_out(world, api_as, inquiries):
    Project.objects.filter(pk=inquiries["late"].project_id).update(
        confidential=True, owner=world.officer2
    )

    officer = api_as(world.officer)
    director = api_as(world.director)

    assert "Late GmbH" not in _organisations(officer.get("/inquiries"))
    assert_error(officer.get(f"/inquiries/{inquiries['late'].pk}"), 404, "not_found")
    assert director.get(f"/inquiries/{inquiries['late'].pk}").status_code == 200


def test_an_outsider_gets_404_for_an_inquiry_of_another_zone(world, api_as, inquiries):
    client = api_as(world.outsider)

    assert_error(client.get(f"/inquiries/{inquiries['fresh'].pk}"), 404, "not_found")
    assert client.get("/inquiries").json()["count"] == 0


@pytest.mark.parametrize("role", ["consultant", "editor"])
def test_who_does_not_read_the_pipeline_learns_nothing_of_inquiries(world, api_as, role):
    assert_error(api_as(world.user(role)).get("/inquiries"), 404, "not_found")


def test_inquiries_are_answered_through_their_lead_not_written_here(world, api_as, inquiries):
    response = api_as(world.director).post("/inquiries", {"name": "x"})

    assert response.status_code == 405


def test_an_unknown_zone_or_clock_filter_is_refused(world, api_as):
    client = api_as(world.officer)

    assert_error(client.get("/inquiries", zone="elsewhere"), 422, "validation_failed")
    assert_error(client.get("/inquiries", late="true"), 422, "validation_failed")


def test_the_list_runs_the_same_number_of_queries_for_3_or_30_inquiries(world, api_as):
    client = api_as(world.officer)
    client.get("/inquiries")  # the token's first use records its last_used_at

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/inquiries", limit=100).status_code == 200
        return len(captured)

    for n in range(3):
        _inquiry(world, f"Company {n}")
    with_3 = queries()
    for n in range(3, 30):
        _inquiry(world, f"Company {n}")

    assert queries() == with_3
