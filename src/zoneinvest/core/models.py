"""What every app needs and no domain owns: zones (the tenant), FX rates, audit, mixins."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

CURRENCY_MAX_DIGITS = 20
CURRENCY_DECIMALS = 2


class Currency(models.TextChoices):
    CNY = "CNY", _("Chinese yuan (CNY)")
    USD = "USD", _("US dollar (USD)")
    EUR = "EUR", _("Euro (EUR)")
    HKD = "HKD", _("Hong Kong dollar (HKD)")
    JPY = "JPY", _("Japanese yen (JPY)")
    GBP = "GBP", _("Pound sterling (GBP)")
    KRW = "KRW", _("South Korean won (KRW)")
    SGD = "SGD", _("Singapore dollar (SGD)")


def money_field(verbose_name: str | object, **kwargs: object) -> models.DecimalField:
    """An amount of money; its currency lives in a sibling field of the same record."""
    options: dict[str, object] = {
        "max_digits": CURRENCY_MAX_DIGITS,
        "decimal_places": CURRENCY_DECIMALS,
        "null": True,
        "blank": True,
    }
    options.update(kwargs)
    return models.DecimalField(verbose_name, **options)  # type: ignore[arg-type]


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """Optimistic locking: services refuse a save whose `version` is not the current one."""

    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


class Zone(TimeStamped):
    class Kind(models.TextChoices):
        NATIONAL_NEW_AREA = "national_new_area", _("National-level new area")
        ECONOMIC_DEVELOPMENT = (
            "economic_development",
            _("Economic and technological development zone"),
        )
        HIGH_TECH = "high_tech", _("High-tech industrial development zone")
        FREE_TRADE = "free_trade", _("Free trade zone")
        BONDED = "bonded", _("Comprehensive bonded zone")
        OTHER = "other", _("Other development zone")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent_city = models.CharField(_("parent city"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, default=Kind.OTHER)
    default_currency = models.CharField(
        _("default currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")

    def __str__(self) -> str:
        return str(self.name)


class ZoneOwned(models.Model):
    """Every zone-owned row carries its zone; selectors filter on it."""

    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT)

    class Meta:
        abstract = True


class FxRate(models.Model):
    """How many units of `quote` one unit of `base` buys on `date` (e.g. USD→CNY 6.7).

    Rates are reference data, shared by every zone.
    """

    date = models.DateField(_("date"))
    base = models.CharField(_("base currency"), max_length=3, choices=Currency.choices)
    quote = models.CharField(_("quote currency"), max_length=3, choices=Currency.choices)
    rate = models.DecimalField(_("rate"), max_digits=18, decimal_places=8)
    source = models.CharField(_("source"), max_length=200)

    class Meta:
        ordering = ["-date", "base", "quote"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["date", "base", "quote"], name="fxrate_one_per_day"),
            models.CheckConstraint(condition=models.Q(rate__gt=Decimal(0)), name="fxrate_positive"),
            models.CheckConstraint(
                condition=~models.Q(base=models.F("quote")), name="fxrate_distinct_currencies"
            ),
        ]
        indexes = [models.Index(fields=["base", "quote", "-date"], name="fxrate_lookup")]

    def __str__(self) -> str:
        return f"{self.date} 1 {self.base} = {self.rate} {self.quote}"


class AuditEvent(models.Model):
    """One write: who did what to which record, with the fields' before and after values.

    Append-only: nothing in the application updates or deletes an event, and on PostgreSQL a
    trigger refuses it (migration 0002). Hence PROTECT on both keys: a zone with a history is not
    deleted, and neither is a user who acted (they are deactivated; SET_NULL would be an UPDATE
    of their events and would erase who did what)."""

    zone = models.ForeignKey(
        Zone, verbose_name=_("zone"), null=True, blank=True, on_delete=models.PROTECT
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    verb = models.CharField(_("verb"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=300)
    object_version = models.PositiveIntegerField(_("object version"), null=True, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["object_type", "object_id", "-at"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {self.object_repr}"
