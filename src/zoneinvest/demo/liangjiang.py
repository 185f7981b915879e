"""The founding case: Liangjiang New Area (两江新区), its bureau's people, an illustrative pipeline.

`demo_load()` writes everything through the services (only the zone and the FX rates, which are
reference data, are created directly) in one transaction, so a failed load leaves nothing behind.
It is idempotent: when the zone "liangjiang" exists it writes nothing and reports what is there.

Later steps (the 2023 conference and its 28 signings, consultants) extend `demo_load` with
their own `_load_*` function over the same `Context`.
"""

import datetime as dt
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zoneinvest.accounts.models import Role, User
from zoneinvest.accounts.services import user_create
from zoneinvest.core.errors import DomainError
from zoneinvest.core.models import Currency, FxRate, Zone
from zoneinvest.demo.chains import chains_build
from zoneinvest.demo.conference import conference_build
from zoneinvest.demo.consultants import consultants_build
from zoneinvest.demo.data import CHAINS, COMPANIES, PROJECTS
from zoneinvest.demo.fx import fx_rows
from zoneinvest.demo.portal import portal_build
from zoneinvest.demo.projects import Context, email_for, project_build, tasks_build
from zoneinvest.demo.two_factor import demo_devices_build
from zoneinvest.industries.models import IndustryChain
from zoneinvest.industries.services import chain_create
from zoneinvest.pipeline.models import Activity, CapitalArrival, Company, Contact, Project, Task
from zoneinvest.pipeline.services import company_create, contact_create

ZONE_CODE = "liangjiang"
ZONE_NAME_EN = "Liangjiang New Area"
ZONE_NAME_ZH = "两江新区"
SEED = 20230111  # the conference day: the same data on every run


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    password: str
    role: str
    display_name: str

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


DEMO_USERS = (
    DemoUser("admin", "demo-admin-2023", Role.ADMIN, "Platform Admin"),
    DemoUser("director", "demo-director-2023", Role.DIRECTOR, "Chen Jing (陈静)"),
    DemoUser("officer", "demo-officer-2023", Role.OFFICER, "Liu Yang (刘洋)"),
    DemoUser("officer2", "demo-officer2-2023", Role.OFFICER, "Zhao Min (赵敏)"),
    DemoUser("analyst", "demo-analyst-2023", Role.ANALYST, "Sun Li (孙丽)"),
    DemoUser("consultant", "demo-consultant-2023", Role.CONSULTANT, "Martin Keller"),
    DemoUser("editor", "demo-editor-2023", Role.EDITOR, "Guo Shuyu (郭姝妤)"),
)


@dataclass(frozen=True, slots=True)
class DemoResult:
    zone: Zone
    created: bool  # False: the demo was already there and nothing was written
    users: tuple[DemoUser, ...]
    counts: dict[str, int]
    seconds: float


class DemoConflictError(DomainError):
    code = "demo_conflict"


def demo_load() -> DemoResult:
    started = time.perf_counter()
    zone = Zone.objects.filter(code=ZONE_CODE).first()
    created = zone is None
    if zone is None:
        zone = _load()
    else:
        _load_two_factor(list(User.objects.filter(username__in=[u.username for u in DEMO_USERS])))
    return DemoResult(
        zone=zone,
        created=created,
        users=DEMO_USERS,
        counts=demo_counts(zone),
        seconds=time.perf_counter() - started,
    )


def demo_counts(zone: Zone) -> dict[str, int]:
    return {
        "users": User.objects.filter(username__in=[u.username for u in DEMO_USERS]).count(),
        "chains": zone.industrychain_set.count(),
        "companies": Company.objects.filter(zone=zone).count(),
        "contacts": Contact.objects.filter(zone=zone).count(),
        "projects": Project.objects.filter(zone=zone).count(),
        "activities": Activity.objects.filter(zone=zone).count(),
        "tasks": Task.objects.filter(zone=zone).count(),
        "capital_arrivals": CapitalArrival.objects.filter(zone=zone).count(),
        "fx_rates": FxRate.objects.count(),
    }


