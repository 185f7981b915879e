"""The consultant pages: a consultant's own referrals, advice and statement (never the pipeline,
never an amount of an unsigned project), and the bureau's list, consultant page, ranking,
conflicting claims and statements. Every record is made through the services."""

import datetime as dt
import io
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.factories.accounts import UserFactory
from zoneinvest.accounts.models import Role
from zoneinvest.consultants import services
from zoneinvest.consultants.models import Consultant, Referral
from zoneinvest.consultants.selectors import consultant_statement
from zoneinvest.consultants.statement import safe_text, statement_xlsx
from zoneinvest.core.money import Money, format_money
from zoneinvest.events.services import signing_record
from zoneinvest.pipeline.models import Project, Source
from zoneinvest.pipeline.services import capital_arrival_record, project_change_stage
from zoneinvest.pipeline.stages import Stage

M = Decimal(10) ** 6
SIGNED_AMOUNT = 300 * M
UNSIGNED_AMOUNT = Decimal("987654321")  # distinctive: it must never reach a consultant
YEAR = {"start": "2024-01-01", "end": "2024-12-31"}


@dataclass
class Network:
    mine: Consultant
    theirs: Consultant
    signed: Referral  # mine, signed on 2024-01-10, 120 million paid in on 2024-03-01
    unsigned: Referral  # mine, negotiating with UNSIGNED_AMOUNT
    other: Referral  # theirs, a lead


def refer(consultant, name, country="DE", **fields):
    return services.referral_submit(
        consultant=consultant, company_name_en=name, country=country, by=consultant.user, **fields
    )


def to_negotiating(world, project, amount):
    project = project_change_stage(
        project=project,
        to=Stage.QUALIFIED,
        by=world.officer,
        values={"sector": "manufacturing", "chain": world.chain, "owner": world.officer},
    )
    return project_change_stage(
        project=project,
        to=Stage.NEGOTIATING,
        by=world.officer,
        values={"total_investment": amount, "est_signing_date": dt.date(2024, 1, 10)},
    )


def sign(world, project, amount):
    signing_record(project=project, date=dt.date(2024, 1, 10), amount=amount, by=world.officer)
    project.refresh_from_db()
    return project


@pytest.fixture
def network(world):
    other_user = UserFactory(username="consultant2", role=Role.CONSULTANT, zones=[world.zone])
    mine = services.consultant_create(
        zone=world.zone,
        name_en="Li Zexiang",
        name_zh_hans="李泽湘",
        organisation_en="Hong Kong University of Science and Technology",
        country="CN",
        bio_en="Robotics professor and founder.",
        bio_zh_hans="机器人专家，创业者。",
        user=world.consultant,
        by=world.director,
    )
    theirs = services.consultant_create(
        zone=world.zone, name_en="Denis Depoux", country="FR", user=other_user, by=world.director
    )
    services.appointment_create(
        consultant=mine, batch_en="First batch", appointed_on=dt.date(2023, 1, 11), by=None
    )
    services.reward_rule_create(
        zone=world.zone,
        name="Paid-in rule",
        valid_from=dt.date(2022, 1, 1),
        base="paid_in",
        minimum_project_size=100 * M,
        cap=5 * M,
        bands=[{"lower": Decimal(0), "upper": None, "rate": Decimal("1"), "fixed": None}],
        by=world.director,
    )
    signed = refer(mine, "Voltstore GmbH", idea="Battery cells for the NEV chain")
    project = to_negotiating(world, signed.project, SIGNED_AMOUNT)
    sign(world, project, SIGNED_AMOUNT)
    capital_arrival_record(
        project=project, date=dt.date(2024, 3, 1), amount=120 * M, by=world.officer
    )
    unsigned = refer(mine, "Quiet Motors KK", country="JP")
    to_negotiating(world, unsigned.project, UNSIGNED_AMOUNT)
    other = refer(theirs, "Rival Robotics SA", country="FR")
    for referral in (signed, unsigned, other):
        referral.refresh_from_db()
    return Network(mine=mine, theirs=theirs, signed=signed, unsigned=unsigned, other=other)


def _get(client, name, *, language="en", status=200, **kwargs):
    params = kwargs.pop("params", None)
    with translation.override(language):
        url = reverse(name, kwargs=kwargs or None)
    response = client.get(url, params or {})
    assert response.status_code == status, (name, response.status_code)
    return response


def _html(client, name, **kwargs):
    return _get(client, name, **kwargs).content.decode()


