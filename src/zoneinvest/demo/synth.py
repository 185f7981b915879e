"""A deterministic synthetic data set at the scale of a provincial platform (issue 9).

`synth_generate(size=...)` writes zones under the `synth-` code prefix with their users, chains
and links, parks, campaigns and events, consultants, companies, projects (a funnel of stages,
each project with the fields its stage requires, its road of stage changes, its signings and
paid-in capital) and activities. Rows go through `core.bulk` (COPY on PostgreSQL, executemany on
SQLite) zone by zone and batch by batch, so memory stays bounded by the largest zone's projects,
never by the activities.

Determinism: every zone draws from its own `random.Random` seeded with (seed, zone number), and
every date is counted back from `as_of`; the same seed and `as_of` give the same rows (their
primary keys aside, which the database hands out).
"""

import datetime as dt
import itertools
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext

from zoneinvest.accounts.models import Membership, Role, User
from zoneinvest.consultants.models import Appointment, Consultant, Referral
from zoneinvest.core.audit import audit_record
from zoneinvest.core.bulk import BulkWriter, allocate_ids, collector_paused, fast_insert
from zoneinvest.core.models import AuditEvent, FxRate, Zone
from zoneinvest.demo import synth_data as data
from zoneinvest.demo.synth_pipeline import (
    BATCH,
    DAYS,
    SIGNED_AT,
    YEARS,
    Counter,
    Ids,
    PipelineRows,
    Sink,
    day_of,
    moment,
)
from zoneinvest.events.models import Campaign, Event, Signing, Venue
from zoneinvest.industries.models import ChainLink, IndustryChain
from zoneinvest.pipeline.models import (
    Activity,
    CapitalArrival,
    Company,
    Project,
    StageChange,
)
from zoneinvest.pipeline.services import company_normalize_name
from zoneinvest.pipeline.stages import Stage
from zoneinvest.places.models import Park

PREFIX = "synth-"
EVENT_KIND_CODES = (Event.Kind.CONFERENCE, Event.Kind.ROADSHOW, Event.Kind.DELEGATION)
UNUSABLE_PASSWORD = "!synthetic"  # noqa: S105 - "!" marks an unusable password: no log-in

# The tables a synthetic zone fills (ANALYZEd on PostgreSQL once written).
FILLED: tuple[type[Model], ...] = (
    Zone,
    User,
    Membership,
    IndustryChain,
    ChainLink,
    Park,
    Campaign,
    Event,
    Venue,
    Consultant,
    Appointment,
    Company,
    Project,
    StageChange,
    Signing,
    CapitalArrival,
    Referral,
    Activity,
)


