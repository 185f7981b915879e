"""The public portal of the founding case: its pages, parks, policies, opportunities, the
investor's guide, news stories, and the enterprises listed in its directory.

Only the introduction, the officials page and the conference story are written from the founding
article (sentences of the article, nothing else); everything else is invented for the demo and
marked illustrative. Figures of the article (shares, signings, amounts) are not written here: the
portal computes them from the indicator and signing records.
"""

import datetime as dt
import io
import zoneinfo
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from zoneinvest.accounts.models import User
from zoneinvest.core.models import Zone
from zoneinvest.demo.conference import CONFERENCE_DAY
from zoneinvest.events.models import Event
from zoneinvest.industries.models import ChainLink, IndustryChain
from zoneinvest.pipeline.models import Company, Ownership, Project
from zoneinvest.pipeline.services import company_update, project_update
from zoneinvest.pipeline.stages import PRESENT_STAGES
from zoneinvest.places.models import Facility, PolicyKind
from zoneinvest.places.services import park_create, policy_create
from zoneinvest.portal.models import AmountBand, PageKey, StoryKind
from zoneinvest.portal.services import (
    content_publish,
    guide_step_create,
    opportunity_create,
    page_create,
    story_create,
)

CHONGQING = zoneinfo.ZoneInfo("Asia/Shanghai")
YI = Decimal(10) ** 8  # 亿: one hundred million yuan
LISTED_COUNT = 8  # enterprises shown in the portal's directory
NOT_OFFICIAL_EN = "Illustrative summary written for the demo; not an official policy text."
NOT_OFFICIAL_ZH = "本文为演示用的示例摘要，并非正式政策文件。"


def _t(text: str) -> str:
    """Paragraphs separated by a blank line; the lines of a paragraph joined (with a space
    between Latin words, without one in Chinese), so long text can be written in short lines."""
    paragraphs = []
    for block in text.strip().split("\n\n"):
        joined = ""
        for line in (line.strip() for line in block.splitlines()):
            if joined and (joined[-1].isascii() and line[:1].isascii()):
                joined += " "
            joined += line
        paragraphs.append(joined)
    return "\n\n".join(paragraphs)


# ---------------------------------------------------------------- pages

