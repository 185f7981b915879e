"""The Liangjiang demo as data: chains, illustrative investors, their people, projects and tasks.

Every company and project here is invented (names on the `.example` domain); none stands for a
real deal. The 2023 conference and its 28 signings are not here: events will add them.
"""

import datetime as dt
from dataclasses import dataclass

from zoneinvest.industries.models import Sector
from zoneinvest.pipeline.models import Ownership, Source
from zoneinvest.pipeline.stages import Stage

# ---------------------------------------------------------------- chains


@dataclass(frozen=True, slots=True)
class ChainSpec:
    code: str
    name_en: str
    name_zh: str
    sector: str


CHAINS = (
    ChainSpec(
        "nev",
        "Intelligent connected new energy vehicles",
        "智能网联新能源汽车",
        Sector.MANUFACTURING,
    ),
    ChainSpec(
        "electronics",
        "New-generation electronic information",
        "新一代电子信息",
        Sector.MANUFACTURING,
    ),
    ChainSpec("equipment", "High-end equipment", "高端装备", Sector.MANUFACTURING),
    ChainSpec("health", "Life and health", "生命健康", Sector.MANUFACTURING),
    # Software, data and platforms: counted as services; projects carry their own sector anyway.
    ChainSpec("digital", "Digital economy", "数字经济", Sector.SERVICE),
)

# ---------------------------------------------------------------- companies and contacts


@dataclass(frozen=True, slots=True)
class ContactSpec:
    name: str
    title: str
    languages: str = "English"


@dataclass(frozen=True, slots=True)
class CompanySpec:
    key: str
    name_en: str
    name_zh: str
    country: str
    hq_city: str
    chain: str
    ownership: str = Ownership.FOREIGN
    fortune_global_500_rank: int | None = None
    contacts: tuple[ContactSpec, ...] = ()


C = CompanySpec
P = ContactSpec
PRIVATE, STATE = Ownership.PRIVATE, Ownership.STATE

