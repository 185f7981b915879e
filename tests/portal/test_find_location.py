"""“Find your location”: a wizard of plain GET forms in both languages; the results are what
matching computes for the same answers, from the portal zone's published records only; the
profile travels signed to the inquiry form, is stored with the inquiry and shown to the office."""

import html
import re
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories.matching import battery_links
from tests.factories.pipeline import ChainFactory, CompanyFactory, ProjectFactory
from tests.factories.places import make_opportunity, make_park, make_policy
from zoneinvest.industries.models import ChainLink
from zoneinvest.matching.criteria import Criterion
from zoneinvest.matching.models import Weight
from zoneinvest.matching.profile import profile_from_data, profile_to_data
from zoneinvest.matching.selectors import match_opportunities, match_parks, match_policies
from zoneinvest.pipeline.models import Company
from zoneinvest.pipeline.stages import Stage
from zoneinvest.portal.location import profile_token
from zoneinvest.portal.models import Inquiry
from zoneinvest.portal.services import inquiry_submit

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "zh-hans")
# A battery maker's answers, as the two steps send them.
PROJECT = {
    "chain": "nev",
    "link": "nev:cells",
    "investment": "1,000,000,000",
    "company_type": "foreign",
    "country": "DE",
}
SITE = {
    "premises": "either",
    "land": "150",
    "land_unit": "mu",
    "power_mw": "",
    "water_m3_day": "",
    "workforce": "",
    "logistics": ["rail"],
    "motivations": ["market", "supply_chain"],
    "timeline_months": "18",
}
# The same answers as the profile reads them.
PROFILE = {
    "chain": "nev",
    "link": "cells",
    "investment": "1000000000",
    "land_mu": "150",
    "logistics": ["rail"],
    "motivations": ["market", "supply_chain"],
    "company_type": "foreign",
    "country": "DE",
    "timeline_months": "18",
}
INQUIRY = {
    "name": "Anna Schmidt",
    "organisation": "Voltstore GmbH",
    "country": "DE",
    "email": "anna@example.com",
    "message": "We plan a cell plant of 8 GWh.\nCan we visit in May?",
    "website": "",
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def zone(world):
    """Three links of the NEV chain, three published parks (a cell maker present in one), one
    unpublished park, two opportunities, two policies; another zone with a park of its own."""
    chain = world.chain
    links = battery_links(world.zone, chain)
    electronics = ChainFactory(zone=world.zone, code="electronics", name_en="Electronics")
    ChainLink.objects.create(
        zone=world.zone, chain=electronics, code="pcb", name_en="Printed circuit boards", order=0
    )
    make_park(
        world.zone,
        slug="rail",
        name_en="Rail Park",
        focus_chains=[chain],
        free_land_mu=Decimal(200),
        facilities=["rail_freight", "power"],
        land_price_min=Decimal(300_000),
        position=1,
    )
    auto = make_park(
        world.zone,
        slug="auto",
        name_en="Auto Park",
        focus_chains=[chain],
        free_land_mu=Decimal(1000),
        facilities=["power", "standard_factories"],
        position=2,
    )
    make_park(
        world.zone,
        slug="chips",
        name_en="Chips Park",
        focus_chains=[electronics],
        free_land_mu=Decimal(50),
        facilities=["airport"],
        position=3,
    )
    make_park(world.zone, slug="hidden", name_en="Hidden Park", published=False, position=4)
    make_park(
        world.other_zone,
        slug="faraway",
        name_en="Faraway Park",
        focus_chains=[],
        free_land_mu=Decimal(5000),
        facilities=["rail_freight"],
    )
    ProjectFactory(
        zone=world.zone,
        company=CompanyFactory(zone=world.zone, name_en="CellCo", chain=chain),
        chain=chain,
        link=links["cells"],
        stage=Stage.OPERATING,
        park=auto,
    )
    make_opportunity(
        world.zone, chain, slug="cells", title_en="Cell plant", link=links["cells"], land_mu=200
    )
    make_opportunity(world.zone, electronics, slug="pcb", title_en="PCB plant", land_mu=80)
    make_policy(world.zone, slug="subsidy", title_en="Big subsidy", min_investment=10**9)
    make_policy(world.zone, slug="chips-only", title_en="Chips grant", chains=[electronics])
    make_policy(world.other_zone, slug="far-grant", title_en="Faraway grant")
    return world.zone


def url(name: str, lang: str = "en", query: dict | None = None) -> str:
    with translation.override(lang):
        path = reverse(name)
    return f"{path}?{urlencode(query, doseq=True)}" if query is not None else path


def results_url(lang: str = "en", **changes) -> str:
    return url("portal:find_location_results", lang, {**PROJECT, **SITE, **changes})


def text(response) -> str:
    return html.unescape(response.content.decode())


class Results(HTMLParser):
    """Each result of the page in order: its section, title, link, score or verdict, and the
    texts of the reasons that raised (up), lowered (down) or are to be checked (unknown)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[dict] = []
        self.section = ""
        self._in: str | None = None
        self._kind: str | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "section" and values.get("aria-labelledby"):
            self.section = values["aria-labelledby"]
        elif tag == "li" and "match" in classes:
            self.found.append(
                {
                    "section": self.section,
                    "title": "",
                    "href": "",
                    "up": [],
                    "down": [],
                    "unknown": [],
                    "score": "",
                    "verdict": "",
                }  # fmt: skip
            )
        elif tag == "li" and self.found and set(classes) & {"up", "down", "unknown"}:
            self._kind = classes[0]
        elif tag == "a" and self.found and self._in is None and not self.found[-1]["href"]:
            self.found[-1]["href"] = values.get("href") or ""
            self._in = "title"
        elif tag == "span" and "text" in classes and self._kind:
            self._in = "reason"
        elif tag == "strong" and self.found:
            self._in = "score"
        elif tag == "p" and "verdict" in classes:
            self._in = "verdict"

    def handle_endtag(self, tag):
        if tag in ("a", "span", "strong", "p"):
            self._in = None
        elif tag == "li":
            self._kind = None

    def handle_data(self, data):
        if not self.found or self._in is None:
            return
        current = self.found[-1]
        if self._in == "reason":
            current[self._kind].append(data.strip())
        else:
            current[self._in] += data.strip()

    def of(self, section: str) -> list[dict]:
        return [item for item in self.found if item["section"] == section]


def results_of(response) -> Results:
    parser = Results()
    parser.feed(response.content.decode())
    return parser


# ---------------------------------------------------------------- the steps


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_first_step_asks_for_the_project_with_the_zones_chains_and_links(zone, lang):
    response = Client().get(url("portal:find_location", lang))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{lang}">' in body
    assert f'action="{url("portal:find_location_site", lang)}"' in body
    assert 'method="get"' in body
    assert '<option value="nev">' in body
    assert '<option value="electronics">' in body
    assert '<option value="nev:cells">' in body
    assert '<option value="electronics:pcb">' in body
    for name in ("investment", "company_type", "country"):
        assert f'name="{name}"' in body
    assert "<script" not in body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_second_step_carries_the_projects_answers_as_hidden_inputs(zone, lang):
    response = Client().get(url("portal:find_location_site", lang, PROJECT))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'action="{url("portal:find_location_results", lang)}"' in body
    for name, value in PROJECT.items():
        assert f'<input type="hidden" name="{name}" value="{html.escape(value)}">' in body
    for name in ("land", "land_unit", "premises", "power_mw", "water_m3_day", "workforce"):
        assert f'name="{name}"' in body
    assert body.count('name="logistics"') == 4
    assert body.count('name="motivations"') == 4


def test_the_back_link_keeps_every_answer(zone):
    response = Client().get(results_url())
    links = re.findall(r'href="([^"]*find-your-location/\?[^"]*)"', response.content.decode())
    assert links
    back = html.unescape(links[0])
    assert parse_qs(urlsplit(back).query)["investment"] == ["1,000,000,000"]
    step_one = Client().get(back).content.decode()
    assert '<option value="nev:cells" selected>' in step_one
    assert 'value="1,000,000,000"' in step_one
    # the site's answers ride along, hidden, to come back on step 2
    assert '<input type="hidden" name="logistics" value="rail">' in step_one
    assert '<input type="hidden" name="land" value="150">' in step_one


def test_a_step_opened_without_answers_goes_back_to_the_first(zone):
    for name in ("portal:find_location_site", "portal:find_location_results"):
        response = Client().get(url(name))
        assert response.status_code == 302
        assert response["Location"] == url("portal:find_location")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_wrong_answers_are_shown_beside_their_fields(zone, lang):
    response = Client().get(
        url("portal:find_location_site", lang, {**PROJECT, "investment": "lots"})
    )
    assert response.status_code == 400
    body = text(response)
    with translation.override(lang):
        expected = profile_from_data_error({"investment": "lots"})
    assert f'<ul class="errorlist" id="id_investment_error"><li>{expected}</li></ul>' in body
    assert 'aria-invalid="true"' in body
    assert 'role="alert"' in body
    assert "Traceback" not in body


@pytest.mark.parametrize("lang", LANGUAGES)
def test_wrong_site_answers_send_the_visitor_back_to_the_site_step(zone, lang):
    response = Client().get(results_url(lang, workforce="2.5", land="a lot"))
    assert response.status_code == 400
    body = text(response)
    with translation.override(lang):
        whole = profile_from_data_error({"workforce": "2.5"})
        number = profile_from_data_error({"land_mu": "a lot"})
    assert f'id="id_workforce_error"><li>{whole}</li>' in body
    assert f'id="id_land_error"><li>{number}</li>' in body
    assert f'action="{url("portal:find_location_results", lang)}"' in body


def profile_from_data_error(data: dict) -> str:
    try:
        profile_from_data(data)
    except Exception as refused:  # noqa: BLE001 - the test only wants the message
        return next(iter(refused.details["fields"].values()))[0]
    raise AssertionError("no error")


def test_a_missing_industry_or_investment_and_unknown_choices_are_refused(zone):
    response = Client().get(url("portal:find_location_site", "en", {"chain": "", "country": "DE"}))
    assert response.status_code == 400
    body = text(response)
    assert 'id="id_chain_error"' in body
    assert 'id="id_investment_error"' in body
    response = Client().get(results_url(logistics=["teleport"], premises="castle"))
    assert response.status_code == 400
    body = text(response)
    assert 'id="id_logistics_error"' in body
    assert 'id="id_premises_error"' in body


def test_a_link_of_another_chain_is_refused(zone):
    response = Client().get(
        url("portal:find_location_site", "en", {**PROJECT, "link": "electronics:pcb"})
    )
    assert response.status_code == 400
    assert "Choose a link of the industry chain above" in text(response)


def test_another_industry_is_an_answer(zone):
    response = Client().get(results_url(chain="other", link=""))
    assert response.status_code == 200
    assert "Another industry" in text(response)


# ---------------------------------------------------------------- the results


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_parks_come_in_matchings_order_with_its_reasons(zone, lang):
    response = Client().get(results_url(lang))
    assert response.status_code == 200
    with translation.override(lang):
        expected = match_parks(zone=zone, profile=profile_from_data(PROFILE), public=True)
    shown = results_of(response).of("parks")
    assert [item["title"] for item in shown] == [str(match.record.name) for match in expected]
    assert [m.record.slug for m in expected] == ["rail", "auto", "chips"]
    for item, match in zip(shown, expected, strict=True):
        assert item["href"].endswith(f"/investing/parks/{match.record.slug}/")
        assert item["score"] == str(match.score).replace("-", "\u2212")
        assert item["up"] == [reason.text for reason in match.raised]
        assert item["down"] == [reason.text for reason in match.lowered]
    with translation.override(lang):
        present = str(Company.objects.get(name_en="CellCo").name)
    assert any(present in reason for reason in shown[1]["up"])  # a company in the same link


@pytest.mark.parametrize("lang", LANGUAGES)
def test_opportunities_and_policies_come_with_their_reasons_and_verdicts(zone, lang):
    response = Client().get(results_url(lang))
    profile = profile_from_data(PROFILE)
    with translation.override(lang):
        opportunities = match_opportunities(zone=zone, profile=profile, public=True)
        policies = match_policies(zone=zone, profile=profile, public=True)
    page = results_of(response)
    shown = page.of("opportunities")
    assert [item["href"].rsplit("/", 2)[-2] for item in shown] == ["cells", "pcb"]
    assert [item["up"] for item in shown] == [[r.text for r in m.raised] for m in opportunities]
    assert [item["down"] for item in shown] == [[r.text for r in m.lowered] for m in opportunities]
    shown = page.of("policies")
    assert [item["href"].rsplit("/", 2)[-2] for item in shown] == ["subsidy", "chips-only"]
    with translation.override(lang):
        assert [item["verdict"] for item in shown] == [str(e.verdict.label) for e in policies]
    for item, eligibility in zip(shown, policies, strict=True):
        met = {True: "up", False: "down", None: "unknown"}
        for condition in eligibility.reasons:
            assert condition.text in item[met[condition.met]]


def test_the_results_say_the_scores_are_indicative_and_the_weights_the_zones(zone):
    body = text(Client().get(results_url()))
    assert "These scores are indicative" in body
    assert "computed from the records Liangjiang New Area publishes" in body
    assert "the weights its investment promotion bureau gives each criterion" in body
    assert '<meta name="robots" content="noindex">' in body


def test_the_answers_are_shown_with_their_units(zone):
    body = text(Client().get(results_url()))
    for label, value in (
        ("Industry chain", "Intelligent connected NEVs"),
        ("Link in the chain", "Cells and packs"),
        ("Planned investment", "1 billion yuan"),
        ("Company type", "Foreign-invested"),
        ("Country", "Germany"),
        ("Land needed", "150 亩 (100,000 m²)"),
        ("Timeline", "18 months"),
    ):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in body


def test_land_in_square_metres_counts_as_the_same_land_in_mu(zone):
    in_mu = results_of(Client().get(results_url())).of("parks")
    in_m2 = results_of(Client().get(results_url(land="100000", land_unit="m2"))).of("parks")
    assert in_m2 == in_mu


def test_only_the_portal_zones_published_records_appear(zone):
    body = text(Client().get(results_url()))
    for hidden in ("Hidden Park", "Faraway Park", "Faraway grant"):
        assert hidden not in body
    page = results_of(Client().get(results_url()))
    assert {item["title"] for item in page.of("parks")} == {"Rail Park", "Auto Park", "Chips Park"}


# ---------------------------------------------------------------- the cache


def test_a_results_page_is_cached_under_its_own_answers_only(zone):
    client = Client()
    first = client.get(results_url())
    again = client.get(results_url())
    assert (first["X-Cache"], again["X-Cache"]) == ("miss", "hit")
    assert again.content == first.content
    other = client.get(results_url(land="5000", logistics=[]))
    assert other["X-Cache"] == "miss"
    assert "5,000 亩" in text(other)
    assert "5,000 亩" not in text(first)


def test_a_changed_weight_makes_the_cached_results_stale(zone):
    client = Client()
    before = results_of(client.get(results_url())).of("parks")
    Weight.objects.create(zone=zone, criterion=Criterion.PARK_SAME_LINK, points=40)
    response = client.get(results_url())
    assert response["X-Cache"] == "miss"
    after = results_of(response).of("parks")
    assert [item["title"] for item in before][:2] == ["Rail Park", "Auto Park"]
    assert [item["title"] for item in after][:2] == ["Auto Park", "Rail Park"]


# ---------------------------------------------------------------- the inquiry with the profile


def _inquiry_link(response) -> str:
    links = re.findall(r'href="([^"]*/contact/\?[^"]*)"', response.content.decode())
    assert links, "no inquiry button"
    assert len(set(links)) == 1
    return html.unescape(links[0])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_inquiry_sent_from_the_results_stores_the_profile(zone, world, lang):
    client = Client()
    link = _inquiry_link(client.get(results_url(lang)))
    query = parse_qs(urlsplit(link).query)
    assert query["park"] == ["rail"]  # the best park is the inquiry's subject
    form = client.get(link)
    assert form.status_code == 200
    body = text(form)
    assert f'<option value="{world.chain.pk}" selected>' in body  # the chain answered
    assert "Cells and packs" in body  # the answers are shown with the form
    assert f'name="profile" value="{query["profile"][0]}"' in body
    response = client.post(
        link, {**INQUIRY, "chain": world.chain.pk, "park": "rail", "profile": query["profile"][0]}
    )
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.profile == profile_to_data(profile_from_data(PROFILE))
    assert inquiry.park.slug == "rail"
    assert inquiry.chain == world.chain
    assert inquiry.message == INQUIRY["message"]
    assert inquiry.language == lang


def test_the_token_is_signed_data_of_the_profile(zone):
    link = _inquiry_link(Client().get(results_url()))
    token = parse_qs(urlsplit(link).query)["profile"][0]
    assert signing.loads(token, salt="zoneinvest.portal.find_location.profile") == (
        profile_to_data(profile_from_data(PROFILE))
    )


def test_a_tampered_token_is_ignored_without_an_error_page(zone, world):
    token = profile_token(profile_from_data(PROFILE))
    forged = signing.dumps({**PROFILE, "investment": "1"}, salt="another salt", compress=True)
    for bad in (token[:-3] + "xyz", forged, "not-a-token", token.replace(":", "", 1)):
        response = Client().get(url("portal:contact"), {"profile": bad, "park": "rail"})
        assert response.status_code == 200
        body = text(response)
        assert "Cells and packs" not in body
        assert 'name="profile"' in body
        assert f'value="{bad}"' not in body
    response = Client().post(url("portal:contact"), {**INQUIRY, "profile": token[:-3] + "xyz"})
    assert response.status_code == 302
    assert Inquiry.objects.get().profile == {}


def test_an_inquiry_without_the_wizard_has_no_profile(zone):
    Client().post(url("portal:contact"), INQUIRY)
    assert Inquiry.objects.get().profile == {}


# ---------------------------------------------------------------- the office


def test_the_office_reads_the_profile_in_words_and_the_message_as_written(zone, world, client_for):
    inquiry = inquiry_submit(
        zone=zone,
        name="Anna Schmidt",
        organisation="Voltstore GmbH",
        email="anna@example.com",
        country="DE",
        message=INQUIRY["message"],
        profile=profile_from_data({**PROFILE, "power_mw": "12.5", "workforce": "450"}),
    )
    with translation.override("en"):
        detail = reverse("office:inquiry_detail", args=[inquiry.pk])
        listing = reverse("office:inquiry_list")
    assert detail in client_for(world.officer).get(listing).content.decode()
    response = client_for(world.officer).get(detail)
    assert response.status_code == 200
    body = text(response)
    for label, value in (
        ("Industry chain", "Intelligent connected NEVs"),
        ("Link in the chain", "Cells and packs"),
        ("Planned investment", "1 billion yuan"),
        ("Land needed", "150 亩 (100,000 m²)"),
        ("Power needed", "12.5 MW"),
        ("Workforce", "450 people"),
        ("Export logistics", "Rail freight to Europe and Central Asia"),
        ("Why you invest abroad", "Reach Asian markets, Be close to suppliers and customers"),
        ("Timeline", "18 months"),
    ):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in body
    assert "<p>We plan a cell plant of 8 GWh.<br>Can we visit in May?</p>" in body
    assert client_for(world.outsider).get(detail).status_code == 404


def test_the_office_says_when_an_inquiry_has_no_profile(zone, world, client_for):
    Client().post(url("portal:contact"), INQUIRY)
    inquiry = Inquiry.objects.get()
    body = text(client_for(world.director).get(reverse("office:inquiry_detail", args=[inquiry.pk])))
    assert "This inquiry was not sent from “Find your location”." in body
    assert "We plan a cell plant of 8 GWh." in body


# ---------------------------------------------------------------- menu and sitemap


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_menu_and_the_home_page_lead_to_the_wizard(zone, lang):
    body = Client().get(url("portal:home", lang)).content.decode()
    assert body.count(f'href="{url("portal:find_location", lang)}"') == 2  # menu, home button
    current = Client().get(url("portal:find_location_site", lang, PROJECT)).content.decode()
    assert f'<a href="{url("portal:find_location", lang)}" aria-current="page">' in current


def test_the_sitemap_lists_the_wizard_in_both_languages(zone):
    body = Client().get("/sitemap.xml").content.decode()
    for lang in LANGUAGES:
        assert f"http://testserver{url('portal:find_location', lang)}</loc>" in body
