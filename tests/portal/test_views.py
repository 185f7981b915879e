"""The public portal: every page in both languages, the inquiry form, the sitemap, no secrets."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories.pipeline import CompanyFactory, ProjectFactory
from zoneinvest.consultants.models import Consultant
from zoneinvest.core.models import Zone
from zoneinvest.pipeline.models import Company, Project, Source
from zoneinvest.pipeline.stages import Stage
from zoneinvest.places.models import Area, Indicator, IndicatorKind
from zoneinvest.portal.models import Inquiry
from zoneinvest.portal.services import inquiry_submit, working_days_after

PAGES = [
    "portal:home",
    "portal:why",
    "portal:industries",
    "portal:consultants",
    "portal:contact",
    "portal:thanks",
]
VALID = {
    "name": "Anna Schmidt",
    "organisation": "Voltstore GmbH",
    "country": "DE",
    "email": "anna@example.com",
    "message": "We plan a battery plant in western China.",
    "website": "",
}


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def url(name: str, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(name)


def _land_area(zone: Zone) -> None:
    for area, value in ((Area.ZONE, "1200"), (Area.CITY, "82400")):
        Indicator.objects.create(
            zone=zone,
            kind=IndicatorKind.LAND_AREA,
            area=area,
            year=2022,
            value=Decimal(value),
            unit="km²",
            source=f"Statistical yearbook ({area})",
        )


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_in_english(world, name):
    response = Client().get(url(name))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert "Liangjiang New Area" in body
    assert "两江新区" in body
    assert "Contact Us" in body
    assert "Investing" in body


@pytest.mark.parametrize("name", PAGES)
def test_every_page_opens_in_chinese_with_chinese_menus(world, name):
    response = Client().get(url(name, "zh-hans"))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="zh-hans">' in body
    for label in ("关于", "投资", "联系我们", "产业"):
        assert label in body, label


def test_each_page_names_its_alternates_in_both_languages(world):
    body = Client().get(url("portal:why")).content.decode()
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/investing/why/">' in body
    assert 'hreflang="zh-hans" href="http://testserver/zh-hans/investing/why/"' in body
    assert 'hreflang="x-default" href="http://testserver/en/investing/why/"' in body


def test_the_language_switch_keeps_the_page_and_its_query(world):
    body = Client().get(url("portal:industries")).content.decode()
    assert 'href="/zh-hans/investing/industries/" lang="zh-hans"' in body
    body = Client().get(url("portal:policies") + "?kind=tax").content.decode()
    assert 'href="/zh-hans/investing/policies/?kind=tax" lang="zh-hans"' in body


def test_the_site_root_sends_visitors_to_the_portal_in_their_language(world):
    assert Client().get("/")["Location"] == "/en/"
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").get("/")
    assert chinese["Location"] == "/zh-hans/"


def test_the_office_stays_where_it_was(world):
    assert Client().get("/en/office/")["Location"].startswith("/en/accounts/login/")


def test_home_and_why_show_the_shares_from_the_indicator_records(world):
    _land_area(world.zone)
    home = Client().get(url("portal:home")).content.decode()
    assert "1.46%" in home
    why = Client().get(url("portal:why")).content.decode()
    assert "1.46%" in why
    assert "1200" in why
    assert "82400" in why
    assert "Statistical yearbook (zone)" in why
    assert "Statistical yearbook (city)" in why


def test_industries_name_the_companies_present_and_the_tier(world):
    world.chain.tier = "trillion"
    world.chain.save()
    ProjectFactory(
        zone=world.zone,
        chain=world.chain,
        stage=Stage.OPERATING,
        company=CompanyFactory(zone=world.zone, name_en="Changan Automobile"),
    )
    ProjectFactory(
        zone=world.zone,
        chain=world.chain,
        stage=Stage.OPERATING,
        confidential=True,
        company=CompanyFactory(zone=world.zone, name_en="Secret Motors"),
    )
    body = Client().get(url("portal:industries")).content.decode()
    assert "Intelligent connected NEVs" in body
    assert "Trillion-yuan-level cluster" in body
    assert "Changan Automobile" in body
    assert "Secret Motors" not in body
    assert "Bosch" not in body  # its project is only a lead


def test_consultants_lists_only_those_who_agreed(world):
    Consultant.objects.create(
        zone=world.zone,
        name_en="Denis Depoux",
        organisation_en="Roland Berger",
        country="DE",
        public_consent=True,
        bio_en="Private biography",
    )
    Consultant.objects.create(zone=world.zone, name_en="Hidden Adviser", public_consent=False)
    body = Client().get(url("portal:consultants")).content.decode()
    assert "Denis Depoux" in body
    assert "Roland Berger" in body
    assert "Germany" in body
    assert "Hidden Adviser" not in body
    assert "Private biography" not in body


def test_no_project_amount_appears_on_any_page(world):
    ProjectFactory(
        zone=world.zone,
        chain=world.chain,
        stage=Stage.OPERATING,
        total_investment=Decimal("123456789"),
        company=CompanyFactory(zone=world.zone, name_en="Bigspender AG"),
    )
    forms = ("123456789", "123,456,789", "123 456 789", "1.23 亿", "1.2 亿", "123.5 million")
    for lang in ("en", "zh-hans"):
        for name in PAGES:
            body = Client().get(url(name, lang)).content.decode()
            for form in forms:
                assert form not in body, (name, lang, form)
    assert "Bigspender AG" in Client().get(url("portal:industries")).content.decode()


def test_a_valid_inquiry_opens_a_lead(world):
    response = Client().post(url("portal:contact"), {**VALID, "chain": world.chain.pk})
    assert response.status_code == 302
    assert response["Location"] == url("portal:thanks")
    inquiry = Inquiry.objects.get()
    assert inquiry.zone == world.zone
    assert inquiry.language == "en"
    assert inquiry.chain == world.chain
    project = inquiry.project
    assert project is not None
    assert project.stage == Stage.LEAD
    assert project.source == Source.INQUIRY
    assert project.title_en == "Inquiry: Voltstore GmbH"
    assert project.owner == world.officer  # owns a project in the chain
    assert project.company.name_en == "Voltstore GmbH"
    assert str(project.company.country) == "DE"


def test_an_inquiry_reuses_the_company_already_recorded(world):
    before = Company.objects.count()
    Client().post(url("portal:contact"), {**VALID, "organisation": "BOSCH g.m.b.h."})
    assert Company.objects.count() == before
    assert Inquiry.objects.get().project.company == world.company


def test_an_inquiry_in_chinese_records_the_language(world):
    Client().post(url("portal:contact", "zh-hans"), VALID)
    assert Inquiry.objects.get().language == "zh-hans"


def test_an_inquiry_is_due_two_working_days_later(world):
    friday = dt.datetime(2024, 5, 3, 10, 0, tzinfo=dt.UTC)
    inquiry = inquiry_submit(
        zone=world.zone,
        name="Anna",
        organisation="Voltstore",
        email="anna@example.com",
        country="DE",
        message="Hello",
        at=friday,
    )
    assert inquiry.due_by == dt.date(2024, 5, 7)  # Tuesday
    assert working_days_after(dt.date(2024, 5, 6), 2) == dt.date(2024, 5, 8)


def test_the_honeypot_rejects_bots(world):
    response = Client().post(url("portal:contact"), {**VALID, "website": "http://spam.example"})
    assert response.status_code == 302  # a bot is not told
    assert not Inquiry.objects.exists()
    assert not Project.objects.filter(source=Source.INQUIRY).exists()


def test_an_invalid_inquiry_shows_the_form_again(world):
    response = Client().post(url("portal:contact"), {**VALID, "email": "not-an-email"})
    assert response.status_code == 400
    assert not Inquiry.objects.exists()


def test_the_rate_limit_kicks_in_after_five_inquiries_an_hour(world):
    client = Client()
    for _ in range(5):
        assert client.post(url("portal:contact"), VALID).status_code == 302
    response = client.post(url("portal:contact"), VALID)
    assert response.status_code == 429
    assert Inquiry.objects.count() == 5
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.post(url("portal:contact"), VALID).status_code == 302


def test_the_sitemap_lists_every_page_in_both_languages(world):
    response = Client().get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    body = response.content.decode()
    for name in PAGES[:-1]:
        for lang in ("en", "zh-hans"):
            assert f"<loc>http://testserver{url(name, lang)}</loc>" in body
    assert 'hreflang="zh-hans" href="http://testserver/zh-hans/contact/"' in body
    assert 'hreflang="x-default"' in body


def test_robots_allows_the_portal_and_keeps_crawlers_out_of_the_office(world):
    body = Client().get("/robots.txt").content.decode()
    assert "Allow: /\n" in body
    for path in ("/admin/", "/api/", "/en/office/", "/zh-hans/office/"):
        assert f"Disallow: {path}" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_an_unknown_portal_zone_is_404(world, settings):
    settings.PORTAL_ZONE = "nowhere"
    assert Client().get(url("portal:home")).status_code == 404


def test_the_director_sees_the_new_lead_with_its_response_clock(world, client_for):
    Client().post(url("portal:contact"), {**VALID, "chain": world.chain.pk})
    inquiry = Inquiry.objects.get()
    Inquiry.objects.filter(pk=inquiry.pk).update(due_by=dt.date(2020, 1, 6))
    page = client_for(world.director).get(reverse("office:inquiry_list")).content.decode()
    assert "Voltstore GmbH" in page
    assert "2020-01-06" in page
    assert "Overdue" in page
    from zoneinvest.pipeline.services import activity_record

    activity_record(
        kind="call", date=dt.date(2020, 1, 6), by=world.officer, project=inquiry.project
    )
    page = client_for(world.director).get(reverse("office:inquiry_list")).content.decode()
    assert "Overdue</span>" not in page
    assert client_for(world.consultant).get(reverse("office:inquiry_list")).status_code == 404