# key → fields of the page; only the article-based pages are not illustrative.
PAGES: dict[str, dict[str, Any]] = {
    PageKey.INTRODUCTION: {
        "illustrative": False,
        "title_en": "Introduction to Liangjiang New Area",
        "title_zh_hans": "两江新区简介",
        "summary_en": "China's first inland national-level development zone.",
        "summary_zh_hans": "中国内陆首个国家级开发开放新区。",
        "body_en": _t("""
            Situated at the convergence of the Belt and Road Initiative and the Yangtze River
            Economic Belt, Liangjiang New Area serves as a gateway for inland opening-up in western
            China and is the country's first inland national-level development zone.

            Serving as a vital automobile manufacturing base in China and an important global
            intelligent terminal manufacturing base, Liangjiang New Area is building its automobile
            industry and electronic information industry into trillion-yuan-level industrial
            clusters. The high-end equipment industry, life and health industry, and digital
            economy are also being turned into 100-billion-yuan-level industries.

            On top of opportunities valued at trillions of yuan across a number of industries, the
            new area provides a massive market, first-class business environment, and optimized
            policy support for enterprises looking to invest and grow in Liangjiang.
        """),
        "body_zh_hans": _t("""
            两江新区地处“一带一路”和长江经济带的联结点上，是西部内陆开放的重要门户，
            也是中国内陆首个国家级开发开放新区。

            作为中国重要的汽车制造基地和全球重要的智能终端制造基地，两江新区正着力将汽车产业和
            电子信息产业打造为万亿级产业集群，并将高端装备、生命健康和数字经济培育为千亿级产业。

            除多个产业领域蕴含的万亿级发展机遇外，两江新区还为到两江投资兴业的企业提供广阔的市场、
            一流的营商环境和不断优化的政策支持。
        """),
    },
    PageKey.OFFICIALS: {
        "illustrative": False,
        "title_en": "Officials",
        "title_zh_hans": "领导信息",
        "summary_en": "Wang Yu, Deputy Director of the Administrative Committee.",
        "summary_zh_hans": "王宇，两江新区管委会副主任。",
        "body_en": _t("""
            Wang Yu is Deputy Director of the Administrative Committee and a member of the Party
            Working Committee of Chongqing Liangjiang New Area.

            According to Wang Yu, on top of opportunities valued at trillions of yuan across a
            number of industries, the new area provides a massive market, a first-class business
            environment and optimized policy support for enterprises looking to invest and grow in
            Liangjiang.

            Media office: Liangjiang New Area Media Center.
        """),
        "body_zh_hans": _t("""
            王宇，重庆两江新区管委会副主任、党工委委员。

            王宇表示，除多个产业领域蕴含的万亿级发展机遇外，两江新区还为到两江投资兴业的企业
            提供广阔的市场、一流的营商环境和不断优化的政策支持。

            新闻媒体机构：两江新区媒体中心。
        """),
    },
    PageKey.DEPARTMENTS: {
        "illustrative": True,
        "title_en": "Departments",
        "title_zh_hans": "部门机构",
        "summary_en": "Who does what for an investor in the new area.",
        "summary_zh_hans": "投资者在新区办事，各部门分工一览。",
        "body_en": _t("""
            The Administrative Committee governs the new area. Its departments below are the ones
            an investor usually deals with; the investment promotion bureau stays your single
            point of contact from the first visit to the start of production.

            Investment Promotion Bureau: project consultation, site visits, investment agreements
            and aftercare for companies already in the zone. Government Service Center: one window
            for company registration, permits and the approvals of other departments.

            Planning and Natural Resources: land use plans and the land transfer procedure.
            Ecology and Environment: environmental impact assessment and discharge permits.
            Construction: building permits and completion acceptance.

            Write to us through the Contact Us form: an investment officer answers within two
            working days and brings in the other departments when your project needs them.
        """),
        "body_zh_hans": _t("""
            两江新区管委会负责新区的管理工作。以下是投资者通常需要打交道的部门；从首次考察到项目
            投产，投资促进局始终是您的统一对接窗口。

            投资促进局：项目咨询、实地考察、投资协议洽谈，以及已落户企业的跟踪服务。政务服务中心：
            工商登记、各类许可和其他部门审批事项“一窗受理”。

            规划和自然资源部门：用地规划和土地出让程序。生态环境部门：环境影响评价和排污许可。
            建设部门：施工许可和竣工验收。

            请通过“联系我们”页面留言：招商专员将在两个工作日内答复您，并视项目需要协调其他部门。
        """),
    },
    PageKey.DEVELOPMENT_ZONES: {
        "illustrative": True,
        "title_en": "Development zones",
        "title_zh_hans": "功能区",
        "summary_en": "Industrial parks, a bonded zone and a new business district.",
        "summary_zh_hans": "产业园区、综合保税区和新兴商务区。",
        "body_en": _t("""
            The new area is organised in functional zones, each with its own focus: manufacturing
            parks in the east and north, a bonded zone beside the airport, and a business district
            by the Jialing River.

            The industrial parks host the automobile, electronics, equipment and biomedicine
            industries; see Industrial Parks for land, prices and facilities of each.

            The bonded zone lets companies import equipment and parts under customs supervision and
            ship by air, by the Yangtze River and by the China–Europe Railway Express.

            The Yuelai business district combines a convention centre, offices for digital
            companies and housing for their staff.
        """),
        "body_zh_hans": _t("""
            新区按功能区布局，各有侧重：东部和北部为制造业园区，机场旁设有综合保税区，
            嘉陵江畔则是新兴商务区。

            产业园区集聚汽车、电子、装备和生物医药产业；各园区的土地、地价和配套设施，
            请见“产业园区”栏目。

            在综合保税区内，企业可在海关监管下进口设备和零部件，并通过航空、长江水运和
            中欧班列发货。

            悦来商务区集会展中心、数字经济企业办公空间和人才住房于一体。
        """),
    },
    PageKey.FOOD: {
        "illustrative": True,
        "title_en": "Food",
        "title_zh_hans": "美食",
        "summary_en": "Hotpot, noodles and food from around the world.",
        "summary_zh_hans": "火锅、小面，还有世界各地的美食。",
        "body_en": _t("""
            Chongqing is famous for its hotpot: a pot of spicy broth, numbing Sichuan pepper and
            whatever you want to cook in it. Ask for a mild (微辣) or a split pot if you are new to
            it.

            Breakfast is a bowl of Chongqing xiaomian, wheat noodles in a chilli and peanut sauce,
            at any street corner. Evenings are for grilled fish and night markets.

            The business districts also have Western, Japanese, Korean and halal restaurants, and
            the hotels serve international breakfasts.
        """),
        "body_zh_hans": _t("""
            重庆以火锅闻名：一锅麻辣红汤，配上花椒，想涮什么就涮什么。初次尝试的话，
            可以点微辣或鸳鸯锅。

            早餐不妨来一碗重庆小面，街头巷尾随处可见。晚上可以去吃烤鱼、逛夜市。

            各商务区也有西餐、日料、韩餐和清真餐厅，酒店提供国际化早餐。
        """),
    },
    PageKey.HOTELS: {
        "illustrative": True,
        "title_en": "Hotels",
        "title_zh_hans": "酒店",
        "summary_en": "Where to stay on a site visit or a long assignment.",
        "summary_zh_hans": "考察或长期派驻期间的住宿选择。",
        "body_en": _t("""
            International and Chinese business hotels are found near the airport, in the Yuelai
            business district next to the convention centre, and along the riverfront.

            For longer assignments, serviced apartments rent by the month; the parks' talent
            apartments are open to staff of companies in the zone.

            Tell your investment officer the dates of your visit: the bureau can suggest hotels
            close to the parks you want to see.
        """),
        "body_zh_hans": _t("""
            机场附近、悦来会展中心周边的商务区以及江边，都有国际和国内品牌商务酒店。

            如需长期派驻，可按月租住服务式公寓；园区人才公寓面向落户企业的员工开放。

            请将考察日期告知您的招商专员，我们可推荐离目标园区较近的酒店。
        """),
    },
    PageKey.TRAVEL: {
        "illustrative": True,
        "title_en": "Travel",
        "title_zh_hans": "交通出行",
        "summary_en": "Getting to the new area and around it.",
        "summary_zh_hans": "如何抵达新区及在新区出行。",
        "body_en": _t("""
            Chongqing Jiangbei International Airport lies within the new area, with direct flights
            to Chinese cities and to destinations in Asia and Europe.

            High-speed trains leave from Chongqing North station; metro lines connect the airport,
            the railway stations and the business districts.

            Freight leaves by the China–Europe Railway Express, by river from the Yangtze ports and
            by air; the bureau can introduce you to logistics companies.
        """),
        "body_zh_hans": _t("""
            重庆江北国际机场就在新区内，有直飞国内城市以及亚洲、欧洲目的地的航班。

            高铁从重庆北站发车；轨道交通连接机场、火车站和各商务区。

            货物可经中欧班列、长江港口水运和航空运输；招商局可为您介绍物流企业。
        """),
    },
    PageKey.LEISURE: {
        "illustrative": True,
        "title_en": "Leisure",
        "title_zh_hans": "休闲",
        "summary_en": "Rivers, mountains and a city that lights up at night.",
        "summary_zh_hans": "两江、群山，还有璀璨的山城夜景。",
        "body_en": _t("""
            The city is built on hills where the Yangtze and Jialing rivers meet: evening cruises
            show the lit-up skyline from the water.

            Riverside greenways and mountain parks are good for walking and cycling at weekends.

            Museums, theatres and sports centres are a short metro ride away.
        """),
        "body_zh_hans": _t("""
            重庆依山而建，坐落于长江与嘉陵江交汇处：夜游两江，可以从江上欣赏灯火辉煌的城市天际线。

            周末可以到滨江绿道和山地公园散步、骑行。

            博物馆、剧院和体育中心乘坐轨道交通即可到达。
        """),
    },
    PageKey.INFO: {
        "illustrative": True,
        "title_en": "Practical information",
        "title_zh_hans": "实用信息",
        "summary_en": "Time, money, phones and emergencies.",
        "summary_zh_hans": "时间、货币、通信和紧急求助。",
        "body_en": _t("""
            Time zone: China Standard Time (UTC+8), no daylight saving. Currency: the yuan (CNY).
            Mobile payment apps are used almost everywhere; they accept many foreign cards.

            Emergency numbers: 110 police, 119 fire, 120 ambulance. Electricity: 220 volts, 50 Hz.

            Visas and residence permits for foreign staff: ask your investment officer, who will
            put you in touch with the office in charge.
        """),
        "body_zh_hans": _t("""
            时区：北京时间（UTC+8），不实行夏令时。货币：人民币（元）。移动支付几乎随处可用，
            并支持多种境外银行卡。

            紧急电话：报警110，火警119，急救120。电压：220伏，50赫兹。

            外籍员工的签证和居留许可事宜，请咨询您的招商专员，我们将为您联系主管部门。
        """),
    },
    PageKey.EDUCATION: {
        "illustrative": True,
        "title_en": "Education",
        "title_zh_hans": "教育",
        "summary_en": "Schools for your children, skilled people for your company.",
        "summary_zh_hans": "为您的子女提供学校，为您的企业输送人才。",
        "body_en": _t("""
            International schools near the business districts teach in English; bilingual public
            and private schools are found throughout the new area.

            Chongqing's universities and vocational colleges train engineers and technicians in
            automotive engineering, electronics, mechanics and software.

            Companies in the zone can set up training programmes with the vocational colleges; the
            bureau helps find a partner school.
        """),
        "body_zh_hans": _t("""
            商务区附近有以英语授课的国际学校；新区各处也有双语公立学校和民办学校。

            重庆的高校和职业院校培养汽车工程、电子、机械和软件等领域的工程师和技术人才。

            落户企业可与职业院校合作开展定向培训，招商局可协助您寻找合作院校。
        """),
    },
    PageKey.TERMS: {
        "illustrative": True,
        "title_en": "Terms and Conditions",
        "title_zh_hans": "使用条款",
        "summary_en": "The terms of use of this website.",
        "summary_zh_hans": "本网站的使用条款。",
        "body_en": _t("""
            This website gives general information about investing in the new area. It is not an
            offer and does not create any obligation: the terms of an investment are those of the
            agreement signed with the Administrative Committee.

            Policies are shown as summaries. The official texts of the issuing authorities prevail;
            check with an investment officer before relying on a policy.

            You may quote and share the content of this website if you name the source. We may
            change this website and these terms at any time.
        """),
        "body_zh_hans": _t("""
            本网站提供在新区投资的一般信息，不构成要约，也不产生任何义务：投资条件以与管委会
            签订的协议为准。

            网站所列政策均为摘要，以发布机关的正式文本为准；适用某项政策前，请先向招商专员确认。

            引用和转载本网站内容，请注明出处。我们可随时修改本网站及本条款。
        """),
    },
    PageKey.PRIVACY: {
        "illustrative": True,
        "title_en": "Privacy Policy",
        "title_zh_hans": "隐私政策",
        "summary_en": "What we keep when you write to us, and who reads it.",
        "summary_zh_hans": "您给我们留言时，我们保存哪些信息，由谁阅读。",
        "body_en": _t("""
            When you send the inquiry form, we store your name, your organisation, your email
            address, your country, your message and, if you chose one, the industry chain you are
            interested in. We also store the language you wrote in, the time we received the
            message and, if you sent it from a park, policy or opportunity page, which one.

            Your inquiry goes to the investment officers of the investment promotion bureau. They
            record your organisation in the bureau's list of companies and open a lead to answer
            and follow up your inquiry. We send one acknowledgement to your email address.

            We do not sell your data or use it for advertising. The website sets only the cookies
            it needs to work, such as the one that protects forms against forgery.

            To see, correct or delete what we hold about you, write to us through the same form.
        """),
        "body_zh_hans": _t("""
            您提交留言表单时，我们会保存您的姓名、单位、电子邮箱、国家或地区、留言内容，以及您所选的
            感兴趣的产业链（如有）。我们还会保存您留言使用的语言、收到留言的时间；如您是从某个园区、
            政策或投资机会页面提交的，也会记录是哪一个页面。

            您的留言将发送给投资促进局的招商专员。他们会将您的单位录入招商局的企业名录，并建立一条
            线索，以便答复和跟进您的咨询。我们会向您的电子邮箱发送一封确认邮件。

            我们不会出售您的信息，也不会将其用于广告。本网站仅使用运行所必需的Cookie，例如防止表单
            被伪造的Cookie。

            如需查阅、更正或删除我们保存的您的信息，请通过同一表单联系我们。
        """),
    },
}