class SynthConflict(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class SynthSize:
    zones: int
    companies: int
    projects: int
    activities: int
    signings: int | None = None  # default: every signed project once, and about 8 % more
    consultants: int | None = None  # default: one per 100 companies, one to five per zone
    seed: int = 1
    as_of: dt.date = field(default_factory=timezone.localdate)


@dataclass
class SynthResult:
    counts: dict[str, int]
    seconds: float
    replaced: int


@dataclass
class ZonePlan:
    number: int
    rng_seed: str
    companies: int
    projects: int
    activities: int
    consultants: int
    officers: int
    chains: list[tuple[str, int]]  # (chain code, number of links)
    parks: int
    outcomes: list[tuple[Stage, int]]  # per project: (stage, furthest road index reached)
    extra_signings: int = 0

    @property
    def code(self) -> str:
        return f"{PREFIX}{self.number:04d}"

    @property
    def users(self) -> int:
        return self.officers + 2  # a director and an analyst

    @property
    def first_signings(self) -> int:
        return sum(1 for _stage, reached in self.outcomes if reached >= SIGNED_AT)

    @property
    def events(self) -> int:
        return 3 * YEARS


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """`total` split in proportion to `weights`, in whole numbers (largest remainders)."""
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    exact = [total * w / whole for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def plan(size: SynthSize) -> list[ZonePlan]:
    """How many rows of each kind every zone gets, and its projects' stages (a funnel)."""
    rng = random.Random(f"synth:{size.seed}:plan")
    weights = [rng.lognormvariate(0, 0.8) for _ in range(size.zones)]
    # Every zone has one investor at least; the rest follow the zone's size.
    companies = [c + 1 for c in apportion(size.companies - size.zones, weights)]
    projects = apportion(size.projects, weights)
    activities = apportion(size.activities, weights)
    consultants_total = (
        size.consultants
        if size.consultants is not None
        else min(5 * size.zones, max(size.zones, size.companies // 100))
    )
    consultants = apportion(consultants_total, weights)
    plans = []
    for number in range(size.zones):
        zone_rng = random.Random(f"synth:{size.seed}:zone:{number}")
        chain_count = zone_rng.randint(3, len(data.CHAINS))
        codes = sorted(zone_rng.sample(list(data.CHAINS), chain_count), key=list(data.CHAINS).index)
        chains = [(code, zone_rng.randint(5, min(8, len(data.CHAINS[code][3])))) for code in codes]
        quotas = apportion(projects[number], [w for _s, _r, w in data.OUTCOMES])
        outcomes = [
            (stage, reached)
            for (stage, reached, _w), count in zip(data.OUTCOMES, quotas, strict=True)
            for _ in range(count)
        ]
        zone_rng.shuffle(outcomes)
        plans.append(
            ZonePlan(
                number=number + 1,
                rng_seed=f"synth:{size.seed}:rows:{number}",
                companies=companies[number],
                projects=projects[number],
                activities=activities[number],
                consultants=consultants[number],
                officers=max(3, min(40, projects[number] // 2_000)),
                chains=chains,
                parks=zone_rng.randint(2, 5),
                outcomes=outcomes,
            )
        )
    firsts = [p.first_signings for p in plans]
    wanted = size.signings if size.signings is not None else round(sum(firsts) * 1.08)
    if wanted < sum(firsts):
        raise SynthConflict(
            gettext(
                "%(projects)d projects of this data set stand at “signed” or later, and each "
                "has a signing: ask for at least %(projects)d signings."
            )
            % {"projects": sum(firsts)}
        )
    if wanted > 3 * sum(firsts):
        raise SynthConflict(
            gettext(
                "Only %(projects)d projects are signed: at most %(most)d signings (three per "
                "signed project on average) fit this data set."
            )
            % {"projects": sum(firsts), "most": 3 * sum(firsts)}
        )
    for zone_plan, extra in zip(plans, apportion(wanted - sum(firsts), firsts), strict=True):
        zone_plan.extra_signings = extra
    return plans


# ------------------------------------------------------------------------------- replacing


def synth_zone_ids() -> list[int]:
    return list(Zone.objects.filter(code__startswith=PREFIX).values_list("pk", flat=True))


def _zone_rows_lookup(model: type[Model]) -> str | None:
    """How rows of `model` that belong to given zones are found (None: they never do)."""
    for each in model._meta.concrete_fields:
        if each.is_relation and each.related_model is Zone:
            return f"{each.attname}__in"
    if model._meta.auto_created:  # a many-to-many table: through the side that has a zone
        for each in model._meta.concrete_fields:
            related = each.related_model
            if isinstance(related, type) and any(
                f.related_model is Zone for f in related._meta.concrete_fields if f.is_relation
            ):
                return f"{each.name}__zone_id__in"
    return None


def _zone_tables() -> list[tuple[type[Model], str]]:
    """Every table that holds rows of a zone (of any app: what users added to a synthetic zone
    goes with it), ordered so that a table is emptied before the tables it refers to."""
    lookups = {
        model: lookup
        for model in apps.get_models(include_auto_created=True)
        if (lookup := _zone_rows_lookup(model)) is not None
    }
    refers = {
        model: {
            f.related_model
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model in lookups and f.related_model is not model
        }
        for model in lookups
    }
    ordered: list[type[Model]] = []
    while len(ordered) < len(lookups):
        left = [m for m in lookups if m not in ordered]
        free = [m for m in left if not any(m in refers[other] for other in left)]
        ordered += free or left  # a cycle: the foreign keys are checked at the commit anyway
    return [(model, lookups[model]) for model in ordered]


def synth_delete() -> int:
    """Remove every synthetic zone with all its rows and users; returns the zones removed."""
    zone_ids = synth_zone_ids()
    if not zone_ids:
        return 0
    if AuditEvent.objects.filter(zone_id__in=zone_ids).exists():
        raise SynthConflict(
            gettext(
                "People have worked in the synthetic zones: their audit trail cannot be deleted "
                "(it is append-only), so the zones stay. Generate into another database."
            )
        )
    existing = set(connection.introspection.table_names())
    with transaction.atomic():
        for model, lookup in _zone_tables():
            if model is AuditEvent or model._meta.db_table not in existing:
                continue  # the audit trail is never deleted; an app not migrated yet
            rows = model._base_manager.filter(**{lookup: zone_ids})
            rows._raw_delete(rows.db)  # no model instances: millions of rows, no signals
        users = User.objects.filter(username__startswith=PREFIX, memberships__isnull=True)
        users._raw_delete(users.db)
        zones = Zone.objects.filter(pk__in=zone_ids)
        zones._raw_delete(zones.db)
    return len(zone_ids)


class ZoneBuilder(PipelineRows):
    """Writes one zone's rows; `rng` is the zone's own, so zones do not depend on each other."""

    def __init__(self, zone_plan: ZonePlan, zone_id: int, size: SynthSize, ids: Ids, sink: Sink):
        self.plan = zone_plan
        self.zone_id = zone_id
        self.ids = ids
        self.sink = sink
        self.rng = random.Random(zone_plan.rng_seed)
        self.today = size.as_of.toordinal()
        self.first_day = self.today - DAYS + 1
        self.city = data.CITIES[(zone_plan.number - 1) % len(data.CITIES)]
        self.chain_codes = [code for code, _links in zone_plan.chains]
        self.outcomes = zone_plan.outcomes
        self.extra_signings = zone_plan.extra_signings
        self.activity_count = zone_plan.activities

    def build(self) -> None:
        self.users()
        self.chains()
        self.parks()
        self.events()
        self.consultants()
        self.companies()
        projects = self.projects()
        self.activities(projects)

    # -- people, chains, places, events

    def users(self) -> None:
        n = self.plan.users
        ids = self.ids.take(User, n)
        code = self.plan.code
        roles = [Role.DIRECTOR, Role.ANALYST] + [Role.OFFICER] * self.plan.officers
        rows = []
        for number, role in enumerate(roles):
            first, last = self.rng.choice(data.GIVEN_NAMES), self.rng.choice(data.FAMILY_NAMES)
            rows.append(
                {
                    "username": f"{code}-{role}-{number:02d}",
                    "password": UNUSABLE_PASSWORD,
                    "role": role,
                    "first_name": first,
                    "last_name": last,
                    "display_name": f"{last} {first}",
                    "email": f"{code}-{number:02d}@synth.invalid",
                    "date_joined": moment(self.first_day, self.rng),
                }
            )
        self.sink.write(User, rows, ids)
        joined = moment(self.first_day, self.rng)
        self.sink.write(
            Membership,
            [{"user_id": i, "zone_id": self.zone_id, "joined_at": joined} for i in ids],
            None,
        )
        self.director = ids[0]
        self.officers = ids[2:]
        self.owners = [*self.officers, self.director]

    def chains(self) -> None:
        chain_ids = self.ids.take(IndustryChain, len(self.plan.chains))
        rows, links, all_link_ids = [], [], []
        self.chain_links: list[tuple[int, str, list[tuple[int, str, str]]]] = []
        created = moment(self.first_day, self.rng)
        for position, ((code, link_count), chain_id) in enumerate(
            zip(self.plan.chains, chain_ids, strict=True)
        ):
            name_en, name_zh, sector, link_names = data.CHAINS[code]
            rows.append(
                {
                    "zone_id": self.zone_id,
                    "code": code,
                    "name": name_en,
                    "name_en": name_en,
                    "name_zh_hans": name_zh,
                    "sector": sector,
                    "position": position,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            link_ids = self.ids.take(ChainLink, link_count)
            all_link_ids += link_ids
            for order, (link_code, en, zh, where) in enumerate(link_names[:link_count]):
                links.append(
                    {
                        "zone_id": self.zone_id,
                        "chain_id": chain_id,
                        "code": link_code,
                        "name": en,
                        "name_en": en,
                        "name_zh_hans": zh,
                        "position": where,
                        "order": order,
                        "created_at": created,
                        "updated_at": created,
                    }
                )
            named = [(i, n[1], n[2]) for i, n in zip(link_ids, link_names, strict=False)]
            self.chain_links.append((chain_id, sector, named))
        self.sink.write(IndustryChain, rows, chain_ids)
        self.sink.write(ChainLink, links, all_link_ids)

    def parks(self) -> None:
        ids = self.ids.take(Park, self.plan.parks)
        created = moment(self.first_day, self.rng)
        rows = []
        for number, _park_id in enumerate(ids):
            en, zh = data.PARK_NAMES[number % len(data.PARK_NAMES)]
            rows.append(
                {
                    "zone_id": self.zone_id,
                    "slug": f"park-{number + 1}",
                    "name": f"{self.city[0]} {en}",
                    "name_en": f"{self.city[0]} {en}",
                    "name_zh_hans": f"{self.city[1]}{zh}",
                    "area_km2": Decimal(self.rng.randint(5, 120)),
                    "free_land_mu": Decimal(self.rng.randint(200, 20_000)),
                    "position": number,
                    "published": True,
                    "created_at": created,
                    "updated_at": created,
                }
            )
        self.sink.write(Park, rows, ids)
        self.park_ids = ids

    def events(self) -> None:
        """A campaign a year with a conference, an overseas roadshow and a delegation visit."""
        this_year = day_of(self.today).year
        years = list(range(this_year - YEARS + 1, this_year + 1))
        campaign_ids = self.ids.take(Campaign, len(years))
        event_ids = iter(self.ids.take(Event, self.plan.events))
        venue_ids = iter(self.ids.take(Venue, 2 * self.plan.events))
        campaigns, events, venues = [], [], []
        written_events, written_venues = [], []
        self.event_days: list[tuple[int, int, int]] = []  # (day, event id, main venue id)
        for campaign_id, year in zip(campaign_ids, years, strict=True):
            opens = dt.date(year, 1, 1).toordinal()
            name = f"{year} investment promotion campaign"
            campaigns.append(
                {
                    "zone_id": self.zone_id,
                    "name": name,
                    "name_en": name,
                    "name_zh_hans": f"{year}年招商引资行动",
                    "starts_on": day_of(opens),
                    "ends_on": dt.date(year, 12, 31),
                    "target_projects": max(1, self.plan.projects // (2 * YEARS)),
                    "created_at": moment(opens - 20, self.rng),
                    "updated_at": moment(opens - 20, self.rng),
                }
            )
            for kind, (en, zh, abroad) in zip(EVENT_KIND_CODES, data.EVENT_KINDS, strict=True):
                day = min(opens + self.rng.randrange(365), self.today - self.rng.randrange(30))
                event_id, main, online = next(event_ids), next(venue_ids), next(venue_ids)
                title = f"{self.city[0]} {en} {year}"
                events.append(
                    {
                        "zone_id": self.zone_id,
                        "name": title,
                        "name_en": title,
                        "name_zh_hans": f"{year}{self.city[1]}{zh}",
                        "kind": kind,
                        "campaign_id": campaign_id,
                        "date": day_of(day),
                        "created_at": moment(day - 60, self.rng),
                        "updated_at": moment(day, self.rng),
                    }
                )
                written_events.append(event_id)
                city, country = self.rng.choice(data.ABROAD) if abroad else (self.city[0], "CN")
                for venue_id, role, position in (
                    (main, Venue.Role.MAIN, 0),
                    (online, Venue.Role.ONLINE, 1),
                ):
                    label = f"{city} main venue" if position == 0 else f"{city} online session"
                    venues.append(
                        {
                            "zone_id": self.zone_id,
                            "event_id": event_id,
                            "name": label,
                            "name_en": label,
                            "role": role,
                            "city": city,
                            "city_en": city,
                            "country": country,
                            "position": position,
                        }
                    )
                    written_venues.append(venue_id)
                self.event_days.append((day, event_id, main))
        self.sink.write(Campaign, campaigns, campaign_ids)
        self.sink.write(Event, events, written_events)
        self.sink.write(Venue, venues, written_venues)
        self.event_days.sort()
        self.event_day_list = [day for day, _event, _venue in self.event_days]

    def consultants(self) -> None:
        ids = self.ids.take(Consultant, self.plan.consultants)
        rows, appointments, expertise = [], [], []
        for number, consultant_id in enumerate(ids):
            name = data.CONSULTANT_NAMES[number % len(data.CONSULTANT_NAMES)]
            country = self.rng.choice(list(data.COUNTRIES))
            organisation = (
                f"{data.COUNTRIES[country][1][0]} {self.rng.choice(data.CONSULTANT_ORGS)}"
            )
            appointed = self.first_day + self.rng.randrange(DAYS // 2)
            rows.append(
                {
                    "zone_id": self.zone_id,
                    "name": f"{name} ({number + 1})",
                    "name_en": f"{name} ({number + 1})",
                    "title": "Investment promotion consultant",
                    "title_en": "Investment promotion consultant",
                    "organisation": organisation,
                    "organisation_en": organisation,
                    "country": country,
                    "created_at": moment(appointed, self.rng),
                    "updated_at": moment(appointed, self.rng),
                }
            )
            appointments.append(
                {
                    "zone_id": self.zone_id,
                    "consultant_id": consultant_id,
                    "batch": f"Batch {day_of(appointed).year}",
                    "batch_en": f"Batch {day_of(appointed).year}",
                    "appointed_on": day_of(appointed),
                    "term_start": day_of(appointed),
                    "term_end": day_of(appointed + 3 * 365),
                    "status": Appointment.Status.ACTIVE
                    if appointed + 3 * 365 >= self.today
                    else Appointment.Status.ENDED,
                }
            )
            for chain_id, _sector, _links in self.rng.sample(self.chain_links, 2):
                expertise.append({"consultant_id": consultant_id, "industrychain_id": chain_id})
        self.sink.write(Consultant, rows, ids)
        self.sink.write(Appointment, appointments, None)
        self.sink.write(Consultant.chains.through, expertise, None)
        self.consultant_ids = ids

    # -- companies

    def companies(self) -> None:
        rng = self.rng
        ids = self.ids.take(Company, self.plan.companies)
        countries = list(data.COUNTRIES)
        country_weights = list(itertools.accumulate(v[0] for v in data.COUNTRIES.values()))
        taken: set[tuple[str, str]] = set()
        rows = []
        # (id, short name, Chinese name, chain index or -1, link id or None, foreign currency or "")
        self.company_info: list[tuple[int, str, str, int, int | None, str]] = []
        for company_id in ids:
            country = rng.choices(countries, cum_weights=country_weights)[0]
            _weight, cities, legal, money = data.COUNTRIES[country]
            for attempt in itertools.count():  # a few draws, then numbered ("Aurex Motors 7")
                stem = rng.choice(data.STEMS_A) + rng.choice(data.STEMS_B)
                short = f"{stem} {rng.choice(data.TRADES)}"
                short = short if attempt < 5 else f"{short} {attempt}"
                name = f"{short} {legal}"
                normalized = company_normalize_name(name)
                if (normalized, country) not in taken:
                    taken.add((normalized, country))
                    break
            name_zh = ""
            if country == "CN":
                name_zh = (
                    "".join(rng.sample(data.ZH_STEMS, 2)) + rng.choice(data.ZH_TRADES) + "有限公司"
                )
            chain_index = rng.randrange(len(self.chain_links)) if rng.random() < 0.85 else -1
            link_id = None
            if chain_index >= 0 and rng.random() < 0.8:
                link_id = rng.choice(self.chain_links[chain_index][2])[0]
            ownership = data.OWNERSHIP_CN if country == "CN" else data.OWNERSHIP_ABROAD
            created = moment(self.first_day + rng.randrange(DAYS), rng)
            rows.append(
                {
                    "zone_id": self.zone_id,
                    "name": name,
                    "name_en": name,
                    "name_zh_hans": name_zh or None,
                    "normalized_name": normalized,
                    "country": country,
                    "hq_city": rng.choice(cities),
                    "ownership": rng.choices(
                        [o for o, _w in ownership], [w for _o, w in ownership]
                    )[0],
                    "fortune_global_500_rank": rng.randint(1, 500) if rng.random() < 0.03 else None,
                    "chain_id": self.chain_links[chain_index][0] if chain_index >= 0 else None,
                    "link_id": link_id,
                    "website": f"https://www.{stem.lower()}.example",
                    "listed": rng.random() < 0.1,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            self.company_info.append(
                (company_id, short, name_zh, chain_index, link_id, "" if country == "CN" else money)
            )
        for start in range(0, len(rows), BATCH):
            self.sink.write(Company, rows[start : start + BATCH], ids[start : start + BATCH])
        # A few investors bring many projects (existing investors expand): Pareto weights.
        self.company_weights = list(
            itertools.accumulate(rng.paretovariate(1.2) for _ in self.company_info)
        )


# ------------------------------------------------------------------------------- the run


def _zone_rows(plans: list[ZonePlan], as_of: dt.date) -> list[dict[str, Any]]:
    rows = []
    created = dt.datetime.fromordinal(as_of.toordinal() - DAYS).replace(tzinfo=dt.UTC)
    for zone_plan in plans:
        number = zone_plan.number - 1
        city_en, city_zh = data.CITIES[number % len(data.CITIES)]
        kind, kind_en, kind_zh = data.ZONE_KINDS[
            (number // len(data.CITIES)) % len(data.ZONE_KINDS)
        ]
        suffix = (
            f" {number // (len(data.CITIES) * len(data.ZONE_KINDS)) + 1}"
            if number >= len(data.CITIES) * len(data.ZONE_KINDS)
            else ""
        )
        rows.append(
            {
                "code": zone_plan.code,
                "name": f"{city_en} {kind_en}{suffix}",
                "name_en": f"{city_en} {kind_en}{suffix}",
                "name_zh_hans": f"{city_zh}{kind_zh}{suffix.strip()}",
                "parent_city": city_en,
                "parent_city_en": city_en,
                "parent_city_zh_hans": f"{city_zh}市",
                "kind": kind,
                "created_at": created,
                "updated_at": created,
            }
        )
    return rows


def _fx_rates(as_of: dt.date) -> int:
    """Monthly USD and EUR rates to yuan over the period, where none is recorded that day
    (reference data, shared with every zone; kept when the synthetic zones are replaced)."""
    first = as_of.toordinal() - DAYS
    months = sorted({day_of(d).replace(day=1) for d in range(first, as_of.toordinal() + 1, 28)})
    known = set(FxRate.objects.filter(date__in=months, quote="CNY").values_list("date", "base"))
    rows = []
    for number, month in enumerate(months):
        for base, level in (("USD", Decimal("6.9")), ("EUR", Decimal("7.6"))):
            if (month, base) not in known:
                wave = Decimal((number * 7) % 11 - 5) / 50  # ±0.1, the same every run
                rows.append(
                    {
                        "date": month,
                        "base": base,
                        "quote": "CNY",
                        "rate": level + wave,
                        "source": "Synthetic data set",
                    }
                )
    return len(fast_insert(FxRate, rows))


Progress = Callable[[int, int, dict[str, int], float], None]


def synth_generate(
    *, size: SynthSize, replace: bool = False, progress: Progress | None = None
) -> SynthResult:
    """Write the data set in one transaction; refuse (SynthConflict) if synthetic zones exist
    and `replace` is not given, or if the sizes do not fit together."""
    started = time.monotonic()
    if size.zones < 1 or size.companies < size.zones:
        raise SynthConflict(gettext("Give at least one zone, and at least one company per zone."))
    if min(size.projects, size.activities) < 0:
        raise SynthConflict(gettext("The numbers of projects and activities cannot be negative."))
    plans = plan(size)
    if synth_zone_ids() and not replace:
        raise SynthConflict(
            gettext(
                "This database already holds synthetic zones (codes beginning with “%(prefix)s”). "
                "Run again with --replace to delete them and generate anew."
            )
            % {"prefix": PREFIX}
        )
    counter = Counter()
    with collector_paused(), transaction.atomic():
        replaced = synth_delete()
        counter.counts[str(FxRate._meta.verbose_name_plural)] = _fx_rates(size.as_of)
        totals: dict[type[Model], int] = {
            User: sum(p.users for p in plans),
            IndustryChain: sum(len(p.chains) for p in plans),
            ChainLink: sum(n for p in plans for _c, n in p.chains),
            Park: sum(p.parks for p in plans),
            Campaign: YEARS * len(plans),
            Event: sum(p.events for p in plans),
            Venue: 2 * sum(p.events for p in plans),
            Consultant: sum(p.consultants for p in plans),
            Company: size.companies,
            Project: size.projects,
        }
        ids = Ids({model: iter(allocate_ids(model, n)) for model, n in totals.items()})
        zone_ids = fast_insert(Zone, _zone_rows(plans, size.as_of))
        counter.add(Zone, len(zone_ids))
        with BulkWriter() as writer:
            sink = Sink(writer, counter)
            for zone_plan, zone_id in zip(plans, zone_ids, strict=True):
                ZoneBuilder(zone_plan, zone_id, size, ids, sink).build()
                if progress is not None:
                    progress(
                        zone_plan.number, len(plans), counter.counts, time.monotonic() - started
                    )
        audit_record(
            actor=None,
            verb="demo.synth.generated",
            obj=Zone.objects.get(pk=zone_ids[0]),
            zone=None,
            changes={
                "seed": [None, size.seed],
                "as_of": [None, size.as_of.isoformat()],
                **{name: [None, count] for name, count in counter.counts.items()},
            },
        )
    if connection.vendor == "postgresql":  # fresh planner statistics for the filled tables
        with connection.cursor() as cursor:
            for model in FILLED:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return SynthResult(counts=counter.counts, seconds=time.monotonic() - started, replaced=replaced)
