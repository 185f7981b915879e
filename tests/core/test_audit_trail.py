"""The audit trail records every kind of event once: a write, a stage change, an export (in the
request and as a background job), a failed log-in and a refusal (403) in the office and in the
API; personal values never enter it."""

import json
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from tests.api.helpers import ApiClient
from zoneinvest.accounts.services import token_create
from zoneinvest.core.admin import AuditEventAdmin
from zoneinvest.core.audit import PERSONAL_FIELDS, PERSONAL_VALUE
from zoneinvest.core.models import AuditEvent
from zoneinvest.pipeline import services
from zoneinvest.reports.export_jobs import export_job, export_start

SECRET_PASSWORD = "Wr0ng-but-secret-P4ss!"  # noqa: S105 - the password a test tries


@contextmanager
def one_new_event():
    """Yields a list that holds, after the block, the one event the block wrote."""
    before = set(AuditEvent.objects.values_list("pk", flat=True))
    new: list[AuditEvent] = []
    yield new
    new.extend(AuditEvent.objects.exclude(pk__in=before).order_by("pk"))
    assert len(new) == 1, [(e.verb, e.object_repr) for e in new]


def test_a_write_is_recorded_once_with_who_what_and_where(world):
    with one_new_event() as new:
        company = services.company_create(
            zone=world.zone, name_en="Voltstore", country="DE", by=world.officer
        )
    event = new[0]
    assert event.verb == "pipeline.company.created"
    assert (event.actor, event.zone) == (world.officer, world.zone)
    assert (event.object_type, event.object_id) == ("pipeline.company", str(company.pk))
    assert event.changes["name_en"] == [None, "Voltstore"]


def test_a_stage_change_is_recorded_once_with_both_stages(world):
    project = world.project
    with one_new_event() as new:
        services.project_change_stage(
            project=project, to="on_hold", by=world.officer, reason="Budget frozen"
        )
    event = new[0]
    assert event.verb == "pipeline.project.stage_changed"
    assert event.actor == world.officer
    assert event.object_id == str(project.pk)
    assert event.changes["stage"] == ["lead", "on_hold"]


def test_an_export_in_the_request_is_recorded_once(world, client_for):
    client = client_for(world.director)
    with one_new_event() as new:
        response = client.get(reverse("office:export_projects"), {"sort": "title"})
    assert response.status_code == 200
    event = new[0]
    assert event.verb == "reports.export"
    assert event.actor == world.director
    assert event.changes["format"] == "csv"
    assert event.changes["rows"] == 1
    assert event.changes["filters"] == {"sort": "title"}


def test_a_background_export_is_recorded_when_queued_and_when_built(world):
    with one_new_event() as queued:
        job = export_start(
            kind="projects", fmt="csv", query="", rows=1, zone=None, back="/", by=world.director
        )
    assert queued[0].verb == "reports.export.queued"
    assert queued[0].actor == world.director
    with one_new_event() as built:
        export_job.call(job.pk)
    assert built[0].verb == "reports.export"
    assert built[0].actor == world.director
    assert built[0].changes["job"] == job.pk
    assert built[0].changes["rows"] == 1


def test_a_failed_log_in_is_recorded_with_the_name_and_address_never_the_password(world):
    client = Client(REMOTE_ADDR="198.51.100.7")
    with one_new_event() as new:
        response = client.post(
            reverse("accounts:login"), {"username": "officer", "password": SECRET_PASSWORD}
        )
    assert response.status_code == 200
    event = new[0]
    assert event.verb == "accounts.login.failed"
    assert event.actor is None
    assert event.object_id == str(world.officer.pk)
    assert event.changes == {"username": "officer", "address": "198.51.100.7", "locked_out": False}
    assert SECRET_PASSWORD not in json.dumps([event.changes, event.object_repr])


def test_a_log_in_with_an_unknown_name_is_recorded_too(db):
    with one_new_event() as new:
        Client().post(reverse("accounts:login"), {"username": "nobody", "password": "x"})
    assert new[0].verb == "accounts.login.failed"
    assert (new[0].object_id, new[0].changes["username"]) == ("", "nobody")


