"""Where investors can land and why: statistics of the zone and its parent city."""

import datetime as dt

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


class Facility(models.TextChoices):
    """What a park offers on site; a park lists the codes it has."""

    RAIL_FREIGHT = "rail_freight", _("Rail freight terminal (China–Europe Railway Express)")
    RIVER_PORT = "river_port", _("Yangtze river port")
    AIRPORT = "airport", _("Airport within 30 minutes")
    BONDED = "bonded", _("Bonded zone (customs)")
    POWER = "power", _("Dedicated power substation")
    GAS = "gas", _("Natural gas supply")
    INDUSTRIAL_WATER = "industrial_water", _("Industrial water supply")
    WASTEWATER = "wastewater", _("Industrial wastewater treatment")
    STANDARD_FACTORIES = "standard_factories", _("Standard factory buildings")
    OFFICES = "offices", _("Office space")
    LABS = "labs", _("Laboratories and testing centres")
    TALENT_HOUSING = "talent_housing", _("Talent apartments")
    INTERNATIONAL_SCHOOL = "international_school", _("International school nearby")


class Park(ZoneOwned, TimeStamped):
    """An industrial park of the zone: where an investor can build or rent."""

    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    location = models.CharField(_("location"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=10, decimal_places=2)
    free_land_mu = models.DecimalField(
        _("land available (亩)"), max_digits=12, decimal_places=1, default=0
    )
    land_price_min = models.DecimalField(
        _("land price from (yuan per 亩)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    land_price_max = models.DecimalField(
        _("land price up to (yuan per 亩)"), max_digits=14, decimal_places=0, null=True, blank=True
    )
    facilities = models.JSONField(_("facilities"), default=list, blank=True)
    focus_chains = models.ManyToManyField(
        "industries.IndustryChain", verbose_name=_("focus chains"), related_name="parks", blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    published = models.BooleanField(_("published"), default=False)
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Invented for the demo, not a real record.")
    )

    class Meta:
        ordering = ["zone", "position", "slug"]
        verbose_name = _("industrial park")
        verbose_name_plural = _("industrial parks")
        constraints = [
            models.UniqueConstraint(fields=["zone", "slug"], name="park_slug_unique_in_zone"),
            models.CheckConstraint(
                condition=models.Q(land_price_min__isnull=True)
                | models.Q(land_price_max__isnull=True)
                | models.Q(land_price_min__lte=models.F("land_price_max")),
                name="park_price_band_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def facility_labels(self) -> list[str]:
        labels = dict(Facility.choices)
        return [str(labels[code]) for code in self.facilities if code in labels]


class PolicyKind(models.TextChoices):
    SUBSIDY = "subsidy", _("Investment subsidy")
    TAX = "tax", _("Tax incentive")
    LAND = "land", _("Land and premises")
    TALENT = "talent", _("Talent and staff")
    FINANCE = "finance", _("Finance and loans")
    LOGISTICS = "logistics", _("Logistics and trade")
    INNOVATION = "innovation", _("Research and innovation")


class Policy(ZoneOwned, TimeStamped):
    """An incentive with structured eligibility (for the finder and matching) and its full text."""

    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=300)
    issuer = models.CharField(_("issuer"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=PolicyKind.choices)
    summary = models.TextField(_("summary"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    # Eligibility: an empty list or a null minimum means "no condition".
    chains = models.ManyToManyField(
        "industries.IndustryChain",
        verbose_name=_("eligible chains"),
        related_name="policies",
        blank=True,
    )
    min_investment = models.DecimalField(
        _("minimum investment (yuan)"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    company_types = models.JSONField(_("eligible company types"), default=list, blank=True)
    published = models.BooleanField(_("published"), default=False)
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Invented for the demo, not a real record.")
    )

    class Meta:
        ordering = ["zone", "kind", "slug"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        constraints = [
            models.UniqueConstraint(fields=["zone", "slug"], name="policy_slug_unique_in_zone"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="policy_validity_ordered",
            ),
        ]

    def in_force_on(self, day: dt.date) -> bool:
        """Valid from `valid_from` to `valid_until` (both days included; open-ended without it)."""
        return self.valid_from <= day and (self.valid_until is None or self.valid_until >= day)

    def __str__(self) -> str:
        return str(self.title)
