"""Every read of the pipeline that pages, API and reports share, scoped by zone and role.

The scope rule lives in `project_scope`: a user sees projects of the zones they work in; officers
and analysts see the zone's non-confidential projects plus the confidential ones they own; directors
and admins see everything of their zones; consultants see none of the pipeline.
"""

import datetime as dt
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import Count, Expression, F, Func, IntegerField, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from modeltranslation.utils import resolution_order

from zoneinvest.accounts.models import CONFIDENTIAL_READERS, User
from zoneinvest.accounts.selectors import user_can_read_pipeline, user_zone_ids
from zoneinvest.core.audit import audit_trail
from zoneinvest.core.models import AuditEvent
from zoneinvest.core.money import PIVOT_CURRENCY, Money, rates_to
from zoneinvest.core.shapes import shaped_count, shaped_rows
from zoneinvest.pipeline.models import (
    Activity,
    CapitalArrival,
    Company,
    Contact,
    Project,
    StageChange,
    StageTotal,
    Task,
    from_cents,
)
from zoneinvest.pipeline.rows import (
    PERSON,
    columns_union,
    grouped_by_stage,
    localized,
    person_name,
    plain,
    rows_by_stage,
    translated,
)
from zoneinvest.pipeline.stages import BOARD_COLUMNS, Stage, reached_through, road_index

BOARD_CARDS_PER_COLUMN = 20
BOARD_ORDER = ("-stage_changed_at", "-id")  # a column's cards: the latest moved first
PROJECT_SORTS: dict[str, tuple[Any, ...]] = {
    "updated": ("-updated_at", "-id"),
    "-updated": ("updated_at", "id"),
    "title": ("title", "id"),
    "-title": ("-title", "-id"),
    "investment": (F("total_investment").asc(nulls_last=True), "id"),
    "-investment": (F("total_investment").desc(nulls_last=True), "-id"),
    "stage": ("stage", "-updated_at", "-id"),
    "signing": (F("signing_date").desc(nulls_last=True), "-id"),
}


# ---------------------------------------------------------------- scope


def _zone_filter(user: User) -> Q:
    return Q(zone_id__in=user_zone_ids(user=user))


@dataclass(frozen=True)
class _Reader:
    """What `project_scope`'s rule reads of a user."""

    reads_pipeline: bool
    reads_confidential: bool
    user_id: int
    zone_ids: tuple[int, ...]

    # A read kept for its shape (`core.shapes`) sends the reader's id and zones as parameters;
    # the rest of the reader decides its SQL and is part of its key. The one place of that rule.
    def values(self) -> dict[str, Any]:
        return {"user_id": self.user_id, "zone_ids": self.zone_ids}

    def shape(self) -> "_Reader":
        return replace(self, user_id=0, zone_ids=())

    def with_values(self, values: Mapping[str, Any]) -> "_Reader":
        """This reader with the id and zones a kept read is built with (its markers)."""
        return replace(self, user_id=values["user_id"], zone_ids=values["zone_ids"])


def _reader(user: User) -> _Reader:
    if not user_can_read_pipeline(user=user):
        return _Reader(reads_pipeline=False, reads_confidential=False, user_id=0, zone_ids=())
    return _Reader(
        reads_pipeline=True,
        reads_confidential=user.role in CONFIDENTIAL_READERS,
        user_id=user.pk,
        zone_ids=tuple(user_zone_ids(user=user)),
    )


def _projects_read_by(reader: _Reader) -> QuerySet[Project]:
    """The confidentiality rule: a user sees projects of the zones they work in; officers and
    analysts the non-confidential ones and the confidential ones they own."""
    if not reader.reads_pipeline:
        return Project.objects.none()
    projects = Project.objects.filter(zone_id__in=reader.zone_ids)
    if not reader.reads_confidential:
        projects = projects.filter(Q(confidential=False) | Q(owner_id=reader.user_id))
    return projects


def project_scope(*, user: User) -> QuerySet[Project]:
    """The projects `user` may see at all. The one place the confidentiality rule lives."""
    return _projects_read_by(_reader(user))


