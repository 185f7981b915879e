"""Companies (investors): list, read, create, update with the version the client read."""

from typing import Annotated, Any, Literal, cast

from django.http import HttpRequest
from django_countries.fields import Country
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import BeforeValidator, ConfigDict, field_validator

from zoneinvest.api.auth import caller, pipeline_auth
from zoneinvest.api.errors import READ_ERRORS, WRITE_ERRORS
from zoneinvest.api.lookups import resolve_references, zone_for_create
from zoneinvest.api.schemas import (
    ChainRef,
    ChoiceOut,
    Pagination,
    Version,
    WholeNumber,
    ZoneRef,
    choice,
    whole_number,
)
from zoneinvest.pipeline.models import Company, Ownership
from zoneinvest.pipeline.selectors import company_get, company_list
from zoneinvest.pipeline.services import company_create, company_update

router = Router(auth=pipeline_auth, tags=["companies"])

OwnershipCode = Ownership | Literal[""]
Rank = Annotated[int, Field(ge=1, le=500), BeforeValidator(whole_number)]


class CompanyOut(Schema):
    id: int
    zone: ZoneRef
    name: str
    name_en: str
    name_zh_hans: str | None
    country: str = Field(description="ISO 3166-1 alpha-2 code.")
    country_name: str
    hq_city: str
    ownership: ChoiceOut | None
    fortune_global_500_rank: int | None
    chain: ChainRef | None
    website: str
    merged_into: int | None = Field(description="The surviving company if this one was merged.")
    version: int

    @staticmethod
    def resolve_country(obj: Company) -> str:
        return cast(Country, obj.country).code

    @staticmethod
    def resolve_country_name(obj: Company) -> str:
        return str(cast(Country, obj.country).name)

    @staticmethod
    def resolve_ownership(obj: Company) -> dict[str, str] | None:
        return choice(Ownership, obj.ownership)

    @staticmethod
    def resolve_merged_into(obj: Company) -> int | None:
        return obj.merged_into_id


class CompanyFields(Schema):
    model_config = ConfigDict(extra="forbid")

    name_zh_hans: str | None = Field(None, max_length=300)
    hq_city: str = Field("", max_length=120)
    ownership: OwnershipCode = ""
    fortune_global_500_rank: Rank | None = None
    chain: WholeNumber | None = Field(
        None, description="Id of an industry chain of the company's zone."
    )
    website: str = Field("", max_length=200)


class CompanyIn(CompanyFields):
    name_en: str = Field(min_length=1, max_length=300)
    country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2 code.")
    zone: str | None = Field(
        None, description="Zone code; required only when the caller works in several zones."
    )

    @field_validator("country")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()


class CompanyPatch(CompanyFields):
    version: Version = Field(description="The version the client read; 409 if it is stale.")
    name_en: str = Field(None, min_length=1, max_length=300)  # type: ignore[assignment]
    country: str = Field(None, min_length=2, max_length=2)  # type: ignore[assignment]

    @field_validator("country")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()


class CompanyQuery(Schema):
    q: str = Field("", description="Part of the English or Chinese name.")
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2 code.")


@router.get("", response={200: list[CompanyOut], **READ_ERRORS})
@paginate(Pagination)
def list_companies(request: HttpRequest, filters: Query[CompanyQuery]) -> Any:
    return company_list(user=caller(request), q=filters.q, country=filters.country.upper())


@router.get("/{company_id}", response={200: CompanyOut, **READ_ERRORS})
def get_company(request: HttpRequest, company_id: int) -> Any:
    return company_get(user=caller(request), pk=company_id)


@router.post("", response={201: CompanyOut, **WRITE_ERRORS})
def create_company(request: HttpRequest, payload: CompanyIn) -> Any:
    user = caller(request)
    values = payload.model_dump(exclude_unset=True, exclude={"zone"})
    zone = zone_for_create(user=user, code=payload.zone)
    values = resolve_references(values, user=user, zone=zone)
    company = company_create(zone=zone, by=user, **values)
    return Status(201, company_get(user=user, pk=company.pk))


@router.patch("/{company_id}", response={200: CompanyOut, **WRITE_ERRORS})
def update_company(request: HttpRequest, company_id: int, payload: CompanyPatch) -> Any:
    user = caller(request)
    company = company_get(user=user, pk=company_id)
    values = payload.model_dump(exclude_unset=True, exclude={"version"})
    values = resolve_references(values, user=user, zone=company.zone)
    company_update(company=company, version=payload.version, by=user, **values)
    return company_get(user=user, pk=company_id)
