"""Projects: the filtered list, read, create, update with a version, stage changes, 到资."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, StrictBool

from zoneinvest.accounts.models import User
from zoneinvest.api.auth import caller, pipeline_auth
from zoneinvest.api.errors import READ_ERRORS, WRITE_ERRORS
from zoneinvest.api.lookups import resolve_references, zone_by_code, zone_for_create
from zoneinvest.api.project_rows import COLUMNS, DATETIME_TEXTS, card_out, projects_out
from zoneinvest.api.schemas import (
    Amount,
    AmountBound,
    ChainRef,
    ChoiceOut,
    CompanyRef,
    Count,
    IsoDate,
    LandMu,
    MoneyOut,
    PageQuery,
    PositiveAmount,
    UserRef,
    Version,
    WholeNumber,
    ZoneRef,
    choice,
    decimal_text,
    json_response,
    money,
)
from zoneinvest.core.models import Currency
from zoneinvest.events.services import stage_move
from zoneinvest.industries.models import Sector
from zoneinvest.pipeline.models import Project, Source
from zoneinvest.pipeline.selectors import (
    PROJECT_SORTS,
    BoardColumn,
    ProjectFilters,
    pipeline_board,
    project_arrivals,
    project_get,
    project_page_and_count,
)
from zoneinvest.pipeline.services import (
    capital_arrival_record,
    project_create,
    project_update,
)
from zoneinvest.pipeline.stages import Stage

router = Router(auth=pipeline_auth, tags=["projects"])

ProjectSort = Literal[tuple(PROJECT_SORTS)]  # type: ignore[valid-type]
VERSION_HELP = "The version the client read; 409 if someone saved the project since."


# ---------------------------------------------------------------- output


class ProjectOut(Schema):
    id: int
    zone: ZoneRef
    title: str
    title_en: str
    title_zh_hans: str | None
    description_en: str | None
    description_zh_hans: str | None
    company: CompanyRef | None
    sector: ChoiceOut | None
    chain: ChainRef | None
    currency: str
    total_investment: MoneyOut | None
    fixed_asset_investment: MoneyOut | None
    foreign_investment: MoneyOut | None
    registered_capital: MoneyOut | None
    contracted_amount: MoneyOut | None
    expected_annual_output: MoneyOut | None
    expected_annual_tax: MoneyOut | None
    expected_jobs: int | None
    land_mu: str | None = Field(description="Land need in mu, a decimal string.")
    source: ChoiceOut
    owner: UserRef | None
    confidential: bool
    stage: ChoiceOut
    stage_changed_at: dt.datetime
    held_from_stage: ChoiceOut | None
    lost_reason: str
    lost_to: str
    est_signing_date: dt.date | None
    signing_date: dt.date | None
    est_registration_date: dt.date | None
    registration_date: dt.date | None
    est_construction_date: dt.date | None
    construction_date: dt.date | None
    est_operation_date: dt.date | None
    operation_date: dt.date | None
    external_id: str
    illustrative: bool
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_sector(obj: Project) -> dict[str, str] | None:
        return choice(Sector, obj.sector)

    @staticmethod
    def resolve_source(obj: Project) -> dict[str, str] | None:
        return choice(Source, obj.source)

    @staticmethod
    def resolve_stage(obj: Project) -> dict[str, str] | None:
        return choice(Stage, obj.stage)

    @staticmethod
    def resolve_held_from_stage(obj: Project) -> dict[str, str] | None:
        return choice(Stage, obj.held_from_stage)

    @staticmethod
    def resolve_land_mu(obj: Project) -> str | None:
        return decimal_text(obj.land_mu)

    @staticmethod
    def resolve_total_investment(obj: Project) -> dict[str, str] | None:
        return money(obj.total_investment, obj.currency)

    @staticmethod
    def resolve_fixed_asset_investment(obj: Project) -> dict[str, str] | None:
        return money(obj.fixed_asset_investment, obj.currency)

    @staticmethod
    def resolve_foreign_investment(obj: Project) -> dict[str, str] | None:
        return money(obj.foreign_investment, obj.currency)

    @staticmethod
    def resolve_registered_capital(obj: Project) -> dict[str, str] | None:
        return money(obj.registered_capital, obj.currency)

    @staticmethod
    def resolve_contracted_amount(obj: Project) -> dict[str, str] | None:
        return money(obj.contracted_amount, obj.currency)

    @staticmethod
    def resolve_expected_annual_output(obj: Project) -> dict[str, str] | None:
        return money(obj.expected_annual_output, obj.currency)

    @staticmethod
    def resolve_expected_annual_tax(obj: Project) -> dict[str, str] | None:
        return money(obj.expected_annual_tax, obj.currency)


# ---------------------------------------------------------------- input


class ProjectFields(Schema):
    """Every field a client may set; ids refer to records of the project's zone."""

    model_config = ConfigDict(extra="forbid")

    title_zh_hans: str | None = Field(None, max_length=300)
    description_en: str | None = None
    description_zh_hans: str | None = None
    company: WholeNumber | None = Field(None, description="Id of the investor (a company).")
    sector: Sector | Literal[""] = ""
    chain: WholeNumber | None = Field(None, description="Id of an industry chain.")
    currency: Currency = Currency.CNY
    total_investment: Amount | None = None
    fixed_asset_investment: Amount | None = None
    foreign_investment: Amount | None = None
    registered_capital: Amount | None = None
    contracted_amount: Amount | None = None
    expected_annual_output: Amount | None = None
    expected_annual_tax: Amount | None = None
    expected_jobs: Count | None = None
    land_mu: LandMu | None = None
    source: Source = Source.OFFICER
    owner: WholeNumber | None = Field(None, description="Id of an officer or director of the zone.")
    confidential: StrictBool = False
    est_signing_date: IsoDate | None = None
    signing_date: IsoDate | None = None
    est_registration_date: IsoDate | None = None
    registration_date: IsoDate | None = None
    est_construction_date: IsoDate | None = None
    construction_date: IsoDate | None = None
    est_operation_date: IsoDate | None = None
    operation_date: IsoDate | None = None
    external_id: str = Field("", max_length=100)
    illustrative: StrictBool = False


