"""Reference lists the synthetic data set draws from (names, chains, weights); no logic."""

from zoneinvest.industries.models import ChainPosition, Sector
from zoneinvest.pipeline.models import Activity, Ownership, Source
from zoneinvest.pipeline.stages import MAIN_ROAD, Stage

U, M, D = ChainPosition.UPSTREAM, ChainPosition.MIDSTREAM, ChainPosition.DOWNSTREAM

# code → (English, Chinese, sector, links: (code, English, Chinese, position), 8 each)
CHAINS: dict[str, tuple[str, str, str, list[tuple[str, str, str, str]]]] = {
    "nev": (
        "Intelligent connected new-energy vehicles",
        "智能网联新能源汽车",
        Sector.MANUFACTURING,
        [
            ("materials", "Battery materials", "电池材料", U),
            ("chips", "Automotive chips", "车规级芯片", U),
            ("cells", "Cells and packs", "电芯与电池包", M),
            ("motors", "Motors and e-drives", "电机与电驱", M),
            ("control", "Electronic control and sensors", "电控与传感", M),
            ("software", "Automotive software", "汽车软件", M),
            ("assembly", "Vehicle assembly", "整车制造", D),
            ("charging", "Charging and swapping", "充换电", D),
        ],
    ),
    "electronics": (
        "Electronic information",
        "电子信息",
        Sector.MANUFACTURING,
        [
            ("wafers", "Wafers and materials", "晶圆与材料", U),
            ("ic", "Integrated circuits", "集成电路", U),
            ("display", "Display panels", "新型显示", M),
            ("pcb", "Printed circuit boards", "印制电路板", M),
            ("components", "Electronic components", "电子元器件", M),
            ("terminals", "Smart terminals", "智能终端", D),
            ("servers", "Servers and computing", "服务器与算力", D),
            ("wearables", "Wearables", "可穿戴设备", D),
        ],
    ),
    "equipment": (
        "Advanced equipment manufacturing",
        "高端装备制造",
        Sector.MANUFACTURING,
        [
            ("castings", "Castings and forgings", "铸锻件", U),
            ("bearings", "Bearings and gears", "轴承与齿轮", U),
            ("cnc", "CNC machine tools", "数控机床", M),
            ("robots", "Industrial robots", "工业机器人", M),
            ("hydraulics", "Hydraulics", "液压系统", M),
            ("rail", "Rail transit equipment", "轨道交通装备", D),
            ("aero", "Aviation equipment", "航空装备", D),
            ("energy", "Energy equipment", "能源装备", D),
        ],
    ),
    "health": (
        "Biomedicine and health",
        "生物医药与大健康",
        Sector.MANUFACTURING,
        [
            ("api", "Active pharmaceutical ingredients", "原料药", U),
            ("biologics", "Biologics", "生物制品", M),
            ("generics", "Generic drugs", "化学仿制药", M),
            ("devices", "Medical devices", "医疗器械", M),
            ("diagnostics", "In-vitro diagnostics", "体外诊断", M),
            ("cro", "Contract research", "研发外包", D),
            ("tcm", "Traditional Chinese medicine", "中医药", D),
            ("care", "Health services", "健康服务", D),
        ],
    ),
    "digital": (
        "Digital economy",
        "数字经济",
        Sector.SERVICE,
        [
            ("cloud", "Cloud and data centres", "云计算与数据中心", U),
            ("ai", "Artificial intelligence", "人工智能", U),
            ("industrial_internet", "Industrial internet", "工业互联网", M),
            ("software", "Software and IT services", "软件与信息服务", M),
            ("security", "Cyber security", "网络安全", M),
            ("fintech", "Financial technology", "金融科技", D),
            ("ecommerce", "Cross-border e-commerce", "跨境电商", D),
            ("gaming", "Digital content", "数字内容", D),
        ],
    ),
}

