"""The event pages: list, event, report (page and PDF), signings, live board, ceremony, campaigns,
and the projects signed but not started. Every record is made through the services."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories.pipeline import ChainFactory, CompanyFactory, ProjectFactory
from zoneinvest.core.models import FxRate
from zoneinvest.events import services
from zoneinvest.events.models import DiligenceCheck, Signing
from zoneinvest.pipeline.models import Task
from zoneinvest.pipeline.services import project_change_stage, project_create
from zoneinvest.pipeline.stages import Stage

EVENT_DAY = dt.date(2023, 1, 11)

# ---------------------------------------------------------------- building an event


def negotiating(world, title, *, sector="manufacturing", country="DE", amount="1e8", chain=None):
    """A project of the world's zone at `negotiating`, with everything `signed` requires."""
    company = CompanyFactory(zone=world.zone, country=country)
    project = project_create(zone=world.zone, title_en=title, company=company, by=world.officer)
    project = project_change_stage(
        project=project,
        to=Stage.QUALIFIED,
        by=world.officer,
        values={"sector": sector, "chain": chain or world.chain, "owner": world.officer},
    )
    return project_change_stage(
        project=project,
        to=Stage.NEGOTIATING,
        by=world.officer,
        values={"total_investment": Decimal(amount), "est_signing_date": EVENT_DAY},
    )


def build_campaign(world):
    return services.campaign_create(
        zone=world.zone,
        by=world.director,
        name_en="2023 global investment promotion campaign",
        name_zh_hans="2023年全球招商年行动",
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2023, 12, 31),
        target_projects=100,
        target_value=Decimal("100000000000"),
    )


def build_conference(world, *, campaign=None):
    """The conference: a main venue in Chongqing and a sub-venue in Berlin, with people and
    agendas (times stored in UTC, shown in each venue's own time zone)."""
    event = services.event_create(
        zone=world.zone,
        by=world.director,
        name_en="Global Investment Promotion Conference",
        name_zh_hans="全球投资促进大会",
        date=EVENT_DAY,
        starts_at=dt.datetime(2023, 1, 11, 1, 30, tzinfo=dt.UTC),
        organiser_en="Liangjiang New Area Administrative Committee",
        organiser_zh_hans="两江新区管委会",
        campaign=campaign,
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
                "partners_en": "BWA",
                "partners_zh_hans": "德国联邦经济发展与对外贸易协会",
            },
        ],
    )
    main, berlin = list(event.venues.order_by("position"))
    services.participant_add(
        event=event, by=world.director, venue=berlin, role="speaker", name="Michael Schumann"
    )
    services.participant_add(
        event=event, by=world.director, venue=main, role="signatory", name="Wang Yu"
    )
    services.agenda_item_add(
        venue=main,
        title_en="Opening and signing ceremony",
        title_zh_hans="开幕暨签约仪式",
        starts_at=dt.datetime(2023, 1, 11, 1, 30, tzinfo=dt.UTC),
        by=world.director,
    )
    services.agenda_item_add(
        venue=berlin,
        title_en="Berlin session",
        title_zh_hans="柏林分会场活动",
        starts_at=dt.datetime(2023, 1, 11, 13, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2023, 1, 11, 14, 30, tzinfo=dt.UTC),
        by=world.director,
    )
    return event


def sign(world, project, event, amount, *, venue=None, kind="new", currency=None, date=None):
    return services.signing_record(
        project=project,
        date=date or event.date,
        amount=Decimal(amount),
        by=world.officer,
        event=event,
        venue=venue or event.venues.order_by("position").first(),
        kind=kind,
        currency=currency,
    )


@pytest.fixture
def conference(world):
    """Three signings: a German manufacturer in Chongqing, an American service company in
    Berlin (in dollars), and a capital increase of a project first signed before the event."""
    event = build_conference(world, campaign=build_campaign(world))
    main, berlin = list(event.venues.order_by("position"))
    sign(world, negotiating(world, "Battery plant", amount="2e9"), event, "2e9")
    service = negotiating(world, "Data centre", sector="service", country="US", amount="1e8")
    sign(world, service, event, "1e8", venue=berlin, currency="USD")
    earlier = negotiating(world, "Chip packaging line", amount="5e8")
    services.signing_record(
        project=earlier, date=dt.date(2022, 6, 1), amount=Decimal("5e8"), by=world.officer
    )
    sign(world, earlier, event, "8e8", kind="capital_increase")
    return event