class ProjectIn(ProjectFields):
    title_en: str = Field(min_length=1, max_length=300)
    zone: str | None = Field(
        None, description="Zone code; required only when the caller works in several zones."
    )


class ProjectPatch(ProjectFields):
    version: Version = Field(description=VERSION_HELP)
    title_en: str = Field(None, min_length=1, max_length=300)  # type: ignore[assignment]


class StageChangeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    to: Stage
    version: Version = Field(description=VERSION_HELP)
    reason: str = Field("", description="Why; required when the project is lost.")
    lost_to: str = Field("", max_length=200, description="Where a lost project went.")
    values: ProjectFields | None = Field(
        None, description="Fields the target stage needs, saved in the same transaction."
    )


class BoardQuery(Schema):
    """The filters of the office's pipeline board (pipeline.selectors.ProjectFilters)."""

    stage: Stage | None = None
    sector: Sector | None = None
    chain: int | None = None
    owner: int | None = None
    country: str | None = Field(None, max_length=2, description="Investor's country (ISO code).")
    source: Source | None = None
    min_amount: AmountBound | None = Field(None, description="Minimum total investment.")
    max_amount: AmountBound | None = Field(None, description="Maximum total investment.")
    q: str | None = Field(None, description="Part of the title or of the investor's name.")
    zone: str | None = Field(None, description="Zone code.")


class ProjectQuery(BoardQuery):
    """The filters of the office's project list (pipeline.selectors.ProjectFilters)."""

    sort: ProjectSort = "updated"  # type: ignore[valid-type]


class ArrivalIn(Schema):
    model_config = ConfigDict(extra="forbid")

    date: IsoDate
    amount: PositiveAmount = Field(description="In the project's currency.")
    note: str = Field("", max_length=300)


class ArrivalOut(Schema):
    id: int
    date: dt.date
    amount: MoneyOut
    note: str

    @staticmethod
    def resolve_amount(obj: Any) -> dict[str, str] | None:
        return money(obj.amount, obj.project.currency)


class ArrivalsOut(Schema):
    items: list[ArrivalOut]
    total: MoneyOut


# ---------------------------------------------------------------- operations


def _filters(user: User, query: "ProjectQuery | BoardQuery") -> ProjectFilters:
    zone = zone_by_code(user=user, code=query.zone) if query.zone else None
    return ProjectFilters(
        stage=query.stage or "",
        sector=query.sector or "",
        chain=query.chain,
        owner=query.owner,
        country=(query.country or "").upper(),
        source=query.source or "",
        min_amount=query.min_amount,
        max_amount=query.max_amount,
        q=query.q or "",
        zone=zone.pk if zone else None,
        sort=getattr(query, "sort", "updated"),
    )


class PagedProjectOut(Schema):
    items: list[ProjectOut]
    count: int


