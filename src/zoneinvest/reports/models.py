"""Background jobs (imports, large exports) with their progress, and the column mapping each
zone last used for each kind of import."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneinvest.core.models import TimeStamped, ZoneOwned


class ImportKind(models.TextChoices):
    PROJECTS = "projects", _("Projects")
    COMPANIES = "companies", _("Companies")
    SIGNINGS = "signings", _("Signings")
    ACTIVITIES = "activities", _("Activities")
    INDICATORS = "indicators", _("Indicators")


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


class Job(ZoneOwned, TimeStamped):
    """One import: its file, the mapping, the check, the commit; with progress a page can poll."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
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
    file = models.FileField(_("file"), upload_to="imports/")
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
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.file_name}"


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
