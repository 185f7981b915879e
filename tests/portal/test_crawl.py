"""A crawl of the whole public portal with the demo loaded: every link answers, nothing
confidential or unpublished shows, and the Chinese menus are in Chinese.

The demo and the crawl are made once for the module (rolled back after it); each test reads the
crawled pages.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import Client

from zoneinvest.core.models import Zone
from zoneinvest.core.money import Money, format_money
from zoneinvest.demo.liangjiang import demo_load
from zoneinvest.pipeline.models import Activity, Contact, Project
from zoneinvest.pipeline.stages import Stage
from zoneinvest.places.models import Park, Policy, PolicyKind
from zoneinvest.portal.models import Opportunity, Page, Status, Story, StoryKind

START = ("/en/", "/zh-hans/", "/sitemap.xml")
LANGUAGE_PREFIXES = ("/en/", "/zh-hans/")
PRIVATE = ("office/", "accounts/", "admin/", "api/")
HOST = "testserver"
BEFORE_SIGNING = (Stage.LEAD, Stage.QUALIFIED, Stage.NEGOTIATING, Stage.ON_HOLD, Stage.LOST)
MONEY_FIELDS = (
    "total_investment",
    "fixed_asset_investment",
    "foreign_investment",
    "registered_capital",
    "contracted_amount",
    "expected_annual_output",
    "expected_annual_tax",
)
LONG_TEXT = 20
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
UNPUBLISHED = {
    "story": "Draft story the crawl must never find",
    "park": "Unpublished park the crawl must never find",
    "policy": "Unpublished policy the crawl must never find",
    "opportunity": "Unpublished opportunity the crawl must never find",
}


class Links(HTMLParser):
    """The href and src of every element, and the texts of the main menu's summaries and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.menu_labels: list[str] = []
        self._nav_depth = 0  # >0 inside <nav class="menu">
        self._label: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.urls.append(str(values[name]))
        if tag == "nav":
            if self._nav_depth or "menu" in (values.get("class") or "").split():
                self._nav_depth += 1
        elif self._nav_depth and tag in ("summary", "a"):
            self._label = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1
        elif self._nav_depth and tag in ("summary", "a") and self._label is not None:
            self.menu_labels.append(" ".join("".join(self._label).split()))
            self._label = None

    def handle_data(self, data: str) -> None:
        if self._label is not None:
            self._label.append(data)


@dataclass
class Crawl:
    pages: dict[str, str] = field(default_factory=dict)  # URL → text of each page that answered
    menus: dict[str, list[str]] = field(default_factory=dict)  # zh-hans URL → menu labels
    broken: dict[str, tuple[int | str, str]] = field(default_factory=dict)  # URL → (status, from)
    assets: set[str] = field(default_factory=set)


def _same_site_path(url: str) -> str | None:
    """The path (with query) of a link to this site, or None for another site or a fragment."""
    url, _fragment = urldefrag(url.strip())
    parts = urlsplit(url)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None  # mailto:, tel:, data:
    if parts.netloc and parts.netloc != HOST:
        return None
    if not parts.path.startswith("/"):
        return None  # the portal links with absolute paths; a relative one is not followed
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _followed(path: str) -> bool:
    return path.startswith(LANGUAGE_PREFIXES) and not any(
        path.split("/", 2)[2].startswith(private) for private in PRIVATE
    )


def _asset(path: str) -> bool:
    return path.startswith(("/static/", "/media/"))


def _check_asset(client: Client, path: str) -> int | str:
    if path.startswith("/media/"):
        # Served by the reverse proxy in production (DEBUG is off here): the file must exist.
        name = urlsplit(path).path.removeprefix("/media/")
        return 200 if default_storage.exists(name) else "missing file"
    response = client.get(path)
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response.status_code


def crawl(client: Client) -> Crawl:
    found = Crawl()
    queue: list[tuple[str, str]] = [(url, "(start)") for url in START]
    seen = {url for url, _ in queue}
    while queue:
        path, referrer = queue.pop(0)
        if _asset(path):
            status = _check_asset(client, path)
            found.assets.add(path)
            if status != 200:
                found.broken[path] = (status, referrer)
            continue
        response = client.get(path)
        if response.status_code != 200:
            found.broken[path] = (response.status_code, referrer)
            continue
        text = response.content.decode()
        found.pages[path] = text
        parser = Links()
        if path.endswith(".xml"):
            parser.urls = re.findall(r"<loc>([^<]+)</loc>", text)
            parser.urls += re.findall(r'href="([^"]+)"', text)
        else:
            parser.feed(text)
        if path.startswith("/zh-hans/"):
            found.menus[path] = parser.menu_labels
        for url in parser.urls:
            target = _same_site_path(url)
            if target is None or target in seen:
                continue
            if _followed(target) or _asset(target):
                seen.add(target)
                queue.append((target, path))
    return found