_R = {stage: index for index, stage in enumerate(MAIN_ROAD)}
# (stage, furthest stage of the road reached, weight %): a funnel, most projects are leads.
OUTCOMES: list[tuple[Stage, int, float]] = [
    (Stage.LEAD, _R[Stage.LEAD], 40),
    (Stage.QUALIFIED, _R[Stage.QUALIFIED], 20),
    (Stage.NEGOTIATING, _R[Stage.NEGOTIATING], 11),
    (Stage.SIGNED, _R[Stage.SIGNED], 6),
    (Stage.REGISTERED, _R[Stage.REGISTERED], 5),
    (Stage.CONSTRUCTION, _R[Stage.CONSTRUCTION], 4),
    (Stage.OPERATING, _R[Stage.OPERATING], 3),
    (Stage.ON_HOLD, _R[Stage.LEAD], 1),
    (Stage.ON_HOLD, _R[Stage.QUALIFIED], 1),
    (Stage.ON_HOLD, _R[Stage.NEGOTIATING], 1.5),
    (Stage.ON_HOLD, _R[Stage.SIGNED], 0.5),
    (Stage.LOST, _R[Stage.LEAD], 3),
    (Stage.LOST, _R[Stage.QUALIFIED], 2),
    (Stage.LOST, _R[Stage.NEGOTIATING], 2),
]
# Yuan to one unit of the currency (the rough rate the amounts are drawn with).
YUAN_PER = {"CNY": 1.0, "USD": 7.1, "EUR": 7.8}

# Days from one stage of the road to the next (low, high), indexed by the later stage.
STEP_DAYS = [(0, 0), (20, 150), (30, 240), (30, 300), (20, 150), (30, 240), (120, 540)]

# country → (weight, cities, legal suffix, currency of its projects when not yuan)
COUNTRIES: dict[str, tuple[float, tuple[str, ...], str, str]] = {
    "CN": (
        55,
        ("Shanghai", "Shenzhen", "Beijing", "Hangzhou", "Chongqing", "Chengdu"),
        "Co., Ltd.",
        "CNY",
    ),
    "DE": (8, ("Munich", "Stuttgart", "Berlin", "Hamburg"), "GmbH", "EUR"),
    "US": (7, ("San Jose", "Boston", "Chicago", "Austin"), "Inc.", "USD"),
    "JP": (7, ("Tokyo", "Osaka", "Nagoya"), "K.K.", "USD"),
    "KR": (5, ("Seoul", "Suwon", "Busan"), "Co., Ltd.", "USD"),
    "HK": (4, ("Hong Kong",), "Limited", "USD"),
    "SG": (3, ("Singapore",), "Pte. Ltd.", "USD"),
    "TW": (2, ("Taipei", "Hsinchu"), "Corp.", "USD"),
    "FR": (2, ("Paris", "Lyon"), "SAS", "EUR"),
    "GB": (2, ("London", "Cambridge"), "Ltd", "USD"),
    "IT": (1, ("Milan", "Turin"), "S.p.A.", "EUR"),
    "NL": (1, ("Eindhoven", "Amsterdam"), "B.V.", "EUR"),
    "CH": (1, ("Basel", "Zurich"), "AG", "EUR"),
    "SE": (1, ("Stockholm", "Gothenburg"), "AB", "EUR"),
    "AU": (1, ("Sydney", "Melbourne"), "Pty Ltd", "USD"),
}

STEMS_A = (
    "Aur Bel Cor Del Ev Fal Gar Hel Ion Jun Kai Lum Mer Nor Or Pol Quan Ros Sil Tor Ul Ven Wes "
    "Xen Yor Zen"
).split()
STEMS_B = "a ex on ia is um tek ar o ium ant ova".split()
TRADES = (
    "Technologies",
    "Electronics",
    "Motors",
    "Materials",
    "Pharma",
    "Systems",
    "Energy",
    "Robotics",
    "Digital",
    "Industries",
)
ZH_STEMS = "华中长安金宏鑫瑞恒博远光通达创新天海星云"
ZH_TRADES = ("科技", "电子", "汽车", "新材料", "医药", "智能装备", "能源", "数据", "精密", "半导体")

OWNERSHIP_CN = ((Ownership.PRIVATE, 70), (Ownership.STATE, 30))
OWNERSHIP_ABROAD = ((Ownership.FOREIGN, 80), (Ownership.JOINT_VENTURE, 20))

SOURCES = (
    (Source.OFFICER, 30),
    (Source.EVENT, 15),
    (Source.INQUIRY, 12),
    (Source.EXISTING, 12),
    (Source.CONSULTANT, 10),
    (Source.CHAIN_GAP, 10),
    (Source.AGENT, 6),
    (Source.IMPORT, 5),
)

PROJECT_KINDS = (
    ("plant", "生产基地"),
    ("R&D centre", "研发中心"),
    ("regional headquarters", "区域总部"),
    ("expansion", "扩产项目"),
    ("phase II", "二期项目"),
    ("joint venture", "合资项目"),
)

