"""The event report PDF: both briefings, the tables, Chinese in a real CJK font, nothing fetched."""

import datetime as dt
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from tests.events.conftest import EVENT_DAY, sign
from zoneinvest.core.pdf import local_only_fetcher
from zoneinvest.events import services
from zoneinvest.events.models import Signing
from zoneinvest.events.pdf import TEMPLATE_DIR, event_report_pdf
from zoneinvest.events.selectors import event_report

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
ON_CI = os.environ.get("CI") == "true"


def _need(condition: bool, reason: str) -> None:
    """Skip without the tool or font locally; on CI its absence is a failure."""
    if condition:
        return
    if ON_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


def _tool(name: str) -> str:
    path = shutil.which(name)
    _need(path is not None, f"{name} is not installed (Debian: poppler-utils)")
    assert path is not None
    return path


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout  # noqa: S603


def _need_cjk_font() -> None:
    fc_list = shutil.which("fc-list")
    families = _run(fc_list, ":", "family") if fc_list else ""
    _need(
        "CJK" in families,
        "fc-list shows no CJK font, so Chinese cannot render as glyphs "
        "(Debian: apt-get install fonts-noto-cjk)",
    )


@pytest.fixture
def conference(world):
    return services.event_create(
        zone=world.zone,
        by=world.director,
        name_en="Global Investment Promotion Conference",
        name_zh_hans="全球投资促进大会",
        organiser_en="Liangjiang New Area Administrative Committee",
        organiser_zh_hans="两江新区管委会",
        date=EVENT_DAY,
        venues=[
            {
                "name_en": "Main venue",
                "name_zh_hans": "主会场",
                "role": "main",
                "city_en": "Chongqing",
                "city_zh_hans": "重庆",
                "country": "CN",
            },
            {
                "name_en": "Berlin sub-venue",
                "name_zh_hans": "柏林分会场",
                "role": "sub",
                "city_en": "Berlin",
                "city_zh_hans": "柏林",
                "country": "DE",
                "time_zone": "Europe/Berlin",
                "partners_en": "German Federal Association for SMEs (BVMW)",
                "partners_zh_hans": "德国联邦中小企业协会",
            },
        ],
    )


@pytest.fixture
def report(world, negotiating, conference):
    """Three projects signed at the conference, one of them a capital increase of an earlier
    signing (announced 1.5 billion, counted 0.5 billion), and one signed in dollars."""
    main, berlin = conference.venues.order_by("position")
    sign(world, negotiating("Battery cell plant", amount="2.5e9"), conference, "2.5e9", venue=main)
    sign(
        world,
        negotiating("Logistics hub", sector="service", country="US", amount="8e8"),
        conference,
        "8e8",
        venue=berlin,
    )
    sign(
        world,
        negotiating("Sensor line", country="JP", amount="1.2e8"),
        conference,
        "1.2e8",
        venue=berlin,
        currency="USD",
    )
    earlier = negotiating("Motor plant", amount="1e9")
    services.signing_record(
        project=earlier, date=dt.date(2023, 1, 5), amount=Decimal("1e9"), by=world.officer
    )
    sign(world, earlier, conference, "1.5e9", kind=Signing.Kind.CAPITAL_INCREASE, venue=main)
    return event_report(event=conference)


@pytest.fixture
def pdf(report) -> bytes:
    return event_report_pdf(report)


@pytest.fixture
def pdf_file(pdf, tmp_path) -> Path:
    path = tmp_path / "event-report.pdf"
    path.write_bytes(pdf)
    return path


def test_the_report_is_a_pdf(pdf):
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")


def test_the_pdf_holds_both_briefings_and_every_table(report, pdf_file):
    text = _run(_tool("pdftotext"), "-enc", "UTF-8", str(pdf_file), "-")
    words, chinese = " ".join(text.split()), "".join(text.split())
    # 2.5 + 0.8 + 0.816 (120 million dollars at 6.8) + 0.5 (the increment) billion yuan
    assert report.total.projects == 3
    assert report.total.signings == 4
    assert "3 projects signed, totaling over 4.6 billion yuan ($678.8 million)" in words
    assert "billion yuan" in words
    assert "亿元" in chinese
    assert "超46亿元" in chinese
    for heading in ("Totals", "By sector", "产业类别", "By industry chain", "产业链"):
        assert heading in words or heading in chinese
    for heading in ("By investor country", "国别", "By venue", "会场"):
        assert heading in words or heading in chinese
    assert "Global Investment Promotion Conference" in words
    assert "全球投资促进大会" in chinese
    assert "柏林分会场" in chinese
    assert "German Federal Association for SMEs (BVMW)" in words
    assert "1 USD = 6.8000 CNY" in words
    assert "1 EUR = 7.3000 CNY" in words
    assert "USD equivalent" in words
    assert "As announced vs counted once" in words
    assert "Motor plant" in words
    assert "Capital increase" in words
    assert "Page 1 of" in words


def test_chinese_is_set_in_an_embedded_cjk_font(pdf_file):
    _need_cjk_font()
    fonts = _run(_tool("pdffonts"), str(pdf_file))
    names = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
    assert any("CJK" in name for name in names), fonts


def test_page_one_renders_to_a_picture_that_is_not_blank(pdf_file):
    _need_cjk_font()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / "event-report-pdf-page1"
    _run(
        _tool("pdftoppm"),
        "-png",
        "-r",
        "60",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        str(pdf_file),
        str(target),
    )
    with Image.open(target.with_suffix(".png")) as image:
        width, height = image.size
        assert abs(width - 496) <= 2  # A4 at 60 dpi, portrait
        assert abs(height - 702) <= 2
        grey = image.convert("L")
        inked = sum(grey.histogram()[:200])
        assert inked / (grey.width * grey.height) > 0.02
        assert ImageStat.Stat(grey).extrema[0][0] < 100  # some dark text, not only rules


def test_an_event_without_signings_still_renders(world, conference):
    text_pdf = event_report_pdf(event_report(event=conference))
    assert text_pdf.startswith(b"%PDF-")


@pytest.mark.parametrize(
    "url",
    [
        "https://fonts.googleapis.com/css2?family=Noto+Sans+SC",
        "http://127.0.0.1:8000/static/office.css",
        "ftp://example.com/logo.png",
        "file:///etc/passwd",
    ],
)
def test_the_fetcher_refuses_the_network_and_foreign_files(url):
    with pytest.raises(ValueError, match="refused"):
        local_only_fetcher(TEMPLATE_DIR).fetch(url)


def test_the_fetcher_serves_data_urls():
    response = local_only_fetcher(TEMPLATE_DIR).fetch("data:text/css,p%7Bcolor:red%7D")
    assert response.read() == b"p{color:red}"
