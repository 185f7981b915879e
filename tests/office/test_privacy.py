"""A contact's personal data on request: a director downloads all of it, or erases it everywhere
it is stored while every count and figure stays; nobody else may (403 staff, 404 outsiders)."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from zoneinvest.core.models import AuditEvent
from zoneinvest.pipeline import services
from zoneinvest.pipeline.models import Activity, Contact, Project
from zoneinvest.pipeline.privacy import ERASED
from zoneinvest.portal.models import Inquiry
from zoneinvest.portal.services import inquiry_submit
from zoneinvest.reports.selectors import kpis
from zoneinvest.search.models import SearchEntry
from zoneinvest.search.selectors import search

NAME = "Anna Schmidt"
EMAIL = "anna.schmidt@voltstore.example"
PHONE = "+49 30 1234567"
NOTES = "Prefers calls before ten"
PERSONAL = (NAME, EMAIL, PHONE, NOTES, "Anna", "anna.schmidt")


@pytest.fixture
def person(world):
    """Anna: a contact of world.company, named in a visit, who wrote from the portal; and Li, a
    colleague named in the same visit."""
    contact = services.contact_create(
        company=world.company,
        name=NAME,
        title="Head of expansion",
        email=EMAIL,
        phone=PHONE,
        notes=NOTES,
        by=world.officer,
    )
    services.contact_create(company=world.company, name="Li Wei", by=world.officer)
    services.activity_record(
        kind="visit",
        date=dt.date(2024, 5, 1),
        by=world.officer,
        project=world.project,
        people=f"{NAME}, Li Wei",
        notes=f"{NAME} asked about land prices; write to {EMAIL}.",
    )
    services.activity_record(
        kind="call", date=dt.date(2024, 5, 2), by=world.officer, project=world.project
    )
    inquiry_submit(
        zone=world.zone,
        name=NAME,
        organisation="Voltstore GmbH",
        email=EMAIL.upper(),
        country="DE",
        message=f"I am {NAME}; call me on {PHONE}.",
    )
    return contact


def _figures(world):
    return {
        "kpis": kpis(user=world.director),
        "projects": Project.objects.count(),
        "company_projects": world.company.projects.count(),
        "contacts": Contact.objects.count(),
        "activities": Activity.objects.count(),
        "inquiries": Inquiry.objects.count(),
    }


def _erase(client, contact, word="ERASE"):
    return client.post(reverse("office:contact_erase", args=[contact.pk]), {"confirm": word})


def test_a_director_downloads_everything_stored_about_the_contact(world, person, client_for):
    response = client_for(world.director).get(reverse("office:contact_export", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["contact"]["name"] == NAME
    assert data["contact"]["email"] == EMAIL
    assert data["contact"]["phone"] == PHONE
    assert data["contact"]["notes"] == NOTES
    assert data["contact"]["company"]["name"] == str(world.company)
    assert [a["kind"] for a in data["activities"]] == ["visit"]  # the call does not name her
    assert [i["name"] for i in data["inquiries"]] == [NAME]
    event = AuditEvent.objects.get(verb="pipeline.contact.personal_data_exported")
    assert event.actor == world.director
    assert event.changes == {"activities": 1, "inquiries": 1}


def test_erasing_removes_the_personal_data_everywhere_and_keeps_every_figure(
    world, person, client_for
):
    before = _figures(world)
    response = _erase(client_for(world.director), person)
    assert response.status_code == 302
    assert response["Location"] == reverse("office:company_detail", args=[world.company.pk])

    person.refresh_from_db()
    assert person.name == ERASED
    assert (person.title, person.email, person.phone, person.languages, person.notes) == (
        "",
        "",
        "",
        "",
        "",
    )
    visit = Activity.objects.get(kind="visit")
    assert visit.people == f"{ERASED}, Li Wei"  # the colleague stays
    assert visit.notes == f"{ERASED} asked about land prices; write to {ERASED}."
    inquiry = Inquiry.objects.get()
    assert (inquiry.name, inquiry.email, inquiry.message) == (ERASED, "", "")
    assert inquiry.organisation == "Voltstore GmbH"

    stored = json.dumps(
        [
            list(Contact.objects.values()),
            list(Activity.objects.values("people", "notes")),
            list(Inquiry.objects.values("name", "email", "message")),
            list(AuditEvent.objects.values("object_repr", "changes")),
            list(SearchEntry.objects.values()),
        ],
        default=str,
    )
    for value in PERSONAL:
        assert value.lower() not in stored.lower(), value
    assert search(user=world.director, q="Schmidt") == []
    assert _figures(world) == before


def test_the_erasure_is_audited_without_the_erased_values(world, person, client_for):
    _erase(client_for(world.director), person)
    event = AuditEvent.objects.get(verb="pipeline.contact.personal_data_erased")
    assert event.actor == world.director
    assert event.object_id == str(person.pk)
    assert event.changes["activities"] == 1
    assert event.changes["inquiries"] == 1
    assert NAME not in json.dumps([event.object_repr, event.changes])


def test_erasing_twice_changes_nothing_more(world, person, client_for):
    client = client_for(world.director)
    _erase(client, person)
    _erase(client, person)
    assert AuditEvent.objects.filter(verb="pipeline.contact.personal_data_erased").count() == 1


def test_a_wrong_confirmation_word_erases_nothing(world, person, client_for):
    response = _erase(client_for(world.director), person, word="erase it")
    assert response.status_code == 200
    assert "ERASE" in response.content.decode()
    person.refresh_from_db()
    assert person.name == NAME


@pytest.mark.parametrize(
    ("role", "status"), [("officer", 403), ("analyst", 403), ("outsider", 404)]
)
def test_only_the_zone_s_directors_and_admins_export_or_erase(
    world, person, client_for, role, status
):
    client = client_for(world.user(role))
    assert client.get(reverse("office:contact_export", args=[person.pk])).status_code == status
    assert _erase(client, person).status_code == status
    person.refresh_from_db()
    assert person.name == NAME
    assert not AuditEvent.objects.filter(verb__startswith="pipeline.contact.personal_data")


def test_the_company_page_links_to_the_privacy_page_for_directors_only(world, person, client_for):
    link = reverse("office:contact_privacy", args=[person.pk])
    company_page = reverse("office:company_detail", args=[world.company.pk])
    assert link in client_for(world.director).get(company_page).content.decode()
    assert link not in client_for(world.officer).get(company_page).content.decode()
    page = client_for(world.director).get(link).content.decode()
    assert reverse("office:contact_export", args=[person.pk]) in page
    assert reverse("office:contact_erase", args=[person.pk]) in page