ACTIVITY_KINDS = (
    (Activity.Kind.CALL, 30),
    (Activity.Kind.EMAIL, 25),
    (Activity.Kind.MEETING, 25),
    (Activity.Kind.VISIT, 12),
    (Activity.Kind.SITE_TOUR, 8),
)
ACTIVITY_NOTES = (
    "",
    "",
    "",
    "Discussed land, incentives and the timetable.",
    "Sent the policy package and park brochure.",
    "Follow-up on the investment agreement draft.",
    "Site tour of the park with the investor's team.",
    "Headquarters approval expected next quarter.",
)

LOST_REASONS = (
    "Chose another location with a larger subsidy.",
    "Headquarters postponed the investment.",
    "Land was not available in time.",
    "Supply chain partners are elsewhere.",
)
LOST_TO = ("Chengdu", "Xi'an", "Wuhan", "Hefei", "Suzhou", "Vietnam", "Mexico", "Hungary")

# (English, Chinese) of the parent cities; zones are named after them.
CITIES = (
    ("Nanhu", "南湖"),
    ("Qingshan", "青山"),
    ("Baiyun", "白云"),
    ("Jinsha", "金沙"),
    ("Longquan", "龙泉"),
    ("Xinghai", "星海"),
    ("Dongting", "洞庭"),
    ("Fenghuang", "凤凰"),
    ("Huashan", "华山"),
    ("Lushan", "庐山"),
    ("Taihu", "太湖"),
    ("Songjiang", "松江"),
    ("Minjiang", "岷江"),
    ("Xiangjiang", "湘江"),
    ("Ganjiang", "赣江"),
    ("Huaihe", "淮河"),
    ("Yunling", "云岭"),
    ("Tianfu", "天府"),
    ("Lingnan", "岭南"),
    ("Jiangbei", "江北"),
    ("Hexi", "河西"),
    ("Zhongyuan", "中原"),
    ("Binhai", "滨海"),
    ("Shuangliu", "双流"),
    ("Panlong", "盘龙"),
    ("Wanzhou", "万州"),
    ("Yongchuan", "永川"),
    ("Fuling", "涪陵"),
    ("Hechuan", "合川"),
    ("Jiangjin", "江津"),
    ("Changshou", "长寿"),
    ("Bishan", "璧山"),
    ("Tongliang", "铜梁"),
    ("Dazu", "大足"),
    ("Rongchang", "荣昌"),
    ("Kaizhou", "开州"),
    ("Liangping", "梁平"),
    ("Wulong", "武隆"),
    ("Nanchuan", "南川"),
    ("Qijiang", "綦江"),
)
ZONE_KINDS = (
    ("economic_development", "Economic and Technological Development Zone", "经济技术开发区"),
    ("high_tech", "High-tech Industrial Development Zone", "高新技术产业开发区"),
    ("bonded", "Comprehensive Bonded Zone", "综合保税区"),
    ("free_trade", "Free Trade Zone", "自由贸易区"),
    ("other", "Industrial Park", "工业园区"),
)
PARK_NAMES = (
    ("Smart Manufacturing Park", "智能制造产业园"),
    ("Science City", "科学城"),
    ("Airport Logistics Park", "临空物流园"),
    ("Biomedicine Park", "生物医药产业园"),
    ("Digital Industry Park", "数字产业园"),
)
# (English, Chinese, abroad)
EVENT_KINDS = (
    ("Investment Conference", "投资洽谈会", False),
    ("Overseas Roadshow", "海外招商推介会", True),
    ("Investor Delegation Visit", "客商考察活动", False),
)
ABROAD = (
    ("Frankfurt", "DE"),
    ("Munich", "DE"),
    ("Tokyo", "JP"),
    ("Seoul", "KR"),
    ("Singapore", "SG"),
    ("San Francisco", "US"),
    ("Paris", "FR"),
    ("London", "GB"),
)

GIVEN_NAMES = "Wei Fang Jing Lei Min Yan Tao Hui Jun Xin Li Ping Hao Yu Ning Qiang".split()
FAMILY_NAMES = "Wang Li Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin".split()
CONSULTANT_NAMES = (
    "Anna Weber",
    "Thomas Becker",
    "Hiroshi Tanaka",
    "Yuki Sato",
    "Min-jun Kim",
    "Sarah Miller",
    "David Chen",
    "Claire Dubois",
    "James Wilson",
    "Marco Rossi",
    "Li Na",
    "Zhang Wei",
    "Sophie Laurent",
    "Erik Larsson",
    "Priya Nair",
)
CONSULTANT_ORGS = (
    "Chamber of Commerce",
    "Investment Advisory",
    "Law Offices",
    "Business Council",
    "Industry Association",
    "Trade Office",
)