def _page(client, name, event, **params):
    response = client.get(reverse(name, kwargs={"pk": event.pk}), params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


EVENT_PAGES = [
    "office:event_detail",
    "office:event_report",
    "office:event_signings",
    "office:event_live",
    "office:event_live_figures",
    "office:event_ceremony",
]

# ---------------------------------------------------------------- who sees what


@pytest.mark.parametrize("role", ["director", "officer"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_event_page_opens_for_directors_and_officers(
    world, client_for, conference, role, language
):
    client = client_for(world.user(role))
    with translation.override(language):
        for name in EVENT_PAGES:
            _page(client, name, conference)
        for name in ("office:event_list", "office:campaign_list", "office:signed_not_started"):
            assert client.get(reverse(name)).status_code == 200
        campaign_url = reverse("office:campaign_detail", kwargs={"pk": conference.campaign_id})
        assert client.get(campaign_url).status_code == 200
    assert client.get(reverse("office:signing_new", kwargs={"pk": conference.pk})).status_code == (
        200
    )


def test_an_outsider_gets_404_for_every_event_page(world, client_for, conference):
    client = client_for(world.outsider)
    for name in [*EVENT_PAGES, "office:event_report_pdf", "office:signing_new"]:
        assert client.get(reverse(name, kwargs={"pk": conference.pk})).status_code == 404, name
    campaign_url = reverse("office:campaign_detail", kwargs={"pk": conference.campaign_id})
    assert client.get(campaign_url).status_code == 404
    assert conference.name_en not in client.get(reverse("office:event_list")).content.decode()


def test_a_consultant_finds_no_event_page(world, client_for, conference):
    client = client_for(world.consultant)
    for name in [*EVENT_PAGES, "office:event_report_pdf", "office:signing_new"]:
        assert client.get(reverse(name, kwargs={"pk": conference.pk})).status_code == 404, name
    for name in ("office:event_list", "office:campaign_list", "office:signed_not_started"):
        assert client.get(reverse(name)).status_code == 404


def test_an_analyst_reads_the_report_but_cannot_record_a_signing(world, client_for, conference):
    client = client_for(world.analyst)
    assert client.get(reverse("office:event_report", kwargs={"pk": conference.pk})).status_code == (
        200
    )
    url = reverse("office:signing_new", kwargs={"pk": conference.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


# ---------------------------------------------------------------- the event and its venues


def test_the_event_page_shows_each_venue_with_its_people_and_its_agenda_in_local_time(
    world, client_for, conference
):
    page = _page(client_for(world.officer), "office:event_detail", conference)
    assert "Berlin sub-venue" in page
    assert "Sub-venue" in page
    assert "BWA" in page
    assert "Michael Schumann" in page
    assert "Speaker" in page
    assert "Wang Yu" in page
    assert "Signatory" in page
    # 13:00 UTC is 14:00 in Berlin (and 21:00 in Chongqing); 01:30 UTC is 09:30 in Chongqing.
    assert "14:00–15:30" in page
    assert "21:00–22:30" in page
    assert "09:30" in page
    assert "Europe/Berlin (UTC+01:00)" in page
    assert "Asia/Shanghai (UTC+08:00)" in page
    assert "Liangjiang New Area Administrative Committee" in page
    assert "2023 global investment promotion campaign" in page


def test_the_event_page_speaks_chinese(world, client_for, conference):
    with translation.override("zh-hans"):
        page = _page(client_for(world.officer), "office:event_detail", conference)
    assert "全球投资促进大会" in page
    assert "柏林分会场" in page
    assert "柏林" in page
    assert "开幕暨签约仪式" in page


def test_the_event_list_counts_the_signings_of_each_event(world, client_for, conference):
    page = client_for(world.officer).get(reverse("office:event_list")).content.decode()
    row = re.search(r"Global Investment Promotion Conference.*?</tr>", page, re.S).group(0)
    assert ">3</a>" in row
    assert "2023 global investment promotion campaign" in row


# ---------------------------------------------------------------- the report


def test_the_report_shows_the_figures_counted_once_and_as_announced(world, client_for, conference):
    page = _page(client_for(world.director), "office:event_report", conference)
    # Counted once: 2 billion + 100 million dollars at 6.8 + the 300 million increment = 2.98 bn.
    assert "2.9 billion yuan" in page  # figure() never claims more than the records
    # As announced: 2 billion + 680 million + 800 million = 3.48 billion yuan.
    assert "3.4 billion yuan" in page
    assert "1 USD = 6.8000 yuan (rate of 2023-01-03)" in page
    assert "1 EUR = 7.3000 yuan (rate of 2023-01-03)" in page
    # The briefings, side by side, in both languages.
    assert 'lang="en"' in page
    assert 'lang="zh-hans"' in page
    assert "Chip packaging line" in page
    assert "Counts only the increment over the value signed before." in page
    assert reverse("office:event_report_pdf", kwargs={"pk": conference.pk}) in page


def test_every_figure_of_the_report_links_to_the_signings_behind_it(world, client_for, conference):
    page = _page(client_for(world.director), "office:event_report", conference)
    signings = reverse("office:event_signings", kwargs={"pk": conference.pk})
    main, berlin = list(conference.venues.order_by("position"))
    for query in (
        "sector=manufacturing",
        "sector=service",
        f"chain={world.chain.pk}",
        "country=DE",
        "country=US",
        f"venue={main.pk}",
        f"venue={berlin.pk}",
        "counted_only=1",
    ):
        assert f'href="{signings}?{query}' in page, query
    # Every number in the totals and the tables sits inside a link.
    tables = page[page.index('id="totals-h"') : page.index('id="diff-h"')]
    cells = re.findall(r'<td class="num">(.*?)</td>', tables)
    assert len(cells) == 7 * 4  # two sectors, one chain, two countries, two venues; 4 figures
    assert all(cell.startswith(f'<a href="{signings}') for cell in cells), cells
    tiles = re.findall(r'(<[^<]*)<span class="value">', tables)
    assert len(tiles) == 6
    assert all(tile.startswith('<a class="tile') and signings in tile for tile in tiles), tiles


def test_a_report_link_opens_exactly_the_records_behind_the_figure(world, client_for, conference):
    client = client_for(world.director)
    page = _page(client, "office:event_signings", conference, sector="service")
    assert "Data centre" in page
    assert "Battery plant" not in page
    assert "Chip packaging line" not in page
    assert "Total of 1 signing" in page
    page = _page(client, "office:event_signings", conference, country="DE", counted_only="1")
    assert "Battery plant" in page
    assert "Chip packaging line" not in page


def test_the_signing_list_totals_add_up_in_yuan(world, client_for, conference):
    page = _page(client_for(world.director), "office:event_signings", conference)
    assert "Total of 3 signings (first signings: 2)" in page
    assert "over 3.4 billion yuan" in page  # as announced: 3.48 billion
    assert "over 2.9 billion yuan" in page  # counted once: 2.98 billion
    assert "$100 million" in page  # each signing in its own currency


def test_a_missing_exchange_rate_is_shown_as_a_message_not_an_error(world, client_for, conference):
    FxRate.objects.filter(base="EUR").delete()
    response = client_for(world.director).get(
        reverse("office:event_report", kwargs={"pk": conference.pk})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "No exchange rate from CNY to EUR on or before 2023-01-11." in page
    assert "These figures cannot be computed yet" in page
    live = _page(client_for(world.director), "office:event_live_figures", conference)
    assert "No exchange rate" in live
    pdf = client_for(world.director).get(
        reverse("office:event_report_pdf", kwargs={"pk": conference.pk}), follow=True
    )
    assert pdf.redirect_chain[-1][0] == reverse("office:event_report", kwargs={"pk": conference.pk})
    assert "No exchange rate from CNY to EUR" in pdf.content.decode()


def test_the_event_pages_cost_the_same_queries_for_3_and_15_signings(world, client_for):
    client = client_for(world.director)
    event = build_conference(world)
    berlin = event.venues.order_by("position").last()
    for i in range(3):
        project = negotiating(world, f"Early {i}", country="FR")
        sign(world, project, event, "1e8", currency="USD" if i else None)

    def count(name):
        with CaptureQueriesContext(connection) as captured:
            _page(client, name, event)
        return len(captured)

    small = {name: count(name) for name in EVENT_PAGES}
    other_chain = ChainFactory(zone=world.zone, name_en="Life and health")
    for i in range(12):
        project = negotiating(
            world,
            f"Late {i}",
            sector="service" if i % 2 else "manufacturing",
            country=["US", "JP", "KR"][i % 3],
            chain=other_chain if i % 2 else None,
        )
        sign(world, project, event, "2e8", venue=berlin, currency="USD" if i % 3 else None)
    assert Signing.objects.filter(event=event).count() == 15
    assert {name: count(name) for name in EVENT_PAGES} == small
    assert small["office:event_report"] <= 20, small


def test_the_report_pdf_is_served_inline(world, client_for, conference):
    response = client_for(world.officer).get(
        reverse("office:event_report_pdf", kwargs={"pk": conference.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="global-investment-promotion-conference-2023-01-11-report.pdf"'
    )
    assert response.content.startswith(b"%PDF")


# ---------------------------------------------------------------- recording a signing


def test_recording_a_signing_through_the_form_moves_the_project_to_signed(
    world, client_for, conference
):
    project = negotiating(world, "Hydrogen fuel cells", amount="6e8")
    client = client_for(world.officer)
    url = reverse("office:signing_new", kwargs={"pk": conference.pk})
    form = client.get(url, {"project": project.pk}).content.decode()
    assert f'<option value="{project.pk}" selected>' in form
    assert 'value="2023-01-11"' in form  # the event date by default
    berlin = conference.venues.order_by("position").last()
    response = client.post(
        url,
        {
            "project": project.pk,
            "venue": berlin.pk,
            "date": "2023-01-11",
            "amount": "600000000",
            "currency": "CNY",
            "document": "agreement",
            "kind": "new",
            "note": "",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "office:event_report", kwargs={"pk": conference.pk}
    )
    project.refresh_from_db()
    assert project.stage == Stage.SIGNED
    assert project.signing_date == EVENT_DAY
    signing = Signing.objects.get(project=project)
    assert (signing.event, signing.venue, signing.counted_amount) == (
        conference,
        berlin,
        Decimal("6e8"),
    )
    assert "Signing of “Hydrogen fuel cells” recorded" in response.content.decode()


def test_a_second_new_signing_is_refused_with_the_reason(world, client_for, conference):
    battery = Signing.objects.get(project__title_en="Battery plant").project
    response = client_for(world.officer).post(
        reverse("office:signing_new", kwargs={"pk": conference.pk}),
        {
            "project": battery.pk,
            "venue": conference.venues.first().pk,
            "date": "2023-01-11",
            "amount": "2000000000",
            "currency": "CNY",
            "document": "agreement",
            "kind": "new",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "so that it is not counted twice" in page
    assert "Already signed before." in page
    assert Signing.objects.filter(project=battery).count() == 1


def test_the_signing_form_offers_only_projects_that_may_sign_at_this_event(
    world, client_for, conference
):
    negotiating(world, "Ready to sign")
    ProjectFactory(zone=world.other_zone, title_en="Elsewhere", stage=Stage.NEGOTIATING)
    form = client_for(world.officer).get(
        reverse("office:signing_new", kwargs={"pk": conference.pk})
    )
    choices = {str(p) for p in form.context["form"].fields["project"].queryset}
    assert "Ready to sign" in choices
    assert "Battery plant" in choices
    assert world.project.title_en not in choices  # still a lead
    assert "Elsewhere" not in choices  # another zone


# ---------------------------------------------------------------- ceremony, follow-ups, campaigns


def test_the_ceremony_list_highlights_unverified_items_and_marks_them_verified(
    world, client_for, conference
):
    project = negotiating(world, "Due to sign")
    client = client_for(world.officer)
    page = _page(client, "office:event_ceremony", conference)
    row = page[page.index(">Due to sign</a>") :]
    assert row[: row.index("</tr>")].count("To verify") == 4
    response = client.post(
        reverse("office:diligence_verify", kwargs={"pk": conference.pk}),
        {"project": project.pk, "item": "identity"},
    )
    assert response.status_code == 302
    assert DiligenceCheck.objects.filter(project=project, item="identity").exists()
    page = _page(client, "office:event_ceremony", conference)
    row = page[page.index(">Due to sign</a>") :]
    row = row[: row.index("</tr>")]
    assert row.count("To verify") == 3
    assert re.search(r'class="verified">.*?Investor identity verified', row)


def test_the_ceremony_refuses_a_project_of_another_zone(world, client_for, conference):
    stranger = ProjectFactory(zone=world.other_zone, stage=Stage.NEGOTIATING)
    response = client_for(world.admin).post(
        reverse("office:diligence_verify", kwargs={"pk": conference.pk}),
        {"project": stranger.pk, "item": "identity"},
    )
    assert response.status_code == 404
    assert not DiligenceCheck.objects.exists()


def test_creating_follow_up_tasks_is_idempotent(world, conference):
    created = services.followups_create(event=conference, by=world.director)
    # Two projects were first signed at the event; the chip line was first signed before it.
    assert created == 6
    tasks = Task.objects.filter(project__signings__event=conference).distinct()
    assert {(t.title, t.due_date) for t in tasks if t.project.title_en == "Battery plant"} == {
        ("Register the company", EVENT_DAY + dt.timedelta(days=30)),
        ("Secure the land", EVENT_DAY + dt.timedelta(days=90)),
        ("Start construction", EVENT_DAY + dt.timedelta(days=180)),
    }
    assert {t.assignee for t in tasks} == {world.officer}
    assert services.followups_create(event=conference, by=world.director) == 0
    with translation.override("zh-hans"):
        assert services.followups_create(event=conference, by=world.director) == 0
    assert Task.objects.count() == 6


def test_the_follow_up_button_creates_the_tasks_once(world, client_for, conference):
    client = client_for(world.director)
    url = reverse("office:event_followups", kwargs={"pk": conference.pk})
    page = client.post(url, follow=True).content.decode()
    assert "6 follow-up tasks created" in page
    page = client.post(url, follow=True).content.decode()
    assert "already has its follow-up tasks" in page
    assert Task.objects.count() == 6


def test_the_campaign_shows_its_progress_against_the_targets(world, client_for, conference):
    client = client_for(world.director)
    page = client.get(
        reverse("office:campaign_detail", kwargs={"pk": conference.campaign_id})
    ).content.decode()
    # Projects counted once against the target: 2 of 100 (the chip line was first signed before).
    reached = re.compile(r'counted once</th>\s*<td class="num">2</td>\s*<td class="num">100</td>')
    assert reached.search(page)
    assert "Global Investment Promotion Conference" in page
    listing = client.get(reverse("office:campaign_list")).content.decode()
    assert "2023 global investment promotion campaign" in listing
    assert reached.search(listing)


def test_signed_projects_not_started_are_listed_after_the_chosen_days(
    world, client_for, conference
):
    client = client_for(world.director)
    page = client.get(reverse("office:signed_not_started"), {"days": 30}).content.decode()
    assert "Battery plant" in page
    assert "Data centre" in page
    assert "Officer" in page  # the owner
    page = client.get(reverse("office:signed_not_started"), {"days": 3650}).content.decode()
    assert "Battery plant" not in page


# ---------------------------------------------------------------- the live board


def test_the_live_board_is_full_screen_and_polls_its_figures(world, client_for, conference):
    client = client_for(world.officer)
    page = _page(client, "office:event_live", conference)
    assert 'class="live"' in page
    assert 'hx-trigger="every 2s"' in page
    assert reverse("office:event_live_figures", kwargs={"pk": conference.pk}) in page
    assert 'aria-label="Main"' not in page  # no office navigation on the venue's screen
    figures = _page(client, "office:event_live_figures", conference)
    assert "<html" not in figures
    assert 'id="live-projects">2<' in figures
    assert "Chip packaging line" in figures.split("Latest signings")[1]


def test_the_live_board_speaks_chinese(world, client_for, conference):
    with translation.override("zh-hans"):
        figures = _page(client_for(world.officer), "office:event_live_figures", conference)
    assert "超29亿元" in figures
