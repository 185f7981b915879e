"""Mass assignment through the forms: fields a form does not declare are ignored when posted.

A form saves only its declared fields (`service_values()`), and the services accept only their
own lists (pipeline.services.PROJECT_FIELDS ...). Each test posts a valid form with extra fields
that would change the stage, the zone, the owner, the version or a referral's status, and checks
that the record changed where the form allows it and nowhere else.
"""

from typing import Any

import pytest
from django import forms
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.factories.pipeline import CompanyFactory
from zoneinvest.consultants.models import Referral
from zoneinvest.consultants.services import consultant_create
from zoneinvest.office.forms import CompanyForm, ProjectForm, StoryForm
from zoneinvest.pipeline.models import Company, Project
from zoneinvest.pipeline.stages import Stage
from zoneinvest.portal.models import Inquiry, Story
from zoneinvest.portal.services import story_create


def _posted(form: forms.BaseForm, **changes: Any) -> dict[str, Any]:
    """What a browser posts for `form` as it is shown (its initial values), with `changes`."""
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = str(value)
    return {**data, **changes}


def _row(model: Any, pk: int) -> dict[str, Any]:
    """Every column of the stored row (both languages of a translated field)."""
    record = model.objects.get(pk=pk)
    return {f.attname: getattr(record, f.attname) for f in model._meta.concrete_fields}


def _assert_unchanged(before: dict[str, Any], after: dict[str, Any], columns: Any) -> None:
    """The form's post, extra fields and all, left these columns (all real ones) as they were."""
    assert set(columns) <= set(before), set(columns) - set(before)
    assert {c: after[c] for c in columns} == {c: before[c] for c in columns}


# ---------------------------------------------------------------- a project

# What only the stage service, the import or nobody writes: the form must leave it alone.
PROJECT_RULED = (
    "id",
    "zone_id",
    "created_at",
    "stage",
    "stage_changed_at",
    "held_from_stage",
    "lost_reason",
    "furthest_stage_index",
    "external_id",
    "illustrative",
)


@pytest.fixture
def officer_client(world) -> Client:
    client = Client()
    client.force_login(world.officer)
    return client