@router.get("", response={200: PagedProjectOut, **READ_ERRORS})
def list_projects(
    request: HttpRequest, filters: Query[ProjectQuery], page: Query[PageQuery]
) -> HttpResponse:
    # The page is read as plain rows, its SQL compiled once for its shape, with its count in the
    # same query where the projects must be counted (`project_page_and_count`), and rendered as
    # `ProjectOut` would render it at a fraction of the cost (`projects_out`).
    user = caller(request)
    rows, count = project_page_and_count(
        user=user,
        filters=_filters(user, filters),
        offset=page.offset,
        limit=page.limit,
        fields=COLUMNS,
        expressions=DATETIME_TEXTS,
    )
    return json_response({"items": projects_out(rows), "count": count})


@router.get("/{project_id}", response={200: ProjectOut, **READ_ERRORS})
def get_project(request: HttpRequest, project_id: int) -> Any:
    return project_get(user=caller(request), pk=project_id)


@router.post("", response={201: ProjectOut, **WRITE_ERRORS})
def create_project(request: HttpRequest, payload: ProjectIn) -> Any:
    user = caller(request)
    zone = zone_for_create(user=user, code=payload.zone)
    values = payload.model_dump(exclude_unset=True, exclude={"zone"})
    project = project_create(zone=zone, by=user, **resolve_references(values, user=user, zone=zone))
    return Status(201, project_get(user=user, pk=project.pk))


@router.patch("/{project_id}", response={200: ProjectOut, **WRITE_ERRORS})
def update_project(request: HttpRequest, project_id: int, payload: ProjectPatch) -> Any:
    user = caller(request)
    project = project_get(user=user, pk=project_id)
    values = payload.model_dump(exclude_unset=True, exclude={"version"})
    values = resolve_references(values, user=user, zone=project.zone)
    project_update(project=project, version=payload.version, by=user, **values)
    return project_get(user=user, pk=project_id)


@router.post("/{project_id}/stage", response={200: ProjectOut, **WRITE_ERRORS})
def change_project_stage(request: HttpRequest, project_id: int, payload: StageChangeIn) -> Any:
    user = caller(request)
    project = project_get(user=user, pk=project_id)
    values = payload.values.model_dump(exclude_unset=True) if payload.values else {}
    stage_move(
        project=project,
        to=payload.to,
        by=user,
        version=payload.version,
        reason=payload.reason,
        lost_to=payload.lost_to,
        values=resolve_references(values, user=user, zone=project.zone),
    )
    return project_get(user=user, pk=project_id)


@router.get("/{project_id}/arrivals", response={200: ArrivalsOut, **READ_ERRORS})
def list_project_arrivals(request: HttpRequest, project_id: int) -> Any:
    project = project_get(user=caller(request), pk=project_id)
    arrivals, total = project_arrivals(project=project)
    return {"items": arrivals, "total": money(total, project.currency)}


@router.post("/{project_id}/arrivals", response={201: ArrivalOut, **WRITE_ERRORS})
def record_project_arrival(request: HttpRequest, project_id: int, payload: ArrivalIn) -> Any:
    user = caller(request)
    project = project_get(user=user, pk=project_id)
    arrival = capital_arrival_record(
        project=project, date=payload.date, amount=payload.amount, note=payload.note, by=user
    )
    return Status(201, arrival)


# ---------------------------------------------------------------- board

board = Router(auth=pipeline_auth, tags=["projects"])


class BoardCardOut(Schema):
    """What a card of the board shows; the whole project is at /projects/{id}."""

    id: int
    title: str
    company: CompanyRef | None
    owner: UserRef | None
    total_investment: MoneyOut | None
    stage_changed_at: dt.datetime
    version: int

    @staticmethod
    def resolve_total_investment(obj: Project) -> dict[str, str] | None:
        return money(obj.total_investment, obj.currency)


class BoardColumnOut(Schema):
    stage: ChoiceOut
    count: int = Field(description="Projects at this stage (after the filters).")
    total: MoneyOut = Field(description="Their total investment, converted into yuan.")
    more: int = Field(description="Projects at this stage not among `cards`.")
    cards: list[BoardCardOut] = Field(description="The most recently moved projects, at most 20.")


@board.get("", response={200: list[BoardColumnOut], **READ_ERRORS})
def get_board(request: HttpRequest, filters: Query[BoardQuery]) -> HttpResponse:
    """The office's pipeline board: a column per stage with its count, its total in yuan and
    its most recently moved projects."""
    user = caller(request)
    columns = pipeline_board(user=user, filters=_filters(user, filters))
    return json_response([_column_out(column) for column in columns])


def _column_out(column: BoardColumn) -> dict[str, Any]:
    return {
        "stage": choice(Stage, column.stage),
        "count": column.count,
        "total": money(column.total.amount, column.total.currency),
        "more": max(column.more, 0),
        "cards": [card_out(card) for card in column.cards],
    }