def _unsigned_spellings():
    """Every way a page could show the unsigned project's total investment."""
    money = Money(UNSIGNED_AMOUNT, "CNY")
    return [
        format_money(money, "en"),
        format_money(money, "zh-hans"),
        str(UNSIGNED_AMOUNT),
        f"{UNSIGNED_AMOUNT:,}",
        "987.7",
        "9.9亿",
    ]


def _xlsx_cells(content):
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def _pdf_text(content, tmp_path):
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return None
    path = tmp_path / "statement.pdf"
    path.write_bytes(content)
    result = subprocess.run(  # noqa: S603
        [pdftotext, "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout


# ---------------------------------------------------------------- what a consultant sees


def test_a_consultant_starts_at_their_referrals(world, client_for, network):
    response = _get(client_for(world.consultant), "office:home", status=302)
    assert response["Location"] == reverse("office:my_referrals")


def test_a_consultant_sees_their_own_referrals_only(world, client_for, network):
    page = _html(client_for(world.consultant), "office:my_referrals")
    assert "Voltstore GmbH" in page
    assert "Quiet Motors KK" in page
    assert "Rival Robotics SA" not in page
    assert "Denis Depoux" not in page


def test_another_consultants_referral_and_statement_are_not_found(world, client_for, network):
    client = client_for(world.consultant)
    _get(client, "office:my_referral_detail", pk=network.other.pk, status=404)
    _get(client, "office:my_referral_detail", pk=network.signed.pk)
    for name in (
        "office:consultant_statement",
        "office:consultant_statement_xlsx",
        "office:consultant_statement_pdf",
        "office:consultant_detail",
    ):
        _get(client, name, pk=network.theirs.pk, status=404)
    own = _get(client, "office:consultant_statement", pk=network.mine.pk, params=YEAR, status=302)
    assert own["Location"] == reverse("office:my_statement") + "?start=2024-01-01&end=2024-12-31"


def test_a_consultant_finds_no_pipeline_page(world, client_for, network):
    client = client_for(world.consultant)
    project = network.unsigned.project
    for name, kwargs in [
        ("office:project_list", {}),
        ("office:project_detail", {"pk": project.pk}),
        ("office:project_detail", {"pk": world.project.pk}),
        ("office:board", {}),
        ("office:company_list", {}),
        ("office:company_detail", {"pk": project.company_id}),
        ("office:consultant_list", {}),
        ("office:consultant_ranking", {}),
        ("office:referral_conflicts", {}),
    ]:
        _get(client, name, status=404, **kwargs)


def test_staff_are_sent_to_the_bureaus_pages_not_the_consultants_own(world, client_for, network):
    for role in ("director", "officer", "analyst"):
        _get(client_for(world.user(role)), "office:my_referrals", status=403)


def test_a_consultant_log_in_without_a_record_gets_a_friendly_page(world, client_for):
    client = client_for(world.consultant)
    page = _html(client, "office:home")
    assert "not yet linked to a consultant profile" in page
    response = _get(client, "office:my_referrals", status=404)
    assert "not yet linked to a consultant profile" in response.content.decode()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_no_amount_of_an_unsigned_project_reaches_its_consultant(
    world, client_for, network, tmp_path, language
):
    client = client_for(world.consultant)
    pages = [
        _html(client, "office:my_referrals", language=language),
        _html(client, "office:my_referral_detail", pk=network.unsigned.pk, language=language),
        _html(client, "office:my_statement", params=YEAR, language=language),
        _html(client, "office:my_statement", language=language),
    ]
    xlsx = _get(client, "office:my_statement_xlsx", params=YEAR, language=language).content
    cells = _xlsx_cells(xlsx)
    pages.append(" ".join(str(c.value) for c in cells if c.value is not None))
    assert UNSIGNED_AMOUNT not in {c.value for c in cells}
    pdf = _get(client, "office:my_statement_pdf", params=YEAR, language=language).content
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf, tmp_path)
    if text is not None:
        pages.append(text)
    for page in pages:
        for spelling in _unsigned_spellings():
            assert spelling not in page, spelling
    # The unsigned referral is listed (stage, no amount); it is not on the statement at all.
    assert "Quiet Motors KK" in pages[0]
    assert "Quiet Motors KK" not in pages[2]


def test_once_signed_the_amount_and_the_reward_appear(world, client_for, network, tmp_path):
    client = client_for(world.consultant)
    referrals = _html(client, "office:my_referrals")
    assert format_money(Money(SIGNED_AMOUNT, "CNY"), "en") in referrals  # "300 million yuan"
    assert "2024-01-10" in referrals
    statement = _html(client, "office:my_statement", params=YEAR)
    assert "Voltstore GmbH" in statement
    assert "1.2 million yuan" in statement  # 1% of the 120 million paid in
    cells = {
        c.value for c in _xlsx_cells(_get(client, "office:my_statement_xlsx", params=YEAR).content)
    }
    assert SIGNED_AMOUNT in cells
    assert Decimal("1200000") in cells or 1200000 in cells
    text = _pdf_text(_get(client, "office:my_statement_pdf", params=YEAR).content, tmp_path)
    if text is not None:
        assert "Voltstore GmbH" in text
        assert "1.2 million yuan" in text


def test_submitting_a_referral_opens_a_lead_from_the_consultant(world, client_for, network):
    client = client_for(world.consultant)
    response = client.post(
        reverse("office:my_referral_new"),
        {
            "company_name_en": "Nordlicht Sensors GmbH",
            "company_name_zh": "北极光传感器",
            "country": "DE",
            "website": "nordlicht.example",
            "idea": "A lidar plant for the NEV chain",
            "project_title_en": "Lidar plant",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "your referral of “Nordlicht Sensors GmbH” is recorded" in response.content.decode()
    referral = Referral.objects.get(
        consultant=network.mine, company__name_en="Nordlicht Sensors GmbH"
    )
    assert referral.status == Referral.Status.VALID
    assert referral.project.source == Source.CONSULTANT
    assert referral.project.stage == Stage.LEAD
    assert referral.project.title_en == "Lidar plant"
    assert referral.company.name_zh_hans == "北极光传感器"


def test_a_chinese_name_alone_is_enough_to_refer_a_company(world, client_for, network):
    client = client_for(world.consultant)
    client.post(
        reverse("office:my_referral_new"),
        {"company_name_zh": "重庆智造", "country": "CN", "idea": "智能制造"},
    )
    assert Referral.objects.filter(consultant=network.mine, company__name_en="重庆智造").exists()


def test_a_referral_without_a_name_or_twice_is_refused_on_the_form(world, client_for, network):
    client = client_for(world.consultant)
    page = client.post(reverse("office:my_referral_new"), {"country": "DE", "idea": "x"})
    assert page.status_code == 200
    assert "Give the company’s name in English or Chinese." in page.content.decode()
    again = client.post(
        reverse("office:my_referral_new"),
        {"company_name_en": "Voltstore GmbH", "country": "DE", "idea": "again"},
    )
    assert again.status_code == 200
    assert "You have already referred" in again.content.decode()


def test_a_later_claim_is_told_a_director_will_decide(world, client_for, network):
    client = client_for(network.theirs.user)
    response = client.post(
        reverse("office:my_referral_new"),
        {"company_name_en": "Voltstore GmbH", "country": "DE", "idea": "I met them in Munich"},
        follow=True,
    )
    assert "a director will decide whose referral stands" in response.content.decode()
    claim = Referral.objects.get(consultant=network.theirs, company=network.signed.company)
    assert claim.status == Referral.Status.CONFLICT
    # The later claimant sees the stage of the disputed project, but neither who else claimed
    # it nor the amount signed (that belongs to the standing claim).
    page = _html(client, "office:my_referrals")
    assert "Voltstore GmbH" in page
    assert "Li Zexiang" not in page
    assert format_money(Money(SIGNED_AMOUNT, "CNY"), "en") not in page


def test_a_consultant_records_advice_and_sees_its_status(world, client_for, network):
    client = client_for(world.consultant)
    response = client.post(
        reverse("office:my_advice"),
        {"topic": "Robotics cluster", "text": "Court the tier-2 suppliers", "date": "2024-05-02"},
        follow=True,
    )
    page = response.content.decode()
    assert "Thank you: your advice is recorded." in page
    assert "Robotics cluster" in page
    assert "Open" in page
    services.advice_record(
        consultant=network.theirs, topic="Their advice", text="x", date=dt.date(2024, 1, 1), by=None
    )
    assert "Their advice" not in _html(client, "office:my_advice")


# ---------------------------------------------------------------- what the bureau sees


def test_the_consultant_list_shows_batch_consent_and_referrals(world, client_for, network):
    page = _html(client_for(world.analyst), "office:consultant_list")
    assert "Li Zexiang" in page
    assert "Denis Depoux" in page
    assert "First batch" in page
    assert "Hong Kong University of Science and Technology" in page


def test_the_consultant_page_shows_amounts_rewards_and_their_explanation(
    world, client_for, network
):
    page = _html(client_for(world.director), "office:consultant_detail", pk=network.mine.pk)
    assert "机器人专家，创业者。" in page
    assert "First batch" in page
    assert format_money(Money(UNSIGNED_AMOUNT, "CNY"), "en") in page  # staff may see amounts
    assert reverse("office:project_detail", kwargs={"pk": network.signed.project_id}) in page
    assert "Rule “Paid-in rule”" in page
    assert "Due: 1.2 million yuan." in page


def test_a_confidential_project_stays_hidden_from_an_officer_on_consultant_pages(
    world, client_for, network
):
    Project.objects.filter(pk=network.unsigned.project_id).update(confidential=True, owner=None)
    officer = _html(client_for(world.officer2), "office:consultant_detail", pk=network.mine.pk)
    assert format_money(Money(UNSIGNED_AMOUNT, "CNY"), "en") not in officer
    assert "Confidential project" in officer
    director = _html(client_for(world.director), "office:consultant_detail", pk=network.mine.pk)
    assert format_money(Money(UNSIGNED_AMOUNT, "CNY"), "en") in director


def test_the_ranking_lists_consultants_best_first(world, client_for, network):
    page = _html(client_for(world.director), "office:consultant_ranking")
    assert page.index("Li Zexiang") < page.index("Denis Depoux")
    assert "300 million yuan" in page
    empty = _html(
        client_for(world.director),
        "office:consultant_ranking",
        params={"start": "2000-01-01", "end": "2000-12-31"},
    )
    assert "300 million yuan" not in empty


def test_a_period_that_ends_before_it_starts_falls_back_to_this_year(world, client_for, network):
    page = _html(
        client_for(world.director),
        "office:consultant_ranking",
        params={"start": "2024-12-31", "end": "2024-01-01"},
    )
    assert "The end of the period comes before its start." in page


def test_a_director_resolves_a_conflicting_claim(world, client_for, network):
    later = refer(network.theirs, "VOLTSTORE gmbh.", idea="Met them first")
    assert later.status == Referral.Status.CONFLICT
    analyst = _html(client_for(world.analyst), "office:referral_conflicts")
    assert "Voltstore GmbH" in analyst
    assert "Denis Depoux" in analyst
    assert "Li Zexiang" in analyst
    assert reverse("office:referral_resolve", kwargs={"pk": later.pk}) not in analyst
    url = reverse("office:referral_resolve", kwargs={"pk": later.pk})
    assert client_for(world.officer).post(url, {"note": "x"}).status_code == 403
    director = client_for(world.director)
    assert url in _html(director, "office:referral_conflicts")
    response = director.post(url, {"note": "Met them first"}, follow=True)
    assert "the referral of “Voltstore GmbH” by Denis Depoux stands" in response.content.decode()
    later.refresh_from_db()
    network.signed.refresh_from_db()
    assert (later.status, network.signed.status) == ("valid", "rejected")
    assert later.resolution_note == "Met them first"
    assert "No conflicting claim is waiting for a decision." in response.content.decode()
    # Nothing is left to decide: resolving again finds nothing.
    assert director.post(url).status_code == 404


def test_a_staff_statement_lists_every_valid_referral(world, client_for, network, tmp_path):
    client = client_for(world.director)
    page = _html(client, "office:consultant_statement", pk=network.mine.pk, params=YEAR)
    assert "Voltstore GmbH" in page
    assert "Quiet Motors KK" in page
    xlsx = _get(client, "office:consultant_statement_xlsx", pk=network.mine.pk, params=YEAR)
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "li-zexiang-statement-2024-01-01-2024-12-31.xlsx" in xlsx["Content-Disposition"]
    pdf = _get(client, "office:consultant_statement_pdf", pk=network.mine.pk, params=YEAR)
    text = _pdf_text(pdf.content, tmp_path)
    if text is not None:
        assert "Quiet Motors" in text  # the unsigned project: staff see every valid referral
        assert "Negotiating" in text
        assert "REFERRAL REWARD STATEMENT" in text
        assert "引荐奖励结算单" in text


# ---------------------------------------------------------------- the spreadsheet


def test_the_spreadsheet_has_values_only_and_neutralises_formulas(world, network):
    hostile = refer(network.mine, "=cmd()", country="US", project_title_en="+SUM(A1)")
    to_negotiating(world, hostile.project, 200 * M)
    statement = consultant_statement(
        consultant=network.mine, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)
    )
    cells = _xlsx_cells(statement_xlsx(statement, "en"))
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith(("=", "+", "-", "@"))]
    assert "'=cmd()" in texts
    assert "'+SUM(A1)" in texts
    amounts = [c for c in cells if isinstance(c.value, (int, float, Decimal))]
    assert amounts
    assert all(c.number_format == "#,##0.00" for c in amounts)
    assert texts[texts.index("Total")] == "Total"


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+86 23 1234", "'+86 23 1234"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Bosch", "Bosch"),
        ("a\x00b", "ab"),
    ],
)
def test_text_that_a_spreadsheet_would_evaluate_is_quoted(text, safe):
    assert safe_text(text) == safe


