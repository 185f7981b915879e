"""The first group of 11 global investment consultants, appointed on 2023-01-11 (FACTS.md).

The four named in the article appear with their published positions and nothing invented about
them: no referrals, no rewards. The seven others are illustrative (marked so); the demo user
`consultant` is one of them, Martin Keller, and the referrals, the paid-in capital and the
computed reward below are theirs.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from zoneinvest.accounts.models import User
from zoneinvest.consultants.models import Consultant
from zoneinvest.consultants.services import (
    appointment_create,
    consultant_create,
    referral_resolve,
    referral_submit,
    reward_rule_create,
)
from zoneinvest.core.models import Zone
from zoneinvest.events.services import stage_move
from zoneinvest.industries.models import IndustryChain
from zoneinvest.pipeline.models import Project
from zoneinvest.pipeline.services import capital_arrival_record, project_update
from zoneinvest.pipeline.stages import Stage

APPOINTED = dt.date(2023, 1, 11)
YI = Decimal(10) ** 8
WAN = Decimal(10) ** 4


@dataclass(frozen=True)
class Person:
    name_en: str
    name_zh: str
    title_en: str
    title_zh: str
    organisation_en: str
    organisation_zh: str
    country: str
    chains: tuple[str, ...]
    languages: str = "English, Chinese"
    regions: str = ""
    illustrative: bool = False
    consent: bool = True
    user: str = ""


FIRST_GROUP = (
    Person(
        "Li Zexiang",
        "李泽湘",
        "Professor",
        "教授",
        "Hong Kong University of Science and Technology",
        "香港科技大学",
        "HK",
        ("equipment", "electronics"),
        regions="Greater Bay Area",
    ),
    Person(
        "Sylvain Laurent",
        "西尔万·洛朗",
        "Director of Hopium France; former global vice president of Dassault Systemes",
        "Hopium法国公司总监；达索系统前全球副总裁",
        "Hopium",
        "Hopium",
        "FR",
        ("nev",),
        languages="French, English",
        regions="France, Europe",
    ),
    Person(
        "John Z. Zhang",
        "张哲",
        "Senior vice president and general manager",
        "高级副总裁兼总经理",
        "Corning Display",
        "康宁显示",
        "US",
        ("electronics",),
        regions="North America, East Asia",
    ),
    Person(
        "Denis Depoux",
        "戴璞",
        "President of the global management committee",
        "全球管理委员会总裁",
        "Roland Berger",
        "罗兰贝格",
        "FR",
        ("nev", "equipment"),
        languages="French, English, Chinese",
        regions="Europe, China",
    ),
    Person(
        "Martin Keller",
        "马丁·凯勒",
        "Managing partner",
        "管理合伙人",
        "Keller & Partner Industrieberatung",
        "凯勒工业咨询合伙公司",
        "DE",
        ("nev", "equipment"),
        languages="German, English",
        regions="Germany, Austria, Switzerland",
        illustrative=True,
        user="consultant",
    ),
    Person(
        "Priya Raman",
        "普丽娅·拉曼",
        "Director, Asia investment advisory",
        "亚洲投资咨询总监",
        "Straits Advisory Pte. Ltd.",
        "海峡咨询有限公司",
        "SG",
        ("nev", "digital"),
        regions="Southeast Asia",
        illustrative=True,
    ),
    Person(
        "Kenji Watanabe",
        "渡边健二",
        "Former plant director",
        "前工厂厂长",
        "Independent adviser",
        "独立顾问",
        "JP",
        ("electronics",),
        languages="Japanese, English",
        regions="Japan",
        illustrative=True,
    ),
    Person(
        "Anna Lindqvist",
        "安娜·林奎斯特",
        "Professor of biomedical engineering",
        "生物医学工程教授",
        "Nordic Institute of Technology",
        "北欧理工学院",
        "SE",
        ("health",),
        regions="Nordic countries",
        illustrative=True,
        consent=False,
    ),
    Person(
        "Chen Weiming",
        "陈伟明",
        "Chairman",
        "董事长",
        "Chongqing Overseas Chamber of Commerce",
        "重庆海外商会",
        "CN",
        ("equipment", "digital"),
        regions="Chinese diaspora",
        illustrative=True,
    ),
    Person(
        "Laura Bianchi",
        "劳拉·比安奇",
        "Partner",
        "合伙人",
        "Bianchi Strategy Consulting",
        "比安奇战略咨询",
        "IT",
        ("health", "equipment"),
        languages="Italian, English",
        regions="Italy",
        illustrative=True,
    ),
    Person(
        "David Okafor",
        "大卫·奥卡福",
        "Head of emerging-markets research",
        "新兴市场研究主管",
        "Meridian Research",
        "子午研究",
        "GB",
        ("digital", "electronics"),
        regions="United Kingdom, Africa",
        illustrative=True,
    ),
)

# Illustrative referrals: (consultant, company as recorded, country, submitted on).
REFERRALS = (
    ("Martin Keller", "Havelland Energiespeicher GmbH", "DE", dt.date(2022, 9, 20)),
    ("Martin Keller", "Rheintal Antriebe GmbH", "DE", dt.date(2022, 10, 5)),
    ("Priya Raman", "Meridian Mobility Holdings", "SG", dt.date(2022, 9, 28)),
    ("Laura Bianchi", "Torre Medical Devices S.p.A.", "IT", dt.date(2023, 3, 14)),
)


def _people(zone: Zone, users: dict[str, User], chains: dict[str, IndustryChain]) -> dict:
    director = users["director"]
    made = {}
    for person in FIRST_GROUP:
        consultant = consultant_create(
            zone=zone,
            by=director,
            name_en=person.name_en,
            name_zh_hans=person.name_zh,
            title_en=person.title_en,
            title_zh_hans=person.title_zh,
            organisation_en=person.organisation_en,
            organisation_zh_hans=person.organisation_zh,
            country=person.country,
            languages=person.languages,
            regions=person.regions,
            public_consent=person.consent,
            illustrative=person.illustrative,
            user=users.get(person.user) if person.user else None,
            chains=[chains[c] for c in person.chains],
        )
        appointment_create(
            consultant=consultant,
            batch_en="First group of global investment consultants",
            batch_zh_hans="首批全球招商顾问",
            appointed_on=APPOINTED,
            by=director,
        )
        made[person.name_en] = consultant
    return made


def _rule(zone: Zone, director: User) -> None:
    reward_rule_create(
        zone=zone,
        name="Referral reward rule (illustrative)",
        valid_from=dt.date(2022, 1, 1),
        base="paid_in",
        minimum_project_size=1 * YI,
        cap=500 * WAN,
        payable_after_arrival=True,
        bands=[
            {"lower": Decimal(0), "upper": 5 * YI, "rate": Decimal("1"), "fixed": None},
            {"lower": 5 * YI, "upper": 20 * YI, "rate": Decimal("0.8"), "fixed": None},
            {"lower": 20 * YI, "upper": None, "rate": Decimal("0.5"), "fixed": None},
        ],
        by=director,
    )


def _noon(day: dt.date) -> dt.datetime:
    from zoneinvest.demo.conference import CHONGQING

    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=CHONGQING)


def _land_with_capital(project: Project, by: User) -> None:
    """The storage plant registers and receives paid-in capital: its reward becomes due."""
    project = stage_move(
        project=project,
        to=Stage.REGISTERED,
        by=by,
        values={
            "registration_date": dt.date(2023, 4, 20),
            "registered_capital": 4 * YI,
            "contracted_amount": project.total_investment,
        },
        at=_noon(dt.date(2023, 4, 20)),
    )
    capital_arrival_record(
        project=project, date=dt.date(2023, 6, 30), amount=2 * YI, by=by, note="Instalment 1"
    )
    capital_arrival_record(
        project=project,
        date=dt.date(2023, 12, 15),
        amount=Decimal("1.5") * YI,
        by=by,
        note="Instalment 2",
    )


def consultants_build(
    *, zone: Zone, users: dict[str, User], chains: dict[str, IndustryChain]
) -> list[Consultant]:
    people = _people(zone, users, chains)
    _rule(zone, users["director"])
    for name, company, country, day in REFERRALS:
        consultant = people[name]
        referral = referral_submit(
            consultant=consultant,
            company_name_en=company,
            country=country,
            by=consultant.user or users["director"],
            idea="Introduced to the zone's investment team." if company.startswith("Torre") else "",
            project_title_en="Orthopaedic implants plant" if company.startswith("Torre") else "",
            project_title_zh="骨科植入物工厂" if company.startswith("Torre") else "",
            submitted_at=_noon(day),
        )
        if referral.status == referral.Status.CONFLICT:
            referral_resolve(
                winner=referral,
                by=users["director"],
                note="The consultant introduced the investor before the bureau's first contact.",
            )
        if referral.project is not None and not referral.project.illustrative:
            project_update(
                project=referral.project,
                version=referral.project.version,
                by=users["director"],
                illustrative=True,
                chain=chains["health"],
                sector="manufacturing",
            )
        if company.startswith("Havelland") and referral.project is not None:
            _land_with_capital(referral.project, users["officer"])
    return list(people.values())