PAGES_PUBLISHED_AT = dt.datetime(2023, 1, 2, 9, 0, tzinfo=CHONGQING)

# ---------------------------------------------------------------- industrial parks

# (slug, English name, Chinese name, (summary en, zh), (location en, zh), lat, long, km²,
#  free land 亩, price band yuan per 亩, facilities, focus chains); all figures illustrative
PARKS = (
    (
        "longxing-auto",
        "Longxing Intelligent Vehicle Park",
        "龙兴智能汽车产业园",
        (
            "Vehicle assembly plants and their suppliers of batteries, e-drives and electronics.",
            "整车制造基地及电池、电驱、汽车电子配套企业集聚区。",
        ),
        ("Longxing, eastern Liangjiang", "两江新区东部龙兴片区"),
        "29.7012",
        "106.7804",
        "48.50",
        "1850",
        (320000, 480000),
        [
            Facility.POWER,
            Facility.GAS,
            Facility.INDUSTRIAL_WATER,
            Facility.WASTEWATER,
            Facility.STANDARD_FACTORIES,
            Facility.TALENT_HOUSING,
        ],
        ("nev", "equipment"),
    ),
    (
        "airport-terminals",
        "Airport Intelligent Terminal Park",
        "空港智能终端产业园",
        (
            "Laptops, phones, displays and their components, next to the airport and bonded zone.",
            "笔记本电脑、手机、显示器及零部件产业园，毗邻机场和综合保税区。",
        ),
        ("Airport area, Yubei", "渝北空港片区"),
        "29.7356",
        "106.6328",
        "36.20",
        "960",
        (380000, 600000),
        [
            Facility.AIRPORT,
            Facility.BONDED,
            Facility.POWER,
            Facility.INDUSTRIAL_WATER,
            Facility.STANDARD_FACTORIES,
            Facility.OFFICES,
        ],
        ("electronics",),
    ),
    (
        "yufu-equipment",
        "Yufu High-end Equipment Park",
        "鱼复高端装备产业园",
        (
            "Machinery, robots and heavy equipment, beside the Yangtze port and the rail terminal.",
            "机械、机器人和重型装备产业园，紧邻长江港口和铁路货运站。",
        ),
        ("Yufu, near Guoyuan Port", "鱼复片区，果园港附近"),
        "29.6481",
        "106.7265",
        "42.00",
        "1320",
        (300000, 420000),
        [
            Facility.RIVER_PORT,
            Facility.RAIL_FREIGHT,
            Facility.POWER,
            Facility.GAS,
            Facility.INDUSTRIAL_WATER,
            Facility.WASTEWATER,
        ],
        ("equipment", "nev"),
    ),
    (
        "shuitu-biomedicine",
        "Shuitu Biomedicine Park",
        "水土生物医药产业园",
        (
            "Medicines, medical devices and laboratories, with clean utilities and test centres.",
            "药品、医疗器械和研发实验室集聚区，配套洁净公用设施和检测中心。",
        ),
        ("Shuitu, northern Liangjiang", "两江新区北部水土片区"),
        "29.7795",
        "106.5062",
        "22.80",
        "640",
        (350000, 520000),
        [
            Facility.LABS,
            Facility.WASTEWATER,
            Facility.INDUSTRIAL_WATER,
            Facility.POWER,
            Facility.STANDARD_FACTORIES,
        ],
        ("health",),
    ),
    (
        "yuelai-digital",
        "Yuelai Digital Economy Park",
        "悦来数字经济产业园",
        (
            "Offices for software, data and platform companies by the convention centre; "
            "no industrial land left.",
            "软件、数据和平台企业办公区，紧邻会展中心；已无工业用地可供出让。",
        ),
        ("Yuelai, on the Jialing River", "嘉陵江畔悦来片区"),
        "29.7214",
        "106.5641",
        "9.60",
        "0",
        None,
        [Facility.OFFICES, Facility.TALENT_HOUSING, Facility.INTERNATIONAL_SCHOOL],
        ("digital", "electronics"),
    ),
)

# ---------------------------------------------------------------- policies

