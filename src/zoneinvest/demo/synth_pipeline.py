"""The synthetic data set's pipeline rows: projects with their road of stage changes, signings,
paid-in capital and referrals, and the activities on them (see `demo.synth`).

`PipelineRows` is the half of a zone's builder that writes these; the other half
(`synth.ZoneBuilder`) sets up what they refer to: users, chains, parks, events, companies.
"""

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Model

from zoneinvest.consultants.models import Referral
from zoneinvest.core.bulk import BulkWriter
from zoneinvest.core.models import Currency
from zoneinvest.demo import synth_data as data
from zoneinvest.events.models import Signing
from zoneinvest.pipeline.models import Activity, CapitalArrival, Project, Source, StageChange
from zoneinvest.pipeline.stages import MAIN_ROAD, Stage

BATCH = 20_000
YEARS = 5
DAYS = 365 * YEARS + 1
SIGNED_AT = MAIN_ROAD.index(Stage.SIGNED)


def day_of(ordinal: int) -> dt.date:
    return dt.date.fromordinal(ordinal)


def moment(ordinal: int, rng: random.Random) -> dt.datetime:
    """A time of the working day in China (01:00–10:00 UTC) on that day."""
    return dt.datetime.fromordinal(ordinal).replace(tzinfo=dt.UTC) + dt.timedelta(
        seconds=3_600 + rng.randrange(9 * 3_600)
    )


def yuan(rng: random.Random, median: float, sigma: float, low: float, high: float) -> int:
    """A lognormal amount rounded to 10,000 (yuan), kept between `low` and `high`."""
    value = min(high, max(low, rng.lognormvariate(0, sigma) * median))
    return int(value / 10_000) * 10_000


@dataclass
class Counter:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, model: type[Model], rows: int) -> None:
        name = str(model._meta.verbose_name_plural)
        self.counts[name] = self.counts.get(name, 0) + rows


@dataclass
class Ids:
    """Primary keys allocated up front for every table whose rows others point at."""

    pools: dict[type[Model], Iterator[int]]

    def take(self, model: type[Model], count: int) -> list[int]:
        return list(itertools.islice(self.pools[model], count))


@dataclass
class Sink:
    writer: BulkWriter
    counter: Counter

    def write(self, model: type[Model], rows: list[dict[str, Any]], ids: list[int] | None) -> None:
        if rows:
            self.writer.insert(model, rows, ids)
            self.counter.add(model, len(rows))


