"""Campaigns and events: their venues, the signings recorded at them, and the event report."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext
from ninja import Query, Router, Status
from ninja.pagination import paginate

from zoneinvest.api.auth import caller, pipeline_auth
from zoneinvest.api.errors import READ_ERRORS, WRITE_ERRORS
from zoneinvest.api.event_schemas import (
    CampaignDetailOut,
    CampaignOut,
    EventOut,
    EventQuery,
    EventReportOut,
    SigningIn,
    SigningOut,
    SigningQuery,
    VenueOut,
)
from zoneinvest.api.lookups import resolve_references
from zoneinvest.api.schemas import Pagination, money
from zoneinvest.core.errors import ValidationFailed
from zoneinvest.events.briefing import event_briefing
from zoneinvest.events.models import Event, Venue
from zoneinvest.events.selectors import (
    SigningFilters,
    campaign_get,
    campaign_list,
    campaign_progress,
    event_differences,
    event_get,
    event_list,
    event_report,
    event_venue,
    event_venues,
    signing_list,
)
from zoneinvest.events.services import signing_record

campaigns = Router(auth=pipeline_auth, tags=["events"])
router = Router(auth=pipeline_auth, tags=["events"])


def _venue_of(event: Event, pk: int | None) -> Venue | None:
    if pk is None:
        return None
    venue = event_venue(event=event, pk=pk)
    if venue is None:
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."),
            {"venue": [gettext("Not a venue of this event.")]},
        )
    return venue


# ---------------------------------------------------------------- campaigns


@campaigns.get("", response={200: list[CampaignOut], **READ_ERRORS})
@paginate(Pagination)
def list_campaigns(request: HttpRequest) -> Any:
    return campaign_list(user=caller(request)).select_related("zone")


@campaigns.get("/{campaign_id}", response={200: CampaignDetailOut, **READ_ERRORS})
def get_campaign(request: HttpRequest, campaign_id: int) -> Any:
    campaign = campaign_get(user=caller(request), pk=campaign_id)
    campaign.progress = campaign_progress(campaign=campaign)  # type: ignore[attr-defined]
    return campaign


# ---------------------------------------------------------------- events


@router.get("", response={200: list[EventOut], **READ_ERRORS})
@paginate(Pagination)
def list_events(request: HttpRequest, filters: Query[EventQuery]) -> Any:
    events = event_list(user=caller(request))
    return events if filters.campaign is None else events.filter(campaign_id=filters.campaign)


@router.get("/{event_id}", response={200: EventOut, **READ_ERRORS})
def get_event(request: HttpRequest, event_id: int) -> Any:
    return event_get(user=caller(request), pk=event_id)


@router.get("/{event_id}/venues", response={200: list[VenueOut], **READ_ERRORS})
def list_event_venues(request: HttpRequest, event_id: int) -> Any:
    return event_venues(event=event_get(user=caller(request), pk=event_id))


@router.get("/{event_id}/signings", response={200: list[SigningOut], **READ_ERRORS})
@paginate(Pagination)
def list_event_signings(request: HttpRequest, event_id: int, filters: Query[SigningQuery]) -> Any:
    user = caller(request)
    event = event_get(user=user, pk=event_id)
    return signing_list(
        user=user,
        filters=SigningFilters(
            event=event.pk,
            sector=filters.sector or "",
            chain=filters.chain,
            country=(filters.country or "").upper(),
            venue=filters.venue,
        ),
    )


@router.post("/{event_id}/signings", response={201: SigningOut, **WRITE_ERRORS})
def record_event_signing(request: HttpRequest, event_id: int, payload: SigningIn) -> Any:
    user = caller(request)
    event = event_get(user=user, pk=event_id)
    project = resolve_references({"project": payload.project}, user=user)["project"]
    venue = _venue_of(event, payload.venue)
    values = payload.values.model_dump(exclude_unset=True) if payload.values else {}
    signing = signing_record(
        project=project,
        date=payload.date,
        amount=payload.amount,
        by=user,
        currency=payload.currency,
        event=event,
        venue=venue,
        document=payload.document,
        kind=payload.kind,
        note=payload.note,
        version=payload.version,
        values=resolve_references(values, user=user, zone=project.zone),
    )
    return Status(201, signing)


@router.get("/{event_id}/report", response={200: EventReportOut, **READ_ERRORS}, by_alias=True)
def get_event_report(request: HttpRequest, event_id: int) -> Any:
    """Every figure of the event in yuan (counted once and as announced), with the briefings.

    A missing exchange rate for the event's date is refused with 422 `no_fx_rate`.
    """
    user = caller(request)
    event = event_get(user=user, pk=event_id)
    report = event_report(event=event)
    return {
        "event": event,
        "on": report.on,
        "total": report.total,
        "equivalents": {c: money(m.amount, m.currency) for c, m in report.equivalents.items()},
        "rates": {c: str(rate) for c, rate in report.rates.items()},
        "by_sector": report.by_sector,
        "by_chain": report.by_chain,
        "by_country": report.by_country,
        "by_venue": report.by_venue,
        "differences": event_differences(user=user, event=event),
        "briefing": {
            "en": event_briefing(report, "en"),
            "zh-hans": event_briefing(report, "zh-hans"),
        },
    }