# Eligibility: "chains" empty = every chain, "min_yi" None = no minimum (in 亿元),
# "types" empty = every kind of company. Today is 2026-11: one expired, one open-ended.
POLICIES: tuple[dict[str, Any], ...] = (
    {
        "slug": "manufacturing-investment-subsidy",
        "kind": PolicyKind.SUBSIDY,
        "chains": ("nev", "electronics", "equipment", "health"),
        "min_yi": 10,
        "types": (),
        "valid": (dt.date(2024, 1, 1), dt.date(2027, 12, 31)),
        "title_en": "Equipment subsidy for major manufacturing projects",
        "title_zh_hans": "重大制造业项目设备投资补助",
        "issuer_en": "Liangjiang New Area Administrative Committee",
        "issuer_zh_hans": "两江新区管委会",
        "summary_en": (
            "Up to 8 % of the equipment investment of a manufacturing project of 1 billion yuan "
            "or more in a focus chain."
        ),
        "summary_zh_hans": (
            "重点产业链中总投资10亿元及以上的制造业项目，可获设备投资额最高8%的补助。"
        ),
        "full_text_en": _t(f"""
            {NOT_OFFICIAL_EN}

            Who: manufacturing projects in the automobile, electronic information, high-end
            equipment and life and health chains with a total investment of 1 billion yuan or
            more, signed with the Administrative Committee.

            What: a subsidy of up to 8 % of the investment in production equipment, paid in
            instalments after the equipment is installed and the project starts production.

            How to apply: your investment officer files the claim with the project's invoices and
            the acceptance report of the equipment.
        """),
        "full_text_zh_hans": _t(f"""
            {NOT_OFFICIAL_ZH}

            适用对象：汽车、电子信息、高端装备和生命健康产业链中，与管委会签约、总投资10亿元及以上的
            制造业项目。

            支持内容：按生产设备投资额给予最高8%的补助，在设备安装完成、项目投产后分期拨付。

            申请方式：由您的招商专员凭项目发票和设备验收报告代为申报。
        """),
    },
    {
        "slug": "western-development-tax-rate",
        "kind": PolicyKind.TAX,
        "chains": (),
        "min_yi": None,
        "types": (),
        "valid": (dt.date(2021, 1, 1), dt.date(2030, 12, 31)),
        "title_en": "15 % corporate income tax for encouraged industries in western China",
        "title_zh_hans": "西部地区鼓励类产业企业减按15%征收企业所得税",
        "issuer_en": "Chongqing Municipal Tax Service, State Taxation Administration",
        "issuer_zh_hans": "国家税务总局重庆市税务局",
        "summary_en": (
            "Companies whose main business is an encouraged industry pay corporate income tax at "
            "15 % instead of 25 %."
        ),
        "summary_zh_hans": "主营业务属于鼓励类产业的企业，企业所得税税率由25%降为15%。",
        "full_text_en": _t(f"""
            {NOT_OFFICIAL_EN}

            Who: companies registered in the western region, including Chongqing, whose main
            business is listed in the catalogue of encouraged industries and makes up most of
            their revenue.

            What: corporate income tax at a rate of 15 % instead of the standard 25 %.

            How to apply: the company declares the reduced rate in its annual tax return and keeps
            the supporting documents; the bureau's aftercare team can explain the conditions.
        """),
        "full_text_zh_hans": _t(f"""
            {NOT_OFFICIAL_ZH}

            适用对象：在西部地区（含重庆）注册、主营业务属于鼓励类产业目录且其收入占企业收入
            大部分的企业。

            支持内容：企业所得税减按15%征收，标准税率为25%。

            申请方式：企业在年度纳税申报时自行申报享受，并留存相关资料备查；招商局跟踪服务团队
            可为您解读适用条件。
        """),
    },
    {
        "slug": "high-intensity-land-support",
        "kind": PolicyKind.LAND,
        "chains": ("nev", "electronics", "equipment"),
        "min_yi": 5,
        "types": (),
        "valid": (dt.date(2023, 1, 1), dt.date(2025, 12, 31)),
        "title_en": "Land support for high-intensity manufacturing projects (2023–2025)",
        "title_zh_hans": "高强度制造业项目用地支持（2023—2025年）",
        "issuer_en": "Liangjiang New Area Administrative Committee",
        "issuer_zh_hans": "两江新区管委会",
        "summary_en": (
            "Priority land supply and instalment payment of the land price for projects of "
            "500 million yuan or more. Expired at the end of 2025."
        ),
        "summary_zh_hans": (
            "总投资5亿元及以上的项目优先供地，土地出让金可分期缴纳。已于2025年底到期。"
        ),
        "full_text_en": _t(f"""
            {NOT_OFFICIAL_EN}

            Who: manufacturing projects in the automobile, electronic information and high-end
            equipment chains with a total investment of 500 million yuan or more and an
            investment intensity above the park's standard.

            What: priority in the land supply plan, and payment of the land price in two
            instalments within one year.

            This policy applied to land transferred from 2023 to 2025 and has expired; ask your
            investment officer about the land policies in force.
        """),
        "full_text_zh_hans": _t(f"""
            {NOT_OFFICIAL_ZH}

            适用对象：汽车、电子信息和高端装备产业链中，总投资5亿元及以上、投资强度高于园区标准的
            制造业项目。

            支持内容：优先纳入土地供应计划，土地出让金可在一年内分两期缴纳。

            本政策适用于2023年至2025年出让的土地，现已到期；现行用地政策请咨询您的招商专员。
        """),
    },
    {
        "slug": "talent-housing-allowance",
        "kind": PolicyKind.TALENT,
        "chains": (),
        "min_yi": None,
        "types": (),
        "valid": (dt.date(2022, 7, 1), None),
        "title_en": "Talent apartments and relocation allowance",
        "title_zh_hans": "人才公寓与安家补贴",
        "issuer_en": "Liangjiang New Area Investment Promotion Bureau",
        "issuer_zh_hans": "两江新区投资促进局",
        "summary_en": (
            "Rent-free talent apartments for up to three years and a relocation allowance for "
            "key staff of companies in the zone."
        ),
        "summary_zh_hans": "落户企业的骨干人才可免租入住人才公寓最长三年，并享受安家补贴。",
        "full_text_en": _t(f"""
            {NOT_OFFICIAL_EN}

            Who: engineers, researchers and managers who move to the new area to work for a
            company registered in the zone, of any industry; there is no end date.

            What: a talent apartment rent-free for up to three years, or a housing allowance
            instead, and a one-off relocation allowance.

            How to apply: the employer submits the list of staff to the investment promotion
            bureau, which forwards it to the talent office.
        """),
        "full_text_zh_hans": _t(f"""
            {NOT_OFFICIAL_ZH}

            适用对象：到新区工作、受聘于区内注册企业的工程师、研发人员和管理人员，不限行业；
            本政策长期有效。

            支持内容：免租入住人才公寓最长三年，或改领住房补贴；并发放一次性安家补贴。

            申请方式：由用人单位向投资促进局报送人员名单，再转人才服务部门办理。
        """),
    },
    {
        "slug": "foreign-investment-loan-interest",
        "kind": PolicyKind.FINANCE,
        "chains": (),
        "min_yi": 1,
        "types": (Ownership.FOREIGN, Ownership.JOINT_VENTURE),
        "valid": (dt.date(2025, 1, 1), dt.date(2027, 6, 30)),
        "title_en": "Loan interest subsidy for foreign-invested projects",
        "title_zh_hans": "外商投资项目贷款贴息",
        "issuer_en": "Liangjiang New Area Administrative Committee",
        "issuer_zh_hans": "两江新区管委会",
        "summary_en": (
            "Half of the interest on bank loans for the fixed assets of foreign-invested and "
            "joint-venture projects of 100 million yuan or more."
        ),
        "summary_zh_hans": "总投资1亿元及以上的外商独资和合资项目，固定资产贷款利息补贴50%。",
        "full_text_en": _t(f"""
            {NOT_OFFICIAL_EN}

            Who: foreign-invested companies and joint ventures with a project of 100 million yuan
            or more in the new area.

            What: a subsidy of half of the interest paid on bank loans for fixed-asset investment,
            for up to three years.

            How to apply: once a year, with the loan contract and the bank's interest statements.
        """),
        "full_text_zh_hans": _t(f"""
            {NOT_OFFICIAL_ZH}

            适用对象：在新区投资1亿元及以上项目的外商投资企业和中外合资企业。

            支持内容：对固定资产投资银行贷款的利息给予50%补贴，最长三年。

            申请方式：每年申报一次，需提供贷款合同和银行利息单据。
        """),
    },
    {
        "slug": "rail-freight-support",
        "kind": PolicyKind.LOGISTICS,
        "chains": ("electronics", "equipment"),
        "min_yi": None,
        "types": (),
        "valid": (dt.date(2024, 3, 1), dt.date(2026, 12, 31)),
        "title_en": "Freight support for the China–Europe Railway Express",
        "title_zh_hans": "中欧班列运费支持",
        "issuer_en": "Liangjiang New Area Investment Promotion Bureau",
        "issuer_zh_hans": "两江新区投资促进局",
        "summary_en": (
            "A contribution to the freight cost of containers of electronics and equipment shipped "
            "to Europe by rail."
        ),
        "summary_zh_hans": "电子产品和装备经中欧班列发往欧洲的集装箱，可获运费补助。",
        "full_text_en": _t(f"""
            {NOT_OFFICIAL_EN}

            Who: electronics and equipment makers in the zone that export their own products by
            the China–Europe Railway Express.

            What: a fixed contribution per container, paid quarterly, capped per company and year.

            How to apply: each quarter, with the railway bills and customs declarations.
        """),
        "full_text_zh_hans": _t(f"""
            {NOT_OFFICIAL_ZH}

            适用对象：经中欧班列出口自产产品的区内电子和装备制造企业。

            支持内容：按集装箱给予定额补助，按季度拨付，每家企业每年设有上限。

            申请方式：每季度申报一次，需提供铁路运单和报关单。
        """),
    },
    {
        "slug": "research-centre-support",
        "kind": PolicyKind.INNOVATION,
        "chains": ("health", "digital", "electronics"),
        "min_yi": 1,
        "types": (Ownership.PRIVATE, Ownership.FOREIGN, Ownership.JOINT_VENTURE),
        "valid": (dt.date(2026, 1, 1), dt.date(2028, 12, 31)),
        "title_en": "Support for research centres and laboratories",
        "title_zh_hans": "研发中心与实验室建设支持",
        "issuer_en": "Liangjiang New Area Administrative Committee",
        "issuer_zh_hans": "两江新区管委会",
        "summary_en": (
            "A share of the cost of laboratory equipment for research centres of private and "
            "foreign-invested companies investing 100 million yuan or more."
        ),
        "summary_zh_hans": (
            "投资1亿元及以上的民营和外资企业设立研发中心，可获实验设备购置费用补助。"
        ),
        "full_text_en": _t(f"""
            {NOT_OFFICIAL_EN}

            Who: private, foreign-invested and joint-venture companies in life and health, the
            digital economy and electronic information that set up a research centre in the zone
            as part of a project of 100 million yuan or more.

            What: a subsidy for part of the cost of laboratory and testing equipment, and priority
            access to the shared laboratories of the parks.

            How to apply: after the research centre opens, with its equipment list and staffing.
        """),
        "full_text_zh_hans": _t(f"""
            {NOT_OFFICIAL_ZH}

            适用对象：生命健康、数字经济和电子信息领域的民营企业、外商投资企业和合资企业，
            在区内投资1亿元及以上的项目中设立研发中心的。

            支持内容：补助部分实验和检测设备购置费用，并优先使用园区公共实验室。

            申请方式：研发中心建成后，凭设备清单和人员配置情况申报。
        """),
    },
)

