"""Issue 7: importing the demo's 28 conference signings from an xlsx file reproduces the event
report exactly (in a fresh zone with the same chains and venues)."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from tests.factories.accounts import UserFactory
from tests.factories.core import ZoneFactory
from zoneinvest.accounts.models import Role
from zoneinvest.demo.liangjiang import demo_load
from zoneinvest.events.briefing import event_briefing
from zoneinvest.events.models import Event, Signing, Venue
from zoneinvest.events.selectors import event_report
from zoneinvest.events.services import event_create
from zoneinvest.industries.models import IndustryChain
from zoneinvest.industries.services import chain_create
from zoneinvest.reports.jobs import import_job, validate_job
from zoneinvest.reports.models import JobStatus
from zoneinvest.reports.services import import_commit, import_map_and_check, import_upload

COLUMNS = [
    "Project", "Investor", "Country", "Chain", "Sector", "Venue", "Date", "Amount", "Currency",
    "Kind",
]  # fmt: skip


def _signings_xlsx(event: Event) -> io.BytesIO:
    """The event's signings as a bureau would send them: one row per signing."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    signings = Signing.objects.filter(event=event).select_related(
        "project", "project__company", "project__chain", "venue"
    )
    for signing in signings.order_by("date", "id"):
        project = signing.project
        sheet.append(
            [
                project.title_en,
                project.company.name_en,
                str(project.company.country),
                project.chain.code,
                project.sector,
                signing.venue.name_en if signing.venue else None,
                signing.date,
                signing.amount,
                signing.currency,
                signing.kind,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def _copy_zone(event: Event):
    """A fresh zone with the same chains and an event with the same venues."""
    zone = ZoneFactory(code="copy", name_en="Liangjiang New Area", name_zh_hans="两江新区")
    director = UserFactory(username="copy-director", role=Role.DIRECTOR, zones=[zone])
    for chain in IndustryChain.objects.filter(zone=event.zone):
        chain_create(
            zone=zone,
            code=chain.code,
            name_en=chain.name_en,
            name_zh=chain.name_zh_hans,
            sector=chain.sector,
            by=director,
        )
    venues = [
        {
            **{
                f"{name}_{lang}": getattr(venue, f"{name}_{lang}")
                for name in ("name", "city", "partners")
                for lang in ("en", "zh_hans")
            },
            "role": venue.role,
            "country": venue.country,
        }
        for venue in Venue.objects.filter(event=event).order_by("position")
    ]
    copy = event_create(
        zone=zone,
        by=director,
        venues=venues,
        name_en=event.name_en,
        name_zh_hans=event.name_zh_hans,
        date=event.date,
        kind=event.kind,
    )
    return zone, director, copy


@pytest.mark.django_db
def test_importing_the_conference_signings_reproduces_the_event_report():
    demo_load()
    original = Event.objects.get(date=dt.date(2023, 1, 11))
    zone, director, copy = _copy_zone(original)
    job = import_upload(
        zone=zone,
        kind="signings",
        stream=_signings_xlsx(original),
        name="signings-2023-01-11.xlsx",
        by=director,
        event=copy,
    )
    assert job.total_rows == 28
    import_map_and_check(job=job, mapping=job.mapping, by=director)
    validate_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.VALIDATED, job.row_errors
    import_commit(job=job, by=director)
    import_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.result["created"] == 28

    before, after = event_report(event=original), event_report(event=copy)
    assert after.total == before.total
    for slices in ("by_sector", "by_chain", "by_country"):  # chains compared by name (new ids)
        assert [(f.label, f.projects, f.counted) for f in getattr(after, slices)] == [
            (f.label, f.projects, f.counted) for f in getattr(before, slices)
        ], slices
    for language in ("en", "zh-hans"):
        assert event_briefing(after, language).text == event_briefing(before, language).text

    # and once more: the same file changes nothing
    again = import_upload(
        zone=zone, kind="signings", stream=_signings_xlsx(original), name="again.xlsx",
        by=director, event=copy,
    )  # fmt: skip
    import_map_and_check(job=again, mapping=again.mapping, by=director)
    validate_job.call(again.pk)
    again.refresh_from_db()
    import_commit(job=again, by=director)
    import_job.call(again.pk)
    again.refresh_from_db()
    assert again.result["created"] == 0
    assert event_report(event=copy).total == before.total
