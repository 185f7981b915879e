"""One row per searchable record: its tokens (both languages) and what a result shows.

The full-text index over `title_terms`, `body_terms` and `tags` is not a model field: on
PostgreSQL a generated `document` tsvector column with a GIN index, on SQLite an FTS5 table kept
in step by triggers (migrations/0001_initial.py). `tags` holds the internal token of the zone
(`zzone12`), so the index narrows to the caller's zones before anything is read.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zoneinvest.core.models import Zone


class SearchKind(models.TextChoices):
    COMPANY = "company", _("Companies")
    PROJECT = "project", _("Projects")
    POLICY = "policy", _("Policies")
    STORY = "story", _("Stories")


class SearchEntry(models.Model):
    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SearchKind.choices)
    object_id = models.BigIntegerField(_("record"))
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    summary_zh = models.CharField(_("summary (Chinese)"), max_length=300, blank=True)
    slug = models.CharField(_("slug"), max_length=100, blank=True)
    # What the scope rules read (copied from the record when the entry is written).
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    confidential = models.BooleanField(_("confidential"), default=False)
    published = models.BooleanField(_("published"), default=False)
    title_terms = models.TextField(_("title tokens"), blank=True)
    body_terms = models.TextField(_("text tokens"), blank=True)
    tags = models.TextField(_("scope tokens"), blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once"),
        ]
        indexes = [models.Index(fields=["zone", "kind"], name="search_entry_zone_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"

    @property
    def title(self) -> str:
        """The title in the active language (Chinese when it has one), else English."""
        if (get_language() or "").startswith("zh") and self.title_zh:
            return self.title_zh
        return self.title_en

    @property
    def summary(self) -> str:
        if (get_language() or "").startswith("zh") and self.summary_zh:
            return self.summary_zh
        return self.summary_en