def _unpublished_records(zone: Zone) -> None:
    """One unpublished record of each public kind, so the check below can be seen to bite."""
    chain = zone.industrychain_set.get(code="nev")
    Story.objects.create(
        zone=zone,
        slug="draft-story-never-shown",
        kind=StoryKind.BUSINESS,
        title_en=UNPUBLISHED["story"],
        title_zh_hans="不应出现的草稿新闻",
        body_en="Draft.",
        body_zh_hans="草稿。",
        status=Status.DRAFT,
    )
    park = Park.objects.create(
        zone=zone,
        slug="unpublished-park",
        name_en=UNPUBLISHED["park"],
        name_zh_hans="不应出现的园区",
        area_km2=Decimal(1),
        published=False,
    )
    park.focus_chains.add(chain)
    policy = Policy.objects.create(
        zone=zone,
        slug="unpublished-policy",
        title_en=UNPUBLISHED["policy"],
        title_zh_hans="不应出现的政策",
        issuer_en="Nobody",
        issuer_zh_hans="无",
        kind=PolicyKind.SUBSIDY,
        valid_from=dt.date(2020, 1, 1),
        published=False,
    )
    policy.chains.add(chain)
    Opportunity.objects.create(
        zone=zone,
        slug="unpublished-opportunity",
        title_en=UNPUBLISHED["opportunity"],
        title_zh_hans="不应出现的项目机会",
        summary_en="Not public.",
        summary_zh_hans="不公开。",
        chain=chain,
        park=park,
        amount_band="under_100m",
        published=False,
    )


