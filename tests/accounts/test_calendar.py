"""Private calendar feeds: the events of the user's zones and their open tasks, as iCalendar."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from tests.factories.pipeline import ProjectFactory, TaskFactory
from zoneinvest.accounts.models import CalendarFeed
from zoneinvest.accounts.services import calendar_feed_create
from zoneinvest.events.services import agenda_item_add, event_create

FEED_URL = re.compile(r"https?://[^\s<\"]+/calendar/(zc_[A-Za-z0-9_-]+)/events\.ics")


def _feed(user, language="en"):
    _, plain = calendar_feed_create(user=user, language=language)
    return plain


def _get(client, plain, which="events"):
    return client.get(reverse(f"calendar_{which}", kwargs={"token": plain}))


def _entries(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def events(world):
    """A conference of the world's zone (all day, two venues), a timed roadshow with an agenda,
    and an event of another zone."""
    conference = event_create(
        zone=world.zone,
        by=world.director,
        name_en="Global Investment Promotion Conference",
        name_zh_hans="全球投资促进大会",
        date=dt.date(2023, 1, 11),
        venues=[
            {"name_en": "Main venue", "city_en": "Chongqing", "country": "CN", "role": "main"},
            {"name_en": "Berlin sub-venue", "city_en": "Berlin", "country": "DE", "role": "sub"},
        ],
    )
    starts = dt.datetime(2023, 5, 4, 9, 0, tzinfo=dt.UTC)
    roadshow = event_create(
        zone=world.zone,
        by=world.director,
        name_en="Munich roadshow",
        date=starts.date(),
        starts_at=starts,
        venues=[{"name_en": "Hotel", "role": "main"}],
    )
    agenda_item_add(
        venue=roadshow.venues.get(),
        title_en="Panel",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        by=world.director,
    )
    elsewhere = event_create(
        zone=world.other_zone,
        by=world.outsider,
        name_en="Another zone's forum",
        date=dt.date(2023, 2, 1),
        venues=[],
    )
    return conference, roadshow, elsewhere


def test_the_events_feed_has_the_events_of_the_users_zones_only(world, client, events):
    conference, roadshow, elsewhere = events
    entries = _entries(_get(client, _feed(world.officer)))

    assert f"event-{elsewhere.pk}@elsewhere.zoneinvest" not in entries
    assert set(entries) == {
        f"event-{conference.pk}@liangjiang.zoneinvest",
        f"event-{roadshow.pk}@liangjiang.zoneinvest",
    }
    entry = entries[f"event-{conference.pk}@liangjiang.zoneinvest"]
    assert str(entry["SUMMARY"]) == "Global Investment Promotion Conference"
    assert entry.decoded("DTSTART") == dt.date(2023, 1, 11)  # all day
    assert entry.decoded("DTEND") == dt.date(2023, 1, 12)
    assert "Main venue, Chongqing, China" in str(entry["LOCATION"])
    assert "Berlin sub-venue, Berlin, Germany" in str(entry["LOCATION"])
    assert str(entry["URL"]).endswith(f"/en/office/events/{conference.pk}/")


def test_a_timed_event_starts_at_its_time_and_ends_with_its_agenda(world, client, events):
    _, roadshow, _ = events
    entry = _entries(_get(client, _feed(world.officer)))[
        f"event-{roadshow.pk}@liangjiang.zoneinvest"
    ]
    assert entry.decoded("DTSTART") == dt.datetime(2023, 5, 4, 9, 0, tzinfo=dt.UTC)
    assert entry.decoded("DTEND") == dt.datetime(2023, 5, 4, 12, 0, tzinfo=dt.UTC)


def test_the_feed_is_written_in_the_language_it_was_made_in(world, client, events):
    conference, *_ = events
    entries = _entries(_get(client, _feed(world.officer, language="zh-hans")))
    entry = entries[f"event-{conference.pk}@liangjiang.zoneinvest"]
    assert str(entry["SUMMARY"]) == "全球投资促进大会"
    assert "/zh-hans/office/events/" in str(entry["URL"])


@pytest.mark.parametrize("role", ["consultant", "editor"])
def test_people_outside_the_bureau_get_an_empty_events_calendar(world, client, events, role):
    assert _entries(_get(client, _feed(world.user(role)))) == {}


def test_the_tasks_feed_has_the_users_open_tasks_on_their_due_dates(world, client):
    due = timezone.localdate() + dt.timedelta(days=3)
    mine = TaskFactory(
        project=world.project, assignee=world.officer, title="Call Bosch", due_date=due
    )
    TaskFactory(project=world.project, assignee=world.officer, done_at=timezone.now())
    TaskFactory(project=world.project, assignee=world.officer2, title="Not mine")
    secret = ProjectFactory(
        zone=world.zone, chain=world.chain, owner=world.officer, confidential=True, title="Secret"
    )
    own_confidential = TaskFactory(project=secret, assignee=world.officer, title="Site visit")

    entries = _entries(_get(client, _feed(world.officer), "tasks"))

    assert set(entries) == {
        f"task-{mine.pk}@liangjiang.zoneinvest",
        f"task-{own_confidential.pk}@liangjiang.zoneinvest",
    }
    entry = entries[f"task-{mine.pk}@liangjiang.zoneinvest"]
    assert str(entry["SUMMARY"]) == "Call Bosch"
    assert entry.decoded("DTSTART") == due
    assert entry.decoded("DTEND") == due + dt.timedelta(days=1)
    assert str(entry["URL"]).endswith(f"/en/office/projects/{world.project.pk}/")


def test_a_task_of_a_confidential_project_the_user_cannot_see_is_left_out(world, client):
    hidden = ProjectFactory(
        zone=world.zone, chain=world.chain, owner=world.officer2, confidential=True
    )
    TaskFactory(project=hidden, assignee=world.officer, title="Hidden")
    assert _entries(_get(client, _feed(world.officer), "tasks")) == {}


def test_the_page_shows_the_addresses_once_and_they_work(world, client_for, events):
    page = client_for(world.officer)
    response = page.post(reverse("office:calendar_feed_new"))
    assert response.status_code == 200
    plain = FEED_URL.search(response.content.decode()).group(1)
    assert CalendarFeed.objects.get(user=world.officer).digest != plain
    assert _get(page, plain, "tasks").status_code == 200
    assert len(_entries(_get(page, plain))) == 2
    assert plain not in page.get(reverse("office:api_tokens")).content.decode()


def test_a_regenerated_address_leaves_the_old_one_404(world, client_for):
    page = client_for(world.officer)
    old = FEED_URL.search(page.post(reverse("office:calendar_feed_new")).content.decode()).group(1)
    new = FEED_URL.search(page.post(reverse("office:calendar_feed_new")).content.decode()).group(1)

    assert _get(page, old).status_code == 404
    assert _get(page, old, "tasks").status_code == 404
    assert _get(page, new).status_code == 200
    assert CalendarFeed.objects.filter(user=world.officer, revoked_at__isnull=True).count() == 1


def test_a_switched_off_address_is_404(world, client_for):
    page = client_for(world.officer)
    plain = _feed(world.officer)
    assert page.post(reverse("office:calendar_feed_stop")).status_code == 302
    assert _get(page, plain).status_code == 404


@pytest.mark.parametrize("token", ["zc_unknown", "zi_not-a-calendar", "x"])
def test_an_unknown_address_is_404(world, client, token):
    assert _get(client, token).status_code == 404


def test_a_deactivated_users_address_is_404(world, client):
    plain = _feed(world.officer)
    world.officer.is_active = False
    world.officer.save()
    assert _get(client, plain).status_code == 404


def test_the_feeds_are_read_only(world, client):
    plain = _feed(world.officer)
    assert client.post(reverse("calendar_events", kwargs={"token": plain})).status_code == 405


def test_the_feed_address_has_no_language_prefix(world):
    with translation.override("zh-hans"):
        assert reverse("calendar_events", kwargs={"token": "zc_x"}) == "/calendar/zc_x/events.ics"