def test_the_project_form_ignores_the_stage_zone_and_other_fields_it_does_not_show(
    world, officer_client
):
    project = world.project
    before = _row(Project, project.pk)
    form = ProjectForm(instance=project, user=world.officer)
    data = _posted(
        form,
        title_en="Renamed plant",
        stage=Stage.SIGNED,
        held_from_stage=Stage.NEGOTIATING,
        stage_changed_at="2020-01-01 00:00",
        lost_reason="Gone.",
        zone=world.other_zone.pk,
        zone_id=world.other_zone.pk,
        id=project.pk + 1000,
        external_id="HACKED",
        illustrative="on",
        created_by=world.outsider.pk,
    )
    response = officer_client.post(reverse("office:project_edit", kwargs={"pk": project.pk}), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    after = _row(Project, project.pk)
    assert after["title_en"] == "Renamed plant"  # the form's own field was saved
    assert after["version"] == before["version"] + 1
    _assert_unchanged(before, after, PROJECT_RULED)


def test_the_project_form_refuses_an_owner_of_another_zone(world, officer_client):
    project = world.project
    form = ProjectForm(instance=project, user=world.officer)
    data = _posted(form, owner=world.outsider.pk)
    response = officer_client.post(reverse("office:project_edit", kwargs={"pk": project.pk}), data)
    assert response.status_code == 200  # the form again, with its error
    assert "owner" in response.context["form"].errors
    assert Project.objects.get(pk=project.pk).owner_id == world.officer.pk


def test_the_project_form_refuses_a_company_of_another_zone(world, officer_client):
    project = world.project
    theirs = CompanyFactory(zone=world.other_zone)
    form = ProjectForm(instance=project, user=world.officer)
    data = _posted(form, company=theirs.pk)
    response = officer_client.post(reverse("office:project_edit", kwargs={"pk": project.pk}), data)
    assert response.status_code == 200
    assert "company" in response.context["form"].errors
    assert Project.objects.get(pk=project.pk).company_id == world.company.pk


def test_an_analyst_cannot_post_the_project_form(world):
    project = world.project
    before = _row(Project, project.pk)
    client = Client()
    client.force_login(world.analyst)
    data = _posted(ProjectForm(instance=project, user=world.officer), title_en="Renamed")
    response = client.post(reverse("office:project_edit", kwargs={"pk": project.pk}), data)
    assert response.status_code == 403
    assert _row(Project, project.pk) == before


# ---------------------------------------------------------------- a company


def test_the_company_form_ignores_zone_and_merge_fields(world, officer_client):
    company = world.company
    before = _row(Company, company.pk)
    survivor = CompanyFactory(zone=world.zone)
    form = CompanyForm(instance=company, user=world.officer)
    data = _posted(
        form,
        hq_city="Stuttgart",
        zone=world.other_zone.pk,
        merged_into=survivor.pk,
        normalized_name="hacked",
    )
    response = officer_client.post(reverse("office:company_edit", kwargs={"pk": company.pk}), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    after = _row(Company, company.pk)
    assert after["hq_city"] == "Stuttgart"
    _assert_unchanged(before, after, ("id", "zone_id", "merged_into_id", "normalized_name"))


# ---------------------------------------------------------------- a consultant's referral


def test_a_consultants_referral_form_ignores_status_consultant_zone_and_project(world):
    own = consultant_create(
        zone=world.zone, name_en="Li Zexiang", user=world.consultant, by=world.director
    )
    other = consultant_create(zone=world.zone, name_en="Denis Depoux", by=world.director)
    client = Client()
    client.force_login(world.consultant)
    response = client.post(
        reverse("office:my_referral_new"),
        {
            "company_name_en": "Voltstore GmbH",
            "country": "DE",
            "idea": "A battery plant.",
            # none of these is a field of the form
            "status": Referral.Status.REJECTED,
            "consultant": other.pk,
            "zone": world.other_zone.pk,
            "project": world.project.pk,
            "resolved_by": world.director.pk,
            "reward": "1000000",
            "submitted_at": "2020-01-01 00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    referral = Referral.objects.get()
    assert referral.consultant == own
    assert referral.zone == world.zone
    assert referral.status == Referral.Status.VALID  # the first claim on a new company
    assert referral.project != world.project
    assert referral.resolved_by is None
    assert referral.submitted_at.year > 2020


# ---------------------------------------------------------------- a story


def test_the_story_form_ignores_status_and_zone(world):
    story = story_create(
        zone=world.zone, by=None, slug="news", kind="business", title_en="News", body_en="Text."
    )
    before = _row(Story, story.pk)
    client = Client()
    client.force_login(world.editor)
    form = StoryForm(instance=story, user=world.editor)
    data = _posted(
        form,
        title_en="Fresh news",
        status="published",
        published_at="2020-01-01 00:00",
        zone=world.other_zone.pk,
    )
    url = reverse("office:content_edit", kwargs={"kind": "story", "pk": story.pk})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    after = _row(Story, story.pk)
    assert after["title_en"] == "Fresh news"
    _assert_unchanged(before, after, ("id", "zone_id", "status", "published_at", "illustrative"))


# ---------------------------------------------------------------- the portal's inquiry form


@pytest.fixture
def _fresh_cache():
    """The portal counts inquiries per address in the cache: start from none."""
    cache.clear()
    yield
    cache.clear()


@pytest.mark.usefixtures("_fresh_cache")
def test_the_inquiry_form_ignores_internal_fields(world):
    response = Client().post(
        reverse("portal:contact"),
        {
            "name": "Anna Schmidt",
            "organisation": "Voltstore GmbH",
            "country": "DE",
            "email": "anna@example.com",
            "message": "We plan a battery plant.",
            # internal fields a visitor must not set
            "zone": world.other_zone.pk,
            "zone_code": world.other_zone.code,
            "owner": world.outsider.pk,
            "project": world.project.pk,
            "stage": Stage.SIGNED,
            "status": "answered",
            "due_by": "2099-01-01",
            "created_at": "2020-01-01 00:00",
            "total_investment": "999999999",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    inquiry = Inquiry.objects.get()
    assert inquiry.zone == world.zone  # the portal's zone
    assert inquiry.created_at.year > 2020
    assert inquiry.due_by.year < 2099
    lead = inquiry.project
    assert lead is not None
    assert lead != world.project
    assert (lead.zone, lead.stage, lead.total_investment) == (world.zone, Stage.LEAD, None)
    assert lead.owner is not None
    assert lead.owner != world.outsider
    assert world.project.stage == Project.objects.get(pk=world.project.pk).stage