def project_scope_rows(
    *,
    user: User,
    shape: Hashable,
    read: Callable[[QuerySet[Project], Mapping[str, Any]], QuerySet[Any]],
    values: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """`read(project_scope(user=user), values)` (a `values()` queryset) as rows, its SQL
    compiled once for its shape (`core.shapes`): the user's id and zones and `values` are its
    parameters, the reader's confidentiality and `shape` its key. `read` must use `values` only
    as values (compared with a column, selected), and build the same SQL for every call of one
    `shape`: an aggregate of the dashboard compiled ~0.2–0.6 ms a call."""
    reader = _reader(user)
    given = dict(values or {})
    if not reader.reads_pipeline:
        return list(read(Project.objects.none(), given))

    return shaped_rows(
        shape=("project scope", shape, reader.shape()),
        values={**reader.values(), **given},
        build=lambda marked: read(_projects_read_by(reader.with_values(marked)), marked),
    )


def company_scope(*, user: User) -> QuerySet[Company]:
    if not user_can_read_pipeline(user=user):
        return Company.objects.none()
    return Company.objects.filter(_zone_filter(user))


def project_get(*, user: User, pk: int) -> Project:
    """One project the user may see, or 404 (never 403: outsiders learn nothing)."""
    project = (
        project_scope(user=user)
        .select_related("zone", "company", "chain", "owner")
        .filter(pk=pk)
        .first()
    )
    if project is None:
        raise Http404
    return project


def company_get(*, user: User, pk: int) -> Company:
    company = (
        company_scope(user=user)
        .select_related("zone", "chain", "merged_into")
        .filter(pk=pk)
        .first()
    )
    if company is None:
        raise Http404
    return company


def contact_get(*, user: User, pk: int) -> Contact:
    contact = (
        Contact.objects.filter(company__in=company_scope(user=user))
        .select_related("company")
        .filter(pk=pk)
        .first()
    )
    if contact is None:
        raise Http404
    return contact


def task_get(*, user: User, pk: int) -> Task:
    task = (
        Task.objects.filter(_zone_filter(user))
        # The same scope as task_list: a task shown in the list can be opened.
        .filter(
            Q(assignee=user) | Q(project__isnull=True) | Q(project__in=project_scope(user=user))
        )
        .select_related("project", "assignee")
        .filter(pk=pk)
        .first()
    )
    if task is None or not user_can_read_pipeline(user=user):
        raise Http404
    return task


# ---------------------------------------------------------------- project list


FILTERS: tuple[str, ...] = ("stage", "sector", "chain", "owner", "country", "source")
FILTERS += ("min_amount", "max_amount", "q", "zone")


@dataclass(frozen=True)
class ProjectFilters:
    stage: str = ""
    sector: str = ""
    chain: int | None = None
    owner: int | None = None
    country: str = ""
    source: str = ""
    min_amount: Decimal | None = None
    max_amount: Decimal | None = None
    q: str = ""
    zone: int | None = None
    reached: str = ""  # projects that ever stood at this stage (the records behind a KPI)
    sort: str = "updated"
    extra: dict[str, Any] = field(default_factory=dict)

    def is_active(self, ignoring: Sequence[str] = ()) -> bool:
        return any(
            getattr(self, name) not in ("", None) for name in FILTERS if name not in ignoring
        )


def _reached_filter(stage: str) -> Q:
    """Projects whose history shows they reached `stage` (`reached_through`): for a stage of
    the main road, read from the project's furthest stage; a side stage from its history."""
    index = road_index(stage)
    if index is None:
        reached = StageChange.objects.filter(to_stage__in=reached_through(stage))
        return Q(pk__in=reached.values("project_id"))
    return Q(furthest_stage_index__gte=index)


def _apply_project_filters(projects: QuerySet[Project], f: ProjectFilters) -> QuerySet[Project]:
    exact = {
        "stage": f.stage,
        "sector": f.sector,
        "chain_id": f.chain,
        "owner_id": f.owner,
        "company__country": f.country,
        "source": f.source,
        "zone_id": f.zone,
        "total_investment__gte": f.min_amount,
        "total_investment__lte": f.max_amount,
    }
    projects = projects.filter(**{k: v for k, v in exact.items() if v not in ("", None)})
    if f.reached:
        projects = projects.filter(_reached_filter(f.reached))
    if f.q.strip():
        text = f.q.strip()
        projects = projects.filter(
            Q(title_en__icontains=text)
            | Q(title_zh_hans__icontains=text)
            | Q(company__name_en__icontains=text)
            | Q(company__name_zh_hans__icontains=text)
        )
    return projects


def _listed(reader: _Reader, f: ProjectFilters) -> QuerySet[Project]:
    projects = _apply_project_filters(_projects_read_by(reader), f)
    order = PROJECT_SORTS.get(f.sort, PROJECT_SORTS["updated"])
    return projects.select_related("zone", "company", "chain", "owner").order_by(*order)


def project_list(*, user: User, filters: ProjectFilters | None = None) -> QuerySet[Project]:
    """The filtered, sorted project list; a constant number of queries whatever its length."""
    return _listed(_reader(user), filters or ProjectFilters())


# The filters `_apply_project_filters` uses only as values: compared with a column, never
# branched on but for being set. A list filtered by them is compiled once for its shape
# (`core.shapes` proves each is sent as a parameter, unchanged); a filter the code ever
# branches on by its value (as `reached`) must stay out of this list, in the shape.
SHAPED_FILTERS: tuple[str, ...] = ("stage", "sector", "chain", "owner", "country", "source")
SHAPED_FILTERS += ("zone", "min_amount", "max_amount")
_FILTER_FIELDS = tuple(f.name for f in dataclass_fields(ProjectFilters) if f.name != "extra")


def _shaped_list(
    reader: _Reader, f: ProjectFilters
) -> (
    tuple[tuple[Hashable, ...], dict[str, Any], Callable[[Mapping[str, Any]], QuerySet[Project]]]
    | None
):
    """The list's shape, values and builder for `core.shapes`; None for a list compiled each
    time (a text search, a "reached" filter: values the SQL is written around)."""
    if f.q.strip() or f.reached or f.extra or not reader.reads_pipeline:
        return None
    given = {name: getattr(f, name) for name in SHAPED_FILTERS}
    given = {name: value for name, value in given.items() if value not in ("", None)}

    def build(values: Mapping[str, Any]) -> QuerySet[Project]:
        marked = reader.with_values(values)
        return _listed(marked, replace(f, **{name: values[name] for name in given}))

    # Everything else the SQL is built from is the shape, by construction: the reader but its
    # id and zones, every filter (one not in SHAPED_FILTERS by its value), the sort.
    shape = (
        "project_list",
        reader.shape(),
        *((name, name in given or getattr(f, name)) for name in _FILTER_FIELDS),
    )
    return shape, {**reader.values(), **given}, build


LISTED_TOTAL = "listed_total"  # the column of a counted page: how many projects its list holds


def _counts_projects(f: ProjectFilters) -> bool:
    """Whether the list's count counts its projects; filtered by nothing but the zone and the
    stage it is summed from the stage totals kept with them."""
    return f.is_active(ignoring=("zone", "stage")) or bool(f.reached)


def _count_of(listed: QuerySet[Project]) -> Subquery:
    """How many projects `listed` holds, as a subquery a page of it selects (the database
    computes it once, whatever the page's length)."""
    count = Func(F("pk"), function="COUNT", output_field=IntegerField())
    return Subquery(listed.order_by().values("pk").annotate(n=count).values("n"))


def _page_values(
    listed: QuerySet[Project],
    fields: Sequence[str],
    expressions: Mapping[str, Expression],
    counted: bool,
) -> QuerySet[Any]:
    total = {LISTED_TOTAL: _count_of(plain(listed))} if counted else {}
    return plain(listed).values(*fields, **expressions, **total)


def _page(
    user: User,
    filters: ProjectFilters,
    page: tuple[int, int],
    fields: Sequence[str],
    expressions: Mapping[str, Expression],
    counted: bool,
) -> list[dict[str, Any]]:
    offset, limit = page
    reader = _reader(user)
    shaped = _shaped_list(reader, filters)
    if shaped is None:
        listed = _page_values(_listed(reader, filters), fields, expressions, counted)
        return list(listed[offset : offset + limit])
    shape, values, build = shaped
    return shaped_rows(
        shape=(*shape, *fields, *expressions.items(), counted),
        values=values,
        build=lambda v: _page_values(build(v), fields, expressions, counted),
        page=page,
        one_plan=True,  # its LIMIT a parameter, PostgreSQL would plan it anew every call
    )


def project_page(
    *,
    user: User,
    filters: ProjectFilters,
    offset: int,
    limit: int,
    fields: Sequence[str],
    expressions: Mapping[str, Expression] | None = None,
) -> list[dict[str, Any]]:
    """A page of `project_list` read as `fields` and `expressions` (`values()`), one query. The
    SQL of a list of the same shape (the same filters set, sort, fields and expressions; any
    page) is compiled once and sent again with this call's values and page (`core.shapes`):
    compiling it took ~1.5 ms of the API's project list."""
    return _page(user, filters, (offset, limit), fields, expressions or {}, counted=False)


def project_page_and_count(
    *,
    user: User,
    filters: ProjectFilters,
    offset: int,
    limit: int,
    fields: Sequence[str],
    expressions: Mapping[str, Expression] | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """`project_page` and `project_count`. Where the list's projects must be counted, in one
    query: the count is a subquery of the page's, read off its first row (one round trip less,
    the page and its count read in one snapshot; 1.35 against 1.47 ms at 10,000 projects).
    A list counted from the kept stage totals, or a page past its end (no row to read the count
    off), asks `project_count`."""
    counted = _counts_projects(filters)
    rows = _page(user, filters, (offset, limit), fields, expressions or {}, counted)
    if not counted or (not rows and offset > 0):
        return rows, project_count(user=user, filters=filters)
    total = rows[0][LISTED_TOTAL] if rows else 0
    for row in rows:
        del row[LISTED_TOTAL]
    return rows, total


def project_count(*, user: User, filters: ProjectFilters | None = None) -> int:
    """How many projects `project_list` holds. Filtered by nothing but the zone and the stage,
    summed from the stage totals kept with the projects (a few rows, where counting the
    projects of a province read all of them: ~200 ms at 1,000,000); otherwise counted, the
    count's SQL compiled once for its shape as `project_page`'s."""
    f = filters or ProjectFilters()
    reader = _reader(user)
    counted = _counts_projects(f)
    shaped = _shaped_list(reader, f) if counted else None
    if shaped is not None:
        shape, values, build = shaped
        return shaped_count(shape=shape, values=values, build=build)
    projects = _apply_project_filters(_projects_read_by(reader), f)
    if counted:
        return projects.count()
    rows = _kept_stage_currency_totals(user, projects, zone=f.zone, stage=f.stage)
    return sum(row["n"] for row in rows)


# ---------------------------------------------------------------- board


@dataclass(frozen=True)
class BoardColumn:
    stage: Stage
    count: int
    total: Money
    cards: list["BoardCard"]  # the latest moved, at most BOARD_CARDS_PER_COLUMN

    @property
    def more(self) -> int:
        return self.count - len(self.cards)


def _stage_currency_totals(
    user: User, projects: QuerySet[Project], filters: ProjectFilters
) -> list[dict[str, Any]]:
    """Count and total investment per stage and currency: {"stage", "currency", "n", "total"}.

    Without a filter other than the zone, read from the stage totals kept with every write
    (`_kept_stage_currency_totals`); filtered, the projects are counted."""
    if filters.is_active(ignoring=("zone",)) or filters.reached:
        return _grouped_by_stage_and_currency(projects)
    return _kept_stage_currency_totals(user, projects, zone=filters.zone)


def _kept_stage_currency_totals(
    user: User, projects: QuerySet[Project], *, zone: int | None, stage: str = ""
) -> list[dict[str, Any]]:
    """The stage totals kept with every write (`StageTotal`, pipeline/totals.py) of the user's
    zones (or of `zone` among them), of one `stage` if given: a few dozen rows whatever the
    number of projects. A user who may not read confidential projects gets the totals of the
    others, and their own confidential projects counted from `projects` (`project_scope`'s
    rule; `projects` is the caller's scope with the same zone and stage filters)."""
    reader = _reader(user)
    if not reader.reads_pipeline:
        return []
    zone_ids = (
        reader.zone_ids if zone is None else tuple(pk for pk in reader.zone_ids if pk == zone)
    )
    values: dict[str, Any] = {"zone_ids": zone_ids, **({"stage": stage} if stage else {})}
    rows = shaped_rows(  # compiled once for its shape (a stage or not, the confidentiality)
        shape=("kept stage totals", reader.reads_confidential),
        values=values,
        build=lambda v: _kept_totals_of(v, open_only=not reader.reads_confidential),
    )
    own_confidential: list[dict[str, Any]] = []
    if not reader.reads_confidential:
        own_confidential = _grouped_by_stage_and_currency(
            projects.filter(confidential=True, owner=user)
        )
    return [_amount_from_cents(row) for row in rows] + own_confidential


def _kept_totals_of(values: Mapping[str, Any], *, open_only: bool) -> QuerySet[Any]:
    """The stage totals of the zones (of one stage if given) grouped by stage and currency;
    `open_only`, of the projects that are not confidential."""
    kept = StageTotal.objects.filter(zone_id__in=values["zone_ids"]).exclude(projects=0)
    if "stage" in values:
        kept = kept.filter(stage=values["stage"])
    if open_only:
        kept = kept.filter(confidential=False)
    return kept.values("stage", "currency").annotate(n=Sum("projects"), cents=Sum("total_cents"))


def _amount_from_cents(row: Any) -> dict[str, Any]:
    """A stage total as the projects grouped would give it: its cents as an amount."""
    total = from_cents(row["cents"])
    return {"stage": row["stage"], "currency": row["currency"], "n": row["n"], "total": total}


def _grouped_by_stage_and_currency(projects: QuerySet[Project]) -> list[dict[str, Any]]:
    grouped = (
        projects.order_by()
        .values("stage", "currency")
        .annotate(n=Count("id"), total=Sum("total_investment"))
    )
    return [dict(row) for row in grouped]


def _column_totals(
    user: User, projects: QuerySet[Project], filters: ProjectFilters, on: dt.date
) -> dict[str, tuple[int, Decimal]]:
    """Count and total investment per stage, each currency converted into yuan."""
    rows = _stage_currency_totals(user, projects, filters)
    rates = rates_to(currencies={r["currency"] for r in rows}, target=PIVOT_CURRENCY, on=on)
    totals: dict[str, tuple[int, Decimal]] = {}
    for row in rows:
        count, amount = totals.get(row["stage"], (0, Decimal(0)))
        converted = (row["total"] or Decimal(0)) * rates[row["currency"]]
        totals[row["stage"]] = (count + row["n"], amount + converted)
    return totals


class BoardCard(NamedTuple):
    """A project as the board shows it, in the request's language. (A named tuple: a frozen
    dataclass took three times as long to make, ~0.9 ms for a board's 180 cards.)"""

    pk: int
    title: str
    company_id: int | None
    company: str  # the investor's name, "" without one
    owner_id: int | None
    owner_username: str
    owner: str  # the owner's name as `User.__str__` gives it, "" without one
    total_investment: Decimal | None
    currency: str
    stage: str
    held_from_stage: str
    stage_changed_at: dt.datetime
    version: int


CARD_FIELDS = (
    "id",
    *localized("title"),
    "company_id",
    *localized("company__name"),
    "owner_id",
    *(f"owner__{name}" for name in PERSON),
    "total_investment",
    "currency",
    "stage",
    "held_from_stage",
    "stage_changed_at",
    "version",
)


def _board_card(row: dict[str, Any], order: Sequence[str]) -> BoardCard:
    has_owner = row["owner_id"] is not None
    return BoardCard(
        pk=row["id"],
        title=translated(row, "title", order),
        company_id=row["company_id"],
        company=translated(row, "company__name", order) if row["company_id"] else "",
        owner_id=row["owner_id"],
        owner_username=row["owner__username"] or "",
        owner=person_name(row, "owner") if has_owner else "",
        total_investment=row["total_investment"],
        currency=row["currency"],
        stage=row["stage"],
        held_from_stage=row["held_from_stage"],
        stage_changed_at=row["stage_changed_at"],
        version=row["version"],
    )


def _column_rows(reader: _Reader, filters: ProjectFilters) -> dict[str, list[dict[str, Any]]]:
    """The most recently moved cards of each stage as rows: one indexed, limited query per
    column, all sent as one. Where the board's filters are values only (`_shaped_list`) and the
    database takes the columns as one UNION ALL, that query is compiled once for its shape
    (`core.shapes`); otherwise once a request (`rows_by_stage`)."""
    shaped = _shaped_list(reader, filters)
    if shaped is None or not connection.features.supports_slicing_ordering_in_compound:
        latest = _apply_project_filters(_projects_read_by(reader), filters)
        return rows_by_stage(
            latest.order_by(*BOARD_ORDER), BOARD_COLUMNS, BOARD_CARDS_PER_COLUMN, CARD_FIELDS
        )
    shape, values, build = shaped
    rows = shaped_rows(
        shape=("board", *shape),
        values=values,
        build=lambda v: columns_union(
            build(v).order_by(*BOARD_ORDER), BOARD_COLUMNS, BOARD_CARDS_PER_COLUMN, CARD_FIELDS
        ),
    )
    return grouped_by_stage(rows, BOARD_COLUMNS, BOARD_ORDER)


def _column_cards(reader: _Reader, filters: ProjectFilters) -> dict[str, list[BoardCard]]:
    rows = _column_rows(reader, filters)
    order = resolution_order(get_language() or "en")
    return {stage: [_board_card(row, order) for row in cards] for stage, cards in rows.items()}


def pipeline_board(
    *, user: User, filters: ProjectFilters | None = None, on: dt.date | None = None
) -> list[BoardColumn]:
    """A column per stage: its count, its total in yuan, and its latest cards.

    A constant number of queries: the totals (the stage totals kept with the projects, or the
    projects grouped when filtered; and an officer's own confidential projects), one of the
    exchange rates, and the cards (one query on PostgreSQL, one a column on SQLite).
    """
    filters = filters or ProjectFilters()
    reader = _reader(user)
    projects = _apply_project_filters(_projects_read_by(reader), filters)
    totals = _column_totals(user, projects, filters, on or timezone.localdate())
    cards = _column_cards(reader, filters)
    return [
        BoardColumn(
            stage=stage,
            count=totals.get(stage, (0, Decimal(0)))[0],
            total=Money(totals.get(stage, (0, Decimal(0)))[1], PIVOT_CURRENCY),
            cards=cards[stage],
        )
        for stage in BOARD_COLUMNS
    ]


# ---------------------------------------------------------------- project page


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str  # "activity" | "stage" | "arrival" | "audit"
    item: Activity | StageChange | CapitalArrival | AuditEvent


# Audit verbs the timeline shows from their own tables, with the dates things happened on
# (creation is the first stage change, "entered the pipeline").
TIMELINE_OWN_TABLES = (
    "pipeline.project.created",
    "pipeline.project.stage_changed",
    "pipeline.project.capital_arrived",
    "pipeline.activity.recorded",
)
TIMELINE_LENGTH = 200


def project_timeline(*, project: Project) -> list[TimelineEntry]:
    """Activities, stage changes and every other audited change of the project, newest first."""
    tz = timezone.get_current_timezone()
    activities = project.activities.select_related("by").order_by("-date", "-id")
    stages = project.stage_changes.select_related("by").order_by("-at", "-id")
    arrivals = project.arrivals.select_related("recorded_by").order_by("-date", "-id")
    events = audit_trail(obj=project).exclude(verb__in=TIMELINE_OWN_TABLES).order_by("-at", "-id")
    entries = (
        [
            TimelineEntry(
                at=dt.datetime.combine(a.date, dt.time(12), tzinfo=tz), kind="activity", item=a
            )
            for a in activities[:TIMELINE_LENGTH]
        ]
        + [TimelineEntry(at=c.at, kind="stage", item=c) for c in stages[:TIMELINE_LENGTH]]
        + [
            TimelineEntry(
                at=dt.datetime.combine(a.date, dt.time(12), tzinfo=tz), kind="arrival", item=a
            )
            for a in arrivals[:TIMELINE_LENGTH]
        ]
        + [TimelineEntry(at=e.at, kind="audit", item=e) for e in events[:TIMELINE_LENGTH]]
    )
    return sorted(entries, key=lambda e: e.at, reverse=True)[:TIMELINE_LENGTH]


def project_arrivals(*, project: Project) -> tuple[list[CapitalArrival], Decimal]:
    """Paid-in capital (到资): each dated arrival and their sum, in the project's currency."""
    arrivals = list(project.arrivals.order_by("date", "id"))
    return arrivals, sum((a.amount for a in arrivals), Decimal(0))


def project_open_tasks(*, project: Project) -> list[Task]:
    return list(project.tasks.filter(done_at__isnull=True).select_related("assignee"))


# ---------------------------------------------------------------- companies, contacts, activities


def company_list(*, user: User, q: str = "", country: str = "") -> QuerySet[Company]:
    companies = company_scope(user=user).filter(merged_into__isnull=True)
    if q.strip():
        companies = companies.filter(
            Q(name_en__icontains=q.strip()) | Q(name_zh_hans__icontains=q.strip())
        )
    if country:
        companies = companies.filter(country=country)
    return (
        companies.select_related("zone", "chain")
        .annotate(project_count=Count("projects", distinct=True))
        .order_by("name", "id")
    )


def company_choices(*, user: User, zone_ids: list[int]) -> QuerySet[Company]:
    """Companies a project of these zones may name as investor (merged duplicates excluded)."""
    return company_scope(user=user).filter(zone_id__in=zone_ids, merged_into__isnull=True)


def company_projects(*, user: User, company: Company) -> QuerySet[Project]:
    return project_list(user=user).filter(company=company)


def company_contacts(*, company: Company) -> QuerySet[Contact]:
    return company.contacts.order_by("name", "id")


def contact_list(*, user: User, company: int | None = None) -> QuerySet[Contact]:
    contacts = Contact.objects.filter(company__in=company_scope(user=user))
    if company is not None:
        contacts = contacts.filter(company_id=company)
    return contacts.select_related("company").order_by("name", "id")


def activity_list(*, user: User, project: int | None = None) -> QuerySet[Activity]:
    visible = Q(project__isnull=True, zone_id__in=user_zone_ids(user=user)) | Q(
        project__in=project_scope(user=user)
    )
    activities = (
        Activity.objects.filter(visible)
        if user_can_read_pipeline(user=user)
        else (Activity.objects.none())
    )
    if project is not None:
        activities = activities.filter(project_id=project)
    return activities.select_related("company", "project", "by").order_by("-date", "-id")


def activity_get(*, user: User, pk: int) -> Activity:
    activity = activity_list(user=user).filter(pk=pk).first()
    if activity is None:
        raise Http404
    return activity


# ---------------------------------------------------------------- tasks


def task_list(
    *, user: User, assignee: User | None = None, open_only: bool = True
) -> QuerySet[Task]:
    if not user_can_read_pipeline(user=user):
        return Task.objects.none()
    tasks = Task.objects.filter(_zone_filter(user)).filter(
        Q(project__isnull=True) | Q(project__in=project_scope(user=user))
    )
    if assignee is not None:
        tasks = tasks.filter(assignee=assignee)
    if open_only:
        tasks = tasks.filter(done_at__isnull=True)
    return tasks.select_related("project", "assignee").order_by("due_date", "id")


def my_tasks(*, user: User) -> QuerySet[Task]:
    return task_list(user=user, assignee=user)


def task_calendar(*, user: User) -> QuerySet[Task]:
    """The user's open tasks for a calendar feed (scoped as "My tasks"), with their zone."""
    return my_tasks(user=user).select_related("zone")


def overdue_task_count(*, user: User) -> int:
    return my_tasks(user=user).filter(due_date__lt=timezone.localdate()).count()
