from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from zoneinvest.core.models import ZoneOwned
from zoneinvest.industries.models import IndustryChain
from zoneinvest.pipeline.models import Project


class Inquiry(ZoneOwned):
    """A message sent by a visitor through the portal's contact form; it opens a lead."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=300)
    email = models.EmailField(_("email"))
    country = CountryField(_("country"))
    message = models.TextField(_("message"))
    chain = models.ForeignKey(
        IndustryChain,
        verbose_name=_("industry chain of interest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10)
    created_at = models.DateTimeField(_("received at"), default=timezone.now)
    due_by = models.DateField(_("answer due by"))
    project = models.ForeignKey(
        Project,
        verbose_name=_("lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.created_at:%Y-%m-%d})"
