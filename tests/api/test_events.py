"""Campaigns, events, venues, signings and the event report through the API."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.helpers import assert_error
from tests.factories.events import (
    AgendaItemFactory,
    CampaignFactory,
    EventFactory,
    NegotiatingProjectFactory,
    ParticipantFactory,
    SigningFactory,
    VenueFactory,
)
from tests.factories.pipeline import ChainFactory, CompanyFactory
from zoneinvest.events.models import Signing
from zoneinvest.industries.models import Sector

DAY = dt.date(2023, 5, 18)
READ_PATHS = [
    "/campaigns",
    "/campaigns/{campaign}",
    "/events",
    "/events/{event}",
    "/events/{event}/venues",
    "/events/{event}/signings",
    "/events/{event}/report",
]
ONE_RECORD_PATHS = [path for path in READ_PATHS if "{" in path]


@pytest.fixture
def campaign(world):
    return CampaignFactory(zone=world.zone, name_en="2023 global campaign")


@pytest.fixture
def conference(world, campaign):
    """A conference of the campaign with a main venue in Chongqing and a sub-venue in Berlin."""
    event = EventFactory(zone=world.zone, campaign=campaign, date=DAY, name_en="Global conference")
    main = VenueFactory(event=event, name_en="Main venue", position=0)
    berlin = VenueFactory(
        event=event,
        name_en="Berlin sub-venue",
        role="sub",
        city_en="Berlin",
        country="DE",
        time_zone="Europe/Berlin",
        partners_en="Berlin Partner",
        position=1,
    )
    AgendaItemFactory(
        venue=main, title_en="Opening", starts_at=dt.datetime(2023, 5, 18, 1, 30, tzinfo=dt.UTC)
    )
    AgendaItemFactory(
        venue=berlin, title_en="Roundtable", starts_at=dt.datetime(2023, 5, 18, 8, tzinfo=dt.UTC)
    )
    ParticipantFactory(venue=berlin, name="Dr. Weber", organisation="Berlin Partner")
    return event


@pytest.fixture
def roadshow(world, campaign):
    """A second event of the same campaign, later in the year."""
    event = EventFactory(zone=world.zone, campaign=campaign, date=dt.date(2023, 9, 6))
    VenueFactory(event=event, name_en="Munich")
    return event


@pytest.fixture
def ready(world):
    """ready(**fields) → a project of the world's zone at `negotiating`, ready to be signed."""

    def make(**fields):
        defaults = {"zone": world.zone, "owner": world.officer, "chain": world.chain}
        return NegotiatingProjectFactory(**{**defaults, **fields})

    return make


def _paths(world, conference, campaign):
    return [p.format(campaign=campaign.pk, event=conference.pk) for p in READ_PATHS]


def _signing_body(project, **fields):
    return {"project": project.pk, "date": DAY.isoformat(), "amount": "100000000", **fields}


# ---------------------------------------------------------------- who may read and write


@pytest.mark.parametrize("path", READ_PATHS)
def test_every_events_address_refuses_a_request_without_a_token(
    world, conference, campaign, anonymous, path
):
    response = anonymous.get(path.format(campaign=campaign.pk, event=conference.pk))

    assert_error(response, 401, "unauthorized")


@pytest.mark.parametrize("role", ["director", "officer", "analyst", "admin"])
def test_every_pipeline_reader_reads_campaigns_events_and_reports(
    world, conference, campaign, api_as, role
):
    SigningFactory(venue=conference.venues.first())
    client = api_as(world.user(role))

    for path in _paths(world, conference, campaign):
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("path", READ_PATHS)
def test_a_consultant_may_not_read_campaigns_or_events(world, conference, campaign, api_as, path):
    response = api_as(world.consultant).get(path.format(campaign=campaign.pk, event=conference.pk))

    assert_error(response, 404, "not_found")


@pytest.mark.parametrize("path", ONE_RECORD_PATHS)
def test_an_event_or_campaign_of_another_zone_is_not_found(
    world, conference, campaign, api_as, path
):
    response = api_as(world.outsider).get(path.format(campaign=campaign.pk, event=conference.pk))

    assert_error(response, 404, "not_found")