# ---------------------------------------------------------------- opportunities

# chain and link by code (link None: the chain has no links yet), park by slug; land in 亩
OPPORTUNITIES: tuple[dict[str, Any], ...] = (
    {
        "slug": "charging-swapping-network",
        "chain": "nev",
        "link": "charging",
        "park": "longxing-auto",
        "amount_band": AmountBand.FROM_100M,
        "land_mu": "80",
        "title_en": "Charging and battery-swapping network",
        "title_zh_hans": "充换电网络建设运营",
        "summary_en": "An operator for fast-charging and battery-swapping stations in the zone.",
        "summary_zh_hans": "寻求快充站和换电站的建设运营企业。",
        "description_en": _t("""
            The vehicle plants of the new area need a charging and swapping network for their
            customers and fleets. The zone offers sites for a regional operations centre and a
            first group of stations in the parks and business districts.

            We look for an operator with its own equipment or technology, ready to build and run
            the network.
        """),
        "description_zh_hans": _t("""
            新区整车企业的用户和车队需要完善的充换电网络。新区可提供区域运营中心用地，以及园区和
            商务区内首批站点的场地。

            我们寻求拥有自有设备或技术、能够建设并运营网络的企业。
        """),
    },
    {
        "slug": "battery-materials-plant",
        "chain": "nev",
        "link": "materials",
        "park": "yufu-equipment",
        "amount_band": AmountBand.FROM_1B,
        "land_mu": "300",
        "title_en": "Cathode and anode materials plant",
        "title_zh_hans": "正负极材料生产基地",
        "summary_en": "A materials plant to supply the battery cell makers of the zone.",
        "summary_zh_hans": "为区内电芯企业配套的电池材料工厂。",
        "description_en": _t("""
            Battery cells are made in the new area, but their cathode and anode materials come from
            other provinces. A plant here would shorten the supply chain of the whole NEV chain.

            The site in the Yufu park is next to the Yangtze port and the rail freight terminal,
            with power, gas and wastewater treatment for chemical processes.
        """),
        "description_zh_hans": _t("""
            新区已有电芯生产，但正负极材料仍需从外省采购。在此建厂，可缩短整个新能源汽车产业链的
            供应链。

            鱼复园区的地块紧邻长江港口和铁路货运站，电力、燃气和化工废水处理配套齐全。
        """),
    },
    {
        "slug": "automotive-pcb-plant",
        "chain": "electronics",
        "link": "pcb",
        "park": "airport-terminals",
        "amount_band": AmountBand.FROM_1B,
        "land_mu": "200",
        "title_en": "Printed circuit boards for vehicles and terminals",
        "title_zh_hans": "汽车电子与智能终端印制电路板项目",
        "summary_en": "A PCB plant serving both the terminal makers and the vehicle plants.",
        "summary_zh_hans": "同时服务智能终端企业和整车企业的印制电路板工厂。",
        "description_en": _t("""
            The terminal makers of the airport park and the vehicle plants of Longxing buy most of
            their circuit boards outside the region. We look for a maker of multilayer and HDI
            boards.

            Standard factory buildings are available for a quick start while the main plant is
            built.
        """),
        "description_zh_hans": _t("""
            空港园区的终端企业和龙兴的整车企业所需电路板大多从区外采购。我们寻求多层板和
            HDI板生产企业。

            园区有标准厂房可供先行投产，主厂房同步建设。
        """),
    },
    {
        "slug": "biologics-cdmo",
        "chain": "health",
        "link": None,
        "park": "shuitu-biomedicine",
        "amount_band": AmountBand.FROM_1B,
        "land_mu": "150",
        "title_en": "Contract development and manufacturing of biologics",
        "title_zh_hans": "生物药合同研发生产（CDMO）平台",
        "summary_en": "A CDMO to serve the biotech companies of the Shuitu park.",
        "summary_zh_hans": "为水土园区生物医药企业服务的CDMO平台。",
        "description_en": _t("""
            Young biotech companies in the park need pilot and commercial production without
            building their own plants. A contract manufacturer would anchor the park's cluster.

            The park offers laboratories, clean utilities and wastewater treatment.
        """),
        "description_zh_hans": _t("""
            园区内的初创生物技术企业需要中试和商业化生产能力，又不必自建工厂。引进合同生产企业，
            可成为园区产业集群的龙头。

            园区配套实验室、洁净公用设施和污水处理设施。
        """),
    },
    {
        "slug": "industrial-software-centre",
        "chain": "digital",
        "link": None,
        "park": "yuelai-digital",
        "amount_band": AmountBand.UNDER_100M,
        "land_mu": None,
        "title_en": "Industrial software and data services centre",
        "title_zh_hans": "工业软件与数据服务中心",
        "summary_en": "A software company to serve the factories of the zone from Yuelai.",
        "summary_zh_hans": "入驻悦来、服务区内工厂的工业软件企业。",
        "description_en": _t("""
            Many factories in the zone are moving to digital production. We look for
            companies in manufacturing execution systems, industrial data platforms and design
            software.

            Offices are ready in the Yuelai park, with talent apartments nearby.
        """),
        "description_zh_hans": _t("""
            区内众多工厂正在推进数字化生产。我们寻求生产执行系统、工业数据平台和设计软件领域的
            企业。

            悦来园区有现成办公空间，附近配有人才公寓。
        """),
    },
    {
        "slug": "industrial-robots",
        "chain": "equipment",
        "link": None,
        "park": "yufu-equipment",
        "amount_band": AmountBand.FROM_100M,
        "land_mu": "120",
        "title_en": "Industrial robots and precision reducers",
        "title_zh_hans": "工业机器人及精密减速器项目",
        "summary_en": "Robots and their key parts for the vehicle and electronics plants.",
        "summary_zh_hans": "为整车和电子工厂配套的机器人及其核心零部件。",
        "description_en": _t("""
            The vehicle and electronics plants of the new area buy many robots every year. A
            maker of robots or of their reducers and servo motors would find its customers next
            door.

            The Yufu park offers land with heavy-load access and rail and river freight.
        """),
        "description_zh_hans": _t("""
            新区整车和电子工厂每年采购大量机器人。机器人整机或减速器、伺服电机生产企业在这里
            就近即可找到客户。

            鱼复园区可提供满足重载运输要求的用地，并有铁路和水运货运条件。
        """),
    },
)

# ---------------------------------------------------------------- the investor's guide

