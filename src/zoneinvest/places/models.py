"""Where investors can land and why: statistics of the zone and its parent city."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zoneinvest.core.models import TimeStamped, ZoneOwned


class IndicatorKind(models.TextChoices):
    LAND_AREA = "land_area", _("Land area")
    ECONOMIC_OUTPUT = "economic_output", _("Economic output (GDP)")
    TRADE = "trade", _("Imports and exports")
    UTILIZED_FDI = "utilized_fdi", _("Utilized foreign investment")
    FORTUNE_500 = "fortune_500", _("Fortune Global 500 companies present")
    POPULATION = "population", _("Population")


class Area(models.TextChoices):
    ZONE = "zone", _("The zone")
    CITY = "city", _("Parent city")


class Indicator(ZoneOwned, TimeStamped):
    """One statistic for a year: of the zone itself, or of its parent city (for shares)."""

    kind = models.CharField(_("indicator"), max_length=30, choices=IndicatorKind.choices)
    area = models.CharField(_("area"), max_length=10, choices=Area.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=4)
    unit = models.CharField(_("unit"), max_length=40)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        ordering = ["zone", "-year", "kind", "area"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "kind", "area", "year"], name="indicator_once_a_year"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="indicator_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_area_display()} {self.year}"
