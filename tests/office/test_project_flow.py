"""An officer follows a project from first contact to an operating plant, through the pages."""

import re

import pytest
from django.urls import reverse

from zoneinvest.core.models import AuditEvent
from zoneinvest.pipeline.models import Activity, Company, Project, StageChange

STAGE_VALUES = {
    "qualified": {"sector": "manufacturing", "chain": "{chain}", "owner": "{officer}"},
    "negotiating": {"total_investment": "1200000000", "est_signing_date": "2024-03-01"},
    "signed": {"signing_date": "2024-03-15"},
    "registered": {
        "registration_date": "2024-05-10",
        "registered_capital": "300000000",
        "contracted_amount": "1200000000",
    },
    "construction": {"construction_date": "2024-09-01", "land_mu": "150"},
    "operating": {"operation_date": "2025-10-01"},
}


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def officer_client(world, client_for):
    return client_for(world.officer)


def _create_company_and_project(world, client):
    response = client.post(
        reverse("office:company_new"),
        {"name_en": "Voltstore Energy GmbH", "name_zh_hans": "沃斯托能源", "country": "DE"},
    )
    company = Company.objects.get(name_en="Voltstore Energy GmbH")
    assert response.status_code == 302
    response = client.post(
        reverse("office:project_new"),
        {
            "title_en": "Battery storage plant",
            "title_zh_hans": "储能电池工厂",
            "company": company.pk,
            "currency": "CNY",
            "source": "event",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    return company, Project.objects.get(title_en="Battery storage plant")


def test_an_officer_takes_a_project_from_lead_to_operating(world, officer_client):
    company, project = _create_company_and_project(world, officer_client)
    assert project.stage == "lead"
    assert project.owner == world.officer
    officer_client.post(
        reverse("office:activity_new", args=[project.pk]),
        {"kind": "site_tour", "date": "2024-01-20", "people": "Dr. Weber", "notes": "Liked park A"},
    )
    for stage, values in STAGE_VALUES.items():
        data = {
            k: v.format(chain=world.chain.pk, officer=world.officer.pk) for k, v in values.items()
        }
        project.refresh_from_db()
        response = officer_client.post(
            reverse("office:project_stage", args=[project.pk]),
            {"to": stage, "version": project.version, **data},
        )
        assert response.status_code == 302, _messages(response)
    project.refresh_from_db()
    assert project.stage == "operating"
    assert list(
        StageChange.objects.filter(project=project)
        .order_by("at", "id")
        .values_list("to_stage", flat=True)
    ) == ["lead", "qualified", "negotiating", "signed", "registered", "construction", "operating"]
    assert Activity.objects.filter(project=project, kind="site_tour").exists()
    verbs = set(
        AuditEvent.objects.filter(
            object_id=str(project.pk), object_type="pipeline.project"
        ).values_list("verb", flat=True)
    )
    assert {
        "pipeline.project.created",
        "pipeline.project.stage_changed",
        "pipeline.activity.recorded",
    } <= verbs
    page = officer_client.get(reverse("office:project_detail", args=[project.pk])).content.decode()
    assert "Stage changed from “Construction started” to “Operating”" in page
    assert "Site tour" in page


def test_a_move_missing_required_fields_is_refused_with_the_list_of_what_is_missing(
    world, officer_client
):
    project = world.project
    project.stage = "negotiating"
    project.save()
    response = officer_client.post(
        reverse("office:project_stage", args=[project.pk]),
        {"to": "signed", "version": project.version},
    )
    assert response.status_code == 200
    message = " ".join(_messages(response))
    assert "signing date" in message
    project.refresh_from_db()
    assert project.stage == "negotiating"
    assert not StageChange.objects.filter(project=project, to_stage="signed").exists()


def test_an_illegal_jump_is_refused_with_the_allowed_stages(world, officer_client):
    response = officer_client.post(
        reverse("office:board_move"), {"project": world.project.pk, "to": "operating"}, follow=True
    )
    assert "cannot move from “Lead” to “Operating”" in " ".join(_messages(response))
    world.project.refresh_from_db()
    assert world.project.stage == "lead"


def test_a_second_officer_saving_a_stale_copy_gets_a_conflict(world, client_for):
    first, second = client_for(world.officer), client_for(world.officer2)
    edit_url = reverse("office:project_edit", args=[world.project.pk])
    stale_form = second.get(edit_url).context["form"]
    seen = {k: v for k, v in stale_form.initial.items() if v is not None}
    first_form = first.get(edit_url).context["form"]
    first_data = {k: v for k, v in first_form.initial.items() if v is not None}
    assert first.post(edit_url, {**first_data, "expected_jobs": 800}).status_code == 302

    response = second.post(edit_url, {**seen, "expected_jobs": 500, "land_mu": "90"})
    assert response.status_code == 200
    message = " ".join(_messages(response))
    assert "Officer saved this record after you opened it" in message
    assert "expected jobs" in message
    world.project.refresh_from_db()
    assert world.project.expected_jobs == 800
    assert world.project.land_mu is None


def test_the_project_page_of_another_zone_is_not_found(world, client_for):
    response = client_for(world.outsider).get(
        reverse("office:project_detail", args=[world.project.pk])
    )
    assert response.status_code == 404


def test_a_confidential_project_is_hidden_from_other_officers_but_not_from_the_director(
    world, client_for
):
    world.project.confidential = True
    world.project.save()
    url = reverse("office:project_detail", args=[world.project.pk])
    assert client_for(world.officer2).get(url).status_code == 404
    assert client_for(world.officer).get(url).status_code == 200
    assert client_for(world.director).get(url).status_code == 200


def test_the_list_filters_by_stage_and_text(world, client_for):
    from tests.factories.pipeline import ProjectFactory

    ProjectFactory(zone=world.zone, title_en="Chip packaging line", stage="negotiating")
    client = client_for(world.director)
    page = client.get(reverse("office:project_list"), {"stage": "negotiating"}).content.decode()
    assert "Chip packaging line" in page
    assert world.project.title_en not in page
    page = client.get(reverse("office:project_list"), {"q": "chip"}).content.decode()
    assert "Chip packaging line" in page


def test_pages_speak_chinese_under_zh_hans(world, client_for):
    from django.utils import translation

    client = client_for(world.officer)
    with translation.override("zh-hans"):
        url = reverse("office:project_list")
    assert url.startswith("/zh-hans/")
    page = client.get(url).content.decode()
    assert re.search(r'<html lang="zh-hans"', page)
