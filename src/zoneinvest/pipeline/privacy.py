"""A contact's personal data on their request: all of it (export), or none of it (erase).

What is stored about a contact (a person at an investor):
- the contact record: name, job title, email, phone, languages, notes;
- activities of their company that name them (by name or email) among the people met or in
  the notes;
- inquiries sent from the portal with their email address (in the contact's zone).

Erasing replaces those values with `ERASED` (or blanks them) and keeps every row, so counts,
projects, signings and amounts stay as they were. The audit trail never held the values
(core/audit.py PERSONAL_FIELDS); the erasure is audited with the fields' names and counts only.
Contacts are not in the search index (search/services.py SOURCES: companies, projects, policies
and stories).

Limits: a person mentioned only by part of their name ("Ms Schmidt") in an activity's notes is
not found; files exported before the erasure (reports' export jobs) keep what they held.

Privacy spans apps: this module reads the portal's inquiries, the one place the pipeline does.
"""

import datetime as dt
import re
from functools import reduce
from operator import or_
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from zoneinvest.accounts.models import Role, User
from zoneinvest.core.audit import audit_record
from zoneinvest.core.versioning import lock_for_update
from zoneinvest.pipeline.models import Activity, Contact
from zoneinvest.portal.models import Inquiry

# What an erased name reads as (stored data, the same in every language).
ERASED = "[erased]"
EXPORT_FORMAT = "zoneinvest.personal-data.v1"
# Who exports and erases a person's data: the zone's directors, and platform admins.
PRIVACY_OFFICERS = frozenset({Role.ADMIN, Role.DIRECTOR})
CONTACT_FIELDS = ("name", "title", "email", "phone", "languages", "notes")
INQUIRY_FIELDS = ("name", "email", "message")
SHORTEST_NAME = 2  # a shorter "name" would match inside other words


def user_can_handle_personal_data(*, user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in PRIVACY_OFFICERS)


def contact_is_erased(contact: Contact) -> bool:
    return contact.name == ERASED


# ---------------------------------------------------------------- what is stored about them


def _terms(contact: Contact) -> list[str]:
    """How records name the contact: their name and their email address."""
    terms = [contact.name.strip(), contact.email.strip()]
    return [t for t in terms if len(t) >= SHORTEST_NAME and t != ERASED]


def _mention_pattern(terms: list[str]) -> re.Pattern[str]:
    # Latin letters and digits may not touch the name ("Li" is not in "Lithium"); Chinese
    # characters may ("张伟先生").
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])", re.IGNORECASE)


def contact_activities(*, contact: Contact) -> list[Activity]:
    """The company's activities that name the contact among the people or in the notes."""
    terms = _terms(contact)
    if not terms:
        return []
    near = reduce(or_, (Q(people__icontains=t) | Q(notes__icontains=t) for t in terms))
    pattern = _mention_pattern(terms)
    candidates = Activity.objects.filter(near, company_id=contact.company_id).select_related(
        "project"
    )
    return [a for a in candidates if pattern.search(a.people) or pattern.search(a.notes)]


def contact_inquiries(*, contact: Contact) -> QuerySet[Inquiry]:
    """Inquiries sent from the portal to the contact's zone with the contact's email address."""
    if not contact.email:
        return Inquiry.objects.none()
    return Inquiry.objects.filter(zone_id=contact.zone_id, email__iexact=contact.email).order_by(
        "created_at", "id"
    )


# ---------------------------------------------------------------- export


def _when(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _contact_data(contact: Contact) -> dict[str, Any]:
    return {
        "id": contact.pk,
        "zone": contact.zone.code,
        "company": {"id": contact.company_id, "name": str(contact.company)},
        **{name: getattr(contact, name) for name in CONTACT_FIELDS},
        "created_at": _when(contact.created_at),
        "updated_at": _when(contact.updated_at),
    }


def _activity_data(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "date": _when(activity.date),
        "kind": activity.kind,
        "project": str(activity.project) if activity.project_id else None,
        "people": activity.people,
        "notes": activity.notes,
    }


def _inquiry_data(inquiry: Inquiry) -> dict[str, Any]:
    return {
        "id": inquiry.pk,
        "received_at": _when(inquiry.created_at),
        **{name: getattr(inquiry, name) for name in INQUIRY_FIELDS},
        "organisation": inquiry.organisation,
        "country": str(inquiry.country),
        "language": inquiry.language,
    }


@transaction.atomic
def personal_data_export(*, contact: Contact, by: User) -> dict[str, Any]:
    """Everything stored about the contact, as JSON-ready data; the export is audited."""
    activities = contact_activities(contact=contact)
    inquiries = list(contact_inquiries(contact=contact))
    audit_record(
        actor=by,
        verb="pipeline.contact.personal_data_exported",
        obj=contact,
        zone=contact.zone,
        changes={"activities": len(activities), "inquiries": len(inquiries)},
    )
    return {
        "format": EXPORT_FORMAT,
        "exported_at": _when(timezone.now()),
        "contact": _contact_data(contact),
        "activities": [_activity_data(a) for a in activities],
        "inquiries": [_inquiry_data(i) for i in inquiries],
    }


# ---------------------------------------------------------------- erasure


def _erase_mentions(activities: list[Activity], pattern: re.Pattern[str]) -> None:
    now = timezone.now()
    for activity in activities:
        activity.people = pattern.sub(ERASED, activity.people)
        activity.notes = pattern.sub(ERASED, activity.notes)
        activity.updated_at = now
    Activity.objects.bulk_update(activities, ["people", "notes", "updated_at"])


def _erase_inquiries(inquiries: QuerySet[Inquiry]) -> int:
    return inquiries.update(name=ERASED, email="", message="")


@transaction.atomic
def personal_data_erase(*, contact: Contact, by: User) -> Contact:
    """Replace the contact's personal data wherever it is stored; keep every row. Erasing an
    erased contact changes nothing."""
    current = lock_for_update(contact)
    if contact_is_erased(current):
        return current
    terms = _terms(current)
    activities = contact_activities(contact=current)
    if activities:
        _erase_mentions(activities, _mention_pattern(terms))
    inquiries = _erase_inquiries(contact_inquiries(contact=current))
    for name in CONTACT_FIELDS:
        setattr(current, name, "")
    current.name = ERASED
    current.version += 1
    current.save()
    audit_record(
        actor=by,
        verb="pipeline.contact.personal_data_erased",
        obj=current,
        zone=current.zone,
        changes={
            "erased": list(CONTACT_FIELDS),
            "activities": len(activities),
            "inquiries": inquiries,
        },
    )
    return current