COMPANIES = (
    # Intelligent connected new energy vehicles
    C("rheinwerk", "Rheinwerk Antriebstechnik GmbH", "莱茵沃克驱动技术有限公司", "DE", "Stuttgart",
      "nev", fortune_global_500_rank=112,
      contacts=(P("Katrin Vogel", "Head of Asia Operations", "German, English"),
                P("Thomas Brandt", "CFO", "German, English"))),
    C("lumiere", "Lumière Mobilité SAS", "卢米耶出行有限公司", "FR", "Lyon", "nev",
      contacts=(P("Claire Fontaine", "VP Strategy", "French, English"),)),
    C("hanbit", "Hanbit Cell Co., Ltd.", "韩光电池株式会社", "KR", "Cheongju", "nev",
      fortune_global_500_rank=405,
      contacts=(P("Park Ji-hoon", "Director, Overseas Plants", "Korean, English, Chinese"),)),
    C("norrsken", "Norrsken Batteri AB", "北光电池有限公司", "SE", "Skellefteå", "nev",
      contacts=(P("Erik Lindqvist", "Chief Technology Officer", "Swedish, English"),)),
    C("yuzhou", "Chongqing Yuzhou Smart Mobility Co., Ltd.", "重庆渝州智行科技有限公司", "CN",
      "Chongqing", "nev", ownership=PRIVATE,
      contacts=(P("Tang Wei", "Chairman", "Chinese"),)),
    C("kisaragi", "Kisaragi Auto Parts Co., Ltd.", "如月汽车零部件株式会社", "JP", "Nagoya", "nev",
      fortune_global_500_rank=231,
      contacts=(P("Sato Haruki", "General Manager, China", "Japanese, Chinese"),)),
    C("torino", "Torino Stampi S.p.A.", "都灵模具股份公司", "IT", "Turin", "nev"),
    C("hydrogene", "Hydrogène Rhône SA", "罗纳氢能股份公司", "FR", "Grenoble", "nev",
      contacts=(P("Julien Marchand", "Business Development Director", "French, English"),)),
    C("changjiang", "Changjiang Intelligent Drive Technology Co., Ltd.", "长江智驾科技有限公司",
      "CN", "Wuhan", "nev", ownership=PRIVATE,
      contacts=(P("Li Na", "Vice President", "Chinese, English"),)),
    C("elbtal", "Elbtal Sensorik AG", "易北谷传感器股份公司", "DE", "Dresden", "nev",
      contacts=(P("Sabine Krüger", "Head of Corporate Development", "German, English"),)),
    # New-generation electronic information
    C("cascadia", "Cascadia Wafer Technologies Inc.", "喀斯喀特晶圆科技公司", "US", "Portland",
      "electronics", fortune_global_500_rank=264,
      contacts=(P("Michael Reyes", "SVP Global Manufacturing"),)),
    C("pengcheng", "Shenzhen Pengcheng Display Technology Co., Ltd.", "深圳鹏城显示技术有限公司",
      "CN", "Shenzhen", "electronics", ownership=PRIVATE,
      contacts=(P("Zhou Hao", "President", "Chinese"),)),
    C("havelberg", "Havelberg Optoelektronik GmbH", "哈弗尔贝格光电有限公司", "DE", "Jena",
      "electronics", contacts=(P("Jonas Weber", "Managing Director", "German, English"),)),
    C("shirasagi", "Shirasagi Denshi Kogyo K.K.", "白鹭电子工业株式会社", "JP", "Kyoto",
      "electronics", fortune_global_500_rank=318,
      contacts=(P("Tanaka Yui", "Manager, Global Sites", "Japanese, English"),)),
    C("harbourview", "Harbourview Electronics (Hong Kong) Ltd.", "港景电子（香港）有限公司", "HK",
      "Hong Kong", "electronics",
      contacts=(P("Kenneth Lau", "Executive Director", "Cantonese, English, Chinese"),)),
    C("zuiderzee", "Zuiderzee Photonics B.V.", "须德海光子有限公司", "NL", "Eindhoven",
      "electronics"),
    C("merlion", "Merlion Microsystems Pte. Ltd.", "鱼尾狮微系统有限公司", "SG", "Singapore",
      "electronics", contacts=(P("Rachel Tan", "Chief Executive", "English, Chinese"),)),
    C("jinjihu", "Suzhou Jinjihu Semiconductor Packaging Co., Ltd.", "苏州金鸡湖半导体封装有限公司",
      "CN", "Suzhou", "electronics", ownership=PRIVATE),
    # High-end equipment
    C("schwarzwald", "Schwarzwald Präzisionsmaschinen GmbH", "黑森林精密机械有限公司", "DE",
      "Freiburg", "equipment",
      contacts=(P("Andreas Hoffmann", "Managing Partner", "German, English"),)),
    C("mainfeld", "Mainfeld Automation GmbH", "美因菲尔德自动化有限公司", "DE", "Würzburg",
      "equipment",
      contacts=(P("Laura Schmitt", "Head of International Sales", "German, English"),)),
    C("lakeshore", "Lakeshore Motion Robotics Inc.", "湖岸运动机器人公司", "US", "Milwaukee",
      "equipment", contacts=(P("David Kowalski", "VP Operations"),)),
    C("alpensensor", "Alpensensor AG", "阿尔卑斯传感器股份公司", "CH", "Zug", "equipment"),
    C("taihu", "Jiangsu Taihu Power Equipment Co., Ltd.", "江苏太湖电力装备有限公司", "CN", "Wuxi",
      "equipment", ownership=STATE, fortune_global_500_rank=455,
      contacts=(P("Wang Qiang", "Deputy General Manager", "Chinese"),)),
    C("asahigawa", "Asahigawa Heavy Industries K.K.", "旭川重工株式会社", "JP", "Osaka",
      "equipment", fortune_global_500_rank=377),
    C("minjiang", "Sichuan Minjiang Aviation Components Co., Ltd.", "四川岷江航空部件有限公司",
      "CN", "Chengdu", "equipment", ownership=STATE,
      contacts=(P("Huang Lei", "Director of Investment", "Chinese"),)),
    # Life and health
    C("isarmed", "Isarmed Diagnostik GmbH", "伊萨尔医疗诊断有限公司", "DE", "Munich", "health",
      contacts=(P("Stefanie Huber", "Director Asia-Pacific", "German, English"),)),
    C("loire", "Biopharma Val de Loire SA", "卢瓦尔河谷生物制药股份公司", "FR", "Tours", "health"),
    C("mesaverde", "Mesa Verde Medical Devices Inc.", "梅萨维德医疗器械公司", "US", "San Diego",
      "health", contacts=(P("Jennifer Ortiz", "Director, International Operations"),)),
    C("thamesbrook", "Thamesbrook Diagnostics Ltd.", "泰晤士溪诊断有限公司", "GB", "Cambridge",
      "health", contacts=(P("Oliver Bennett", "Chief Operating Officer"),)),
    C("jinsha", "Chengdu Jinsha Biotech Co., Ltd.", "成都金沙生物科技有限公司", "CN", "Chengdu",
      "health", ownership=PRIVATE, contacts=(P("Chen Yu", "Chief Executive", "Chinese, English"),)),
    C("pujiang", "Shanghai Pujiang Medical Technology Co., Ltd.", "上海浦江医疗科技有限公司", "CN",
      "Shanghai", "health", ownership=PRIVATE),
    C("kamogawa", "Kamogawa Pharmaceutical Co., Ltd.", "鸭川制药株式会社", "JP", "Kyoto", "health",
      contacts=(P("Mori Kenta", "Head of China Business", "Japanese, Chinese"),)),
    # Digital economy
    C("lioncity", "Lion City Data Centres Pte. Ltd.", "狮城数据中心有限公司", "SG", "Singapore",
      "digital", contacts=(P("Daniel Lim", "Regional Director", "English, Chinese"),)),
    C("tidewater", "Tidewater Cloud Systems Inc.", "潮汐云系统公司", "US", "Seattle", "digital",
      fortune_global_500_rank=143),
    C("xixi", "Hangzhou Xixi Data Intelligence Co., Ltd.", "杭州西溪数据智能有限公司", "CN",
      "Hangzhou", "digital", ownership=PRIVATE),
    C("victoriapeak", "Victoria Peak Fintech Holdings Ltd.", "太平山金融科技控股有限公司", "HK",
      "Hong Kong", "digital"),
    C("spree", "Spree Industriesoftware GmbH", "施普雷工业软件有限公司", "DE", "Berlin", "digital",
      contacts=(P("Miriam Schulz", "Founder and CEO", "German, English"),)),
)  # fmt: skip