def test_the_lists_hold_only_the_callers_zones(world, conference, campaign, api_as):
    CampaignFactory(zone=world.other_zone)
    EventFactory(zone=world.other_zone)

    events = api_as(world.outsider).get("/events").json()
    campaigns = api_as(world.outsider).get("/campaigns").json()
    own = api_as(world.officer).get("/events").json()

    assert conference.pk not in {e["id"] for e in events["items"]}
    assert campaign.pk not in {c["id"] for c in campaigns["items"]}
    assert [e["id"] for e in own["items"]] == [conference.pk]


def test_an_analyst_may_not_record_a_signing(world, conference, ready, api_as):
    project = ready()

    response = api_as(world.analyst).post(
        f"/events/{conference.pk}/signings", _signing_body(project)
    )

    assert_error(response, 403, "forbidden")
    assert not Signing.objects.exists()


def test_a_consultant_may_not_record_a_signing(world, conference, ready, api_as):
    response = api_as(world.consultant).post(
        f"/events/{conference.pk}/signings", _signing_body(ready())
    )

    assert_error(response, 404, "not_found")


def test_a_read_only_token_may_not_record_a_signing(world, conference, ready, api_as):
    client = api_as(world.officer, read_only=True)

    response = client.post(f"/events/{conference.pk}/signings", _signing_body(ready()))

    assert_error(response, 403, "read_only_token")


def test_recording_a_signing_at_an_event_of_another_zone_is_not_found(
    world, conference, ready, api_as
):
    response = api_as(world.outsider).post(
        f"/events/{conference.pk}/signings", _signing_body(ready())
    )

    assert_error(response, 404, "not_found")
    assert not Signing.objects.exists()


def test_recording_a_signing_without_a_token_is_refused(world, conference, ready, anonymous):
    response = anonymous.post(f"/events/{conference.pk}/signings", _signing_body(ready()))

    assert_error(response, 401, "unauthorized")


# ---------------------------------------------------------------- campaigns and events


def test_the_event_list_filters_by_campaign(world, conference, roadshow, api_as):
    EventFactory(zone=world.zone, campaign=None)
    other = CampaignFactory(zone=world.zone)
    client = api_as(world.officer)

    in_campaign = client.get("/events", campaign=conference.campaign_id).json()
    in_other = client.get("/events", campaign=other.pk).json()

    assert {e["id"] for e in in_campaign["items"]} == {conference.pk, roadshow.pk}
    assert in_campaign["count"] == 2
    assert in_other == {"items": [], "count": 0}


def test_an_event_reads_with_its_campaign_and_kind(world, conference, campaign, api_as):
    event = api_as(world.officer).get(f"/events/{conference.pk}").json()

    assert event["name"] == "Global conference"
    assert event["campaign"] == {"id": campaign.pk, "name": "2023 global campaign"}
    assert event["kind"] == {"code": "conference", "label": "Conference"}
    assert event["zone"]["code"] == "liangjiang"
    assert event["date"] == "2023-05-18"


def test_a_campaign_shows_its_progress_counting_each_project_once(
    world, conference, roadshow, campaign, ready, api_as
):
    project = ready()
    SigningFactory(project=project, event=conference, amount=Decimal("1e8"))
    SigningFactory(project=project, event=roadshow, amount=Decimal("1e8"), kind="resigning")
    SigningFactory(event=roadshow, project=ready(), amount=Decimal("3e8"))

    body = api_as(world.officer).get(f"/campaigns/{campaign.pk}").json()

    assert body["target_value"] == {"amount": "100000000000.00", "currency": "CNY"}
    assert body["progress"]["projects"] == 2
    assert body["progress"]["counted"] == {"amount": "400000000.00", "currency": "CNY"}
    assert body["progress"]["announced"] == {"amount": "500000000.00", "currency": "CNY"}
    assert [e["id"] for e in body["progress"]["events"]] == [conference.pk, roadshow.pk]


