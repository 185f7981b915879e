"""The one way to write an AuditEvent; every service calls `audit_record`."""

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import models

from zoneinvest.core.models import AuditEvent, Zone


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
    return AuditEvent.objects.create(
        zone=zone,
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        object_version=getattr(obj, "version", None),
        changes=dict(changes or {}),
    )


def audit_trail(*, obj: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")