# ---------------------------------------------------------------- projects


@dataclass(frozen=True, slots=True)
class ProjectSpec:
    """One illustrative project; `start` is the day it became a lead (a date, or days ago)."""

    key: str
    company: str
    chain: str
    title_en: str
    title_zh: str
    stage: Stage
    start: dt.date | int
    millions: int  # total investment, in millions of `currency`
    currency: str = "CNY"
    owner: str = "officer"
    sector: str = ""  # blank: the chain's sector
    source: str = Source.OFFICER
    land_mu: int = 0
    jobs: int = 0
    confidential: bool = False
    stopped_at: Stage | None = None  # on hold or lost: the stage it had reached
    reason: str = ""
    lost_to: str = ""


S = Stage
D = dt.date
SERVICE = Sector.SERVICE

PROJECTS = (
    # Operating
    ProjectSpec("rheinwerk-1", "rheinwerk", "nev", "Rheinwerk e-drive plant, phase 1",
                "莱茵沃克电驱动工厂一期", S.OPERATING, D(2022, 2, 14), 180, "EUR",
                land_mu=120, jobs=650),
    ProjectSpec("pengcheng-oled", "pengcheng", "electronics",
                "Pengcheng flexible OLED module line", "鹏城柔性OLED模组生产线", S.OPERATING,
                D(2022, 1, 10), 4200, owner="director", source=Source.EXISTING, land_mu=310,
                jobs=1800),
    ProjectSpec("taihu-gearbox", "taihu", "equipment", "Taihu wind-turbine gearbox base",
                "太湖风电齿轮箱生产基地", S.OPERATING, D(2022, 3, 8), 1600, land_mu=260, jobs=900),
    ProjectSpec("isarmed-ivd", "isarmed", "health", "Isarmed in-vitro diagnostics reagent plant",
                "伊萨尔体外诊断试剂工厂", S.OPERATING, D(2022, 4, 20), 65, "EUR",
                owner="officer2", source=Source.AGENT, land_mu=45, jobs=220),
    ProjectSpec("xixi-ops", "xixi", "digital", "Xixi Data western China operations centre",
                "西溪数据西部运营中心", S.OPERATING, D(2022, 5, 16), 380, owner="officer2",
                land_mu=18, jobs=600),
    # Construction started
    ProjectSpec("hanbit-cells", "hanbit", "nev", "Hanbit power-battery cell plant",
                "韩光动力电池电芯工厂", S.CONSTRUCTION, D(2023, 6, 5), 520, "USD",
                owner="director", source=Source.EVENT, land_mu=480, jobs=1500),
    ProjectSpec("cascadia-pkg", "cascadia", "electronics",
                "Cascadia power-semiconductor packaging and test", "喀斯喀特功率半导体封装测试项目",
                S.CONSTRUCTION, D(2023, 7, 17), 310, "USD", owner="officer2", land_mu=150,
                jobs=700),
    ProjectSpec("schwarzwald-cnc", "schwarzwald", "equipment",
                "Schwarzwald precision machine-tool plant", "黑森林精密数控机床工厂",
                S.CONSTRUCTION, D(2023, 9, 4), 95, "EUR", land_mu=90, jobs=380),
    ProjectSpec("jinsha-cdmo", "jinsha", "health", "Jinsha Biotech biologics CDMO base",
                "金沙生物生物药CDMO基地", S.CONSTRUCTION, D(2023, 11, 13), 1200, owner="officer2",
                land_mu=130, jobs=520),
    ProjectSpec("changjiang-dcu", "changjiang", "nev",
                "Changjiang Intelligent Drive domain-controller plant", "长江智驾域控制器工厂",
                S.CONSTRUCTION, D(2024, 1, 22), 900, source=Source.CONSULTANT, land_mu=80,
                jobs=450),
    # Registered
    ProjectSpec("kisaragi-thermal", "kisaragi", "nev", "Kisaragi thermal-management parts plant",
                "如月汽车热管理零部件工厂", S.REGISTERED, D(2024, 3, 11), 750, land_mu=70,
                jobs=400),
    ProjectSpec("shirasagi-mlcc", "shirasagi", "electronics", "Shirasagi MLCC production line",
                "白鹭电子片式多层陶瓷电容器生产线", S.REGISTERED, D(2024, 4, 15), 2300,
                owner="officer2", source=Source.EVENT, land_mu=200, jobs=1100),
    ProjectSpec("mesaverde-ortho", "mesaverde", "health", "Mesa Verde orthopaedic implants plant",
                "梅萨维德骨科植入物工厂", S.REGISTERED, D(2024, 6, 3), 85, "USD",
                owner="officer2", land_mu=40, jobs=260),
    ProjectSpec("lioncity-dc", "lioncity", "digital", "Lion City green data centre",
                "狮城绿色数据中心", S.REGISTERED, D(2024, 8, 19), 3500, owner="director",
                source=Source.CONSULTANT, land_mu=150, jobs=180),
    ProjectSpec("lakeshore-robots", "lakeshore", "equipment",
                "Lakeshore industrial-robot assembly base", "湖岸工业机器人组装基地", S.REGISTERED,
                D(2024, 10, 8), 120, "USD", land_mu=60, jobs=350),
    # Signed
    ProjectSpec("lumiere-rd", "lumiere", "nev", "Lumière Mobilité China R&D centre",
                "卢米耶出行中国研发中心", S.SIGNED, D(2025, 1, 6), 40, "EUR", sector=SERVICE,
                source=Source.CONSULTANT, land_mu=12, jobs=160),
    ProjectSpec("havelberg-optics", "havelberg", "electronics",
                "Havelberg automotive optics module plant", "哈弗尔贝格车载光学模组工厂", S.SIGNED,
                D(2025, 2, 17), 75, "EUR", owner="officer2", land_mu=55, jobs=300),
    ProjectSpec("kamogawa-hub", "kamogawa", "health", "Kamogawa Pharmaceutical western China hub",
                "鸭川制药中国西部区域中心", S.SIGNED, D(2025, 3, 24), 600, owner="officer2",
                sector=SERVICE, land_mu=25, jobs=240),
    ProjectSpec("mainfeld-cells", "mainfeld", "equipment",
                "Mainfeld automation cells for battery lines", "美因菲尔德电池产线自动化装备项目",
                S.SIGNED, D(2025, 5, 12), 55, "EUR", source=Source.EVENT, land_mu=50, jobs=210),
    ProjectSpec("jinjihu-pkg", "jinjihu", "electronics", "Jinjihu advanced chip packaging plant",
                "金鸡湖先进芯片封装工厂", S.SIGNED, D(2025, 6, 9), 2800, owner="director",
                land_mu=220, jobs=1300),
    # Negotiating (start: days before today)
    ProjectSpec("norrsken-sib", "norrsken", "nev", "Norrsken sodium-ion battery pilot plant",
                "北光钠离子电池中试工厂", S.NEGOTIATING, 380, 210, "EUR", owner="director",
                source=Source.CONSULTANT, land_mu=160, jobs=500, confidential=True),
    ProjectSpec("alpensensor-mems", "alpensensor", "equipment",
                "Alpensensor MEMS pressure-sensor line", "阿尔卑斯MEMS压力传感器生产线",
                S.NEGOTIATING, 300, 420, land_mu=35, jobs=230),
    ProjectSpec("thamesbrook-mdx", "thamesbrook", "health",
                "Thamesbrook molecular diagnostics assembly", "泰晤士溪分子诊断设备组装项目",
                S.NEGOTIATING, 260, 45, "USD", owner="officer2", source=Source.INQUIRY,
                land_mu=20, jobs=150),
    ProjectSpec("tidewater-az", "tidewater", "digital",
                "Tidewater Cloud regional availability zone", "潮汐云区域可用区", S.NEGOTIATING,
                220, 400, "USD", owner="director", land_mu=120, jobs=200, confidential=True),
    ProjectSpec("rheinwerk-2", "rheinwerk", "nev",
                "Rheinwerk e-drive plant, phase 2 (capital increase)",
                "莱茵沃克电驱动工厂二期（增资）", S.NEGOTIATING, 200, 120, "EUR",
                source=Source.EXISTING, land_mu=60, jobs=300),
    ProjectSpec("minjiang-aero", "minjiang", "equipment", "Minjiang aero-engine parts machining",
                "岷江航空发动机零部件加工项目", S.NEGOTIATING, 180, 1100, land_mu=140, jobs=600),
    # Qualified
    ProjectSpec("zuiderzee-sipho", "zuiderzee", "electronics",
                "Zuiderzee silicon-photonics transceiver line", "须德海硅光模块生产线",
                S.QUALIFIED, 170, 90, "EUR", owner="officer2", source=Source.EVENT),
    ProjectSpec("pujiang-robot", "pujiang", "health", "Pujiang Medical surgical-robot assembly",
                "浦江医疗手术机器人组装项目", S.QUALIFIED, 140, 500, owner="officer2"),
    ProjectSpec("victoriapeak-pay", "victoriapeak", "digital",
                "Victoria Peak cross-border settlement platform", "太平山跨境结算服务平台",
                S.QUALIFIED, 120, 150, owner="officer2", source=Source.INQUIRY),
    ProjectSpec("torino-moulds", "torino", "nev", "Torino Stampi giga-casting moulds",
                "都灵模具一体化压铸模具项目", S.QUALIFIED, 95, 30, "EUR", source=Source.AGENT),
    ProjectSpec("spree-twin", "spree", "digital", "Spree industrial digital-twin centre",
                "施普雷工业数字孪生中心", S.QUALIFIED, 75, 12, "EUR", owner="officer2",
                source=Source.EVENT),
    # Leads
    ProjectSpec("hydrogene-stack", "hydrogene", "nev", "Hydrogène Rhône fuel-cell stack plant",
                "罗纳氢能燃料电池电堆工厂", S.LEAD, 55, 150, "EUR", source=Source.CONSULTANT),
    ProjectSpec("merlion-design", "merlion", "electronics",
                "Merlion Microsystems sensor-chip design centre", "鱼尾狮微系统传感芯片设计中心",
                S.LEAD, 40, 80, owner="officer2", sector=SERVICE, source=Source.EVENT),
    ProjectSpec("harbourview-ems", "harbourview", "electronics",
                "Harbourview smart-terminal contract manufacturing", "港景电子智能终端代工项目",
                S.LEAD, 30, 800, owner="officer2", source=Source.INQUIRY),
    ProjectSpec("loire-fill", "loire", "health", "Val de Loire vaccine fill-finish line",
                "卢瓦尔河谷疫苗灌装生产线", S.LEAD, 21, 70, "EUR", owner="officer2",
                source=Source.CONSULTANT),
    ProjectSpec("asahigawa-hydraulics", "asahigawa", "equipment",
                "Asahigawa hydraulic components plant", "旭川液压元件工厂", S.LEAD, 12, 650,
                source=Source.AGENT),
    # On hold
    ProjectSpec("elbtal-radar", "elbtal", "nev", "Elbtal radar sensor plant",
                "易北谷毫米波雷达工厂", S.ON_HOLD, D(2024, 10, 7), 60, "EUR",
                stopped_at=S.NEGOTIATING, land_mu=45, jobs=260,
                reason="The investor froze capital spending in Asia until its 2027 budget."),
    ProjectSpec("yuzhou-robotaxi", "yuzhou", "nev", "Yuzhou robotaxi operations base",
                "渝州智行自动驾驶出行运营基地", S.ON_HOLD, D(2024, 4, 15), 350, sector=SERVICE,
                stopped_at=S.SIGNED, land_mu=30, jobs=400,
                reason="Waiting for the city's road-test licence for driverless operation."),
    ProjectSpec("taihu-electrolyser", "taihu", "equipment", "Taihu hydrogen electrolyser line",
                "太湖电解水制氢装备生产线", S.ON_HOLD, D(2023, 4, 10), 680, owner="director",
                source=Source.EXISTING, stopped_at=S.CONSTRUCTION, land_mu=95, jobs=380,
                reason="Construction paused until the grid connection of the test bench is "
                       "approved."),
    # Lost
    ProjectSpec("pengcheng-microled", "pengcheng", "electronics", "Pengcheng micro-LED pilot line",
                "鹏城Micro LED中试线", S.LOST, D(2023, 3, 6), 1500, owner="director",
                source=Source.EXISTING, stopped_at=S.NEGOTIATING, land_mu=100,
                reason="The investor chose a site where the local fund co-invests in the equity.",
                lost_to="Hefei, Anhui"),
    ProjectSpec("hanbit-recycling", "hanbit", "nev", "Hanbit battery-recycling plant",
                "韩光电池回收工厂", S.LOST, D(2024, 2, 19), 90, "USD", stopped_at=S.QUALIFIED,
                reason="The investor placed recycling next to its existing cathode plant.",
                lost_to="Bac Ninh, Vietnam"),
    ProjectSpec("cascadia-test", "cascadia", "electronics", "Cascadia wafer-level test centre",
                "喀斯喀特晶圆级测试中心", S.LOST, D(2024, 5, 27), 140, "USD", owner="officer2",
                stopped_at=S.NEGOTIATING, land_mu=40,
                reason="Export-control exposure: the investor moved the test centre out of China.",
                lost_to="Penang, Malaysia"),
)  # fmt: skip

