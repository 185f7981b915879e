"""Inquiries from the portal as the office's inquiry list shows them: who wrote, about what, the
lead each opened and its owner, and the response clock (answered once an activity is recorded
on the lead; due within two working days).

Read-only, as in the office: an inquiry is answered, advanced or lost through its lead
(`/projects/{id}`, `/activities`). The investor's email and message are in the detail, as on the
office's inquiry page, not in the list.
"""

import datetime as dt
from typing import Any, cast

from django.http import HttpRequest
from django.utils import timezone
from django_countries.fields import Country
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from zoneinvest.api.auth import caller, pipeline_auth
from zoneinvest.api.errors import READ_ERRORS
from zoneinvest.api.lookups import zone_by_code
from zoneinvest.api.schemas import ChainRef, Pagination, ProjectRef, UserRef, ZoneRef
from zoneinvest.portal.models import Inquiry
from zoneinvest.portal.selectors import InquiryFilters, inquiry_get, inquiry_list

router = Router(auth=pipeline_auth, tags=["inquiries"])


class SubjectOut(Schema):
    """The park, policy or opportunity page the inquiry was sent from."""

    kind: str = Field(description="park, policy or opportunity.")
    id: int
    slug: str
    title: str


class InquiryOut(Schema):
    id: int
    zone: ZoneRef
    received_at: dt.datetime
    name: str
    organisation: str
    country: str = Field(description="ISO 3166-1 alpha-2 code.")
    country_name: str
    language: str = Field(description="The language the investor wrote in.")
    chain: ChainRef | None = Field(description="The industry chain of interest.")
    about: SubjectOut | None
    lead: ProjectRef | None = Field(description="The lead (a project at `lead`) it opened.")
    owner: UserRef | None = Field(description="The lead's owner, who answers.")
    due_by: dt.date = Field(description="Answer due by (two working days).")
    answered_on: dt.date | None = Field(description="The day of the lead's first activity.")
    overdue: bool = Field(description="Not answered, and past its due date.")

    @staticmethod
    def resolve_received_at(obj: Inquiry) -> dt.datetime:
        return obj.created_at

    @staticmethod
    def resolve_country(obj: Inquiry) -> str:
        return cast(Country, obj.country).code

    @staticmethod
    def resolve_country_name(obj: Inquiry) -> str:
        return str(cast(Country, obj.country).name)

    @staticmethod
    def resolve_about(obj: Inquiry) -> dict[str, Any] | None:
        for kind, subject in (("park", obj.park), ("policy", obj.policy)):
            if subject is not None:
                return {"kind": kind, "id": subject.pk, "slug": subject.slug, "title": str(subject)}
        if obj.opportunity is not None:
            item = obj.opportunity
            return {"kind": "opportunity", "id": item.pk, "slug": item.slug, "title": str(item)}
        return None

    @staticmethod
    def resolve_lead(obj: Inquiry) -> Any:
        return obj.project

    @staticmethod
    def resolve_owner(obj: Inquiry) -> Any:
        return obj.project.owner if obj.project else None

    @staticmethod
    def resolve_answered_on(obj: Any) -> dt.date | None:
        return cast(dt.date | None, obj.first_activity)

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return obj.first_activity is None and obj.due_by < timezone.localdate()


class InquiryDetailOut(InquiryOut):
    email: str
    message: str = Field(description="As the investor wrote it.")
    profile: dict[str, Any] = Field(
        description="The investor's answers to the portal's \"Find your location\" (empty when "
        "the inquiry came another way): the names of GET /match/parks' parameters."
    )


class InquiryQuery(Schema):
    answered: bool | None = Field(None, description="An activity is recorded on its lead.")
    overdue: bool | None = Field(None, description="Not answered, and past its due date.")
    zone: str | None = Field(None, description="Zone code.")


@router.get("", response={200: list[InquiryOut], **READ_ERRORS})
@paginate(Pagination)
def list_inquiries(request: HttpRequest, filters: Query[InquiryQuery]) -> Any:
    """The inquiries of the caller's zones, newest first (one whose lead is a confidential
    project the caller may not see is left out)."""
    user = caller(request)
    zone = zone_by_code(user=user, code=filters.zone) if filters.zone else None
    return inquiry_list(
        user=user,
        filters=InquiryFilters(
            zone=zone.pk if zone else None, answered=filters.answered, overdue=filters.overdue
        ),
    )


@router.get("/{inquiry_id}", response={200: InquiryDetailOut, **READ_ERRORS})
def get_inquiry(request: HttpRequest, inquiry_id: int) -> Any:
    return inquiry_get(user=caller(request), pk=inquiry_id)