def test_venues_list_partners_participants_and_the_agenda_in_local_time(world, conference, api_as):
    venues = api_as(world.officer).get(f"/events/{conference.pk}/venues").json()

    main, berlin = venues
    assert (main["name"], main["role"]["code"], main["country"]) == ("Main venue", "main", "CN")
    assert main["agenda"][0]["starts_at"] == "2023-05-18T09:30:00+08:00"
    assert berlin["role"] == {"code": "sub", "label": "Sub-venue"}
    assert (berlin["city"], berlin["country_name"]) == ("Berlin", "Germany")
    assert (berlin["time_zone"], berlin["partners"]) == ("Europe/Berlin", "Berlin Partner")
    assert berlin["agenda"][0]["title"] == "Roundtable"
    assert berlin["agenda"][0]["starts_at"] == "2023-05-18T10:00:00+02:00"
    assert [p["name"] for p in berlin["participants"]] == ["Dr. Weber"]
    assert berlin["participants"][0]["role"]["code"] == "speaker"


# ---------------------------------------------------------------- recording signings


def test_recording_a_signing_returns_201_and_moves_the_project_to_signed(
    world, conference, ready, api_as
):
    client = api_as(world.officer)
    project = ready()
    venue = conference.venues.get(name_en="Berlin sub-venue")

    response = client.post(
        f"/events/{conference.pk}/signings",
        _signing_body(project, amount="250000000.50", venue=venue.pk, document="framework"),
    )

    assert response.status_code == 201, response.content
    signing = response.json()
    assert signing["project"] == {"id": project.pk, "title": project.title}
    assert signing["event"]["id"] == conference.pk
    assert signing["venue"] == {"id": venue.pk, "name": "Berlin sub-venue"}
    assert signing["amount"] == {"amount": "250000000.50", "currency": "CNY"}
    assert signing["counted"] == signing["amount"]
    assert signing["first_signing"] is True
    assert signing["kind"]["code"] == "new"
    assert signing["document"]["code"] == "framework"
    read = client.get(f"/projects/{project.pk}").json()
    assert read["stage"]["code"] == "signed"
    assert read["signing_date"] == "2023-05-18"
    assert read["version"] == project.version + 1


def test_values_sent_with_a_signing_supply_what_signed_requires(world, conference, ready, api_as):
    client = api_as(world.officer)
    project = ready(owner=None)
    path = f"/events/{conference.pk}/signings"

    refused = client.post(path, _signing_body(project))
    signed = client.post(path, _signing_body(project, values={"owner": world.officer2.pk}))

    assert list(assert_error(refused, 422, "missing_stage_fields")["details"]["fields"]) == [
        "owner"
    ]
    assert signed.status_code == 201, signed.content
    project.refresh_from_db()
    assert (project.stage, project.owner) == ("signed", world.officer2)


def test_a_signing_on_a_stale_project_version_is_refused_with_409(world, conference, ready, api_as):
    project = ready()

    response = api_as(world.officer).post(
        f"/events/{conference.pk}/signings", _signing_body(project, version=project.version + 5)
    )

    assert_error(response, 409, "conflict")
    assert not Signing.objects.exists()


def test_a_venue_of_another_event_is_refused_with_422(world, conference, roadshow, ready, api_as):
    munich = roadshow.venues.get()

    response = api_as(world.officer).post(
        f"/events/{conference.pk}/signings", _signing_body(ready(), venue=munich.pk)
    )

    error = assert_error(response, 422, "validation_failed")
    assert list(error["details"]["fields"]) == ["venue"]


def test_a_project_the_caller_may_not_see_is_refused_with_422(world, conference, api_as):
    foreign = NegotiatingProjectFactory(zone=world.other_zone)

    response = api_as(world.officer).post(
        f"/events/{conference.pk}/signings", _signing_body(foreign)
    )

    error = assert_error(response, 422, "validation_failed")
    assert error["details"]["fields"] == {"project": ["Not found."]}


def test_an_invalid_signing_is_refused_with_the_fields(world, conference, ready, api_as):
    response = api_as(world.officer).post(
        f"/events/{conference.pk}/signings",
        _signing_body(ready(), amount="0", kind="again", currency="XXX"),
    )

    error = assert_error(response, 422, "validation_failed")
    assert set(error["details"]["fields"]) == {"amount", "kind", "currency"}


def test_a_second_new_signing_of_the_same_project_is_refused_as_already_signed(
    world, conference, roadshow, ready, api_as
):
    client = api_as(world.officer)
    project = ready()
    client.post(f"/events/{conference.pk}/signings", _signing_body(project))

    response = client.post(f"/events/{roadshow.pk}/signings", _signing_body(project))

    error = assert_error(response, 422, "already_signed")
    assert "re-signing" in error["message"]
    assert "kind" in error["details"]["fields"]
    assert Signing.objects.filter(project=project).count() == 1