# ---------------------------------------------------------------- tasks


@dataclass(frozen=True, slots=True)
class TaskSpec:
    project: str
    title: str
    due_in_days: int  # from today; negative is overdue
    assignee: str
    done: bool = False


TASKS = (
    TaskSpec("rheinwerk-2", "Send Rheinwerk the draft capital-increase agreement", -6, "officer"),
    TaskSpec("alpensensor-mems", "Prepare the incentive proposal for Alpensensor's board", -2,
             "officer"),
    TaskSpec("mainfeld-cells", "Chase Mainfeld for the business-registration documents", -15,
             "officer"),
    TaskSpec("hydrogene-stack", "Call Hydrogène Rhône about the fuel-cell supply-chain study", 1,
             "officer"),
    TaskSpec("torino-moulds", "Arrange a site tour for Torino Stampi's engineers", 4, "officer"),
    TaskSpec("minjiang-aero", "Send Minjiang the land-price quote for the aviation park", 7,
             "officer"),
    TaskSpec("asahigawa-hydraulics", "Qualify Asahigawa's land and power needs", 10, "officer"),
    TaskSpec("changjiang-dcu", "Check Changjiang's monthly construction progress report", 14,
             "officer"),
    TaskSpec("kisaragi-thermal", "Confirm the second capital instalment with Kisaragi", -20,
             "officer", done=True),
    TaskSpec("thamesbrook-mdx", "Answer Thamesbrook's questions on medical-device registration",
             -4, "officer2"),
    TaskSpec("havelberg-optics", "Follow up Havelberg's registered-capital transfer", -9,
             "officer2"),
    TaskSpec("merlion-design", "Send Merlion the design-centre rent-subsidy policy", 0,
             "officer2"),
    TaskSpec("pujiang-robot", "Collect Pujiang's financial statements for due diligence", 3,
             "officer2"),
    TaskSpec("loire-fill", "Introduce Val de Loire to the biomedicine park's GMP facilities", 12,
             "officer2"),
    TaskSpec("zuiderzee-sipho", "Book a meeting with Zuiderzee at the Eindhoven trade fair", 21,
             "officer2"),
    TaskSpec("spree-twin", "Reply to Spree on the rules for exporting industrial data", -1,
             "officer2", done=True),
    TaskSpec("norrsken-sib", "Decide the confidential incentive offer for Norrsken", 5,
             "director"),
)  # fmt: skip

# ---------------------------------------------------------------- activity wording

ACTIVITY_NOTES: dict[str, tuple[str, ...]] = {
    "visit": (
        "Visited the investor's headquarters with the bureau's delegation; presented the zone's "
        "parks and policies.",
        "The investor's delegation visited the zone and met the park's management.",
        "Courtesy visit to the investor's China office.",
    ),
    "meeting": (
        "Discussed land, power supply and the incentive package.",
        "Went through the draft investment agreement clause by clause.",
        "Talked about local suppliers and recruiting engineers in Chongqing.",
    ),
    "call": (
        "Follow-up call on customs clearance and logistics via the China-Europe Railway Express.",
        "Call to confirm the timetable of the investor's board decision.",
        "Call about the approval procedure and the documents needed.",
    ),
    "email": (
        "Sent the English policy brochure and the park's site plans.",
        "Sent answers on tax incentives and talent subsidies.",
    ),
    "site_tour": (
        "Site tour of candidate plots in the industrial park, with utilities and road access.",
        "Toured the standard factory buildings available for rent.",
    ),
}