def test_log_ins_refused_by_the_lockout_are_recorded_as_locked_out(world):
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit + 1):
        client.post(reverse("accounts:login"), {"username": "officer", "password": "wrong"})
    events = list(AuditEvent.objects.filter(verb="accounts.login.failed").order_by("pk"))
    assert len(events) == limit + 1  # one per attempt, the refused one included
    assert not events[0].changes["locked_out"]
    assert events[-1].changes["locked_out"]


def test_a_403_in_the_office_is_recorded_with_path_method_and_user(world, client_for):
    client = client_for(world.analyst)
    path = reverse("office:project_new")
    with one_new_event() as new:
        assert client.get(path).status_code == 403
    event = new[0]
    assert event.verb == "security.permission_denied"
    assert event.actor == world.analyst
    assert event.changes["path"] == path
    assert event.changes["method"] == "GET"
    assert event.changes["user"] == "analyst"
    assert event.changes["api"] is False


def test_a_403_in_the_api_is_recorded_with_the_token_owner(world):
    _token, plain = token_create(user=world.analyst, name="script")
    api = ApiClient(Client(), plain)
    with one_new_event() as new:
        response = api.post("/projects", {"title_en": "Not allowed"})
    assert response.status_code == 403
    event = new[0]
    assert event.verb == "security.permission_denied"
    assert event.actor == world.analyst
    assert event.changes["method"] == "POST"
    assert event.changes["path"] == "/api/v1/projects"
    assert event.changes["api"] is True
    assert plain not in json.dumps(event.changes)


def test_a_404_for_an_outsider_is_not_recorded(world, client_for):
    before = AuditEvent.objects.count()
    response = client_for(world.outsider).get(
        reverse("office:project_detail", args=[world.project.pk])
    )
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


def test_a_403_to_a_visitor_not_signed_in_is_not_recorded(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403  # no CSRF token
    assert not AuditEvent.objects.exists()


def test_a_contact_s_personal_values_never_enter_the_trail(world):
    contact = services.contact_create(
        company=world.company,
        name="Anna Schmidt",
        email="anna@voltstore.example",
        phone="+49 30 1234567",
        notes="Prefers calls in the morning",
        by=world.officer,
    )
    services.contact_update(
        contact=contact, version=contact.version, by=world.officer, phone="+49 30 7654321"
    )
    events = AuditEvent.objects.filter(object_type="pipeline.contact")
    assert [e.verb for e in events.order_by("pk")] == [
        "pipeline.contact.created",
        "pipeline.contact.updated",
    ]
    stored = json.dumps([[e.object_repr, e.changes] for e in events])
    for value in ("Anna", "anna@voltstore", "1234567", "7654321", "morning"):
        assert value not in stored
    updated = events.get(verb="pipeline.contact.updated")
    assert updated.changes == {"phone": [PERSONAL_VALUE, PERSONAL_VALUE]}
    assert updated.object_repr == f"contact {contact.pk}"


def test_a_user_who_acted_cannot_be_deleted_only_deactivated(world):
    services.company_create(zone=world.zone, name_en="Voltstore", country="DE", by=world.officer)
    with pytest.raises(ProtectedError):
        world.officer.delete()


def test_the_admin_cannot_add_change_or_delete_audit_events(world, rf):
    admin_page = AuditEventAdmin(AuditEvent, None)
    request = rf.get("/")
    request.user = world.admin
    assert not admin_page.has_add_permission(request)
    assert not admin_page.has_change_permission(request)
    assert not admin_page.has_delete_permission(request)


def test_an_inquiry_from_the_portal_is_recorded_without_the_sender_s_details(world):
    from zoneinvest.portal.services import inquiry_submit

    inquiry = inquiry_submit(
        zone=world.zone,
        name="Anna Schmidt",
        organisation="Voltstore GmbH",
        email="anna@voltstore.example",
        country="DE",
        message="We plan a battery plant.",
    )
    event = AuditEvent.objects.get(verb="portal.inquiry.received")
    assert event.object_id == str(inquiry.pk)
    stored = json.dumps([event.object_repr, event.changes])
    assert "Anna" not in stored
    assert "anna@" not in stored


def test_the_personal_fields_name_real_models_and_fields():
    """The masking goes by model label and field name (core imports no domain app): a renamed
    model or field would leak its values into the trail unnoticed, so each is checked here."""
    for label, fields in PERSONAL_FIELDS.items():
        model = apps.get_model(label)
        assert fields <= {f.name for f in model._meta.get_fields()}, label