@transaction.atomic
def _load() -> Zone:
    _refuse_taken_usernames()
    today = timezone.localdate()
    zone = _load_zone()
    _load_fx_rates(today)
    users = _load_users(zone)
    _load_two_factor(list(users.values()))
    ctx = Context(
        zone=zone,
        today=today,
        seed=SEED,
        users=users,
        chains=_load_chains(zone, users["director"]),
        companies={},
        contacts={},
    )
    _load_companies(ctx)
    for spec in PROJECTS:
        project_build(ctx, spec)
    tasks_build(ctx)
    conference_build(zone=zone, users=users, chains=ctx.chains)
    consultants_build(zone=zone, users=users, chains=ctx.chains)
    chains_build(zone=zone, users=users, chains=ctx.chains)
    portal_build(zone=zone, users=users, chains=ctx.chains)
    return zone


def _refuse_taken_usernames() -> None:
    taken = sorted(
        User.objects.filter(username__in=[u.username for u in DEMO_USERS]).values_list(
            "username", flat=True
        )
    )
    if taken:
        raise DemoConflictError(
            gettext(
                "The demo needs these user names, which are already taken in this database: "
                "%(names)s. Load the demo into an empty database."
            )
            % {"names": ", ".join(taken)}
        )


def _load_zone() -> Zone:
    return Zone.objects.create(
        code=ZONE_CODE,
        name_en=ZONE_NAME_EN,
        name_zh_hans=ZONE_NAME_ZH,
        parent_city_en="Chongqing",
        parent_city_zh_hans="重庆",
        kind=Zone.Kind.NATIONAL_NEW_AREA,
        default_currency=Currency.CNY,
    )


def _load_fx_rates(today: dt.date) -> None:
    # Rates are shared by every zone: keep any already recorded for a day.
    FxRate.objects.bulk_create(fx_rows(today=today, seed=SEED), ignore_conflicts=True)


def _load_users(zone: Zone) -> dict[str, User]:
    users: dict[str, User] = {}
    for spec in DEMO_USERS:
        users[spec.username] = user_create(
            username=spec.username,
            password=spec.password,
            role=spec.role,
            zones=[] if spec.role == Role.ADMIN else [zone],
            display_name=spec.display_name,
            email=f"{spec.username}@liangjiang.example",
            by=users.get("admin"),
        )
    return users


def _load_two_factor(users: list[User]) -> None:
    """The demo key for the admin and the director (also into a demo loaded before it had one)."""
    demo_devices_build(users=users, passwords={u.username: u.password for u in DEMO_USERS})


def _load_chains(zone: Zone, by: User) -> dict[str, IndustryChain]:
    return {
        spec.code: chain_create(
            zone=zone,
            code=spec.code,
            name_en=spec.name_en,
            name_zh=spec.name_zh,
            sector=spec.sector,
            position=position,
            by=by,
        )
        for position, spec in enumerate(CHAINS, start=1)
    }


def _load_companies(ctx: Context) -> None:
    owners: dict[str, str] = {}
    for project in PROJECTS:
        owners.setdefault(project.company, project.owner)
    for spec in COMPANIES:
        by = ctx.users[owners.get(spec.key, "officer")]
        company = company_create(
            zone=ctx.zone,
            name_en=spec.name_en,
            name_zh_hans=spec.name_zh,
            country=spec.country,
            hq_city=spec.hq_city,
            ownership=spec.ownership,
            fortune_global_500_rank=spec.fortune_global_500_rank,
            chain=ctx.chains[spec.chain],
            website=f"https://{spec.key}.example/",
            by=by,
        )
        ctx.companies[spec.key] = company
        ctx.contacts[spec.key] = [
            contact_create(
                company=company,
                name=person.name,
                title=person.title,
                email=email_for(person.name, spec.key),
                languages=person.languages,
                by=by,
            )
            for person in spec.contacts
        ]
