"""The 2023 Global Investment Promotion Conference of the founding case (FACTS.md).

The article gives only totals: 28 projects, 20 manufacturing (over 24.9 billion yuan) and 8 service
(5.2 billion yuan), in four focus chains, at a main venue in the zone and a sub-venue in Berlin.
The projects below are invented (marked illustrative) so that those totals follow from records:
every figure of the event report is computed from these 28 signings.
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal

from zoneinvest.accounts.models import User
from zoneinvest.core.models import Zone
from zoneinvest.events.models import Campaign, Event, Participant, Signing
from zoneinvest.events.services import (
    agenda_item_add,
    campaign_create,
    event_create,
    participant_add,
    signing_record,
)
from zoneinvest.industries.models import IndustryChain, Sector
from zoneinvest.pipeline.models import Source
from zoneinvest.pipeline.services import company_create, project_change_stage, project_create
from zoneinvest.pipeline.stages import Stage

CONFERENCE_DAY = dt.date(2023, 1, 11)
YI = Decimal(10) ** 8  # 亿: one hundred million yuan
CHONGQING = zoneinfo.ZoneInfo("Asia/Shanghai")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@dataclass(frozen=True)
class Signed:
    title_en: str
    title_zh: str
    company_en: str
    company_zh: str
    country: str
    chain: str
    sector: str
    yi: str  # amount in 亿元
    venue: str = "main"


M, S = Sector.MANUFACTURING, Sector.SERVICE
SIGNED = (
    # 20 manufacturing projects: 249.3亿元 (over 24.9 billion yuan)
    Signed(
        "Intelligent EV platform plant",
        "智能电动汽车平台工厂",
        "Yuzhou Auto Group",
        "渝州汽车集团",
        "CN",
        "nev",
        M,
        "32",
    ),
    Signed(
        "Power battery gigafactory, phase 1",
        "动力电池超级工厂一期",
        "Jialing Power Battery Co.",
        "嘉陵动力电池有限公司",
        "CN",
        "nev",
        M,
        "28.5",
    ),
    Signed(
        "Display panel module base",
        "显示面板模组基地",
        "Eastlight Display Technology",
        "东光显示科技",
        "CN",
        "electronics",
        M,
        "25",
    ),
    Signed(
        "Automotive chip packaging and test line",
        "车规级芯片封测产线",
        "Silicon Ridge Semiconductor",
        "硅岭半导体",
        "SG",
        "electronics",
        M,
        "21",
    ),
    Signed(
        "Smart terminal manufacturing park",
        "智能终端制造产业园",
        "Pacific Smart Devices Ltd.",
        "太平洋智能设备有限公司",
        "HK",
        "electronics",
        M,
        "18",
    ),
    Signed(
        "Electric drive systems plant",
        "电驱动系统工厂",
        "Rheintal Antriebe GmbH",
        "莱茵谷驱动有限公司",
        "DE",
        "nev",
        M,
        "16.5",
        "berlin",
    ),
    Signed(
        "Industrial robot assembly base",
        "工业机器人总装基地",
        "Kansai Robotics K.K.",
        "关西机器人株式会社",
        "JP",
        "equipment",
        M,
        "15",
    ),
    Signed(
        "Energy storage battery plant",
        "储能电池工厂",
        "Havelland Energiespeicher GmbH",
        "哈弗尔兰储能有限公司",
        "DE",
        "nev",
        M,
        "13",
        "berlin",
    ),
    Signed(
        "Biologics manufacturing base",
        "生物药生产基地",
        "Danube Biologics AG",
        "多瑙生物制药股份公司",
        "AT",
        "health",
        M,
        "12",
    ),
    Signed(
        "Precision machine-tool plant",
        "精密机床工厂",
        "Spreewerk Maschinenbau GmbH",
        "施普雷机械制造有限公司",
        "DE",
        "equipment",
        M,
        "11",
        "berlin",
    ),
    Signed(
        "Lidar and sensor production line",
        "激光雷达与传感器产线",
        "Clearview Sensing Inc.",
        "清视传感公司",
        "US",
        "nev",
        M,
        "10",
    ),
    Signed(
        "Medical imaging equipment plant",
        "医学影像设备工厂",
        "Lumen Medical Systems",
        "流明医疗系统",
        "NL",
        "health",
        M,
        "9.5",
    ),
    Signed(
        "Printed circuit board plant",
        "印制电路板工厂",
        "Hanseong Circuits Co.",
        "汉城电路株式会社",
        "KR",
        "electronics",
        M,
        "8",
    ),
    Signed(
        "Hydrogen fuel-cell stack plant",
        "氢燃料电池电堆工厂",
        "Alpine Hydrogen SA",
        "阿尔卑斯氢能股份公司",
        "CH",
        "nev",
        M,
        "7",
    ),
    Signed(
        "Aero-engine components machining",
        "航空发动机零部件加工",
        "Jinyun Aviation Components",
        "缙云航空零部件",
        "CN",
        "equipment",
        M,
        "6",
    ),
    Signed(
        "Medical consumables plant",
        "医用耗材工厂",
        "Beibei Medical Supplies",
        "北碚医疗用品",
        "CN",
        "health",
        M,
        "5",
    ),
    Signed(
        "Vehicle thermal management systems",
        "汽车热管理系统项目",
        "Nordwind Thermo GmbH",
        "北风热能有限公司",
        "DE",
        "nev",
        M,
        "4.3",
    ),
    Signed(
        "Server and storage assembly line",
        "服务器与存储整机产线",
        "Cloudcrest Computing",
        "云峰计算",
        "CN",
        "electronics",
        M,
        "3.5",
    ),
    Signed(
        "Rail transit equipment workshop",
        "轨道交通装备车间",
        "Yangtze Rail Equipment",
        "长江轨道装备",
        "CN",
        "equipment",
        M,
        "2.5",
    ),
    Signed(
        "In-vitro diagnostics reagents line",
        "体外诊断试剂产线",
        "Helix Diagnostics Ltd.",
        "螺旋诊断有限公司",
        "GB",
        "health",
        M,
        "1.5",
    ),
    # 8 service projects: 52亿元 (5.2 billion yuan)
    Signed(
        "Western China regional headquarters",
        "中国西部区域总部",
        "Meridian Mobility Holdings",
        "子午线出行控股",
        "SG",
        "nev",
        S,
        "12",
    ),
    Signed(
        "Automotive software R&D centre",
        "汽车软件研发中心",
        "Codeway Automotive Software",
        "码途汽车软件",
        "CN",
        "nev",
        S,
        "9",
    ),
    Signed(
        "Integrated circuit design centre",
        "集成电路设计中心",
        "Lotus Chip Design",
        "莲芯设计",
        "CN",
        "electronics",
        S,
        "8",
    ),
    Signed(
        "Contract research and CDMO services",
        "医药研发外包与CDMO服务",
        "Vitacare Research Services",
        "维康研发服务",
        "US",
        "health",
        S,
        "7",
    ),
    Signed(
        "Industrial internet platform",
        "工业互联网平台",
        "Foundry Cloud Technologies",
        "铸云科技",
        "CN",
        "equipment",
        S,
        "6",
    ),
    Signed(
        "Engineering and testing centre",
        "工程与测试中心",
        "Brandenburg Engineering Services GmbH",
        "勃兰登堡工程服务有限公司",
        "DE",
        "nev",
        S,
        "4.5",
        "berlin",
    ),
    Signed(
        "Health data services hub",
        "健康数据服务中心",
        "Mediq Data Services",
        "医数数据服务",
        "CN",
        "health",
        S,
        "3.5",
    ),
    Signed(
        "Equipment leasing and supply-chain finance",
        "装备融资租赁与供应链金融",
        "Chaotianmen Leasing",
        "朝天门融资租赁",
        "CN",
        "equipment",
        S,
        "2",
    ),
)


def _at(day: dt.date, hour: int, minute: int = 0, tz: zoneinfo.ZoneInfo = CHONGQING) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def _campaign(zone: Zone, by: User) -> Campaign:
    return campaign_create(
        zone=zone,
        by=by,
        name_en="2023 Global Investment Promotion Campaign",
        name_zh_hans="2023年全球招商引资行动",
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2023, 12, 31),
    )


def _event(zone: Zone, campaign: Campaign, by: User) -> Event:
    event = event_create(
        zone=zone,
        by=by,
        campaign=campaign,
        kind=Event.Kind.CONFERENCE,
        name_en="2023 Global Investment Promotion Conference",
        name_zh_hans="2023年全球投资促进大会",
        date=CONFERENCE_DAY,
        starts_at=_at(CONFERENCE_DAY, 9, 30),
        time_zone="Asia/Shanghai",
        organiser_en="Liangjiang New Area Administrative Committee",
        organiser_zh_hans="两江新区管委会",
        venues=[
            {
                "name_en": "Main venue, Liangjiang New Area",
                "name_zh_hans": "两江新区主会场",
                "role": "main",
                "city_en": "Chongqing",
                "city_zh_hans": "重庆",
                "country": "CN",
                "time_zone": "Asia/Shanghai",
            },
            {
                "name_en": "Berlin sub-venue",
                "name_zh_hans": "柏林分会场",
                "role": "sub",
                "city_en": "Berlin",
                "city_zh_hans": "柏林",
                "country": "DE",
                "time_zone": "Europe/Berlin",
                "partners_en": (
                    "German Federal Association for Economic Development and Foreign Trade (BWA)"
                ),
                "partners_zh_hans": "德国联邦经济发展与对外贸易协会（BWA）",
            },
        ],
    )
    main, berlin = list(event.venues.order_by("position"))
    participant_add(
        event=event,
        venue=main,
        by=by,
        role=Participant.Role.SPEAKER,
        name="Wang Yu",
        title=(
            "Deputy Director of the Administrative Committee; member of the Party Working Committee"
        ),
        organisation="Liangjiang New Area",
    )
    participant_add(
        event=event,
        venue=berlin,
        by=by,
        role=Participant.Role.SPEAKER,
        name="Michael Schumann",
        title="Chairman of the board",
        organisation="BWA",
    )
    for venue, tz, items in (
        (
            main,
            CHONGQING,
            [
                (9, 30, "Opening of the conference", "大会开幕"),
                (10, 0, "Address by Wang Yu", "王宇致辞"),
                (10, 30, "Signing ceremony", "项目集中签约仪式"),
                (
                    11,
                    30,
                    "Appointment of the first global investment consultants",
                    "首批全球招商顾问聘任",
                ),
            ],
        ),
        (
            berlin,
            BERLIN,
            [
                (10, 0, "Welcome by Michael Schumann, BWA", "BWA董事会主席迈克尔·舒曼致辞"),
                (
                    10,
                    30,
                    "Liangjiang New Area: opportunities for German companies",
                    "两江新区投资机遇推介",
                ),
                (11, 0, "Signing of the Berlin projects", "柏林分会场项目签约"),
            ],
        ),
    ):
        for hour, minute, title_en, title_zh in items:
            agenda_item_add(
                venue=venue,
                by=by,
                title_en=title_en,
                title_zh_hans=title_zh,
                starts_at=_at(CONFERENCE_DAY, hour, minute, tz),
            )
    return event


def conference_build(
    *, zone: Zone, users: dict[str, User], chains: dict[str, IndustryChain]
) -> Event:
    """Campaign, conference, venues and the 28 signings, all through the services."""
    director = users["director"]
    event = _event(zone, _campaign(zone, director), director)
    venues = {v.role: v for v in event.venues.all()}
    owners = [users["officer"], users["officer2"], director]
    for index, spec in enumerate(SIGNED):
        owner = owners[index % len(owners)]
        amount = Decimal(spec.yi) * YI
        company = company_create(
            zone=zone,
            name_en=spec.company_en,
            name_zh_hans=spec.company_zh,
            country=spec.country,
            chain=chains[spec.chain],
            by=owner,
        )
        project = project_create(
            zone=zone,
            title_en=spec.title_en,
            title_zh_hans=spec.title_zh,
            company=company,
            sector=spec.sector,
            chain=chains[spec.chain],
            owner=owner,
            source=Source.EVENT if spec.venue == "berlin" else Source.OFFICER,
            illustrative=True,
            by=owner,
            at=_at(dt.date(2022, 8 + index % 4, 1 + index), 10),
        )
        project = project_change_stage(
            project=project,
            to=Stage.QUALIFIED,
            by=owner,
            at=_at(dt.date(2022, 11, 1 + index), 15),
        )
        project = project_change_stage(
            project=project,
            to=Stage.NEGOTIATING,
            by=owner,
            values={"total_investment": amount, "est_signing_date": CONFERENCE_DAY},
            at=_at(dt.date(2022, 12, 1 + index), 15),
        )
        signing_record(
            project=project,
            date=CONFERENCE_DAY,
            amount=amount,
            by=owner,
            event=event,
            venue=venues["sub" if spec.venue == "berlin" else "main"],
            document=Signing.Document.AGREEMENT,
            at=_at(CONFERENCE_DAY, 10, 30)
            if spec.venue == "main"
            else _at(CONFERENCE_DAY, 11, 0, BERLIN),
        )
    return event
