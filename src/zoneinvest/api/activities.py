"""Activities (visits, meetings, calls ...): list by project, record one."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from zoneinvest.api.auth import caller, pipeline_auth
from zoneinvest.api.errors import READ_ERRORS, WRITE_ERRORS
from zoneinvest.api.lookups import resolve_references
from zoneinvest.api.schemas import (
    ChoiceOut,
    CompanyRef,
    IsoDate,
    Pagination,
    ProjectRef,
    UserRef,
    WholeNumber,
    choice,
)
from zoneinvest.pipeline.models import Activity
from zoneinvest.pipeline.selectors import activity_get, activity_list
from zoneinvest.pipeline.services import activity_record

router = Router(auth=pipeline_auth, tags=["activities"])


class ActivityOut(Schema):
    id: int
    kind: ChoiceOut
    date: dt.date
    project: ProjectRef | None
    company: CompanyRef
    people: str
    notes: str
    by: UserRef | None
    created_at: dt.datetime

    @staticmethod
    def resolve_kind(obj: Activity) -> dict[str, str] | None:
        return choice(Activity.Kind, obj.kind)


class ActivityIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: Activity.Kind
    date: IsoDate
    project: WholeNumber | None = Field(
        None, description="Id of the project; its investor is implied."
    )
    company: WholeNumber | None = Field(
        None, description="Id of the company; required without project."
    )
    people: str = Field("", max_length=500)
    notes: str = ""


class ActivityQuery(Schema):
    project: int | None = Field(None, description="Only the activities of this project.")


@router.get("", response={200: list[ActivityOut], **READ_ERRORS})
@paginate(Pagination)
def list_activities(request: HttpRequest, filters: Query[ActivityQuery]) -> Any:
    return activity_list(user=caller(request), project=filters.project)


@router.post("", response={201: ActivityOut, **WRITE_ERRORS})
def record_activity(request: HttpRequest, payload: ActivityIn) -> Any:
    user = caller(request)
    values = resolve_references(payload.model_dump(exclude_unset=True), user=user)
    activity = activity_record(by=user, **values)
    return Status(201, activity_get(user=user, pk=activity.pk))
