"""The deals: investors, their people, projects, every stage change, activities and tasks."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from zoneinvest.core.models import (
    Currency,
    TimeStamped,
    Versioned,
    Zone,
    ZoneOwned,
    money_field,
)
from zoneinvest.industries.models import ChainLink, IndustryChain, Sector
from zoneinvest.pipeline.stages import Stage, road_index

SQUARE_METRES_PER_MU = Decimal("666.6667")


class Ownership(models.TextChoices):
    STATE = "state", _("State-owned")
    PRIVATE = "private", _("Private")
    FOREIGN = "foreign", _("Foreign-invested")
    JOINT_VENTURE = "jv", _("Joint venture")


class Source(models.TextChoices):
    INQUIRY = "inquiry", _("Portal inquiry")
    CONSULTANT = "consultant", _("Consultant referral")
    EVENT = "event", _("Event contact")
    EXISTING = "existing", _("Existing investor")
    AGENT = "agent", _("Agent")
    OFFICER = "officer", _("Officer's own lead")
    IMPORT = "import", _("Import")
    CHAIN_GAP = "chain_gap", _("Chain-gap targeting")


class Company(ZoneOwned, TimeStamped, Versioned):
    name = models.CharField(_("name"), max_length=300)
    normalized_name = models.CharField(_("normalised name"), max_length=300, editable=False)
    country = CountryField(_("country"))
    hq_city = models.CharField(_("headquarters city"), max_length=120, blank=True)
    ownership = models.CharField(
        _("ownership"), max_length=20, choices=Ownership.choices, blank=True
    )
    fortune_global_500_rank = models.PositiveSmallIntegerField(
        _("Fortune Global 500 rank"), null=True, blank=True
    )
    chain = models.ForeignKey(
        IndustryChain,
        verbose_name=_("industry chain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="companies",
    )
    link = models.ForeignKey(
        ChainLink,
        verbose_name=_("chain link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="companies",
    )
    website = models.URLField(_("website"), blank=True)
    # The company agreed to appear in the portal's directory of enterprises (name, country,
    # chain and website only).
    listed = models.BooleanField(_("listed on the portal"), default=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_duplicates",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "normalized_name", "country"],
                condition=Q(merged_into__isnull=True),
                name="company_unique_name_country_in_zone",
            ),
            models.CheckConstraint(
                condition=Q(fortune_global_500_rank__isnull=True)
                | Q(fortune_global_500_rank__gte=1, fortune_global_500_rank__lte=500),
                name="company_fortune_rank_1_to_500",
            ),
        ]
        indexes = [models.Index(fields=["zone", "normalized_name"], name="company_zone_name")]

    def __str__(self) -> str:
        return str(self.name)


class Contact(ZoneOwned, TimeStamped, Versioned):
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    languages = models.CharField(_("languages"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


# What the board's stage totals (`StageTotal`) count a project by.
COUNTED_FIELDS = frozenset({"zone_id", "stage", "currency", "confidential", "total_investment"})


def counts_toward_totals(fields: Any) -> bool:
    """Whether writing `fields` (names or attnames) may move a project between stage totals."""
    return any(name in COUNTED_FIELDS or f"{name}_id" in COUNTED_FIELDS for name in fields)


class ProjectQuerySet(models.QuerySet["Project"]):
    """Keeps the stage totals (pipeline/totals.py) through the writes that send no signal
    (`bulk_update` goes through `update`)."""

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list["Project"]:  # type: ignore[override]
        from zoneinvest.pipeline import totals

        with transaction.atomic(savepoint=False):
            created = cast(list[Project], super().bulk_create(objs, *args, **kwargs))
            totals.count_created(created)
        return created

    def update(self, **kwargs: Any) -> int:
        if not counts_toward_totals(kwargs):
            return super().update(**kwargs)
        from zoneinvest.pipeline import totals

        with transaction.atomic(savepoint=False), totals.recounting(self) as projects:
            return models.QuerySet.update(projects, **kwargs)


_STAGE_LABELS = dict(Stage.choices)  # lazy labels, translated when read


class Project(ZoneOwned, TimeStamped, Versioned):
    # No index of its own on zone or stage: the four indexes below begin with (zone, …) and serve
    # every zone's lists and boards; fewer indexes make imports and saves cheaper.
    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT, db_index=False)
    title = models.CharField(_("title"), max_length=300)
    company = models.ForeignKey(
        Company,
        verbose_name=_("investor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    chain = models.ForeignKey(
        IndustryChain,
        verbose_name=_("industry chain"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    link = models.ForeignKey(
        ChainLink,
        verbose_name=_("chain link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    park = models.ForeignKey(
        "places.Park",
        verbose_name=_("industrial park"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        help_text=_("Where the plant stands or will stand."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    total_investment = money_field(_("total investment"))
    fixed_asset_investment = money_field(_("fixed-asset investment"))
    foreign_investment = money_field(_("foreign investment"))
    registered_capital = money_field(_("registered capital"))
    contracted_amount = money_field(_("contracted amount"))
    expected_jobs = models.PositiveIntegerField(_("expected jobs"), null=True, blank=True)
    expected_annual_output = money_field(_("expected annual output"))
    expected_annual_tax = money_field(_("expected annual tax"))
    land_mu = models.DecimalField(
        _("land need (mu)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.OFFICER
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_projects",
        db_index=False,  # project_zone_owner (zone, owner) serves the zone's lists
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only the owner and the bureau's directors see a confidential project."),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.LEAD)
    stage_changed_at = models.DateTimeField(_("stage changed"), default=timezone.now)
    held_from_stage = models.CharField(
        _("held at stage"), max_length=20, choices=Stage.choices, blank=True
    )
    lost_reason = models.TextField(_("reason lost"), blank=True)
    lost_to = models.CharField(_("lost to (location)"), max_length=200, blank=True)
    # The furthest stage of the main road the project's history shows, as its `road_index`
    # (null: never on the road); only ever raised. It spares the funnel and the "reached"
    # filter a scan of the stage changes; every writer of stage changes keeps it
    # (`furthest_after`).
    furthest_stage_index = models.PositiveSmallIntegerField(
        _("furthest stage reached"), null=True, blank=True, editable=False
    )
    est_signing_date = models.DateField(_("estimated signing date"), null=True, blank=True)
    signing_date = models.DateField(_("signing date"), null=True, blank=True)
    est_registration_date = models.DateField(
        _("estimated registration date"), null=True, blank=True
    )
    registration_date = models.DateField(_("registration date"), null=True, blank=True)
    est_construction_date = models.DateField(
        _("estimated construction start"), null=True, blank=True
    )
    construction_date = models.DateField(_("construction start date"), null=True, blank=True)
    est_operation_date = models.DateField(_("estimated operation date"), null=True, blank=True)
    operation_date = models.DateField(_("operation date"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Invented for the demo where the source gives only a total."),
    )

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(total_investment__isnull=True) | Q(total_investment__gte=0),
                name="project_total_investment_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(contracted_amount__isnull=True) | Q(contracted_amount__gte=0),
                name="project_contracted_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(land_mu__isnull=True) | Q(land_mu__gte=0),
                name="project_land_not_negative",
            ),
            models.UniqueConstraint(
                fields=["zone", "external_id"],
                condition=~Q(external_id=""),
                name="project_external_id_once_in_zone",
            ),
        ]
        # The list's and the board's orders end with the id: projects imported or moved together
        # share a time, and an index without the id made a page of 20 read and sort every
        # project of that time (1,000 of a column at 10,000 projects, ~8 ms a board).
        indexes = [
            models.Index(fields=["zone", "stage", "-updated_at", "-id"], name="project_zone_stage"),
            models.Index(
                fields=["zone", "stage", "-stage_changed_at", "-id"],
                name="project_zone_stage_moved",
            ),
            models.Index(fields=["zone", "-updated_at", "-id"], name="project_zone_recent"),
            models.Index(fields=["zone", "owner"], name="project_zone_owner"),
            models.Index(fields=["zone", "furthest_stage_index"], name="project_zone_furthest"),
        ]

    def __str__(self) -> str:
        return str(self.title)

    objects = ProjectQuerySet.as_manager()

    def get_stage_display(self) -> str:  # type: ignore[no-redef]  # Django keeps a model's own
        """The stage's label in the active language, as Django's own `get_FOO_display` gives it,
        from a mapping made once: Django's rebuilds the choices' mapping on every call (~60 µs;
        a list of 50 projects called it 50 times)."""
        return str(_STAGE_LABELS.get(self.stage, self.stage))

    def stage_total_key(self) -> tuple[int, str, str, bool, Decimal | None] | None:
        """(zone, stage, currency, confidential, total investment): how `StageTotal` counts
        this project as it is now; None if one of them was not read (`only`, `defer`)."""
        if not all(name in self.__dict__ for name in COUNTED_FIELDS):
            return None
        return (
            self.zone_id,  # type: ignore[attr-defined]
            self.stage,
            self.currency,
            self.confidential,
            self.total_investment,
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The project and its stage totals (pipeline/totals.py, on post_save) in one transaction.
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        with transaction.atomic(savepoint=False):
            return super().delete(*args, **kwargs)

    @property
    def land_m2(self) -> Decimal | None:
        if self.land_mu is None:
            return None
        return (self.land_mu * SQUARE_METRES_PER_MU).quantize(Decimal(1))


def furthest_after(furthest: int | None, stage: Stage | str) -> int | None:
    """A project's `furthest_stage_index` once its history also shows `stage`: raised to the
    stage's place on the main road; a side stage (on hold, lost) leaves it as it was."""
    index = road_index(stage)
    if index is None or (furthest is not None and furthest >= index):
        return furthest
    return index


