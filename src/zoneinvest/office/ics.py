"""iCalendar (RFC 5545) documents of a user's private feeds: the events of their zones, their tasks.

Every entry is a VEVENT with a stable UID (`event-<pk>@<zone>.zoneinvest`, `task-<pk>@…`), so a
calendar application updates it in place when it changes. An event with a start time starts then
(in UTC) and ends when its agenda ends, if the agenda says; one without is all-day on its date. A
task is all-day on its due date. Names are in the active language.
"""

import datetime as dt
from collections.abc import Callable, Iterable

from django.utils.translation import gettext
from django_countries.fields import Country
from icalendar import Calendar
from icalendar import Event as VEvent

from zoneinvest.events.models import Event, Venue
from zoneinvest.pipeline.models import Task

PRODID = "-//ZoneInvest//Calendar feeds//EN"
ONE_DAY = dt.timedelta(days=1)


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _venue_place(venue: Venue) -> str:
    country = Country(code=str(venue.country)).name if venue.country else ""
    return ", ".join(str(part) for part in (venue.name, venue.city, country) if part)


def events_calendar(*, events: Iterable[Event], link: Callable[[Event], str]) -> bytes:
    calendar = _calendar(gettext("ZoneInvest: events"))
    for event in events:
        entry = VEvent()
        entry.add("uid", f"event-{event.pk}@{event.zone.code}.zoneinvest")
        entry.add("dtstamp", event.updated_at)
        entry.add("summary", str(event.name))
        if event.starts_at:
            entry.add("dtstart", event.starts_at)
            ends_at = getattr(event, "agenda_ends_at", None)
            if ends_at and ends_at > event.starts_at:
                entry.add("dtend", ends_at)
        else:
            entry.add("dtstart", event.date)
            entry.add("dtend", event.date + ONE_DAY)
        places = [_venue_place(venue) for venue in event.venues.all()]
        if any(places):
            entry.add("location", "; ".join(p for p in places if p))
        if event.description:
            entry.add("description", str(event.description))
        entry.add("url", link(event))
        calendar.add_component(entry)
    return calendar.to_ical()


def tasks_calendar(*, tasks: Iterable[Task], link: Callable[[Task], str]) -> bytes:
    calendar = _calendar(gettext("ZoneInvest: my tasks"))
    for task in tasks:
        entry = VEvent()
        entry.add("uid", f"task-{task.pk}@{task.zone.code}.zoneinvest")
        entry.add("dtstamp", task.updated_at)
        entry.add("summary", task.title)
        entry.add("dtstart", task.due_date)
        entry.add("dtend", task.due_date + ONE_DAY)
        if task.project is not None:
            entry.add("description", gettext("Project: %(project)s") % {"project": task.project})
        entry.add("url", link(task))
        calendar.add_component(entry)
    return calendar.to_ical()
