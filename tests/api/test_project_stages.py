"""Stage changes through the API: refused with the missing fields, and the whole road walked."""

from tests.api.helpers import assert_error
from zoneinvest.pipeline.models import StageChange


def _new_lead(client, world, **fields):
    response = client.post("/projects", {"title_en": "Gigafactory", **fields})
    assert response.status_code == 201, response.content
    return response.json()


def test_a_stage_change_lacking_fields_is_refused_with_422_listing_them(world, api_as):
    client = api_as(world.officer)
    lead = _new_lead(client, world)

    response = client.post(
        f"/projects/{lead['id']}/stage", {"to": "qualified", "version": lead["version"]}
    )

    error = assert_error(response, 422, "missing_stage_fields")
    assert set(error["details"]["fields"]) == {"company", "sector", "chain"}
    assert "industry chain" in error["message"]
    assert client.get(f"/projects/{lead['id']}").json()["stage"]["code"] == "lead"


def test_values_sent_with_the_stage_change_supply_the_missing_fields(world, api_as):
    client = api_as(world.officer)
    lead = _new_lead(client, world)

    response = client.post(
        f"/projects/{lead['id']}/stage",
        {
            "to": "qualified",
            "version": lead["version"],
            "values": {
                "company": world.company.pk,
                "chain": world.chain.pk,
                "sector": "manufacturing",
            },
        },
    )

    assert response.status_code == 200, response.content
    assert response.json()["stage"]["code"] == "qualified"
    assert response.json()["company"]["id"] == world.company.pk


def test_a_transition_off_the_table_is_refused_with_the_allowed_targets(world, api_as):
    response = api_as(world.officer).post(
        f"/projects/{world.project.pk}/stage", {"to": "operating", "version": 1}
    )

    error = assert_error(response, 422, "invalid_stage_transition")
    assert error["details"]["allowed"] == ["lost", "on_hold", "qualified"]


def test_a_stage_change_on_a_stale_version_is_refused_with_409(world, api_as):
    client = api_as(world.officer)
    client.patch(f"/projects/{world.project.pk}", {"version": 1, "expected_jobs": 10})

    response = client.post(
        f"/projects/{world.project.pk}/stage", {"to": "lost", "version": 1, "reason": "Gone"}
    )

    assert_error(response, 409, "conflict")


def test_losing_a_project_needs_a_reason(world, api_as):
    client = api_as(world.officer)
    path = f"/projects/{world.project.pk}/stage"

    refused = client.post(path, {"to": "lost", "version": 1})
    lost = client.post(path, {"to": "lost", "version": 1, "reason": "Price", "lost_to": "Hefei"})

    assert "reason" in assert_error(refused, 422, "missing_stage_fields")["details"]["fields"]
    assert lost.status_code == 200
    assert (lost.json()["lost_reason"], lost.json()["lost_to"]) == ("Price", "Hefei")


def test_an_unknown_stage_is_refused_with_422(world, api_as):
    response = api_as(world.officer).post(
        f"/projects/{world.project.pk}/stage", {"to": "done", "version": 1}
    )

    error = assert_error(response, 422, "validation_failed")
    assert "to" in error["details"]["fields"]


def test_a_project_walks_from_lead_to_operating_through_the_api(world, api_as):
    client = api_as(world.officer)
    project = _new_lead(
        client, world, company=world.company.pk, chain=world.chain.pk, total_investment="5e9"
    )
    road = [
        ("qualified", {}),
        ("negotiating", {"est_signing_date": "2023-05-18"}),
        ("signed", {"signing_date": "2023-05-18", "contracted_amount": "4800000000"}),
        ("registered", {"registration_date": "2023-07-01", "registered_capital": "1e9"}),
        ("construction", {"construction_date": "2023-10-10", "land_mu": "350"}),
        ("operating", {"operation_date": "2025-03-01"}),
    ]

    for stage, values in road:
        response = client.post(
            f"/projects/{project['id']}/stage",
            {"to": stage, "version": project["version"], "values": values},
        )
        assert response.status_code == 200, (stage, response.content)
        assert response.json()["version"] == project["version"] + 1
        project = response.json()
        assert project["stage"]["code"] == stage

    assert project["contracted_amount"] == {"amount": "4800000000.00", "currency": "CNY"}
    history = StageChange.objects.filter(project_id=project["id"]).order_by("at", "id")
    assert [c.to_stage for c in history] == ["lead"] + [stage for stage, _ in road]
    assert all(c.by == world.officer for c in history)
