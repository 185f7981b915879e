"""Projects through the API: create, read, update with a version, and who gets a 404."""

import pytest
from django.utils import translation

from tests.api.helpers import assert_error
from tests.factories.core import ZoneFactory
from tests.factories.pipeline import ChainFactory, CompanyFactory, ProjectFactory
from zoneinvest.accounts.models import Membership
from zoneinvest.core.models import AuditEvent
from zoneinvest.pipeline.models import Project
from zoneinvest.pipeline.stages import Stage


def test_an_officer_creates_a_company_then_a_project_for_it(world, api_as):
    client = api_as(world.officer)

    company = client.post(
        "/companies", {"name_en": "Changan Ford", "country": "us", "chain": world.chain.pk}
    )
    assert company.status_code == 201, company.content
    assert company.json()["zone"]["code"] == "liangjiang"
    assert company.json()["country"] == "US"

    response = client.post(
        "/projects",
        {
            "title_en": "Electric drive plant",
            "title_zh_hans": "电驱工厂",
            "company": company.json()["id"],
            "chain": world.chain.pk,
            "currency": "USD",
            "total_investment": "150000000",
            "land_mu": 120.5,
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "Electric drive plant"
    assert body["stage"] == {"code": "lead", "label": "Lead"}
    assert body["total_investment"] == {"amount": "150000000.00", "currency": "USD"}
    assert body["land_mu"] == "120.50"
    assert body["owner"]["username"] == "officer"
    assert body["sector"]["code"] == "manufacturing"
    assert body["version"] == 1
    project = Project.objects.get(pk=body["id"])
    assert project.zone == world.zone
    assert AuditEvent.objects.filter(verb="pipeline.project.created", actor=world.officer).exists()


def test_labels_follow_the_language_the_client_asks_for(world, api_as):
    client = api_as(world.officer)

    response = client.client.get(
        f"/api/v1/projects/{world.project.pk}",
        headers={"Authorization": f"Bearer {client.token}", "Accept-Language": "zh-hans"},
    )

    with translation.override("zh-hans"):
        expected = str(Stage.LEAD.label)  # 线索 once the catalogue is compiled
    assert response.json()["stage"] == {"code": "lead", "label": expected}


def test_a_user_of_several_zones_must_say_which_zone(world, api_as):
    second = ZoneFactory(code="second")
    Membership.objects.create(user=world.officer, zone=second)
    client = api_as(world.officer)

    refused = client.post("/projects", {"title_en": "Battery plant"})
    error = assert_error(refused, 422, "validation_failed")
    assert "zone" in error["details"]["fields"]

    created = client.post("/projects", {"title_en": "Battery plant", "zone": "second"})
    assert created.status_code == 201
    assert created.json()["zone"]["code"] == "second"


def test_a_zone_the_caller_does_not_work_in_is_refused(world, api_as):
    response = api_as(world.officer).post("/projects", {"title_en": "X", "zone": "elsewhere"})

    error = assert_error(response, 422, "validation_failed")
    assert list(error["details"]["fields"]) == ["zone"]


def test_references_to_another_zone_read_as_not_found(world, api_as):
    foreign_company = CompanyFactory(zone=world.other_zone)
    foreign_chain = ChainFactory(zone=world.other_zone)

    response = api_as(world.officer).post(
        "/projects",
        {
            "title_en": "X",
            "company": foreign_company.pk,
            "chain": foreign_chain.pk,
            "owner": world.outsider.pk,
        },
    )

    error = assert_error(response, 422, "validation_failed")
    assert set(error["details"]["fields"]) == {"company", "chain", "owner"}
    assert not Project.objects.filter(title_en="X").exists()


def test_an_officer_updates_a_project_with_the_version_they_read(world, api_as):
    client = api_as(world.officer)
    read = client.get(f"/projects/{world.project.pk}").json()

    response = client.patch(
        f"/projects/{world.project.pk}",
        {"version": read["version"], "expected_jobs": 800, "owner": world.officer2.pk},
    )

    assert response.status_code == 200, response.content
    assert response.json()["expected_jobs"] == 800
    assert response.json()["owner"]["username"] == "officer2"
    assert response.json()["version"] == read["version"] + 1


def test_an_update_made_on_a_stale_version_is_refused_with_409(world, api_as):
    client = api_as(world.officer)
    path = f"/projects/{world.project.pk}"
    assert client.patch(path, {"version": 1, "title_en": "First edit"}).status_code == 200

    response = client.patch(path, {"version": 1, "title_en": "Second edit"})

    error = assert_error(response, 409, "conflict")
    assert error["details"]["current_version"] == 2
    assert error["details"]["your_version"] == 1
    assert "Officer" in error["message"]
    world.project.refresh_from_db()
    assert world.project.title_en == "First edit"


def test_an_update_without_a_version_is_refused_with_422(world, api_as):
    response = api_as(world.officer).patch(f"/projects/{world.project.pk}", {"title_en": "X"})

    error = assert_error(response, 422, "validation_failed")
    assert error["details"]["fields"] == {"version": ["This field is required."]}


def test_the_stage_cannot_be_set_by_an_update(world, api_as):
    response = api_as(world.officer).patch(
        f"/projects/{world.project.pk}", {"version": 1, "stage": "operating"}
    )

    error = assert_error(response, 422, "validation_failed")
    assert "stage" in error["details"]["fields"]


def test_model_validation_errors_name_their_fields(world, api_as):
    response = api_as(world.officer).patch(
        f"/projects/{world.project.pk}",
        {"version": 1, "title_en": "X" * 301, "total_investment": -1},
    )

    error = assert_error(response, 422, "validation_failed")
    assert set(error["details"]["fields"]) == {"title_en", "total_investment"}


@pytest.mark.parametrize("method", ["get", "patch", "stage", "arrivals"])
def test_an_outsider_gets_404_for_a_project_of_another_zone(world, api_as, method):
    client = api_as(world.outsider)
    path = f"/projects/{world.project.pk}"
    calls = {
        "get": lambda: client.get(path),
        "patch": lambda: client.patch(path, {"version": 1, "title_en": "Mine now"}),
        "stage": lambda: client.post(f"{path}/stage", {"to": "lost", "version": 1, "reason": "x"}),
        "arrivals": lambda: client.post(f"{path}/arrivals", {"date": "2023-05-01", "amount": 1}),
    }

    assert_error(calls[method](), 404, "not_found")
    world.project.refresh_from_db()
    assert world.project.title_en != "Mine now"
    assert world.project.stage == "lead"


def test_a_project_that_does_not_exist_is_404(world, api_as):
    assert_error(api_as(world.officer).get("/projects/999999"), 404, "not_found")


def test_a_confidential_project_is_hidden_from_other_officers_but_not_the_director(world, api_as):
    secret = ProjectFactory(zone=world.zone, owner=world.officer, confidential=True)

    assert api_as(world.officer).get(f"/projects/{secret.pk}").status_code == 200
    assert api_as(world.director).get(f"/projects/{secret.pk}").status_code == 200
    assert_error(api_as(world.officer2).get(f"/projects/{secret.pk}"), 404, "not_found")
    listed = api_as(world.officer2).get("/projects").json()["items"]
    assert secret.pk not in [p["id"] for p in listed]


def test_paid_in_capital_is_recorded_and_summed_in_the_project_currency(world, api_as):
    client = api_as(world.officer)
    path = f"/projects/{world.project.pk}/arrivals"

    first = client.post(path, {"date": "2023-05-01", "amount": "30000000"})
    client.post(path, {"date": "2023-09-01", "amount": "20000000.50", "note": "second tranche"})

    assert first.status_code == 201, first.content
    assert first.json()["amount"] == {"amount": "30000000.00", "currency": "CNY"}
    arrivals = client.get(path).json()
    assert [a["date"] for a in arrivals["items"]] == ["2023-05-01", "2023-09-01"]
    assert arrivals["total"] == {"amount": "50000000.50", "currency": "CNY"}


def test_an_arrival_must_be_a_positive_amount(world, api_as):
    response = api_as(world.officer).post(
        f"/projects/{world.project.pk}/arrivals", {"date": "2023-05-01", "amount": 0}
    )

    error = assert_error(response, 422, "validation_failed")
    assert list(error["details"]["fields"]) == ["amount"]