def test_the_spreadsheet_speaks_chinese(world, network):
    statement = consultant_statement(
        consultant=network.mine, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)
    )
    texts = {c.value for c in _xlsx_cells(statement_xlsx(statement, "zh-hans"))}
    assert "企业" in texts
    assert "合计" in texts
    # The explanation is worded in the spreadsheet's language, whatever the request's.
    steps = [
        "规则：Paid-in rule。",
        "计奖基数（到位资金）：1.2亿元。",
        "0元起档：基数的1%，即120万元。",
        "应付：120万元。",
    ]
    assert "\n".join(steps) in texts


# ---------------------------------------------------------------- Chinese and query counts


CONSULTANT_PAGES = [
    ("office:my_referrals", {}, "我的引荐"),
    ("office:my_referral_new", {}, "引荐企业"),
    ("office:my_advice", {}, "我的建议"),
    ("office:my_statement", {}, "我的奖励结算单"),
]
STAFF_PAGES = [
    ("office:consultant_list", False, "招商顾问"),
    ("office:consultant_ranking", False, "顾问排名"),
    ("office:referral_conflicts", False, "引荐冲突"),
    ("office:consultant_detail", True, "引荐记录"),
    ("office:consultant_statement", True, "奖励结算单"),
]


def test_every_consultant_page_speaks_chinese(world, client_for, network):
    consultant = client_for(world.consultant)
    for name, kwargs, heading in CONSULTANT_PAGES:
        page = _html(consultant, name, language="zh-hans", **kwargs)
        assert heading in page, name
        assert 'lang="zh-hans"' in page
    detail = _html(
        consultant, "office:my_referral_detail", pk=network.signed.pk, language="zh-hans"
    )
    assert "已签约" in detail
    director = client_for(world.director)
    for name, with_pk, heading in STAFF_PAGES:
        kwargs = {"pk": network.mine.pk} if with_pk else {}
        page = _html(director, name, language="zh-hans", **kwargs)
        assert heading in page, name
        assert ">Consultants<" not in page


