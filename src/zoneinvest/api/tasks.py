"""Follow-up tasks: my open tasks (or the zone's), create one, complete one."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from zoneinvest.api.auth import caller, pipeline_auth
from zoneinvest.api.errors import READ_ERRORS, WRITE_ERRORS
from zoneinvest.api.lookups import resolve_references, zone_for_create
from zoneinvest.api.schemas import IsoDate, Pagination, ProjectRef, UserRef, WholeNumber
from zoneinvest.pipeline.selectors import task_get, task_list
from zoneinvest.pipeline.services import task_complete, task_create

router = Router(auth=pipeline_auth, tags=["tasks"])


class TaskOut(Schema):
    id: int
    title: str
    due_date: dt.date
    project: ProjectRef | None
    assignee: UserRef
    done_at: dt.datetime | None
    is_overdue: bool
    created_at: dt.datetime


class TaskIn(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=300)
    due_date: IsoDate
    project: WholeNumber | None = Field(None, description="Id of the project the task follows up.")
    assignee: WholeNumber | None = Field(
        None, description="Id of an officer or director; default: me."
    )
    zone: str | None = Field(
        None, description="Zone code, for a task without project when the caller has several."
    )


class TaskQuery(Schema):
    mine: bool = Field(True, description="Only the tasks assigned to me.")
    open: bool = Field(True, description="Only the tasks not done yet.")


@router.get("", response={200: list[TaskOut], **READ_ERRORS})
@paginate(Pagination)
def list_tasks(request: HttpRequest, filters: Query[TaskQuery]) -> Any:
    user = caller(request)
    return task_list(user=user, assignee=user if filters.mine else None, open_only=filters.open)


@router.get("/{task_id}", response={200: TaskOut, **READ_ERRORS})
def get_task(request: HttpRequest, task_id: int) -> Any:
    return task_get(user=caller(request), pk=task_id)


@router.post("", response={201: TaskOut, **WRITE_ERRORS})
def create_task(request: HttpRequest, payload: TaskIn) -> Any:
    user = caller(request)
    values = payload.model_dump(exclude_unset=True, exclude={"zone"})
    project = resolve_references({"project": values.pop("project", None)}, user=user)["project"]
    zone = project.zone if project else zone_for_create(user=user, code=payload.zone)
    values = resolve_references(values, user=user, zone=zone)
    if values.get("assignee") is None:  # left out or null: me
        values["assignee"] = user
    task = task_create(zone=zone, project=project, by=user, **values)
    return Status(201, task_get(user=user, pk=task.pk))


@router.post("/{task_id}/complete", response={200: TaskOut, **WRITE_ERRORS})
def complete_task(request: HttpRequest, task_id: int) -> Any:
    user = caller(request)
    task_complete(task=task_get(user=user, pk=task_id), by=user)
    return task_get(user=user, pk=task_id)
