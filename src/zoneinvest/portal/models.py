from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from zoneinvest.core.models import TimeStamped, Versioned, ZoneOwned
from zoneinvest.industries.models import ChainLink, IndustryChain
from zoneinvest.pipeline.models import Project
from zoneinvest.places.models import Park, Policy

ILLUSTRATIVE_HELP = _("Invented for the demo, not a real record.")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class AmountBand(models.TextChoices):
    """How much an opportunity asks for, shown as a band (never the project's amount)."""

    UNDER_100M = "under_100m", _("Under 100 million yuan")
    FROM_100M = "100m_1b", _("100 million to 1 billion yuan")
    FROM_1B = "1b_5b", _("1 to 5 billion yuan")
    OVER_5B = "over_5b", _("Over 5 billion yuan")


class Opportunity(ZoneOwned, TimeStamped):
    """A project the zone publishes to find an investor: a chain link it wants filled, a site."""

    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))
    description = models.TextField(_("description"), blank=True)
    chain = models.ForeignKey(
        IndustryChain, verbose_name=_("industry chain"), on_delete=models.PROTECT, related_name="+"
    )
    link = models.ForeignKey(
        ChainLink,
        verbose_name=_("chain link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    park = models.ForeignKey(
        Park,
        verbose_name=_("industrial park"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    amount_band = models.CharField(_("investment"), max_length=20, choices=AmountBand.choices)
    land_mu = models.DecimalField(
        _("land (亩)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    # The bureau's own project behind the opportunity; never shown on the portal.
    project = models.ForeignKey(
        Project,
        verbose_name=_("internal project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published = models.BooleanField(_("published"), default=False)
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=ILLUSTRATIVE_HELP
    )

    class Meta:
        ordering = ["zone", "chain__position", "slug"]
        verbose_name = _("investment opportunity")
        verbose_name_plural = _("investment opportunities")
        constraints = [
            models.UniqueConstraint(fields=["zone", "slug"], name="opportunity_slug_unique_in_zone")
        ]

    def __str__(self) -> str:
        return str(self.title)


class GuideStep(ZoneOwned, TimeStamped):
    """One step of the investor's procedure: what to bring, what it costs, how long, who."""

    position = models.PositiveSmallIntegerField(_("step"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    documents = models.TextField(_("documents"), blank=True)
    fees = models.CharField(_("fees"), max_length=300, blank=True)
    time_needed = models.CharField(_("time"), max_length=200, blank=True)
    office = models.CharField(_("responsible office"), max_length=300)
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=ILLUSTRATIVE_HELP
    )

    class Meta:
        ordering = ["zone", "position"]
        verbose_name = _("guide step")
        verbose_name_plural = _("guide steps")
        constraints = [
            models.UniqueConstraint(fields=["zone", "position"], name="guide_step_once_in_zone")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class PageKey(models.TextChoices):
    """The edited pages of the portal's menus; each zone has at most one of each."""

    INTRODUCTION = "introduction", _("Introduction")
    OFFICIALS = "officials", _("Officials")
    DEPARTMENTS = "departments", _("Departments")
    DEVELOPMENT_ZONES = "development-zones", _("Development Zones")
    FOOD = "food", _("Food")
    HOTELS = "hotels", _("Hotels")
    TRAVEL = "travel", _("Travel")
    LEISURE = "leisure", _("Leisure")
    INFO = "info", _("Info")
    EDUCATION = "education", _("Education")
    TERMS = "terms", _("Terms and Conditions")
    PRIVACY = "privacy", _("Privacy Policy")


class Content(ZoneOwned, TimeStamped, Versioned):
    """What an editor writes: English and Chinese side by side, draft until published."""

    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"))
    image = models.ImageField(_("image"), upload_to="portal/", blank=True)
    image_alt = models.CharField(_("image description (alt text)"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=ILLUSTRATIVE_HELP
    )

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class Page(Content):
    key = models.CharField(_("menu item"), max_length=30, choices=PageKey.choices)

    class Meta:
        ordering = ["zone", "key"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [models.UniqueConstraint(fields=["zone", "key"], name="page_once_in_zone")]

    def __str__(self) -> str:
        return str(self.title)


class StoryKind(models.TextChoices):
    LOCAL = "local", _("Local")
    BUSINESS = "business", _("Business")
    EVENTS = "events", _("Events")
    LIFE = "life", _("Life")
    PHOTOS = "photos", _("Photos")
    SPECIALS = "specials", _("Specials")
    VIDEO = "video", _("Video")
    SUCCESS = "success-stories", _("Success Stories")


class Story(Content):
    """News, an event report or a success story; may show an event's figures from its records."""

    slug = models.SlugField(_("slug"), max_length=100)
    kind = models.CharField(_("section"), max_length=20, choices=StoryKind.choices)
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event whose figures it shows"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["zone", "-published_at", "-id"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        constraints = [
            models.UniqueConstraint(fields=["zone", "slug"], name="story_slug_unique_in_zone")
        ]
        indexes = [
            models.Index(fields=["zone", "status", "kind", "-published_at"], name="story_list")
        ]

    def __str__(self) -> str:
        return str(self.title)


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
    # What the inquiry was sent from (the page's "ask about this" button), if anything.
    park = models.ForeignKey(
        Park,
        verbose_name=_("about park"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    policy = models.ForeignKey(
        Policy,
        verbose_name=_("about policy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("about opportunity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
    )
    # The investor's answers to "Find your location" (matching.profile.profile_to_data), if the
    # inquiry was sent from its results; {} otherwise.
    profile = models.JSONField(_("investor profile"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")

    def __str__(self) -> str:
        return f"{self.organisation} ({self.created_at:%Y-%m-%d})"
