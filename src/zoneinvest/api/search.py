"""Search: companies, projects, policies and stories of the caller's zones, best first."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from zoneinvest.api.auth import caller, staff_auth
from zoneinvest.api.errors import READ_ERRORS
from zoneinvest.search.models import SearchKind
from zoneinvest.search.selectors import MAX_LIMIT, search

router = Router(auth=staff_auth, tags=["search"])


class SearchHitOut(Schema):
    kind: SearchKind
    id: int = Field(description="The record's id (in /companies, /projects, /policies, /stories).")
    zone: int = Field(description="The record's zone id.")
    title_en: str
    title_zh_hans: str
    summary_en: str
    summary_zh_hans: str
    slug: str = Field(description="The portal address of a policy or story; empty for others.")
    confidential: bool
    published: bool = Field(description="Whether the portal shows the policy or story.")

    @staticmethod
    def resolve_id(obj: Any) -> int:
        return int(obj.object_id)

    @staticmethod
    def resolve_zone(obj: Any) -> int:
        return int(obj.zone_id)

    @staticmethod
    def resolve_title_zh_hans(obj: Any) -> str:
        return str(obj.title_zh)

    @staticmethod
    def resolve_summary_zh_hans(obj: Any) -> str:
        return str(obj.summary_zh)


class SearchQuery(Schema):
    q: str = Field(
        min_length=1,
        max_length=200,
        description="Words in English or Chinese; every word must match, the last as a prefix.",
    )
    kind: SearchKind | None = Field(None, description="Only records of this kind.")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)


@router.get("", response={200: list[SearchHitOut], **READ_ERRORS})
def search_records(request: HttpRequest, filters: Query[SearchQuery]) -> Any:
    kinds = [filters.kind] if filters.kind else None
    return search(user=caller(request), q=filters.q, kinds=kinds, limit=filters.limit)
