"""Campaigns, events and their venues, and the signing ledger that reports count from."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from zoneinvest.core.models import Currency, TimeStamped, Versioned, ZoneOwned, money_field
from zoneinvest.industries.models import IndustryChain
from zoneinvest.pipeline.models import Project


class Campaign(ZoneOwned, TimeStamped):
    """A promotion campaign (招商年行动) with its targets, e.g. the 2023 global campaign."""

    name = models.CharField(_("name"), max_length=300)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    target_projects = models.PositiveIntegerField(_("target: projects"), null=True, blank=True)
    target_value = money_field(_("target: value"))
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return str(self.name)


class CampaignChainTarget(ZoneOwned):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="chain_targets")
    chain = models.ForeignKey(IndustryChain, on_delete=models.PROTECT, related_name="+")
    target_projects = models.PositiveIntegerField(_("target: projects"), null=True, blank=True)
    target_value = money_field(_("target: value"))

    class Meta:
        verbose_name = _("chain target")
        verbose_name_plural = _("chain targets")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "chain"], name="chain_target_once")
        ]


class Event(ZoneOwned, TimeStamped, Versioned):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("Conference")
        ROADSHOW = "roadshow", _("Roadshow")
        DELEGATION = "delegation", _("Delegation visit")
        ONLINE = "online", _("Online session")

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CONFERENCE)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    date = models.DateField(_("date"), help_text=_("The day of the event in its own time zone."))
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    organiser = models.CharField(_("organiser"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["zone", "-date"], name="event_zone_date")]

    def __str__(self) -> str:
        return str(self.name)


class Venue(ZoneOwned):
    class Role(models.TextChoices):
        MAIN = "main", _("Main venue")
        SUB = "sub", _("Sub-venue")
        ONLINE = "online", _("Online")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(_("name"), max_length=300)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MAIN)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    partners = models.CharField(_("partner organisations"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["event", "position", "id"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return str(self.name)


class Participant(ZoneOwned):
    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Speaker")
        GUEST = "guest", _("Guest")
        DELEGATION = "delegation", _("Delegation member")
        SIGNATORY = "signatory", _("Signatory")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    venue = models.ForeignKey(
        Venue, null=True, blank=True, on_delete=models.SET_NULL, related_name="participants"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=300, blank=True)
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)

    class Meta:
        ordering = ["event", "venue", "role", "name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.name


class AgendaItem(ZoneOwned):
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="agenda")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        ordering = ["venue", "starts_at", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return str(self.title)


class Signing(ZoneOwned, TimeStamped):
    """One signing of a project: at an event and venue, or on its own date.

    `amount` is what was announced at the ceremony; `counted_amount` is what the headline totals
    count, set by `events.ledger` (first signing: all of it; a re-signing: nothing; a capital
    increase or upgrade: only the increment over what was counted before).
    """

    class Document(models.TextChoices):
        FRAMEWORK = "framework", _("Framework agreement / MoU")
        AGREEMENT = "agreement", _("Investment agreement")

    class Kind(models.TextChoices):
        NEW = "new", _("New signing")
        RESIGNING = "resigning", _("Re-signing")
        UPGRADE = "upgrade", _("Upgrade")
        CAPITAL_INCREASE = "capital_increase", _("Capital increase")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="signings"
    )
    event = models.ForeignKey(
        Event,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signings",
    )
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signings",
    )
    date = models.DateField(_("date"))
    amount = money_field(_("signed amount"), null=False, blank=False)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    counted_amount = money_field(_("counted amount"), null=False, blank=False, default=0)
    first_signing = models.BooleanField(
        _("first signing"), default=True, help_text=_("The project's first signing, counted once.")
    )
    document = models.CharField(
        _("document"), max_length=20, choices=Document.choices, default=Document.AGREEMENT
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NEW)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("signing")
        verbose_name_plural = _("signings")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="signing_amount_positive"),
            models.CheckConstraint(
                condition=Q(counted_amount__gte=0), name="signing_counted_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["event", "date"], name="signing_event"),
            models.Index(fields=["project", "date"], name="signing_project"),
            models.Index(fields=["zone", "date"], name="signing_zone_date"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.date} {self.get_kind_display()}"


class DiligenceCheck(ZoneOwned, TimeStamped):
    """Due diligence before a ceremony: one verified item of a project's checklist."""

    class Item(models.TextChoices):
        IDENTITY = "identity", _("Investor identity verified")
        REGISTRATION = "registration", _("Business registration checked")
        TURNOVER = "turnover", _("Turnover checked")
        BLACKLIST = "blacklist", _("Not on a blacklist")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="diligence")
    item = models.CharField(_("item"), max_length=20, choices=Item.choices)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("due-diligence check")
        verbose_name_plural = _("due-diligence checks")
        constraints = [
            models.UniqueConstraint(fields=["project", "item"], name="diligence_item_once")
        ]
