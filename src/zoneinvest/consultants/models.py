"""The outside network: consultants, their appointments, referrals, advice and reward rules."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from zoneinvest.core.models import TimeStamped, ZoneOwned, money_field
from zoneinvest.industries.models import IndustryChain
from zoneinvest.pipeline.models import Company, Project


class Consultant(ZoneOwned, TimeStamped):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("log-in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultant",
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("position"), max_length=300, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    country = CountryField(_("country"), blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    chains = models.ManyToManyField(
        IndustryChain, verbose_name=_("expertise: industry chains"), blank=True, related_name="+"
    )
    regions = models.CharField(_("expertise: regions"), max_length=300, blank=True)
    bio = models.TextField(_("short biography"), blank=True)
    public_consent = models.BooleanField(_("agrees to be listed publicly"), default=False)
    illustrative = models.BooleanField(_("illustrative"), default=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("consultant")
        verbose_name_plural = _("consultants")

    def __str__(self) -> str:
        return str(self.name)


class Appointment(ZoneOwned):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    consultant = models.ForeignKey(
        Consultant, on_delete=models.CASCADE, related_name="appointments"
    )
    batch = models.CharField(_("batch"), max_length=200)
    appointed_on = models.DateField(_("appointed on"))
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )

    class Meta:
        ordering = ["-appointed_on", "id"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    def __str__(self) -> str:
        return f"{self.consultant} · {self.batch}"


class Referral(ZoneOwned, TimeStamped):
    """A consultant brings a company (and maybe a project): the attribution rewards follow."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        CONFLICT = "conflict", _("Conflicting claim, awaiting a director")
        REJECTED = "rejected", _("Rejected")

    consultant = models.ForeignKey(
        Consultant, verbose_name=_("consultant"), on_delete=models.PROTECT, related_name="referrals"
    )
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="referrals"
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    idea = models.TextField(_("project idea"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.VALID
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution_note = models.CharField(_("resolution"), max_length=500, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["zone", "company"], name="referral_company")]

    def __str__(self) -> str:
        return f"{self.consultant} → {self.company}"


class Advice(ZoneOwned, TimeStamped):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    consultant = models.ForeignKey(Consultant, on_delete=models.PROTECT, related_name="advice")
    topic = models.CharField(_("topic"), max_length=300)
    text = models.TextField(_("recommendation"))
    date = models.DateField(_("date"))
    follow_up_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("follow-up owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("advice")
        verbose_name_plural = _("advice")

    def __str__(self) -> str:
        return self.topic


class RewardRule(ZoneOwned, TimeStamped):
    """How a zone rewards referrals; data a director edits, not code."""

    class Base(models.TextChoices):
        CONTRACTED = "contracted", _("Contracted amount")
        PAID_IN = "paid_in", _("Paid-in capital")

    name = models.CharField(_("name"), max_length=200)
    base = models.CharField(_("base"), max_length=12, choices=Base.choices, default=Base.PAID_IN)
    minimum_project_size = money_field(_("minimum project size (yuan)"), null=False, default=0)
    cap = money_field(_("cap per project (yuan)"))
    payable_after_arrival = models.BooleanField(
        _("payable only after capital arrives"), default=True
    )
    valid_from = models.DateField(_("valid from"))

    class Meta:
        ordering = ["-valid_from", "id"]
        verbose_name = _("reward rule")
        verbose_name_plural = _("reward rules")

    def __str__(self) -> str:
        return self.name


class RewardBand(ZoneOwned):
    """Projects whose base is at least `lower` (and below `upper`) earn `rate` or `fixed`."""

    rule = models.ForeignKey(RewardRule, on_delete=models.CASCADE, related_name="bands")
    lower = money_field(_("from (yuan)"), null=False)
    upper = money_field(_("below (yuan)"))
    rate = models.DecimalField(_("rate (%)"), max_digits=7, decimal_places=4, null=True, blank=True)
    fixed = money_field(_("fixed amount (yuan)"))

    class Meta:
        ordering = ["rule", "lower"]
        verbose_name = _("reward band")
        verbose_name_plural = _("reward bands")
        constraints = [
            models.CheckConstraint(
                condition=Q(rate__isnull=False) | Q(fixed__isnull=False),
                name="band_rate_or_fixed",
            )
        ]
