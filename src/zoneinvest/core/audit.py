"""The one way to write an AuditEvent; every service calls `audit_record`.

The trail is append-only (on PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE of
`core_auditevent`: migration core 0002), so it never holds what a person may ask to have erased:
the values of the personal fields named in `PERSONAL_FIELDS` are recorded as `PERSONAL_VALUE`
(the trail still says which fields changed), and such a record is named by its kind and id, not
by its `str()` (a contact's name).

`security_record` writes the events that are about a request rather than a record: failed
log-ins and refused requests (core/security.py).
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import models

from zoneinvest.core.models import AuditEvent, Zone

# What the trail records in place of a personal value.
PERSONAL_VALUE = "[personal data]"

# Records about a person (model label → the fields that hold their personal data). Labels, not
# imports: core imports no domain app. pipeline/privacy.py exports and erases these fields.
PERSONAL_FIELDS: dict[str, frozenset[str]] = {
    "pipeline.contact": frozenset({"name", "title", "email", "phone", "languages", "notes"}),
    "portal.inquiry": frozenset({"name", "email", "message"}),
}


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value, for the before/after record."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    return str(value)  # e.g. django-countries' Country → "DE"


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values as JSON; a foreign key as {"id", "label"} so the trail reads without lookups."""
    return {name: _value(obj, name) for name in fields}


def _value(obj: models.Model, name: str) -> Any:
    field = obj._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        pk = getattr(obj, field.attname)
        return None if pk is None else {"id": pk, "label": str(getattr(obj, name))[:200]}
    return _plain(getattr(obj, name))


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields whose value changed."""
    return {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]}


def audit_record(
    *,
    actor: Any,
    verb: str,
    obj: models.Model,
    zone: Zone | None,
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    label = obj._meta.label_lower
    personal = PERSONAL_FIELDS.get(label, frozenset())
    return AuditEvent.objects.create(
        zone=zone,
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        object_type=label,
        object_id=str(obj.pk),
        object_repr=(f"{obj._meta.model_name} {obj.pk}" if personal else str(obj))[:300],
        object_version=getattr(obj, "version", None),
        changes=without_personal_values(changes or {}, personal),
    )


def without_personal_values(changes: Mapping[str, Any], personal: Iterable[str]) -> dict[str, Any]:
    """The changes with each personal field's values replaced by `PERSONAL_VALUE` (a blank
    value stays blank: the trail may say a phone number was added, never which)."""
    hidden = set(personal)
    return {name: _masked(value) if name in hidden else value for name, value in changes.items()}


def _masked(value: Any) -> Any:
    if isinstance(value, list):
        return [_masked(v) for v in value]
    return value if value in (None, "") else PERSONAL_VALUE


def security_record(
    *,
    verb: str,
    actor: Any,
    subject_type: str,
    subject_id: str,
    subject_repr: str,
    changes: Mapping[str, Any],
) -> AuditEvent:
    """An event about a request, not a record (a failed log-in, a refused request)."""
    return AuditEvent.objects.create(
        zone=None,
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        object_type=subject_type[:80],
        object_id=subject_id[:40],
        object_repr=subject_repr[:300],
        changes=dict(changes),
    )


def audit_trail(*, obj: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")