# ---------------------------------------------------------------- signing list


@pytest.fixture
def signed(world, conference, ready):
    """Three signings at the conference that differ in sector, chain, country and venue."""
    main, berlin = conference.venues.order_by("position")
    french = CompanyFactory(zone=world.zone, country="FR")
    finance = ChainFactory(zone=world.zone, code="finance", sector=Sector.SERVICE)
    return {
        "world": SigningFactory(project=ready(company=world.company), venue=main),
        "service": SigningFactory(project=ready(sector=Sector.SERVICE, chain=finance), venue=main),
        "french": SigningFactory(project=ready(company=french), venue=berlin),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"world", "service", "french"}),
        ({"sector": "service"}, {"service"}),
        ({"country": "fr"}, {"french"}),
        ({"venue": "berlin"}, {"french"}),
        ({"chain": "nev"}, {"world", "french"}),
    ],
)
def test_the_signing_list_filters_by_sector_chain_country_and_venue(
    world, conference, signed, api_as, params, expected
):
    refs = {"berlin": conference.venues.get(position=1).pk, "nev": world.chain.pk}
    query = {k: refs.get(v, v) for k, v in params.items()}

    response = api_as(world.officer).get(f"/events/{conference.pk}/signings", **query)

    assert response.status_code == 200, response.content
    assert {s["id"] for s in response.json()["items"]} == {signed[n].pk for n in expected}
    assert response.json()["count"] == len(expected)


# ---------------------------------------------------------------- the report


def test_the_report_gives_figures_by_slice_and_briefings_in_both_languages(
    world, conference, signed, api_as
):
    report = api_as(world.officer).get(f"/events/{conference.pk}/report").json()

    assert report["event"]["id"] == conference.pk
    assert report["on"] == "2023-05-18"
    assert report["total"] == {
        "signings": 3,
        "projects": 3,
        "announced": {"amount": "300000000.00", "currency": "CNY"},
        "counted": {"amount": "300000000.00", "currency": "CNY"},
    }
    assert report["equivalents"]["USD"] == {"amount": "44117647.06", "currency": "USD"}
    assert set(report["rates"]) == {"USD", "EUR"}
    assert Decimal(report["rates"]["USD"]) == pytest.approx(Decimal(1) / Decimal("6.8"))
    sectors = {f["key"]: (f["label"], f["projects"]) for f in report["by_sector"]}
    assert sectors == {"manufacturing": ("Manufacturing", 2), "service": ("Service", 1)}
    countries = {f["key"]: f["counted"]["amount"] for f in report["by_country"]}
    assert countries == {"DE": "200000000.00", "FR": "100000000.00"}
    assert [f["label"] for f in report["by_venue"]] == ["Main venue", "Berlin sub-venue"]
    assert world.chain.pk in {f["key"] for f in report["by_chain"]}
    assert report["differences"] == []
    english, chinese = report["briefing"]["en"], report["briefing"]["zh-hans"]
    assert english["headline"].startswith("3 projects signed, totaling 300 million yuan")
    assert english["text"] == "\n\n".join([english["headline"], *english["paragraphs"]])
    assert "3亿元" in chinese["headline"]


def test_a_re_signing_at_a_second_event_adds_nothing_to_the_counted_totals(
    world, conference, roadshow, ready, api_as
):
    client = api_as(world.officer)
    project = ready()
    client.post(f"/events/{conference.pk}/signings", _signing_body(project, amount="1e8"))

    response = client.post(
        f"/events/{roadshow.pk}/signings",
        _signing_body(project, date="2023-09-06", amount="1e8", kind="resigning"),
    )
    report = client.get(f"/events/{roadshow.pk}/report").json()

    assert response.status_code == 201, response.content
    assert response.json()["counted"]["amount"] == "0.00"
    assert report["total"]["signings"] == 1
    assert report["total"]["projects"] == 0
    assert report["total"]["counted"]["amount"] == "0.00"
    assert report["total"]["announced"]["amount"] == "100000000.00"
    [difference] = report["differences"]
    assert difference["project"] == {"id": project.pk, "title": project.title}
    assert difference["kind"]["code"] == "resigning"
    assert (difference["amount"]["amount"], difference["counted"]["amount"]) == (
        "100000000.00",
        "0.00",
    )
    assert difference["counting_note"] == "Signed before: listed, but not counted again."
    first = client.get(f"/events/{conference.pk}/report").json()
    assert first["total"]["counted"]["amount"] == "100000000.00"