# One dict per step, in order: title, description, documents, fees, time_needed, office.
GUIDE: tuple[dict[str, str], ...] = (
    {
        "title_en": "Project consultation and site visit",
        "title_zh_hans": "项目咨询与实地考察",
        "description_en": (
            "Tell us about your project; an investment officer proposes sites, explains the "
            "policies that apply and organises your visit to the parks."
        ),
        "description_zh_hans": (
            "介绍您的项目后，招商专员将为您推荐选址、解读适用政策，并安排园区实地考察。"
        ),
        "documents_en": (
            "Company profile; outline of the project (products, investment, land, jobs)."
        ),
        "documents_zh_hans": "企业简介；项目概况（产品、投资额、用地、就业人数）。",
        "fees_en": "Free",
        "fees_zh_hans": "免费",
        "time_needed_en": "1–4 weeks",
        "time_needed_zh_hans": "1至4周",
        "office_en": "Investment Promotion Bureau",
        "office_zh_hans": "投资促进局",
    },
    {
        "title_en": "Investment agreement",
        "title_zh_hans": "签订投资协议",
        "description_en": (
            "The investment, the site, the schedule and the support of the zone are written into "
            "an investment agreement with the Administrative Committee."
        ),
        "description_zh_hans": "将投资额、选址、建设进度和新区支持措施写入与管委会签订的投资协议。",
        "documents_en": "Feasibility study; proof of funds; draft agreement.",
        "documents_zh_hans": "可行性研究报告；资金证明；协议草案。",
        "fees_en": "Free",
        "fees_zh_hans": "免费",
        "time_needed_en": "2–8 weeks",
        "time_needed_zh_hans": "2至8周",
        "office_en": "Investment Promotion Bureau",
        "office_zh_hans": "投资促进局",
    },
    {
        "title_en": "Company registration and business licence",
        "title_zh_hans": "企业设立登记与营业执照",
        "description_en": (
            "Register the project company with the market regulation administration (SAMR) and "
            "receive the business licence; foreign investors also report their investment "
            "information through the same window."
        ),
        "description_zh_hans": (
            "向市场监督管理部门办理项目公司设立登记，领取营业执照；外国投资者通过同一窗口报送投资信息。"
        ),
        "documents_en": (
            "Articles of association; identity documents of the investors and the legal "
            "representative; lease or title of the registered address."
        ),
        "documents_zh_hans": "公司章程；投资人和法定代表人身份证明；注册地址租赁合同或产权证明。",
        "fees_en": "Free",
        "fees_zh_hans": "免费",
        "time_needed_en": "1–3 working days",
        "time_needed_zh_hans": "1至3个工作日",
        "office_en": "Government Service Center (market regulation window)",
        "office_zh_hans": "政务服务中心（市场监管窗口）",
    },
    {
        "title_en": "Land acquisition",
        "title_zh_hans": "土地取得",
        "description_en": (
            "Industrial land is transferred by public bidding, auction or listing (招拍挂); you "
            "then sign the land transfer contract and pay the land price."
        ),
        "description_zh_hans": (
            "工业用地通过招标、拍卖或挂牌（招拍挂）方式出让，竞得后签订土地出让合同并缴纳出让金。"
        ),
        "documents_en": "Business licence; bidding documents; deposit.",
        "documents_zh_hans": "营业执照；竞买文件；保证金。",
        "fees_en": "Land price and deed tax; no service fee",
        "fees_zh_hans": "土地出让金及契税；不收取服务费",
        "time_needed_en": "About 2 months",
        "time_needed_zh_hans": "约2个月",
        "office_en": "Planning and Natural Resources Bureau",
        "office_zh_hans": "规划和自然资源局",
    },
    {
        "title_en": "Project filing or approval",
        "title_zh_hans": "项目备案或核准",
        "description_en": (
            "Most projects only file their information online (备案); projects in the catalogue "
            "of approved investments need an approval (核准)."
        ),
        "description_zh_hans": "大多数项目只需在线备案；列入核准目录的项目须办理核准。",
        "documents_en": "Project information form; for approval, the project application report.",
        "documents_zh_hans": "项目信息表；办理核准的，另需项目申请报告。",
        "fees_en": "Free",
        "fees_zh_hans": "免费",
        "time_needed_en": "Filing: 1 working day; approval: up to 20 working days",
        "time_needed_zh_hans": "备案：1个工作日；核准：不超过20个工作日",
        "office_en": "Economic Development Department",
        "office_zh_hans": "经济运行部门",
    },
    {
        "title_en": "Environmental impact assessment",
        "title_zh_hans": "环境影响评价",
        "description_en": (
            "Depending on the project, an environmental impact report, a report form or a "
            "registration form is prepared and approved before construction."
        ),
        "description_zh_hans": (
            "根据项目情况，在开工前编制并审批环境影响报告书、报告表或填报登记表。"
        ),
        "documents_en": "Environmental impact report or form, prepared by a qualified consultant.",
        "documents_zh_hans": "由具备能力的技术单位编制的环境影响报告书（表）。",
        "fees_en": "Free review; the consultant's report is paid by the company",
        "fees_zh_hans": "审批免费；报告编制费用由企业承担",
        "time_needed_en": "2–6 weeks",
        "time_needed_zh_hans": "2至6周",
        "office_en": "Ecology and Environment Bureau",
        "office_zh_hans": "生态环境局",
    },
    {
        "title_en": "Planning and construction permits",
        "title_zh_hans": "规划与施工许可",
        "description_en": (
            "The construction land planning permit, the construction project planning permit and "
            "the construction permit are issued in turn; then work can start."
        ),
        "description_zh_hans": (
            "依次办理建设用地规划许可证、建设工程规划许可证和施工许可证，之后即可开工。"
        ),
        "documents_en": "Design drawings; land transfer contract; construction contract.",
        "documents_zh_hans": "设计图纸；土地出让合同；施工合同。",
        "fees_en": "Free",
        "fees_zh_hans": "免费",
        "time_needed_en": "About 1 month",
        "time_needed_zh_hans": "约1个月",
        "office_en": "Construction Bureau, via the Government Service Center",
        "office_zh_hans": "建设局（通过政务服务中心办理）",
    },
    {
        "title_en": "Start of operation and claiming incentives",
        "title_zh_hans": "投产运营与政策兑现",
        "description_en": (
            "After completion acceptance the plant starts production; the investment officer "
            "stays your contact for aftercare and files the claims for the agreed incentives."
        ),
        "description_zh_hans": (
            "竣工验收后工厂投产；招商专员继续为您提供跟踪服务，并代为申报协议约定的扶持政策。"
        ),
        "documents_en": "Completion acceptance; invoices and proof of investment for each claim.",
        "documents_zh_hans": "竣工验收文件；申报政策所需的发票和投资证明。",
        "fees_en": "Free",
        "fees_zh_hans": "免费",
        "time_needed_en": "Claims are answered within 30 working days",
        "time_needed_zh_hans": "政策申报在30个工作日内答复",
        "office_en": "Investment Promotion Bureau (aftercare)",
        "office_zh_hans": "投资促进局（项目服务）",
    },
)

# ---------------------------------------------------------------- stories

