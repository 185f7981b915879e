"""Optimistic locking and validated saves shared by every service that edits a record."""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext

from zoneinvest.core.audit import audit_record, audit_trail, diff, snapshot
from zoneinvest.core.errors import StaleEdit, ValidationFailed
from zoneinvest.core.i18n import join_words

M = TypeVar("M", bound=models.Model)


def lock_for_update[M: models.Model](obj: M) -> M:
    """The current row, locked until the transaction ends (PostgreSQL; SQLite locks the file)."""
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)  # type: ignore[return-value]


def ensure_current_version(current: models.Model, seen_version: int | None) -> None:
    """Refuse an edit made on a copy older than the stored row, saying who changed what."""
    stored = getattr(current, "version", None)
    if seen_version is None or stored is None or seen_version == stored:
        return
    events = audit_trail(obj=current).filter(object_version__gt=seen_version).order_by("at", "id")
    changed: dict[str, None] = {}
    people: dict[str, None] = {}
    for event in events:
        changed.update(dict.fromkeys(event.changes))
        people[str(event.actor or gettext("someone"))] = None
    fields = [_label(current, name) for name in changed] or [gettext("the record")]
    message = gettext(
        "%(people)s saved this record after you opened it (changed: %(fields)s). "
        "Nothing of yours was saved; reload to see the current version and apply your change again."
    ) % {"people": join_words(people) or gettext("Someone"), "fields": join_words(fields)}
    raise StaleEdit(
        message,
        details={"current_version": stored, "your_version": seen_version, "changed": list(changed)},
    )


def _label(obj: models.Model, name: str) -> str:
    try:
        return str(getattr(obj._meta.get_field(name), "verbose_name", name))
    except Exception:  # noqa: BLE001 - a name in changes that is not a field (e.g. "stage note")
        return name


def validate_or_raise(obj: models.Model, *, exclude: Iterable[str] = ()) -> None:
    """Model validation (fields, choices, constraints) as one ValidationFailed listing fields."""
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        fields = {
            ("__all__" if key == "__all__" else key): [str(m) for m in messages]
            for key, messages in exc.message_dict.items()
        }
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."), fields
        ) from exc


def set_fields(obj: models.Model, values: dict[str, Any], allowed: Iterable[str]) -> None:
    allowed_set = set(allowed)
    unknown = sorted(set(values) - allowed_set)
    if unknown:
        raise ValidationFailed.for_fields(
            gettext("These fields cannot be set here."),
            {name: [gettext("Unknown or read-only field.")] for name in unknown},
        )
    for name, value in values.items():
        setattr(obj, name, value)


def versioned_edit[M: models.Model](
    obj: M,
    *,
    version: int | None,
    values: dict[str, Any],
    allowed: Iterable[str],
    audited: Iterable[str],
    check: Callable[[M], None],
    by: Any,
    verb: str,
) -> M:
    """The one way an editable record is edited: lock, refuse a stale copy, set, check, audit.

    Call inside the service's transaction. Nothing is saved (and the version stays) when no
    audited field changed.
    """
    current = lock_for_update(obj)
    ensure_current_version(current, version)
    audited = tuple(audited)
    before = snapshot(current, audited)
    set_fields(current, values, allowed)
    check(current)
    changes = diff(before, snapshot(current, audited))
    if changes:
        current.version += 1  # type: ignore[attr-defined]
        current.save()
        audit_record(
            actor=by, verb=verb, obj=current, zone=getattr(current, "zone", None), changes=changes
        )
    return current