def test_a_capital_increase_counts_only_its_increment(world, conference, roadshow, ready, api_as):
    client = api_as(world.officer)
    project = ready()
    client.post(f"/events/{conference.pk}/signings", _signing_body(project, amount="1e8"))

    response = client.post(
        f"/events/{roadshow.pk}/signings",
        _signing_body(project, date="2023-09-06", amount="1.5e8", kind="capital_increase"),
    )
    report = client.get(f"/events/{roadshow.pk}/report").json()

    assert response.status_code == 201, response.content
    assert response.json()["counted"] == {"amount": "50000000.00", "currency": "CNY"}
    assert report["total"]["counted"]["amount"] == "50000000.00"
    assert report["total"]["announced"]["amount"] == "150000000.00"
    assert [d["counted"]["amount"] for d in report["differences"]] == ["50000000.00"]


def test_the_differences_leave_out_confidential_projects_the_caller_may_not_see(
    world, conference, roadshow, ready, api_as
):
    secret = ready(confidential=True)
    SigningFactory(project=secret, event=conference)
    SigningFactory(project=secret, event=roadshow, kind="resigning")

    as_officer2 = api_as(world.officer2).get(f"/events/{roadshow.pk}/report").json()
    as_director = api_as(world.director).get(f"/events/{roadshow.pk}/report").json()

    assert as_officer2["differences"] == []
    assert [d["project"]["id"] for d in as_director["differences"]] == [secret.pk]
    assert as_officer2["total"] == as_director["total"]


def test_a_report_without_an_exchange_rate_for_the_event_date_is_refused_with_422(
    world, ready, api_as
):
    early = EventFactory(zone=world.zone, date=dt.date(2022, 6, 1))
    SigningFactory(project=ready(), event=early)

    response = api_as(world.officer).get(f"/events/{early.pk}/report")

    error = assert_error(response, 422, "no_fx_rate")
    assert error["message"] == "No exchange rate from CNY to USD on or before 2022-06-01."
    assert error["details"] == {"base": "CNY", "quote": "USD", "date": "2022-06-01"}


def test_the_report_makes_as_many_queries_for_30_signings_as_for_3(world, conference, api_as):
    client = api_as(world.officer)
    client.get("/events")  # the token's first use records its last_used_at
    main, berlin = conference.venues.order_by("position")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/events/{conference.pk}/report")
        assert response.status_code == 200, response.content
        return len(captured)

    for venue in (main, berlin, main):
        SigningFactory(venue=venue)
    few = queries()
    later = DAY + dt.timedelta(days=1)
    for n in range(18):  # 18 new signings and 9 capital increases: 30 in all
        project = NegotiatingProjectFactory(zone=world.zone, sector=Sector.SERVICE)
        SigningFactory(project=project, venue=berlin if n % 2 else main)
        if n % 2 == 0:
            SigningFactory(
                project=project,
                venue=main,
                date=later,
                kind="capital_increase",
                amount=Decimal("2e8"),
            )

    assert Signing.objects.filter(event=conference).count() == 30
    assert queries() == few


def test_the_signing_list_and_venues_make_as_many_queries_for_30_signings_as_for_3(
    world, conference, api_as
):
    client = api_as(world.officer)
    client.get("/events")  # the token's first use records its last_used_at
    main, berlin = conference.venues.order_by("position")

    def queries() -> tuple[int, int]:
        counts = []
        for path in ("signings", "venues"):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(f"/events/{conference.pk}/{path}")
            assert response.status_code == 200, response.content
            counts.append(len(captured))
        return counts[0], counts[1]

    for venue in (main, berlin, main):
        SigningFactory(venue=venue)
    few = queries()
    for n in range(27):
        SigningFactory(venue=berlin if n % 2 else main)
        AgendaItemFactory(venue=berlin)
        ParticipantFactory(venue=main)

    assert queries() == few
