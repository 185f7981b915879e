"""The bureau's KPIs, each computed from records by one function that pages, API and exports
share; each figure knows the filter that lists the records behind it."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Case, Count, QuerySet, Sum, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country

from zoneinvest.accounts.models import User
from zoneinvest.accounts.selectors import user_can_write_pipeline, user_zone_ids
from zoneinvest.core.money import PIVOT_CURRENCY, Money, YuanAtDate
from zoneinvest.events.selectors import (
    CampaignProgress,
    campaign_list,
    campaign_progress,
    campaign_signing_rows,
)
from zoneinvest.industries.models import ClusterTarget, IndustryChain, Sector
from zoneinvest.pipeline.models import Project
from zoneinvest.pipeline.selectors import project_scope_rows
from zoneinvest.pipeline.stages import MAIN_ROAD, Stage
from zoneinvest.reports.models import Job, JobOperation

LANDED = (Stage.SIGNED, Stage.REGISTERED, Stage.CONSTRUCTION, Stage.OPERATING)


@dataclass(frozen=True)
class Ratio:
    numerator: Decimal
    denominator: Decimal
    records: dict[str, str]  # project-list filter for the numerator's records

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (self.numerator / self.denominator * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class FunnelStep:
    stage: Stage
    reached: int

    @property
    def records(self) -> dict[str, str]:
        return {"reached": self.stage.value}


@dataclass
class Breakdown:
    key: Any
    label: str
    projects: int = 0
    investment: Decimal = Decimal(0)
    jobs: int = 0
    records: dict[str, str] = field(default_factory=dict)

    @property
    def investment_money(self) -> Money:
        return Money(self.investment, PIVOT_CURRENCY)


@dataclass(frozen=True)
class ClusterRow:
    chain: IndustryChain
    year: int
    tier: str
    tier_label: str
    target: Decimal
    actual: Decimal | None

    @property
    def percent(self) -> Decimal | None:
        if self.actual is None or not self.target:
            return None
        return (self.actual / self.target * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Kpis:
    funnel: list[FunnelStep]
    conversions: list[tuple[Stage, Stage, Ratio]]
    fulfilment: Ratio  # 履约率: signed projects that registered
    construction: Ratio  # 开工率
    production: Ratio  # 投产率
    capital: Ratio  # 资金到位率: paid-in ÷ contracted, in yuan
    by_chain: list[Breakdown]
    by_sector: list[Breakdown]
    by_country: list[Breakdown]
    clusters: list[ClusterRow]
    campaign: CampaignProgress | None = None  # the latest campaign: signed against its target


def _furthest(projects: QuerySet[Project], _: Any = None) -> QuerySet[Any]:
    """One scan for two figures: the projects counted by furthest stage (the funnel) and their
    capital contracted summed, both per currency."""
    return (
        projects.order_by()
        .values("furthest_stage_index", "currency")
        .annotate(n=Count("id"), contracted=Sum("contracted_amount"))
    )


def _reached_from(rows: list[dict[str, Any]]) -> dict[str, int]:
    """How many projects reached each stage of the main road (see `reached_through`): the counts
    by furthest stage cumulated from the end of the road (a project that got as far as signed
    reached lead, qualified and negotiating too)."""
    at_furthest: dict[int, int] = {}
    for row in rows:
        if row["furthest_stage_index"] is not None:
            index = row["furthest_stage_index"]
            at_furthest[index] = at_furthest.get(index, 0) + row["n"]
    reached: dict[str, int] = {}
    running = 0
    for index in reversed(range(len(MAIN_ROAD))):
        running += at_furthest.get(index, 0)
        reached[MAIN_ROAD[index].value] = running
    return reached


def _reached(projects: Any) -> dict[str, int]:
    """How many of `projects` reached each stage of the main road: one grouped query."""
    return _reached_from(list(_furthest(projects)))


@dataclass
class _CapitalRows:
    contracted: list[dict[str, Any]]  # per currency
    arrivals: list[dict[str, Any]]  # per currency and date (yuan: one row, dated today)

    def rate_keys(self, today: dt.date) -> set[tuple[str, dt.date]]:
        return {(r["currency"], today) for r in self.contracted} | {
            (r["currency"], r["on"]) for r in self.arrivals
        }


def _arrivals(projects: QuerySet[Project], values: Mapping[str, Any]) -> QuerySet[Any]:
    """The capital arrived per currency and date; in yuan, dated `values["today"]` (amounts in
    yuan need no rate: one row instead of one a day)."""
    on_date = Case(
        When(currency=PIVOT_CURRENCY, then=Value(values["today"])), default="arrivals__date"
    )
    return (
        projects.filter(contracted_amount__isnull=False, arrivals__isnull=False)
        .order_by()
        .values("currency", on=on_date)
        .annotate(total=Sum("arrivals__amount"))
    )


def _capital_rows(furthest: list[dict[str, Any]], arrivals: list[dict[str, Any]]) -> _CapitalRows:
    """The capital contracted per currency (read with the funnel, `_furthest`) and the capital
    arrived per currency and date (`_arrivals`)."""
    sums: dict[str, Decimal] = {}
    for row in furthest:
        if row["contracted"] is not None:
            sums[row["currency"]] = sums.get(row["currency"], Decimal(0)) + row["contracted"]
    contracted = [{"currency": c, "total": total} for c, total in sums.items()]
    return _CapitalRows(contracted, arrivals)


def _capital(rows: _CapitalRows, today: dt.date, yuan: YuanAtDate) -> Ratio:
    contracted = sum((yuan(r["total"], r["currency"], today) for r in rows.contracted), Decimal(0))
    paid = sum((yuan(r["total"], r["currency"], r["on"]) for r in rows.arrivals), Decimal(0))
    return Ratio(paid, contracted, {"reached": Stage.REGISTERED.value})


BREAKDOWN_KEYS = ("chain_id", "sector", "company__country")


def _breakdown_rows(projects: QuerySet[Project], _: Any = None) -> QuerySet[Any]:
    """The landed projects grouped by chain, sector, country and currency: one query for the
    three breakdowns."""
    return (
        projects.filter(stage__in=LANDED)
        .order_by()
        .values(*BREAKDOWN_KEYS, "currency")
        .annotate(n=Count("id"), total=Sum("total_investment"), jobs=Sum("expected_jobs"))
    )


def _breakdown(
    rows: list[dict[str, Any]], key: str, today: dt.date, yuan: YuanAtDate
) -> list[Breakdown]:
    """One key's slices: the rows summed per (key, currency) first, then converted into yuan
    once per currency, as a query grouped by that key alone would give them."""
    sums: dict[tuple[Any, str], tuple[int, Decimal, int]] = {}
    for row in rows:
        n, total, jobs = sums.get((row[key], row["currency"]), (0, Decimal(0), 0))
        sums[(row[key], row["currency"])] = (
            n + row["n"],
            total + (row["total"] or 0),
            jobs + (row["jobs"] or 0),
        )
    slices: dict[Any, Breakdown] = {}
    for (value, currency), (n, total, jobs) in sums.items():
        item = slices.setdefault(value, Breakdown(key=value, label=""))
        item.projects += n
        item.investment += yuan(total, currency, today)
        item.jobs += jobs
    return sorted(slices.values(), key=lambda b: (-b.investment, str(b.key)))


def kpis(*, user: User, year: int | None = None) -> Kpis:
    """Every KPI of the dashboard for the projects the user may see."""
    today = timezone.localdate()
    # The three aggregates of the projects, each compiled once for its shape.
    furthest = project_scope_rows(user=user, shape="kpis: furthest", read=_furthest)
    reached = _reached_from(furthest)
    funnel = [FunnelStep(stage, reached.get(stage, 0)) for stage in MAIN_ROAD]
    conversions = [
        (a.stage, b.stage, Ratio(Decimal(b.reached), Decimal(a.reached), b.records))
        for a, b in zip(funnel, funnel[1:], strict=False)
    ]
    signed = Decimal(reached.get(Stage.SIGNED, 0))

    def of_signed(stage: Stage) -> Ratio:
        return Ratio(Decimal(reached.get(stage, 0)), signed, {"reached": stage.value})

    chains = {c.pk: c for c in IndustryChain.objects.filter(zone_id__in=user_zone_ids(user=user))}
    rows = project_scope_rows(user=user, shape="kpis: breakdown", read=_breakdown_rows)
    arrivals = project_scope_rows(
        user=user, shape="kpis: arrivals", read=_arrivals, values={"today": today}
    )
    capital = _capital_rows(furthest, arrivals)
    latest_campaign = campaign_list(user=user).first()
    signings = campaign_signing_rows(campaign=latest_campaign) if latest_campaign else []
    yuan = YuanAtDate()  # every rate the figures below need (the campaign's too), in one query
    yuan.prefetch(
        {(r["currency"], today) for r in rows}
        | capital.rate_keys(today)
        | {(r["currency"], r["date"]) for r in signings}
    )
    breakdowns = {key: _breakdown(rows, key, today, yuan) for key in BREAKDOWN_KEYS}
    by_chain = breakdowns["chain_id"]
    for item in by_chain:
        item.label = str(chains.get(item.key, _("Not recorded")))
        item.records = {"chain": str(item.key or "")}
    by_sector = breakdowns["sector"]
    for item in by_sector:
        item.label = str(Sector(item.key).label) if item.key else str(_("Not recorded"))
        item.records = {"sector": item.key or ""}
    by_country = breakdowns["company__country"]
    for item in by_country:
        item.label = str(Country(code=item.key).name) if item.key else str(_("Not recorded"))
        item.records = {"country": item.key or ""}
    all_targets = list(  # every year's (a few per chain): the latest year is picked here
        ClusterTarget.objects.filter(chain__in=chains.values())
        .select_related("chain")
        .order_by("chain__position", "chain_id")
    )
    year = year or max((t.year for t in all_targets), default=today.year)
    targets = [t for t in all_targets if t.year == year]
    campaign = (
        campaign_progress(campaign=latest_campaign, rows=signings, yuan=yuan, chains=chains)
        if latest_campaign
        else None
    )
    return Kpis(
        campaign=campaign,
        funnel=funnel,
        conversions=conversions,
        fulfilment=of_signed(Stage.REGISTERED),
        construction=of_signed(Stage.CONSTRUCTION),
        production=of_signed(Stage.OPERATING),
        capital=_capital(capital, today, yuan),
        by_chain=by_chain,
        by_sector=by_sector,
        by_country=by_country,
        clusters=[
            ClusterRow(
                chain=t.chain,
                year=t.year,
                tier=t.tier,
                tier_label=str(t.get_tier_display()),
                target=t.output_target,
                actual=t.actual_output,
            )
            for t in targets
        ],
    )


# ---------------------------------------------------------------- imports (jobs)


def job_list(*, user: User) -> QuerySet[Job]:
    """Imports of the user's zones, newest first (pipeline writers only). Export jobs are each
    their creator's own: `reports.export_jobs.export_job_list`."""
    if not user_can_write_pipeline(user=user):
        return Job.objects.none()
    return Job.objects.filter(
        operation=JobOperation.IMPORT, zone_id__in=user_zone_ids(user=user)
    ).select_related("created_by")


def job_get(*, user: User, pk: int) -> Job:
    return get_object_or_404(job_list(user=user).select_related("zone"), pk=pk)