class CapitalArrival(ZoneOwned, TimeStamped):
    """Paid-in capital (到资): one dated arrival of money for a project."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="arrivals"
    )
    date = models.DateField(_("date"))
    amount = money_field(_("amount"), null=False, blank=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("capital arrival")
        verbose_name_plural = _("capital arrivals")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="arrival_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.amount}"


class StageChange(ZoneOwned):
    # Read by project (its history) only: no index of their own on zone or on who moved it,
    # which every import and stage change would otherwise keep up to date.
    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT, db_index=False)
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(
        pgettext_lazy("stage change", "from"), max_length=20, choices=Stage.choices, blank=True
    )
    to_stage = models.CharField(
        pgettext_lazy("stage change", "to"), max_length=20, choices=Stage.choices
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    reason = models.TextField(_("reason"), blank=True)
    lost_to = models.CharField(_("lost to (location)"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.from_stage} → {self.to_stage}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saved and, if the project's furthest stage lags behind this one, raised with it.

        The narrow exception to "nothing in save()", as for the search entries: the column is
        derived data, not a business rule. The services raise it on the project they save
        (so this costs them no query); this covers a stage change written one at a time
        anywhere else (a shell, the admin, a test's fixture). Bulk writers (the import, the
        synthetic data) set the column on the project rows they write.
        """
        super().save(*args, **kwargs)
        self._raise_project_furthest_stage()

    def _raise_project_furthest_stage(self) -> None:
        index = road_index(self.to_stage)
        if index is None:
            return
        known = self.project if StageChange.project.is_cached(self) else None
        if known is not None and furthest_after(known.furthest_stage_index, self.to_stage) == (
            known.furthest_stage_index
        ):
            return  # the project in hand already stands this far (the services' case)
        Project.objects.filter(
            Q(furthest_stage_index__isnull=True) | Q(furthest_stage_index__lt=index),
            pk=self.project_id,
        ).update(furthest_stage_index=index)
        if known is not None:
            known.furthest_stage_index = index