# kind → story; "image" names a drawing of _illustration (None: no image); "event": the story
# shows the figures of the 2023 conference from its records, so its text states none of them.
STORIES: tuple[dict[str, Any], ...] = (
    {
        "slug": "2023-global-investment-promotion-conference",
        "kind": StoryKind.EVENTS,
        "event": True,
        "illustrative": False,
        "at": dt.datetime(2023, 1, 11, 18, 0, tzinfo=CHONGQING),
        "image": None,
        "title_en": "New area kicks off 2023 global investment promotion campaign",
        "title_zh_hans": "两江新区启动2023年全球招商引资行动",
        "summary_en": (
            "The 2023 Global Investment Promotion Conference, held in Liangjiang and at a "
            "sub-venue in Berlin, opened the new area's 2023 campaign."
        ),
        "summary_zh_hans": (
            "2023年全球投资促进大会在两江新区主会场和柏林分会场举行，拉开新区2023年招商引资行动"
            "的序幕。"
        ),
        "body_en": _t("""
            Liangjiang New Area held the 2023 Global Investment Promotion Conference on January
            11, marking the beginning of the new area's 2023 global investment promotion campaign.
            Projects were signed into effect and the new area hired its first group of global
            investment consultants, who will offer advice on how to attract more high-quality
            projects and talent from around the world.

            The conference set up a smaller venue in Germany. Michael Schumann, chairman of the
            board of the German Federal Association for Economic Development and Foreign Trade
            (BWA), attended the event at the Berlin venue and delivered a speech.

            Schumann said it is crucial for Germany and China to further cooperate in various
            fields such as manufacturing, environmental technologies, electromobility, and
            renewable energy generation and storage, which they have been pursuing for years.

            Many German companies are looking for ways to cut costs, relocate parts of their
            production abroad, and open up new markets in Asia, according to Schumann. He said he
            believed there are great opportunities in places like Liangjiang New Area, which can
            offer companies attractive investment conditions and a good production environment.
        """),
        "body_zh_hans": _t("""
            1月11日，两江新区举行2023年全球投资促进大会，标志着新区2023年全球招商引资行动正式启动。
            大会上一批项目集中签约，新区还聘任了首批全球招商顾问，他们将为新区从全球引进更多高质量
            项目和人才建言献策。

            大会在德国设立分会场。德国联邦经济发展与对外贸易协会（BWA）董事会主席迈克尔·舒曼
            出席柏林分会场活动并致辞。

            舒曼表示，德中两国多年来在制造业、环保技术、电动出行以及可再生能源发电和储能等领域
            开展合作，进一步深化合作至关重要。

            舒曼说，许多德国企业正在寻求降低成本、将部分生产转移到海外，并开拓亚洲新市场。他相信，
            两江新区这样能够为企业提供有吸引力的投资条件和良好生产环境的地方蕴藏着巨大机遇。
        """),
    },
    {
        "slug": "jialing-riverside-greenway-opens",
        "kind": StoryKind.LOCAL,
        "illustrative": True,
        "at": dt.datetime(2024, 4, 18, 10, 0, tzinfo=CHONGQING),
        "image": None,
        "title_en": "Riverside greenway opens along the Jialing River at Yuelai",
        "title_zh_hans": "悦来嘉陵江滨江绿道建成开放",
        "summary_en": (
            "A walking and cycling path now links the Yuelai business district to the river."
        ),
        "summary_zh_hans": "一条步行和骑行绿道将悦来商务区与江岸连在了一起。",
        "body_en": _t("""
            A new greenway for walkers and cyclists runs along the Jialing River below the Yuelai
            business district, with viewpoints, cafés and bicycle parking.

            Staff of the digital companies in the Yuelai park can now reach the river on foot in a
            few minutes; at weekends the path fills with families.
        """),
        "body_zh_hans": _t("""
            悦来商务区下方的嘉陵江畔新建了一条步行和骑行绿道，沿途设有观景台、咖啡馆和自行车停放点。

            悦来园区数字经济企业的员工步行几分钟就能到江边；到了周末，绿道上满是一家老小。
        """),
    },
    {
        "slug": "investors-wanted-battery-materials-charging",
        "kind": StoryKind.BUSINESS,
        "illustrative": True,
        "at": dt.datetime(2024, 9, 10, 9, 30, tzinfo=CHONGQING),
        "image": "chain",
        "image_alt_en": (
            "Illustration: blue and teal gradient with circles linked by a line, "
            "suggesting the links of an industry chain."
        ),
        "image_alt_zh_hans": "示意图：蓝绿色渐变背景上以线条相连的圆形，寓意产业链的各个环节。",
        "title_en": "New area looks for investors in battery materials and charging",
        "title_zh_hans": "新区面向全球寻找电池材料和充换电项目投资者",
        "summary_en": "Two links of the NEV chain are still missing; the zone has sites ready.",
        "summary_zh_hans": "新能源汽车产业链仍有两个环节待补齐，新区已备好用地。",
        "body_en": _t("""
            The new area's vehicle and battery plants buy their cathode and anode materials from
            other provinces, and their customers need more charging and swapping stations. The
            investment promotion bureau has published both as investment opportunities.

            Sites are ready in the Yufu park, beside the Yangtze port, and in the Longxing park.
            Investors can ask about them through the opportunity pages.
        """),
        "body_zh_hans": _t("""
            新区的整车和电池工厂所需的正负极材料仍从外省采购，用户也需要更多充换电站。
            投资促进局已将这两个方向作为投资机会对外发布。

            鱼复园区（紧邻长江港口）和龙兴园区均已备好用地。投资者可通过投资机会页面咨询。
        """),
    },
    {
        "slug": "special-chain-based-investment-promotion",
        "kind": StoryKind.SPECIALS,
        "illustrative": True,
        "at": dt.datetime(2024, 6, 12, 9, 0, tzinfo=CHONGQING),
        "image": None,
        "title_en": "Special: what chain-based investment promotion means for you",
        "title_zh_hans": "专题：产业链招商对您意味着什么",
        "summary_en": (
            "Why the bureau looks for suppliers and customers of the companies already here."
        ),
        "summary_zh_hans": "招商局为何专门寻找区内企业的上下游伙伴。",
        "body_en": _t("""
            The bureau maps each industry chain link by link, from materials upstream to vehicles
            and terminals downstream, and looks for investors to fill the links that are missing.

            For an investor this means customers and suppliers close by, and an officer who knows
            the chain. The chain pages of this portal show the links and the open opportunities.
        """),
        "body_zh_hans": _t("""
            招商局逐个环节梳理每条产业链，从上游材料到下游整车和终端，并为缺失的环节寻找投资者。

            对投资者而言，这意味着客户和供应商就在身边，还有熟悉产业链的招商专员对接服务。
            本网站的产业链页面列出了各个环节和待招商的投资机会。
        """),
    },
    {
        "slug": "a-weekend-in-liangjiang",
        "kind": StoryKind.LIFE,
        "illustrative": True,
        "at": dt.datetime(2025, 5, 20, 9, 0, tzinfo=CHONGQING),
        "image": None,
        "title_en": "New in Liangjiang? Ideas for your first weekend",
        "title_zh_hans": "初来两江，第一个周末去哪儿",
        "summary_en": "Hotpot, a river cruise and a walk in the hills.",
        "summary_zh_hans": "吃火锅、夜游两江、登山漫步。",
        "body_en": _t("""
            Start with hotpot: ask for a split pot, one spicy and one mild. In the evening, a
            cruise where the Yangtze and Jialing rivers meet shows the city lit up.

            On Sunday, walk a riverside greenway or a mountain park, then try a bowl of xiaomian
            noodles on the way home.
        """),
        "body_zh_hans": _t("""
            先从火锅开始：点一个鸳鸯锅，一边麻辣一边清汤。晚上到两江交汇处坐船夜游，欣赏城市灯火。

            周日去滨江绿道或山地公园走走，回家路上再来一碗重庆小面。
        """),
    },
    {
        "slug": "gallery-a-year-of-building",
        "kind": StoryKind.PHOTOS,
        "illustrative": True,
        "at": dt.datetime(2025, 12, 30, 9, 0, tzinfo=CHONGQING),
        "image": "parks",
        "image_alt_en": (
            "Illustration: teal and blue gradient with rectangles of different heights, "
            "suggesting factory buildings."
        ),
        "image_alt_zh_hans": "示意图：蓝绿色渐变背景上高低不一的矩形，寓意园区厂房。",
        "title_en": "Photo gallery: a year of building in the parks",
        "title_zh_hans": "图集：园区建设这一年",
        "summary_en": "Cranes, new halls and first production lines across the parks.",
        "summary_zh_hans": "塔吊林立、新厂房落成、首条产线投产。",
        "body_en": _t("""
            This gallery follows a year in the parks of the new area: foundations poured in
            spring, halls closed before the summer rains, and the first production lines started
            in autumn.

            The pictures are grouped by park: Longxing, the airport park, Yufu and Shuitu.
        """),
        "body_zh_hans": _t("""
            本图集记录了新区各园区的一年：春天浇筑基础，雨季前厂房封顶，秋天首批产线投产。

            图片按园区分组：龙兴、空港、鱼复和水土。
        """),
    },
    {
        "slug": "video-setting-up-a-company",
        "kind": StoryKind.VIDEO,
        "illustrative": True,
        "at": dt.datetime(2026, 3, 15, 9, 0, tzinfo=CHONGQING),
        "image": None,
        "title_en": "Video: setting up a company in Liangjiang, step by step",
        "title_zh_hans": "视频：在两江设立企业全流程",
        "summary_en": "From the first site visit to the business licence and the building permit.",
        "summary_zh_hans": "从首次实地考察，到领取营业执照和施工许可。",
        "body_en": _t("""
            In this short video an investment officer walks through the steps of setting up a
            manufacturing company in the new area, and the documents each step needs.

            The video is not available on this demonstration site; the same steps are described
            in the investor's guide.
        """),
        "body_zh_hans": _t("""
            在这段短视频中，招商专员逐一讲解在新区设立制造企业的各个步骤及所需材料。

            本演示网站暂不提供该视频；相关步骤请参阅投资指南。
        """),
    },
    {
        "slug": "e-drive-supplier-from-signing-to-production",
        "kind": StoryKind.SUCCESS,
        "illustrative": True,
        "at": dt.datetime(2026, 9, 8, 9, 0, tzinfo=CHONGQING),
        "image": "growth",
        "image_alt_en": (
            "Illustration: blue and teal gradient with bars rising from left to right, "
            "suggesting growth."
        ),
        "image_alt_zh_hans": "示意图：蓝绿色渐变背景上从左到右逐渐升高的柱形，寓意成长。",
        "title_en": "From signing to production in twenty months: an e-drive supplier's story",
        "title_zh_hans": "签约到投产仅用二十个月：一家电驱企业的落户故事",
        "summary_en": "How a supplier of electric drives set up next to its customers in Longxing.",
        "summary_zh_hans": "一家电驱供应商如何在龙兴落户，与客户比邻而居。",
        "body_en": _t("""
            The company first came to the new area to visit a customer. Its investment officer
            showed it a site in the Longxing park, a few minutes from the vehicle plants it
            supplies.

            A standard factory building let it start assembly while its own plant was built; the
            officer followed each permit through the Government Service Center.

            Twenty months after signing, the plant is in production and the company is hiring
            engineers from the city's universities.
        """),
        "body_zh_hans": _t("""
            这家企业最初是来新区拜访客户的。招商专员带他们看了龙兴园区的一块用地，距其配套的整车
            工厂只有几分钟车程。

            借助标准厂房，企业在自建工厂的同时先行开展装配；招商专员在政务服务中心全程跟进每一项
            审批。

            签约二十个月后，工厂已经投产，企业正从本地高校招聘工程师。
        """),
    },
)