class PipelineRows:
    """Projects and activities of one zone, drawn from the zone's own `rng`."""

    zone_id: int
    rng: random.Random
    ids: Ids
    sink: Sink
    today: int
    first_day: int
    owners: list[int]
    officers: list[int]
    park_ids: list[int]
    consultant_ids: list[int]
    # (chain id, sector, links: (link id, English, Chinese))
    chain_links: list[tuple[int, str, list[tuple[int, str, str]]]]
    chain_codes: list[str]
    # (id, short name, Chinese name, chain index or -1, link id or None, foreign currency or "")
    company_info: list[tuple[int, str, str, int, int | None, str]]
    company_weights: list[float]
    event_days: list[tuple[int, int, int]]
    event_day_list: list[int]
    outcomes: list[tuple[Stage, int]]
    extra_signings: int
    activity_count: int

    # -- projects with their history, signings, paid-in capital and referrals

    def projects(self) -> list[tuple[int, int, int, int, int]]:
        """Writes the projects batch by batch; returns what activities need of each project
        with an investor: (project id, company id, owner id, first day, last day)."""
        outcomes = self.outcomes
        ids = self.ids.take(Project, len(outcomes))
        signed = [i for i, (_stage, reached) in enumerate(outcomes) if reached >= SIGNED_AT]
        self.extras: dict[int, int] = {}
        for index in self.rng.choices(signed, k=self.extra_signings) if signed else []:
            self.extras[index] = self.extras.get(index, 0) + 1
        targets: list[tuple[int, int, int, int, int]] = []
        self.activity_weights: list[float] = []
        for start in range(0, len(outcomes), BATCH):
            batch = _ProjectBatch()
            for index in range(start, min(start + BATCH, len(outcomes))):
                target = self.project(index, ids[index], *outcomes[index], batch)
                if target is not None:
                    targets.append(target)
                    self.activity_weights.append(1 + outcomes[index][1] * 1.5)
            batch.write(self.sink, ids[start : start + BATCH])
        return targets

    def project(
        self, index: int, project_id: int, stage: Stage, reached: int, batch: "_ProjectBatch"
    ) -> tuple[int, int, int, int, int] | None:
        rng = self.rng
        side_exit = stage in (Stage.ON_HOLD, Stage.LOST)
        # The road's dates: each stage some weeks or months after the one before it.
        steps = [rng.randint(*data.STEP_DAYS[k]) for k in range(1, reached + 1)]
        exit_days = rng.randint(10, 200) if side_exit else 0
        span = sum(steps) + exit_days
        days = [self.first_day + rng.randrange(max(1, DAYS - span))]
        for step in steps:
            days.append(days[-1] + step)
        event_id = venue_id = None
        if reached >= SIGNED_AT and rng.random() < 0.6:  # signed at one of the zone's events
            at = bisect.bisect_left(self.event_day_list, days[SIGNED_AT])
            if at < len(self.event_day_list):
                shift = self.event_day_list[at] - days[SIGNED_AT]
                if shift <= 180 and days[-1] + exit_days + shift <= self.today:
                    days[SIGNED_AT:] = [d + shift for d in days[SIGNED_AT:]]
                    _day_, event_id, venue_id = self.event_days[at]
        last_day = days[-1] + exit_days
        owner = rng.choice(self.owners)
        # The investor, the chain and its link (required from "qualified").
        company = None
        if reached >= 1 or rng.random() < 0.7:
            company = self.company_info[
                rng.choices(range(len(self.company_info)), cum_weights=self.company_weights)[0]
            ]
        chain_index = company[3] if company is not None else -1
        if chain_index < 0 and (reached >= 1 or rng.random() < 0.6):
            chain_index = rng.randrange(len(self.chain_links))
        chain_id, sector, links = (
            self.chain_links[chain_index] if chain_index >= 0 else (None, "", [])
        )
        link = None
        if links:
            if company is not None and company[4] is not None and company[3] == chain_index:
                link = next(item for item in links if item[0] == company[4])
            elif rng.random() < 0.8:
                link = rng.choice(links)
        currency: str = Currency.CNY
        if company is not None and company[5] and rng.random() < 0.3:
            currency = company[5]
        rate = data.YUAN_PER[currency]
        total_yuan = yuan(rng, 1.2e8, 1.3, 2e6, 3e11)

        def money(yuan: float) -> Decimal:
            return Decimal(max(10_000, int(yuan / rate / 10_000) * 10_000))

        total = money(total_yuan) if reached >= 2 or rng.random() < 0.4 else None
        contracted = None
        if reached >= 4 or (reached == SIGNED_AT and rng.random() < 0.6):
            contracted = money(total_yuan * rng.uniform(0.8, 1.0))
        what_en, what_zh = rng.choice(data.PROJECT_KINDS)
        topic_en = topic_zh = ""
        if chain_index >= 0:
            chain_en, chain_zh = data.CHAINS[self.chain_codes[chain_index]][:2]
            topic_en, topic_zh = (link[1], link[2]) if link else (chain_en, chain_zh)
        if company is not None:
            title_en = f"{company[1]} {topic_en} {what_en}"
            title_zh = f"{company[2] or company[1]}{topic_zh}{what_zh}"
        else:
            title_en = f"{topic_en or 'Manufacturing'} {what_en} (investor to be confirmed)"
            title_zh = f"{topic_zh or '制造业'}{what_zh}（投资方待定）"
        foreign = bool(company is not None and company[5])
        stage_day = last_day
        row = {
            "zone_id": self.zone_id,
            "title": title_en,
            "title_en": title_en,
            "title_zh_hans": title_zh,
            "company_id": company[0] if company is not None else None,
            "sector": sector or (rng.choice(SECTORS) if rng.random() < 0.5 else ""),
            "chain_id": chain_id,
            "link_id": link[0] if link else None,
            "park_id": rng.choice(self.park_ids) if reached >= 4 or rng.random() < 0.2 else None,
            "currency": currency,
            "total_investment": total,
            "fixed_asset_investment": total * Decimal(rng.randint(50, 90)) / 100 if total else None,
            "foreign_investment": total if total is not None and foreign else None,
            "registered_capital": money(total_yuan * rng.uniform(0.1, 0.4))
            if reached >= 4
            else None,
            "contracted_amount": contracted,
            "expected_jobs": max(10, int(total_yuan / 1e6 * rng.uniform(0.3, 2)))
            if total
            else None,
            "expected_annual_output": money(total_yuan * rng.uniform(0.8, 2.5)) if total else None,
            "expected_annual_tax": money(total_yuan * rng.uniform(0.03, 0.12)) if total else None,
            "land_mu": self.land(total_yuan, sector) if reached >= 5 else None,
            "source": self.source(),
            "owner_id": owner,
            "confidential": rng.random() < 0.04,
            "stage": stage,
            "stage_changed_at": moment(stage_day, rng),
            "held_from_stage": MAIN_ROAD[reached] if stage == Stage.ON_HOLD else "",
            "furthest_stage_index": reached,  # `history` walks the road up to `reached`
            "lost_reason": rng.choice(data.LOST_REASONS) if stage == Stage.LOST else "",
            "lost_to": rng.choice(data.LOST_TO) if stage == Stage.LOST else "",
            "est_signing_date": day_of(days[min(reached, 2)] + rng.randint(30, 270))
            if reached >= 2
            else None,
            "signing_date": day_of(days[3]) if reached >= 3 else None,
            "est_registration_date": day_of(days[3] + rng.randint(30, 180))
            if reached == 3
            else None,
            "registration_date": day_of(days[4]) if reached >= 4 else None,
            "est_construction_date": day_of(days[4] + rng.randint(30, 240))
            if reached == 4
            else None,
            "construction_date": day_of(days[5]) if reached >= 5 else None,
            "est_operation_date": self.estimate(days, 5, reached, (120, 540)),
            "operation_date": day_of(days[6]) if reached >= 6 else None,
            "version": len(days) + (1 if side_exit else 0),
            "created_at": moment(days[0], rng),
        }
        if reached == 0 and not side_exit:
            row["stage_changed_at"] = row["created_at"]
        row["updated_at"] = row["stage_changed_at"]
        batch.projects.append(row)
        self.history(project_id, stage, reached, days, last_day, row, batch)
        if reached >= SIGNED_AT:
            self.signings(index, project_id, row, event_id, venue_id, batch)
        if reached >= 4:
            self.arrivals(project_id, row, reached, days[4], batch)
        if row["source"] == Source.CONSULTANT and company is not None:
            batch.referrals.append(
                {
                    "zone_id": self.zone_id,
                    "consultant_id": rng.choice(self.consultant_ids),
                    "company_id": company[0],
                    "project_id": project_id,
                    "submitted_at": row["created_at"],
                    "status": rng.choices(REFERRAL_STATUSES, cum_weights=(94, 98, 100))[0],
                    "created_at": row["created_at"],
                    "updated_at": row["created_at"],
                }
            )
        if company is None:
            return None
        closed = stage in (Stage.LOST, Stage.OPERATING)
        return (project_id, company[0], owner, days[0], last_day if closed else self.today)

    def estimate(
        self, days: list[int], at: int, reached: int, wait: tuple[int, int]
    ) -> dt.date | None:
        """The date the next stage is expected, for a project standing at road stage `at`."""
        return day_of(days[at] + self.rng.randint(*wait)) if reached == at else None

    def source(self) -> str:
        source = self.rng.choices(SOURCE_CODES, cum_weights=SOURCE_WEIGHTS)[0]
        return Source.OFFICER if source == Source.CONSULTANT and not self.consultant_ids else source

    def land(self, total_yuan: float, sector: str) -> Decimal:
        """Land in mu: manufacturing at 2–5 million yuan of investment per mu, services little."""
        if sector == "service":
            mu = self.rng.uniform(2, 30)
        else:
            mu = max(5.0, total_yuan / self.rng.uniform(2e6, 5e6))
        return Decimal(int(mu * 100)) / 100

    def history(
        self,
        project_id: int,
        stage: Stage,
        reached: int,
        days: list[int],
        last_day: int,
        project: dict[str, Any],
        batch: "_ProjectBatch",
    ) -> None:
        """The road walked one stage at a time, then the side exit (if any)."""
        by = project["owner_id"]
        before = ""
        for index, day in enumerate(days):
            batch.changes.append(
                {
                    "zone_id": self.zone_id,
                    "project_id": project_id,
                    "from_stage": before,
                    "to_stage": MAIN_ROAD[index],
                    "at": project["created_at"] if index == 0 else moment(day, self.rng),
                    "by_id": by,
                    "reason": "",
                    "lost_to": "",
                }
            )
            before = MAIN_ROAD[index]
        if stage in (Stage.ON_HOLD, Stage.LOST):
            batch.changes.append(
                {
                    "zone_id": self.zone_id,
                    "project_id": project_id,
                    "from_stage": before,
                    "to_stage": stage,
                    "at": project["stage_changed_at"],
                    "by_id": by,
                    "reason": project["lost_reason"],
                    "lost_to": project["lost_to"],
                }
            )
        else:
            batch.changes[-1]["at"] = project["stage_changed_at"]

    def signings(
        self,
        index: int,
        project_id: int,
        project: dict[str, Any],
        event_id: int | None,
        venue_id: int | None,
        batch: "_ProjectBatch",
    ) -> None:
        """The first signing counts in full; a re-signing adds nothing, a capital increase its
        increment (events.ledger's count-once rule, applied as the rows are made)."""
        rng = self.rng
        day = project["signing_date"].toordinal()
        running = project["contracted_amount"] or project["total_investment"]
        lines = [(day, Signing.Kind.NEW, running, running, event_id, venue_id)]
        later = sorted(
            min(self.today, day + rng.randint(90, 900)) for _ in range(self.extras.get(index, 0))
        )
        for when in later:
            if rng.random() < 0.6:
                amount = (running * Decimal(rng.randint(110, 160)) / 100).quantize(Decimal(1))
                lines.append(
                    (when, Signing.Kind.CAPITAL_INCREASE, amount, amount - running, None, None)
                )
                running = amount
            else:
                lines.append((when, Signing.Kind.RESIGNING, running, Decimal(0), None, None))
        for number, (when, kind, amount, counted, event, venue) in enumerate(lines):
            batch.signings.append(
                {
                    "zone_id": self.zone_id,
                    "project_id": project_id,
                    "event_id": event,
                    "venue_id": venue,
                    "date": day_of(when),
                    "amount": amount,
                    "currency": project["currency"],
                    "counted_amount": counted,
                    "first_signing": number == 0,
                    "document": Signing.Document.FRAMEWORK
                    if rng.random() < 0.1
                    else Signing.Document.AGREEMENT,
                    "kind": kind,
                    "recorded_by_id": project["owner_id"],
                    "created_at": moment(when, rng),
                    "updated_at": moment(when, rng),
                }
            )

    def arrivals(
        self,
        project_id: int,
        project: dict[str, Any],
        reached: int,
        registered: int,
        batch: "_ProjectBatch",
    ) -> None:
        """Paid-in capital (到资): a share of the contracted amount, in one to three arrivals."""
        rng = self.rng
        low, high = PAID_IN_SHARE[reached]
        paid = project["contracted_amount"] * Decimal(rng.randint(low, high)) / 100
        parts = rng.randint(1, 3)
        for part in range(parts):
            day = min(self.today, registered + rng.randint(10, 200) * (part + 1))
            amount = max(Decimal(10_000), (paid / parts).quantize(Decimal(10_000)))
            batch.arrivals.append(
                {
                    "zone_id": self.zone_id,
                    "project_id": project_id,
                    "date": day_of(day),
                    "amount": amount,
                    "recorded_by_id": project["owner_id"],
                    "created_at": moment(day, rng),
                    "updated_at": moment(day, rng),
                }
            )

    # -- activities

    def activities(self, targets: list[tuple[int, int, int, int, int]]) -> None:
        """Calls, meetings and visits: most on projects (more for those further along), the
        rest with investors alone; written batch by batch, never all at once."""
        rng = self.rng
        total = self.activity_count
        on_projects = round(total * 0.85) if targets else 0
        weights = list(itertools.accumulate(self.activity_weights))
        kinds = [k for k, _w in data.ACTIVITY_KINDS]
        kind_weights = list(itertools.accumulate(w for _k, w in data.ACTIVITY_KINDS))
        dates = [day_of(d) for d in range(self.first_day, self.today + 1)]
        moments = [
            dt.datetime.fromordinal(d).replace(tzinfo=dt.UTC) + dt.timedelta(hours=9)
            for d in range(self.first_day, self.today + 1)
        ]
        first = self.first_day
        companies = [c[0] for c in self.company_info]
        officers = self.officers
        notes = data.ACTIVITY_NOTES
        for start in range(0, total, BATCH):
            count = min(BATCH, total - start)
            picked = rng.choices(kinds, cum_weights=kind_weights, k=count)
            rows = []
            for offset, kind in enumerate(picked):
                if start + offset < on_projects:
                    project_id, company_id, by, low, high = targets[
                        bisect.bisect(weights, rng.random() * weights[-1])
                    ]
                    day = low + int(rng.random() * (high - low + 1)) - first
                else:
                    project_id, company_id = None, companies[int(rng.random() * len(companies))]
                    by = officers[int(rng.random() * len(officers))]
                    day = int(rng.random() * DAYS)
                rows.append(
                    {
                        "zone_id": self.zone_id,
                        "project_id": project_id,
                        "company_id": company_id,
                        "kind": kind,
                        "date": dates[day],
                        "notes": notes[int(rng.random() * len(notes))],
                        "by_id": by,
                        "created_at": moments[day],
                        "updated_at": moments[day],
                    }
                )
            self.sink.write(Activity, rows, None)


@dataclass
class _ProjectBatch:
    projects: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    signings: list[dict[str, Any]] = field(default_factory=list)
    arrivals: list[dict[str, Any]] = field(default_factory=list)
    referrals: list[dict[str, Any]] = field(default_factory=list)

    def write(self, sink: Sink, ids: list[int]) -> None:
        sink.write(Project, self.projects, ids)
        sink.write(StageChange, self.changes, None)
        sink.write(Signing, self.signings, None)
        sink.write(CapitalArrival, self.arrivals, None)
        sink.write(Referral, self.referrals, None)


SECTORS = ("manufacturing", "service")
SOURCE_CODES = [s for s, _w in data.SOURCES]
SOURCE_WEIGHTS = list(itertools.accumulate(w for _s, w in data.SOURCES))
REFERRAL_STATUSES = (Referral.Status.VALID, Referral.Status.CONFLICT, Referral.Status.REJECTED)
PAID_IN_SHARE = {4: (10, 50), 5: (30, 80), 6: (60, 100)}
