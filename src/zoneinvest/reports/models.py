"""Background jobs (imports, large exports) with their progress, and the column mapping each
zone last used for each kind of import."""

import secrets

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneinvest.core.models import TimeStamped, ZoneOwned


class ImportKind(models.TextChoices):
    PROJECTS = "projects", _("Projects")
    COMPANIES = "companies", _("Companies")
    SIGNINGS = "signings", _("Signings")
    ACTIVITIES = "activities", _("Activities")
    INDICATORS = "indicators", _("Indicators")


class ExportKind(models.TextChoices):
    """The office's exports (`reports.export_kinds` registers one definition per value)."""

    PROJECTS = "projects", _("Projects")
    COMPANIES = "companies", _("Companies")
    EVENT_SIGNINGS = "event_signings", _("Signings of an event")
    EVENT_REPORT = "event_report", _("Event report")
    SIGNED_NOT_STARTED = "signed_not_started", _("Signed, not yet started")
    DASHBOARD = "dashboard", _("Dashboard")
    CONSULTANT_RANKING = "consultant_ranking", _("Consultant ranking")
    INQUIRIES = "inquiries", _("Inquiries")
    INDICATORS = "indicators", _("Zone indicators")


class JobOperation(models.TextChoices):
    IMPORT = "import", _("Import")
    EXPORT = "export", _("Export")


class JobStatus(models.TextChoices):
    MAPPING = "mapping", _("Waiting for the column mapping")
    VALIDATING = "validating", _("Checking the rows")
    INVALID = "invalid", _("Rows need correcting")
    VALIDATED = "validated", _("Checked, ready to import")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# Statuses in which a worker is (or should be) busy with the job.
ACTIVE_STATUSES = (JobStatus.VALIDATING, JobStatus.QUEUED, JobStatus.RUNNING)


def private_storage() -> Storage:
    """Jobs' files hold a zone's data: never under MEDIA_ROOT, which the proxy serves."""
    return storages["private"]


def job_file_path(job: "Job", filename: str) -> str:
    """Where a job's file is stored: an import's upload under imports/; an export under exports/
    in a folder of its own with a random name, so that no one can guess the address of a file
    that holds what its creator may see."""
    if job.operation == JobOperation.EXPORT:
        return f"exports/{secrets.token_urlsafe(18)}/{filename}"
    return f"imports/{filename}"


class Job(ZoneOwned, TimeStamped):
    """One background job with progress a page can poll: an import (its file, the mapping, the
    check, the commit) or a large export (the page's query in, a file out)."""

    operation = models.CharField(
        _("operation"), max_length=10, choices=JobOperation.choices, default=JobOperation.IMPORT
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices, blank=True)
    export_kind = models.CharField(
        _("export"), max_length=30, choices=ExportKind.choices, blank=True
    )
    query = models.TextField(_("filters of the page"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.MAPPING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    file = models.FileField(_("file"), upload_to=job_file_path, storage=private_storage, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    headers = models.JSONField(_("columns of the file"), default=list)
    mapping = models.JSONField(_("column mapping"), default=dict)
    options = models.JSONField(_("options"), default=dict, blank=True)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    done_rows = models.PositiveIntegerField(_("rows done"), default=0)
    row_errors = models.JSONField(_("row errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    error = models.TextField(_("why it failed"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(operation=JobOperation.IMPORT, export_kind="") & ~models.Q(kind="")
                )
                | (models.Q(operation=JobOperation.EXPORT, kind="") & ~models.Q(export_kind="")),
                name="job_import_or_export_kind",
            )
        ]

    def __str__(self) -> str:
        if self.is_export:
            return f"{self.get_export_kind_display()} · {self.file_format}"
        return f"{self.get_kind_display()} · {self.file_name}"

    @property
    def is_export(self) -> bool:
        return self.operation == JobOperation.EXPORT

    @property
    def what(self) -> str:
        """What the job imports or exports, in words."""
        if self.is_export:
            return str(self.get_export_kind_display())
        return str(self.get_kind_display())

    @property
    def status_label(self) -> str:
        """The status in words (a running export is building its file, not importing)."""
        if self.is_export and self.status == JobStatus.RUNNING:
            return str(_("Building the file"))
        return str(self.get_status_display())


class ImportMapping(ZoneOwned):
    """The mapping (file column → field) last used for a kind of import in a zone."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    mapping = models.JSONField(_("column mapping"), default=dict)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        constraints = [
            models.UniqueConstraint(fields=["zone", "kind"], name="import_mapping_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.zone} · {self.kind}"
