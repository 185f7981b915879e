"""Writes of imports: upload a file, map its columns, check it, import it (each as a job)."""

import datetime as dt
import io
import re
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from zoneinvest.accounts.models import User
from zoneinvest.core.audit import audit_record
from zoneinvest.core.errors import ValidationFailed
from zoneinvest.core.models import Zone
from zoneinvest.events.models import Event
from zoneinvest.reports.files import read_table
from zoneinvest.reports.importers import SPECS, Spec
from zoneinvest.reports.jobs import import_job, validate_job
from zoneinvest.reports.models import ACTIVE_STATUSES, ImportMapping, Job, JobStatus

# A job whose worker has shown no sign of life for this long was interrupted.
STALE_AFTER = dt.timedelta(minutes=2)


def _normal(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def guess_mapping(spec: Spec, headers: list[str], remembered: dict[str, str]) -> dict[str, str]:
    """field → file column: the zone's last mapping where its columns are in the file, else a
    column named like the field (its code or its label in either language)."""
    mapping = {field: column for field, column in remembered.items() if column in headers}
    by_name = {_normal(header): header for header in headers}
    for column in spec.columns:
        if column.name in mapping:
            continue
        candidates = [column.name, column.name.removesuffix("_en")]
        for language in ("en", "zh-hans"):
            with translation.override(language):
                label = str(column.label)
            candidates += [label, re.sub(r"[(（].*[)）]", "", label)]  # "Title (English)" → "Title"
        used = set(mapping.values())
        found = next(
            (
                by_name[_normal(c)]
                for c in candidates
                if by_name.get(_normal(c)) not in (None, *used)
            ),
            None,
        )
        if found:  # a column of the file feeds one field only
            mapping[column.name] = found
    return mapping


@transaction.atomic
def import_upload(
    *, zone: Zone, kind: str, stream: IO[bytes], name: str, by: User, event: Event | None = None
) -> Job:
    """Store the file and read its header (a bad file is refused here, before any job)."""
    if kind not in SPECS:
        raise ValidationFailed(gettext("Unknown kind of import."))
    if event is not None and event.zone_id != zone.pk:
        raise ValidationFailed(gettext("An event of another zone cannot be chosen."))
    content = stream.read()
    table = read_table(io.BytesIO(content))
    remembered = ImportMapping.objects.filter(zone=zone, kind=kind).first()
    job = Job(
        zone=zone,
        kind=kind,
        created_by=by,
        language=translation.get_language() or "en",
        file_name=name[:255],
        file_format=table.format,
        headers=table.headers,
        total_rows=len(table.rows),
        mapping=guess_mapping(SPECS[kind], table.headers, remembered.mapping if remembered else {}),  # type: ignore[index]
        options={"event": event.pk} if event else {},
    )
    job.file.save(f"{zone.code}-{kind}.{table.format}", ContentFile(content), save=False)
    job.save()
    audit_record(actor=by, verb="reports.import.uploaded", obj=job, zone=zone)
    return job


@transaction.atomic
def import_map_and_check(*, job: Job, mapping: dict[str, str], by: User) -> Job:
    """Save the mapping (remembered for the zone's next import of this kind) and queue the check."""
    spec = SPECS[job.kind]  # type: ignore[index]
    if job.status in ACTIVE_STATUSES or job.status == JobStatus.DONE:
        raise ValidationFailed(gettext("This import is already under way or done."))
    mapping = {field: column for field, column in mapping.items() if column in job.headers}
    missing = [str(c.label) for c in spec.columns if c.required and c.name not in mapping]
    if missing:
        raise ValidationFailed.for_fields(
            gettext("Choose a column for: %(fields)s.") % {"fields": ", ".join(missing)},
            {name: [gettext("Required.")] for name in missing},
        )
    job.mapping = mapping
    job.status = JobStatus.VALIDATING
    job.done_rows = 0
    job.save()
    ImportMapping.objects.update_or_create(
        zone=job.zone, kind=job.kind, defaults={"mapping": mapping}
    )
    audit_record(
        actor=by,
        verb="reports.import.mapped",
        obj=job,
        zone=job.zone,
        changes={"mapping": [None, mapping]},
    )
    transaction.on_commit(lambda: validate_job.enqueue(job.pk))
    return job


@transaction.atomic
def import_commit(*, job: Job, by: User) -> Job:
    """Queue the import of a checked file (or run an interrupted one again)."""
    if not (
        job.status == JobStatus.VALIDATED or job_interrupted(job) or job.status == JobStatus.FAILED
    ):
        raise ValidationFailed(gettext("Only a checked import without errors can be imported."))
    job.status = JobStatus.QUEUED
    job.error = ""
    job.heartbeat_at = timezone.now()
    job.save()
    audit_record(actor=by, verb="reports.import.queued", obj=job, zone=job.zone)
    transaction.on_commit(lambda: import_job.enqueue(job.pk))
    return job


def job_interrupted(job: Job) -> bool:
    """A running job whose worker stopped answering (killed, machine restarted)."""
    if job.status not in ACTIVE_STATUSES:
        return False
    last = job.heartbeat_at or job.updated_at
    return last is not None and timezone.now() - last > STALE_AFTER


def job_values(job: Job) -> dict[str, Any]:
    return {"id": job.pk, "status": job.status}