@pytest.fixture(scope="module")
def crawled(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        zone = demo_load().zone
        _unpublished_records(zone)
        cache.clear()  # no page rendered by another test's database
        result = crawl(Client())
        yield zone, result
        transaction.set_rollback(True)
    cache.clear()


@pytest.fixture
def zone(crawled, db) -> Zone:
    return crawled[0]


@pytest.fixture
def pages(crawled) -> Crawl:
    return crawled[1]


def _amount_texts(amount: Decimal, currency: str) -> set[str]:
    money = Money(amount, currency)
    texts = {format_money(money, "en"), format_money(money, "zh-hans")}
    digits = str(amount.quantize(Decimal(1)))
    if len(digits.lstrip("-")) >= 7:
        texts |= {digits, f"{int(digits):,}"}
    return texts


def public_amount_texts(zone: Zone) -> set[str]:
    """Amounts the portal shows from its own records: policy thresholds and land prices."""
    texts: set[str] = set()
    for policy in Policy.objects.filter(zone=zone, published=True):
        if policy.min_investment:
            texts |= _amount_texts(policy.min_investment, "CNY")
    for park in Park.objects.filter(zone=zone, published=True):
        for price in (park.land_price_min, park.land_price_max):
            if price:
                texts |= _amount_texts(price, "CNY")
    return texts


def confidential_texts(zone: Zone) -> dict[str, str]:
    """Every text no public page may show → where it comes from."""
    secret: dict[str, str] = {}
    projects = Project.objects.filter(zone=zone)
    for project in projects.filter(confidential=True):
        secret[project.title] = f"title of confidential project {project.pk}"
    for project in projects.filter(stage__in=BEFORE_SIGNING):
        for name in MONEY_FIELDS:
            amount = getattr(project, name)
            if amount:
                for text in _amount_texts(amount, project.currency):
                    secret[text] = f"{name} of project {project.pk} ({project.stage})"
    for text in public_amount_texts(zone):
        secret.pop(text, None)  # a round figure the portal publishes for its own reasons
    for project in projects:
        for name in ("description", "lost_reason"):
            text = getattr(project, name).strip()
            if len(text) > LONG_TEXT:
                secret[text] = f"{name} of project {project.pk}"
    for contact in Contact.objects.filter(zone=zone):
        for name in ("email", "phone"):
            if getattr(contact, name).strip():
                secret[getattr(contact, name).strip()] = f"{name} of contact {contact.pk}"
        if len(contact.notes.strip()) > LONG_TEXT:
            secret[contact.notes.strip()] = f"notes of contact {contact.pk}"
    for activity in Activity.objects.filter(zone=zone):
        if len(activity.notes.strip()) > LONG_TEXT:
            secret[activity.notes.strip()] = f"notes of activity {activity.pk}"
    return secret


def unpublished_titles(zone: Zone) -> dict[str, str]:
    hidden: dict[str, str] = {}
    for model in (Story, Page):
        for record in model.objects.filter(zone=zone).exclude(status=Status.PUBLISHED):
            for title in (record.title_en, record.title_zh_hans):
                if title:
                    hidden[title] = f"unpublished {model.__name__} {record.pk}"
    for model, name in ((Park, "name"), (Policy, "title"), (Opportunity, "title")):
        for record in model.objects.filter(zone=zone, published=False):
            for title in (getattr(record, f"{name}_en"), getattr(record, f"{name}_zh_hans")):
                if title:
                    hidden[title] = f"unpublished {model.__name__} {record.pk}"
    return hidden


def _occurrences(text: str, needle: str) -> bool:
    """The needle as a whole figure or phrase (so "1.2 billion" is not found in "21.2 billion")."""
    pattern = r"(?<![\w.,])" + re.escape(needle) + r"(?![\w])"
    return re.search(pattern, text) is not None


def _leaks(pages: Crawl, secrets: dict[str, str]) -> list[str]:
    leaks = []
    for url, text in pages.pages.items():
        visible = re.sub(r"\s+", " ", text)
        for needle, origin in secrets.items():
            if needle in visible and _occurrences(visible, needle):
                leaks.append(f"{url}: {needle!r} ({origin})")
    return leaks


def test_the_crawl_reaches_every_public_page_in_both_languages(pages):
    english = [url for url in pages.pages if url.startswith("/en/")]
    chinese = [url for url in pages.pages if url.startswith("/zh-hans/")]
    assert len(english) >= 40
    assert len(chinese) >= 40
    for prefix in LANGUAGE_PREFIXES:
        for path in ("investing/policies/", "investing/parks/", "news/", "contact/"):
            assert f"{prefix}{path}" in pages.pages
    assert any(url.startswith("/static/") for url in pages.assets)


def test_no_link_is_broken(pages):
    broken = [
        f"{url} answered {status} (linked from {referrer})"
        for url, (status, referrer) in sorted(pages.broken.items())
    ]
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_no_confidential_field_appears_on_any_page(zone, pages):
    secrets = confidential_texts(zone)
    assert len(secrets) > 50  # the demo has confidential projects, early amounts and contacts
    leaks = _leaks(pages, secrets)
    assert not leaks, "confidential fields on public pages:\n" + "\n".join(leaks)


def test_no_unpublished_record_appears_on_any_page(zone, pages):
    hidden = unpublished_titles(zone)
    assert set(UNPUBLISHED.values()) <= set(hidden)
    leaks = _leaks(pages, hidden)
    assert not leaks, "unpublished records on public pages:\n" + "\n".join(leaks)
    for slug in ("draft-story-never-shown", "unpublished-park", "unpublished-policy"):
        assert not any(slug in url for url in pages.pages)


def test_the_check_finds_a_title_that_is_on_a_page(zone, pages):
    park = Park.objects.filter(zone=zone, published=True).first()
    assert _leaks(pages, {park.name_en: "published park"})


def test_every_chinese_page_has_its_menu_in_chinese(pages):
    assert pages.menus
    untranslated = []
    for url, labels in sorted(pages.menus.items()):
        assert len(labels) >= 10, url
        untranslated += [f"{url}: {label!r}" for label in labels if not CJK.search(label)]
        assert '<html lang="zh-hans">' in pages.pages[url]
    assert not untranslated, "menu labels without Chinese:\n" + "\n".join(sorted(set(untranslated)))


def test_the_chinese_menu_groups_have_their_chinese_names(pages):
    text = pages.pages["/zh-hans/"]
    for label in ("关于", "投资", "生活", "新闻", "联系我们"):
        assert label in text
