"""Brings each illustrative project to its stage the way an officer would: through the services.

A project is created as a lead, then walked step by step along the main road, each step dated and
carrying the fields its stage requires; on hold and lost are side exits at the end. Activities,
capital arrivals (到资) and tasks are recorded through their services as well.
"""

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from zoneinvest.accounts.models import User
from zoneinvest.core.models import Zone
from zoneinvest.demo.data import ACTIVITY_NOTES, TASKS, ProjectSpec
from zoneinvest.events.services import stage_move
from zoneinvest.industries.models import IndustryChain, Sector
from zoneinvest.pipeline.models import Activity, Company, Contact, Project
from zoneinvest.pipeline.services import (
    activity_record,
    capital_arrival_record,
    project_create,
    task_complete,
    task_create,
)
from zoneinvest.pipeline.stages import MAIN_ROAD, SIDE_EXITS, Stage

ZONE_TZ = ZoneInfo("Asia/Shanghai")
# The conference day belongs to the 28 signings that events will record; keep it free.
CONFERENCE_DAY = dt.date(2023, 1, 11)
# Days it takes to reach a stage from the one before it (low, high).
GAPS: dict[Stage, tuple[int, int]] = {
    Stage.QUALIFIED: (20, 60),
    Stage.NEGOTIATING: (30, 90),
    Stage.SIGNED: (60, 150),
    Stage.REGISTERED: (30, 100),
    Stage.CONSTRUCTION: (60, 150),
    Stage.OPERATING: (240, 480),
    Stage.ON_HOLD: (30, 120),
    Stage.LOST: (30, 120),
}
# Share of the contracted amount paid in by now, by the furthest stage reached.
PAID_IN_SHARE: dict[Stage, tuple[float, float, int]] = {
    Stage.REGISTERED: (0.10, 0.30, 2),
    Stage.CONSTRUCTION: (0.35, 0.70, 3),
    Stage.OPERATING: (0.80, 1.00, 4),
}
ACTIVITY_KINDS = ["meeting"] * 4 + ["call"] * 3 + ["visit"] * 2 + ["email"] * 2 + ["site_tour"]
TENTH_OF_A_MILLION = Decimal(100_000)
ILLUSTRATIVE_EN = "Illustrative demo project: the investor and every figure are invented."
ILLUSTRATIVE_ZH = "演示用示例项目：投资方及各项数据均为虚构。"


@dataclass
class Context:
    zone: Zone
    today: dt.date
    seed: int
    users: dict[str, User]
    chains: dict[str, IndustryChain]
    companies: dict[str, Company]
    contacts: dict[str, list[Contact]]
    projects: dict[str, Project] = field(default_factory=dict)

    def rng(self, key: str) -> random.Random:
        """One generator per project, so editing one project does not move the others."""
        return random.Random(f"{self.seed}:{key}")


def _round(amount: Decimal | float) -> Decimal:
    """To a tenth of a million, the precision a bureau reports."""
    return (Decimal(str(amount)) / TENTH_OF_A_MILLION).quantize(Decimal(1)) * TENTH_OF_A_MILLION


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(
        day, dt.time(rng.randint(9, 17), rng.choice((0, 15, 30, 45))), tzinfo=ZONE_TZ
    )


def steps_of(spec: ProjectSpec) -> list[Stage]:
    """The stage changes after `lead`, in order, that bring the project to `spec.stage`."""
    reached = spec.stopped_at or spec.stage
    road = list(MAIN_ROAD[1 : MAIN_ROAD.index(reached) + 1])
    return [*road, spec.stage] if spec.stage in SIDE_EXITS else road


