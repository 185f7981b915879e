"""Private calendar feeds (iCalendar): the secret in the address is the only credential.

Outside the language prefix, so that a calendar application keeps one address; the feed is
written in the language its owner had when they made it. An unknown or revoked secret is 404.
"""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from zoneinvest.accounts.models import CalendarFeed
from zoneinvest.accounts.services import calendar_feed_authenticate
from zoneinvest.events.selectors import event_calendar
from zoneinvest.office import ics
from zoneinvest.pipeline.models import Task
from zoneinvest.pipeline.selectors import task_calendar


def _feed(token: str) -> CalendarFeed:
    feed = calendar_feed_authenticate(plain=token)
    if feed is None:
        raise Http404
    return feed


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _absolute(request: HttpRequest, name: str) -> Callable[[int], str]:
    return lambda pk: request.build_absolute_uri(reverse(name, kwargs={"pk": pk}))


@require_safe
def calendar_events(request: HttpRequest, token: str) -> HttpResponse:
    feed = _feed(token)
    with translation.override(feed.language):
        page = _absolute(request, "office:event_detail")
        body = ics.events_calendar(
            events=event_calendar(user=feed.user), link=lambda event: page(event.pk)
        )
    return _ics(body, "events.ics")


@require_safe
def calendar_tasks(request: HttpRequest, token: str) -> HttpResponse:
    feed = _feed(token)
    with translation.override(feed.language):
        project_page = _absolute(request, "office:project_detail")
        my_tasks = request.build_absolute_uri(reverse("office:my_tasks"))

        def link(task: Task) -> str:
            return project_page(task.project_id) if task.project_id else my_tasks

        body = ics.tasks_calendar(tasks=task_calendar(user=feed.user), link=link)
    return _ics(body, "tasks.ics")