# ---------------------------------------------------------------- builders


def _illustration(variant: str) -> ContentFile:
    """A 1200×600 PNG: a blue-to-teal gradient with a few shapes; no text, no photo."""
    width, height = 1200, 600
    ramp = Image.linear_gradient("L").rotate(90).resize((width, height))
    red = ramp.point(lambda v: 10 + v // 12)
    green = ramp.point(lambda v: 70 + v // 3)
    blue = ramp.point(lambda v: 170 - v // 8)
    image = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(image)
    light = (225, 245, 245)
    if variant == "chain":
        centres = [(180 + 210 * i, 300 + (60 if i % 2 else -60)) for i in range(5)]
        draw.line(centres, fill=light, width=8)
        for x, y in centres:
            draw.ellipse((x - 55, y - 55, x + 55, y + 55), outline=light, width=10)
    elif variant == "parks":
        for i, top in enumerate((320, 240, 380, 200, 300, 260)):
            left = 90 + 180 * i
            draw.rectangle((left, top, left + 140, 520), outline=light, width=8)
    else:
        for i in range(7):
            left = 130 + 140 * i
            draw.rectangle((left, 480 - 50 * i, left + 90, 520), fill=light)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ContentFile(buffer.getvalue(), name=f"demo-{variant}.png")


def _pages(zone: Zone, by: User) -> None:
    for key, fields in PAGES.items():
        page = page_create(zone=zone, key=key, by=by, **fields)
        content_publish(page, by=by, at=PAGES_PUBLISHED_AT)


def _parks(zone: Zone, chains: dict[str, IndustryChain], by: User) -> dict[str, Any]:
    parks = {}
    for position, spec in enumerate(PARKS, start=1):
        slug, name_en, name_zh, summary, location, lat, lng, km2, mu, band, facilities, focus = spec
        parks[slug] = park_create(
            zone=zone,
            by=by,
            focus_chains=[chains[code] for code in focus],
            slug=slug,
            name_en=name_en,
            name_zh_hans=name_zh,
            summary_en=summary[0],
            summary_zh_hans=summary[1],
            location_en=location[0],
            location_zh_hans=location[1],
            latitude=Decimal(lat),
            longitude=Decimal(lng),
            area_km2=Decimal(km2),
            free_land_mu=Decimal(mu),
            land_price_min=Decimal(band[0]) if band else None,
            land_price_max=Decimal(band[1]) if band else None,
            facilities=[str(code) for code in facilities],
            position=position,
            published=True,
            illustrative=True,
        )
    return parks


# Where the plants of each chain stand (the park whose focus it is), for the projects that are
# registered or later: who is present in a park is what matching reads.
PARK_OF_CHAIN = {
    "nev": "longxing-auto",
    "electronics": "airport-terminals",
    "equipment": "yufu-equipment",
    "health": "shuitu-biomedicine",
    "digital": "yuelai-digital",
}


def _locate_plants(zone: Zone, parks: dict[str, Any], by: User) -> None:
    present = Project.objects.filter(
        zone=zone, stage__in=PRESENT_STAGES, chain__code__in=PARK_OF_CHAIN
    ).select_related("chain")
    for project in present.order_by("pk"):
        park = parks[PARK_OF_CHAIN[project.chain.code]]  # type: ignore[union-attr]
        project_update(project=project, version=project.version, by=by, park=park)


def _policies(zone: Zone, chains: dict[str, IndustryChain], by: User) -> None:
    for spec in POLICIES:
        fields = dict(spec)
        eligible = [chains[code] for code in fields.pop("chains")]
        min_yi = fields.pop("min_yi")
        valid_from, valid_until = fields.pop("valid")
        policy_create(
            zone=zone,
            by=by,
            chains=eligible,
            min_investment=None if min_yi is None else min_yi * YI,
            company_types=[str(code) for code in fields.pop("types")],
            valid_from=valid_from,
            valid_until=valid_until,
            published=True,
            illustrative=True,
            **fields,
        )


def _opportunities(
    zone: Zone, chains: dict[str, IndustryChain], parks: dict[str, Any], by: User
) -> None:
    for spec in OPPORTUNITIES:
        fields = dict(spec)
        chain = chains[fields.pop("chain")]
        link_code = fields.pop("link")
        land_mu = fields.pop("land_mu")
        opportunity_create(
            zone=zone,
            by=by,
            chain=chain,
            link=ChainLink.objects.get(chain=chain, code=link_code) if link_code else None,
            park=parks[fields.pop("park")],
            land_mu=None if land_mu is None else Decimal(land_mu),
            project=None,  # never an internal project: the portal is public
            published=True,
            illustrative=True,
            **fields,
        )


def _guide(zone: Zone, by: User) -> None:
    for position, fields in enumerate(GUIDE, start=1):
        guide_step_create(zone=zone, by=by, position=position, illustrative=True, **fields)


def _stories(zone: Zone, by: User) -> None:
    conference = Event.objects.get(zone=zone, kind=Event.Kind.CONFERENCE, date=CONFERENCE_DAY)
    for spec in STORIES:
        fields = dict(spec)
        at = fields.pop("at")
        variant = fields.pop("image")
        story = story_create(
            zone=zone,
            by=by,
            event=conference if fields.pop("event", False) else None,
            image=_illustration(variant) if variant else "",
            **fields,
        )
        content_publish(story, by=by, at=at)


def _list_enterprises(zone: Zone, by: User) -> int:
    """List in the portal's directory companies present in the zone (a project registered, under
    construction or operating) with no confidential project (their consent, illustrative)."""
    secret = Project.objects.filter(zone=zone, confidential=True).values("company")
    present = (
        Company.objects.filter(
            zone=zone,
            merged_into__isnull=True,
            projects__stage__in=PRESENT_STAGES,
            projects__confidential=False,
        )
        .exclude(pk__in=secret)
        .distinct()
        .order_by("name_en")
        .values_list("pk", flat=True)
    )
    chosen = list(Company.objects.filter(pk__in=list(present[:LISTED_COUNT])))
    for company in chosen:
        company_update(company=company, version=company.version, by=by, listed=True)
    return len(chosen)


def portal_build(*, zone: Zone, users: dict[str, User], chains: dict[str, IndustryChain]) -> None:
    """Pages, parks, policies, opportunities, guide and stories, all published; then the
    enterprise directory."""
    editor, director = users["editor"], users["director"]
    _pages(zone, editor)
    parks = _parks(zone, chains, director)
    _locate_plants(zone, parks, director)
    _policies(zone, chains, director)
    _opportunities(zone, chains, parks, director)
    _guide(zone, director)
    _stories(zone, editor)
    _list_enterprises(zone, director)
