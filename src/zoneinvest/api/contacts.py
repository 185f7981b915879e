"""The people of an investor: list by company, read, create, update with a version."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from zoneinvest.api.auth import caller, pipeline_auth
from zoneinvest.api.errors import READ_ERRORS, WRITE_ERRORS
from zoneinvest.api.lookups import resolve_references
from zoneinvest.api.schemas import CompanyRef, Pagination, Version, WholeNumber
from zoneinvest.pipeline.selectors import contact_get, contact_list
from zoneinvest.pipeline.services import contact_create, contact_update

router = Router(auth=pipeline_auth, tags=["contacts"])


class ContactOut(Schema):
    id: int
    company: CompanyRef
    name: str
    title: str
    email: str
    phone: str
    languages: str
    notes: str
    version: int


class ContactFields(Schema):
    model_config = ConfigDict(extra="forbid")

    title: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=50)
    languages: str = Field("", max_length=100)
    notes: str = ""


class ContactIn(ContactFields):
    company: WholeNumber = Field(description="Id of the company this person works for.")
    name: str = Field(min_length=1, max_length=200)


class ContactPatch(ContactFields):
    version: Version = Field(description="The version the client read; 409 if it is stale.")
    name: str = Field(None, min_length=1, max_length=200)  # type: ignore[assignment]


class ContactQuery(Schema):
    company: int | None = Field(None, description="Only the contacts of this company.")


@router.get("", response={200: list[ContactOut], **READ_ERRORS})
@paginate(Pagination)
def list_contacts(request: HttpRequest, filters: Query[ContactQuery]) -> Any:
    return contact_list(user=caller(request), company=filters.company)


@router.get("/{contact_id}", response={200: ContactOut, **READ_ERRORS})
def get_contact(request: HttpRequest, contact_id: int) -> Any:
    return contact_get(user=caller(request), pk=contact_id)


@router.post("", response={201: ContactOut, **WRITE_ERRORS})
def create_contact(request: HttpRequest, payload: ContactIn) -> Any:
    user = caller(request)
    values = resolve_references(payload.model_dump(exclude_unset=True), user=user)
    contact = contact_create(by=user, **values)
    return Status(201, contact_get(user=user, pk=contact.pk))


@router.patch("/{contact_id}", response={200: ContactOut, **WRITE_ERRORS})
def update_contact(request: HttpRequest, contact_id: int, payload: ContactPatch) -> Any:
    user = caller(request)
    contact = contact_get(user=user, pk=contact_id)
    contact_update(
        contact=contact,
        version=payload.version,
        by=user,
        **payload.model_dump(exclude_unset=True, exclude={"version"}),
    )
    return contact_get(user=user, pk=contact_id)