def timeline(spec: ProjectSpec, rng: random.Random, today: dt.date) -> dict[Stage, dt.date]:
    """The date each stage was reached; squeezed so that the last one is before today."""
    start = spec.start if isinstance(spec.start, dt.date) else today - dt.timedelta(spec.start)
    steps = steps_of(spec)
    gaps = [rng.randint(*GAPS[stage]) for stage in steps]
    room = (today - dt.timedelta(days=2) - start).days
    if sum(gaps) > room:
        gaps = [max(1, gap * room // sum(gaps)) for gap in gaps]
    dates = {Stage.LEAD: start}
    day = start
    for stage, gap in zip(steps, gaps, strict=True):
        day += dt.timedelta(days=gap)
        if day == CONFERENCE_DAY:
            day += dt.timedelta(days=1)
        dates[stage] = day
    return dates


@dataclass(frozen=True, slots=True)
class Figures:
    total: Decimal
    fixed_assets: Decimal
    foreign: Decimal | None
    registered_capital: Decimal
    annual_output: Decimal
    annual_tax: Decimal


def figures_for(spec: ProjectSpec, *, foreign: bool, rng: random.Random) -> Figures:
    total = Decimal(spec.millions) * 1_000_000
    service = spec.sector == Sector.SERVICE
    output = total * Decimal(str(rng.uniform(0.3, 0.8) if service else rng.uniform(1.2, 2.5)))
    return Figures(
        total=total,
        fixed_assets=_round(total * Decimal(str(rng.uniform(0.6, 0.85)))),
        foreign=_round(total * Decimal(str(rng.uniform(0.6, 1.0)))) if foreign else None,
        registered_capital=_round(total * Decimal(str(rng.uniform(0.25, 0.45)))),
        annual_output=_round(output),
        annual_tax=_round(output * Decimal(str(rng.uniform(0.03, 0.07)))),
    )


def _estimate(
    spec: ProjectSpec, stage: Stage, dates: dict[Stage, dt.date], rng: random.Random, today: dt.date
) -> dt.date:
    """The estimate, made at `stage`, of when the next road stage will be reached."""
    low, high = GAPS[MAIN_ROAD[MAIN_ROAD.index(stage) + 1]]
    estimate = dates[stage] + dt.timedelta(days=rng.randint(low, high))
    if spec.stage == stage and estimate <= today:  # still open: the estimate lies ahead
        estimate = today + dt.timedelta(days=rng.randint(15, 120))
    return estimate


def stage_values(
    spec: ProjectSpec,
    stage: Stage,
    dates: dict[Stage, dt.date],
    figures: Figures,
    rng: random.Random,
    today: dt.date,
) -> dict[str, Any]:
    """The fields an officer fills in when the project reaches `stage`."""
    if stage == Stage.NEGOTIATING:
        return {
            "est_signing_date": _estimate(spec, stage, dates, rng, today),
            "fixed_asset_investment": figures.fixed_assets,
            "foreign_investment": figures.foreign,
            "land_mu": Decimal(spec.land_mu),
        }
    if stage == Stage.SIGNED:
        return {
            "signing_date": dates[stage],
            "contracted_amount": figures.total,
            "expected_annual_output": figures.annual_output,
            "expected_annual_tax": figures.annual_tax,
            "est_registration_date": _estimate(spec, stage, dates, rng, today),
        }
    if stage == Stage.REGISTERED:
        return {
            "registration_date": dates[stage],
            "registered_capital": figures.registered_capital,
            "est_construction_date": _estimate(spec, stage, dates, rng, today),
        }
    if stage == Stage.CONSTRUCTION:
        return {
            "construction_date": dates[stage],
            "est_operation_date": _estimate(spec, stage, dates, rng, today),
        }
    if stage == Stage.OPERATING:
        return {"operation_date": dates[stage]}
    return {}


def project_build(ctx: Context, spec: ProjectSpec) -> Project:
    rng = ctx.rng(spec.key)
    owner = ctx.users[spec.owner]
    company = ctx.companies[spec.company]
    dates = timeline(spec, rng, ctx.today)
    figures = figures_for(spec, foreign=str(company.country) != "CN", rng=rng)
    project = project_create(
        zone=ctx.zone,
        title_en=spec.title_en,
        title_zh_hans=spec.title_zh,
        description_en=ILLUSTRATIVE_EN,
        description_zh_hans=ILLUSTRATIVE_ZH,
        company=company,
        chain=ctx.chains[spec.chain],
        sector=spec.sector or ctx.chains[spec.chain].sector,
        currency=spec.currency,
        total_investment=figures.total,
        expected_jobs=spec.jobs or None,
        source=spec.source,
        owner=owner,
        confidential=spec.confidential,
        illustrative=True,
        by=owner,
        at=_moment(dates[Stage.LEAD], rng),
    )
    for stage in steps_of(spec):
        project = stage_move(
            project=project,
            to=stage,
            by=owner,
            values=stage_values(spec, stage, dates, figures, rng, ctx.today),
            reason=spec.reason if stage in SIDE_EXITS else "",
            lost_to=spec.lost_to if stage == Stage.LOST else "",
            at=_moment(dates[stage], rng),
        )
    _record_activities(ctx, spec, project, dates, rng)
    _record_arrivals(ctx, spec, project, dates, rng)
    ctx.projects[spec.key] = project
    return project


def _record_activities(
    ctx: Context,
    spec: ProjectSpec,
    project: Project,
    dates: dict[Stage, dt.date],
    rng: random.Random,
) -> None:
    start = dates[Stage.LEAD]
    end = min(max(dates.values()) + dt.timedelta(days=20), ctx.today - dt.timedelta(days=1))
    count = min(6, 1 + len(dates) // 2 + rng.randint(0, 2))
    span = max((end - start).days, 0)
    days = sorted(start + dt.timedelta(days=rng.randint(0, span)) for _ in range(count))
    people = ", ".join(c.name for c in ctx.contacts.get(spec.company, []))
    for day in days:
        kind = rng.choice(ACTIVITY_KINDS)
        activity_record(
            kind=Activity.Kind(kind),
            date=day,
            by=ctx.users[spec.owner],
            project=project,
            people=people or "Investor's delegation",
            notes=rng.choice(ACTIVITY_NOTES[kind]),
        )


def _furthest_road_stage(spec: ProjectSpec) -> Stage:
    return spec.stopped_at or spec.stage


def _record_arrivals(
    ctx: Context,
    spec: ProjectSpec,
    project: Project,
    dates: dict[Stage, dt.date],
    rng: random.Random,
) -> None:
    """Paid-in capital in a few instalments after registration, up to a share of the contract."""
    reached = _furthest_road_stage(spec)
    if reached not in PAID_IN_SHARE:
        return
    low, high, instalments = PAID_IN_SHARE[reached]
    contracted = project.contracted_amount or project.total_investment or Decimal(0)
    paid_in = _round(contracted * Decimal(str(rng.uniform(low, high))))
    weights = [rng.uniform(1, 3) for _ in range(instalments)]
    parts = [_round(paid_in * Decimal(str(w / sum(weights)))) for w in weights[:-1]]
    parts.append(paid_in - sum(parts, Decimal(0)))
    first = dates[Stage.REGISTERED] + dt.timedelta(days=15)
    last = min(dates[reached] + dt.timedelta(days=180), ctx.today - dt.timedelta(days=1))
    step = max((last - first).days, instalments) // instalments
    for number, amount in enumerate(parts):
        if amount <= 0:
            continue
        capital_arrival_record(
            project=project,
            date=min(first + dt.timedelta(days=number * step + rng.randint(0, step // 3)), last),
            amount=amount,
            by=ctx.users[spec.owner],
            note=f"Instalment {number + 1}",
        )


def tasks_build(ctx: Context) -> int:
    """The officers' to-do lists: some overdue, some due soon, a few already done."""
    for spec in TASKS:
        assignee = ctx.users[spec.assignee]
        task = task_create(
            zone=ctx.zone,
            title=spec.title,
            due_date=ctx.today + dt.timedelta(days=spec.due_in_days),
            assignee=assignee,
            by=ctx.users["director"],
            project=ctx.projects[spec.project],
        )
        if spec.done:
            task_complete(task=task, by=assignee)
    return len(TASKS)


def email_for(name: str, company_key: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return f"{'.'.join(ascii_name.lower().split())}@{company_key}.example"