class Activity(ZoneOwned, TimeStamped):
    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        MEETING = "meeting", _("Meeting")
        CALL = "call", _("Call")
        EMAIL = "email", _("Email")
        SITE_TOUR = "site_tour", _("Site tour")

    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="activities",
    )
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    people = models.CharField(_("people"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["zone", "-date"], name="activity_zone_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class Task(ZoneOwned, TimeStamped):
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    title = models.CharField(_("title"), max_length=300)
    due_date = models.DateField(_("due date"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["assignee", "done_at", "due_date"], name="task_open")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_date < timezone.localdate()


CENTS_PER_UNIT = Decimal(100)


def to_cents(amount: Decimal | None) -> int:
    """Whole cents, rounded as PostgreSQL rounds a numeric(…, 2) (half away from zero)."""
    if amount is None:
        return 0
    return int((Decimal(amount) * CENTS_PER_UNIT).to_integral_value(rounding=ROUND_HALF_UP))


def from_cents(cents: int) -> Decimal:
    return Decimal(cents) / CENTS_PER_UNIT


class StageTotal(models.Model):
    """How many projects of a zone stand at a stage, and their total investment, by currency and
    confidentiality: kept with every write of a project (pipeline/totals.py) so that the board
    reads a few dozen rows instead of aggregating every project of its zones."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", db_index=False)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    currency = models.CharField(max_length=3, choices=Currency.choices)
    confidential = models.BooleanField()
    projects = models.BigIntegerField(default=0)
    # The sum of the projects' total investment in cents: whole numbers add up exactly on
    # every database (SQLite adds decimals as floating point).
    total_cents = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["zone", "stage", "currency", "confidential"], name="stage_total_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.zone_id} {self.stage} {self.currency}: {self.projects}"  # type: ignore[attr-defined]
