"""Tiers, illustrative cluster targets, chain links for two chains, gap targets, and the
indicators whose shares FACTS.md states (all illustrative values chosen to give those shares)."""

from decimal import Decimal

from zoneinvest.accounts.models import User
from zoneinvest.core.models import Zone
from zoneinvest.industries.models import ChainPosition, IndustryChain, Tier
from zoneinvest.industries.services import chain_set_tier, cluster_target_set, link_create
from zoneinvest.pipeline.models import Company, Project
from zoneinvest.pipeline.services import company_create, company_update, project_update
from zoneinvest.places.models import Area, IndicatorKind
from zoneinvest.places.services import indicator_set

YI = Decimal(10) ** 8
U, M, D = ChainPosition.UPSTREAM, ChainPosition.MIDSTREAM, ChainPosition.DOWNSTREAM
ILLUSTRATIVE = "Illustrative demo value"

TIERS = {
    "nev": (Tier.TRILLION, 10000, 6200),
    "electronics": (Tier.TRILLION, 10000, 7100),
    "equipment": (Tier.HUNDRED_BILLION, 1000, 620),
    "health": (Tier.HUNDRED_BILLION, 1000, 410),
    "digital": (Tier.HUNDRED_BILLION, 1000, 830),
}

# chain → (code, English, Chinese, position, keywords that place a project on the link)
LINKS = {
    "nev": [
        ("materials", "Battery materials", "电池材料", U, ("lithium", "cathode", "anode")),
        ("chips", "Automotive chips", "车规级芯片", U, ("chip", "semiconductor")),
        ("cells", "Cells and packs", "电芯与电池包", M, ("battery", "cell", "storage", "sodium")),
        ("motors", "Motors and e-drives", "电机与电驱", M, ("drive", "motor")),
        (
            "control",
            "Electronic control and sensors",
            "电控与传感",
            M,
            ("control", "domain", "sensor", "lidar", "thermal", "radar"),
        ),
        ("software", "Automotive software", "汽车软件", M, ("software",)),
        (
            "assembly",
            "Vehicle assembly",
            "整车制造",
            D,
            ("vehicle", "ev platform", "casting", "moulds", "headquarters"),
        ),
        ("charging", "Charging and swapping", "充换电", D, ("charging", "swapping")),
    ],
    "electronics": [
        ("ic", "Integrated circuits", "集成电路", U, ("chip", "semiconductor", "circuit design")),
        ("display", "Display panels", "新型显示", M, ("display", "panel", "led")),
        ("pcb", "Printed circuit boards", "印制电路板", M, ("circuit board",)),
        ("terminals", "Smart terminals", "智能终端", D, ("terminal", "smart", "contract")),
        ("servers", "Servers and computing", "服务器与算力", D, ("server", "computing", "data")),
    ],
}

# Companies of the gap links that are not yet in the zone (the chain map's target list).
TARGETS = [
    ("charging", "Amperio Energy SE", "安培里奥能源欧洲公司", "DE", 214),
    ("charging", "Kaiju Power Systems K.K.", "怪兽电力系统株式会社", "JP", 388),
    ("charging", "Northwind Charge AS", "北风充电公司", "NO", None),
    ("materials", "Andes Lithium S.A.", "安第斯锂业股份公司", "CL", None),
    ("materials", "Pilbara Cathode Ltd", "皮尔巴拉正极材料有限公司", "AU", 455),
]

# (kind, zone value, city value, unit): shares under 1.5 %, about 15 %, 30 %, 30 %, 50 %.
INDICATORS_2022 = [
    (IndicatorKind.LAND_AREA, "1200", "82400", "km²"),
    (IndicatorKind.ECONOMIC_OUTPUT, "4381", "29129", "100 million yuan"),
    (IndicatorKind.TRADE, "2447", "8158", "100 million yuan"),
    (IndicatorKind.UTILIZED_FDI, "5.58", "18.6", "100 million US dollars"),
    (IndicatorKind.FORTUNE_500, "156", "312", "companies"),
]


def _links(zone: Zone, chains: dict[str, IndustryChain], by: User) -> dict[str, list]:
    made: dict[str, list] = {}
    for key, specs in LINKS.items():
        made[key] = []
        for order, (code, name_en, name_zh, position, words) in enumerate(specs):
            link = link_create(
                chain=chains[key],
                code=code,
                name_en=name_en,
                name_zh=name_zh,
                position=position,
                order=order,
                by=by,
            )
            made[key].append((link, words))
    return made


def _place_projects(zone: Zone, links: dict[str, list], by: User) -> None:
    """Put each project of the two chains on the link its title names (first match wins)."""
    for key, candidates in links.items():
        for project in Project.objects.filter(zone=zone, chain__code=key).select_related("company"):
            title = str(getattr(project, "title_en", "")).lower()
            link = next((lk for lk, words in candidates if any(w in title for w in words)), None)
            if link is None:
                continue
            project_update(project=project, version=project.version, by=by, link=link)
            company = project.company
            if company is not None and company.link_id is None:
                company = Company.objects.get(pk=company.pk)
                company_update(company=company, version=company.version, by=by, link=link)


def _targets(
    zone: Zone, links: dict[str, list], chains: dict[str, IndustryChain], by: User
) -> None:
    by_code = {link.code: link for link, _words in links["nev"]}
    for code, name_en, name_zh, country, rank in TARGETS:
        company_create(
            zone=zone,
            name_en=name_en,
            name_zh_hans=name_zh,
            country=country,
            fortune_global_500_rank=rank,
            chain=chains["nev"],
            link=by_code[code],
            by=by,
        )


def chains_build(*, zone: Zone, users: dict[str, User], chains: dict[str, IndustryChain]) -> None:
    director = users["director"]
    for key, (tier, target_yi, actual_yi) in TIERS.items():
        chain_set_tier(chain=chains[key], tier=tier, by=director)
        cluster_target_set(
            chain=chains[key],
            year=2025,
            tier=tier,
            output_target=target_yi * YI,
            actual_output=actual_yi * YI,
            source=ILLUSTRATIVE,
            by=director,
        )
    links = _links(zone, chains, director)
    _place_projects(zone, links, director)
    _targets(zone, links, chains, director)
    for kind, zone_value, city_value, unit in INDICATORS_2022:
        for area, value in ((Area.ZONE, zone_value), (Area.CITY, city_value)):
            indicator_set(
                zone=zone,
                kind=kind,
                area=area,
                year=2022,
                value=Decimal(value),
                unit=unit,
                source=f"{ILLUSTRATIVE}, chosen to give the shares the founding article reports",
                by=director,
            )
