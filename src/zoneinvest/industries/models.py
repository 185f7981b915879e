"""What the zone wants to grow: its industry chains (links and targets come later)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneinvest.core.models import TimeStamped, ZoneOwned


class Sector(models.TextChoices):
    MANUFACTURING = "manufacturing", _("Manufacturing")
    SERVICE = "service", _("Service")


class IndustryChain(ZoneOwned, TimeStamped):
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["zone", "position", "code"]
        verbose_name = _("industry chain")
        verbose_name_plural = _("industry chains")
        constraints = [
            models.UniqueConstraint(fields=["zone", "code"], name="chain_code_unique_in_zone")
        ]

    def __str__(self) -> str:
        return str(self.name)