def test_the_nav_shows_each_role_its_own_pages(world, client_for, network):
    consultant = _html(client_for(world.consultant), "office:my_referrals")
    for label in ("My referrals", "My advice", "My statement"):
        assert f">{label}</a>" in consultant
    assert ">Projects</a>" not in consultant
    staff = _html(client_for(world.officer), "office:consultant_list")
    assert ">Consultants</a>" in staff
    assert ">My referrals</a>" not in staff


def _queries(client, name, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        _get(client, name, **kwargs)
    return len(captured)


def test_list_pages_cost_the_same_queries_with_more_referrals(world, client_for, network):
    consultant, director = client_for(world.consultant), client_for(world.director)
    before = {
        "mine": _queries(consultant, "office:my_referrals"),
        "list": _queries(director, "office:consultant_list"),
    }
    for n in range(4):
        refer(network.mine, f"Extra company {n}")
        refer(network.theirs, f"Their extra company {n}")
    after = {
        "mine": _queries(consultant, "office:my_referrals"),
        "list": _queries(director, "office:consultant_list"),
    }
    assert after == before


def test_the_statement_pdf_fetches_nothing_from_the_network():
    from zoneinvest.consultants.statement import TEMPLATE_DIR
    from zoneinvest.core.pdf import local_only_fetcher

    fetcher = local_only_fetcher(TEMPLATE_DIR)
    for url in ("http://example.com/logo.png", "https://example.com/x.css", "file:///etc/passwd"):
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)
    response = fetcher.fetch((TEMPLATE_DIR / "statement_pdf.css").as_uri())
    assert b"@page" in response.read()
    response.close()
