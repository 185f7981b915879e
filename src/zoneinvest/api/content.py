"""The portal's pages and stories, as editors write them in the office (/office/content/): in
English and Chinese side by side, a draft until published, each edit checked against the
`version` the client read (409 when stale). Portal editors, directors and platform admins only.

Images are uploaded in the office; here they are read (`image`) and kept, never set.
"""

import datetime as dt
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from zoneinvest.accounts.models import User
from zoneinvest.api.auth import caller, editor_auth
from zoneinvest.api.errors import READ_ERRORS, WRITE_ERRORS
from zoneinvest.api.event_schemas import EventRef
from zoneinvest.api.lookups import zone_by_code, zone_for_create
from zoneinvest.api.schemas import ChoiceOut, Pagination, Version, WholeNumber, ZoneRef, choice
from zoneinvest.core.errors import ValidationFailed
from zoneinvest.events.models import Event
from zoneinvest.portal.models import Content, Page, PageKey, Story, StoryKind
from zoneinvest.portal.models import Status as ContentStatus
from zoneinvest.portal.selectors import (
    editable_content,
    editable_pages,
    editable_stories,
    story_event_choices,
)
from zoneinvest.portal.services import (
    content_edit,
    content_publish,
    content_unpublish,
    page_create,
    story_create,
)

pages = Router(auth=editor_auth, tags=["content"])
stories = Router(auth=editor_auth, tags=["content"])

# A literal, not the model's enum: a component named "Status" would say nothing.
StatusCode = Literal[tuple(ContentStatus.values)]  # type: ignore[valid-type]
VERSION_HELP = "The version the client read; 409 if someone saved it since."
SLUG = r"^[-a-zA-Z0-9_]+$"


# ---------------------------------------------------------------- output


class ContentOut(Schema):
    id: int
    zone: ZoneRef
    title: str = Field(description="In the request's language.")
    title_en: str
    title_zh_hans: str | None
    summary_en: str | None
    summary_zh_hans: str | None
    body_en: str | None
    body_zh_hans: str | None
    image: str | None = Field(description="Address of the image, if it has one.")
    image_alt_en: str | None
    image_alt_zh_hans: str | None
    status: ChoiceOut
    published_at: dt.datetime | None = Field(description="When it was first published.")
    illustrative: bool
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_title(obj: Content) -> str:
        return str(obj.title)

    @staticmethod
    def resolve_image(obj: Content) -> str | None:
        return obj.image.url if obj.image else None

    @staticmethod
    def resolve_status(obj: Content) -> dict[str, str] | None:
        return choice(ContentStatus, obj.status)


class PageOut(ContentOut):
    key: ChoiceOut = Field(description="The menu item the page is.")

    @staticmethod
    def resolve_key(obj: Page) -> dict[str, str] | None:
        return choice(PageKey, obj.key)


class StoryOut(ContentOut):
    slug: str
    kind: ChoiceOut = Field(description="The section of the news it appears in.")
    event: EventRef | None = Field(description="The event whose figures the story shows.")

    @staticmethod
    def resolve_kind(obj: Story) -> dict[str, str] | None:
        return choice(StoryKind, obj.kind)


# ---------------------------------------------------------------- input


class ContentFields(Schema):
    """The text of a page or story, English and Chinese side by side."""

    model_config = ConfigDict(extra="forbid")

    title_zh_hans: str = Field("", max_length=300)
    summary_en: str = ""
    summary_zh_hans: str = ""
    body_zh_hans: str = ""
    image_alt_en: str = Field("", max_length=300)
    image_alt_zh_hans: str = Field("", max_length=300)


class PageIn(ContentFields):
    key: PageKey = Field(description="The menu item; a zone has one page of each.")
    title_en: str = Field(min_length=1, max_length=300)
    body_en: str = Field(min_length=1)
    zone: str | None = Field(
        None, description="Zone code; required only when the caller works in several zones."
    )


class PagePatch(ContentFields):
    version: Version = Field(description=VERSION_HELP)
    title_en: str = Field(None, min_length=1, max_length=300)  # type: ignore[assignment]
    body_en: str = Field(None, min_length=1)  # type: ignore[assignment]


class StoryFields(ContentFields):
    event: WholeNumber | None = Field(
        None, description="Id of an event of the story's zone whose figures it shows."
    )


class StoryIn(StoryFields):
    slug: str = Field(min_length=1, max_length=100, pattern=SLUG)
    kind: StoryKind
    title_en: str = Field(min_length=1, max_length=300)
    body_en: str = Field(min_length=1)
    zone: str | None = Field(
        None, description="Zone code; required only when the caller works in several zones."
    )


class StoryPatch(StoryFields):
    version: Version = Field(description=VERSION_HELP)
    slug: str = Field(None, min_length=1, max_length=100, pattern=SLUG)  # type: ignore[assignment]
    kind: StoryKind = None  # type: ignore[assignment]
    title_en: str = Field(None, min_length=1, max_length=300)  # type: ignore[assignment]
    body_en: str = Field(None, min_length=1)  # type: ignore[assignment]


class PageListQuery(Schema):
    status: StatusCode | None = None  # type: ignore[valid-type]
    zone: str | None = Field(None, description="Zone code.")


class StoryListQuery(Schema):
    status: StatusCode | None = None  # type: ignore[valid-type]
    kind: StoryKind | None = None
    zone: str | None = Field(None, description="Zone code.")


def _event(user: User, pk: int | None) -> Event | None:
    """An event of the editor's zones (the service checks it is of the story's zone)."""
    if pk is None:
        return None
    event = story_event_choices(user=user).filter(pk=pk).first()
    if event is None:
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."), {"event": [gettext("Not found.")]}
        )
    return event


def _page(user: User, pk: int) -> Page:
    page = editable_content(user=user, kind="page", pk=pk)
    if not isinstance(page, Page):  # editable_content returns what `kind` names
        raise Http404
    return page


def _story(user: User, pk: int) -> Story:
    story = editable_content(user=user, kind="story", pk=pk)
    if not isinstance(story, Story):
        raise Http404
    return story


# ---------------------------------------------------------------- pages


@pages.get("", response={200: list[PageOut], **READ_ERRORS})
@paginate(Pagination)
def list_pages(request: HttpRequest, filters: Query[PageListQuery]) -> Any:
    """The menu pages of the caller's zones, drafts included."""
    user = caller(request)
    found = editable_pages(user=user).order_by("zone_id", "key")
    if filters.zone:
        found = found.filter(zone=zone_by_code(user=user, code=filters.zone))
    return found.filter(status=filters.status) if filters.status else found


@pages.get("/{page_id}", response={200: PageOut, **READ_ERRORS})
def get_page(request: HttpRequest, page_id: int) -> Any:
    return _page(caller(request), page_id)


@pages.post("", response={201: PageOut, **WRITE_ERRORS})
def create_page(request: HttpRequest, payload: PageIn) -> Any:
    """Write a menu page of a zone, as a draft; a zone has one page of each key (422)."""
    user = caller(request)
    zone = zone_for_create(user=user, code=payload.zone)
    values = payload.model_dump(exclude_unset=True, exclude={"zone", "key"})
    page = page_create(zone=zone, key=payload.key, by=user, **values)
    return Status(201, _page(user, page.pk))


@pages.patch("/{page_id}", response={200: PageOut, **WRITE_ERRORS})
def update_page(request: HttpRequest, page_id: int, payload: PagePatch) -> Any:
    user = caller(request)
    values = payload.model_dump(exclude_unset=True, exclude={"version"})
    content_edit(_page(user, page_id), version=payload.version, values=values, by=user)
    return _page(user, page_id)


@pages.post("/{page_id}/publish", response={200: PageOut, **WRITE_ERRORS})
def publish_page(request: HttpRequest, page_id: int) -> Any:
    """Put the page on the portal (its first publication date is kept on re-publishing)."""
    user = caller(request)
    content_publish(_page(user, page_id), by=user)
    return _page(user, page_id)


@pages.post("/{page_id}/unpublish", response={200: PageOut, **WRITE_ERRORS})
def unpublish_page(request: HttpRequest, page_id: int) -> Any:
    """Take the page off the portal: a draft again."""
    user = caller(request)
    content_unpublish(_page(user, page_id), by=user)
    return _page(user, page_id)


# ---------------------------------------------------------------- stories


@stories.get("", response={200: list[StoryOut], **READ_ERRORS})
@paginate(Pagination)
def list_stories(request: HttpRequest, filters: Query[StoryListQuery]) -> Any:
    """The news and success stories of the caller's zones, drafts included, newest first."""
    user = caller(request)
    found = editable_stories(user=user)
    if filters.zone:
        found = found.filter(zone=zone_by_code(user=user, code=filters.zone))
    if filters.kind:
        found = found.filter(kind=filters.kind)
    return found.filter(status=filters.status) if filters.status else found


@stories.get("/{story_id}", response={200: StoryOut, **READ_ERRORS})
def get_story(request: HttpRequest, story_id: int) -> Any:
    return _story(caller(request), story_id)


@stories.post("", response={201: StoryOut, **WRITE_ERRORS})
def create_story(request: HttpRequest, payload: StoryIn) -> Any:
    """Write a story, as a draft; its slug is unique in its zone (422)."""
    user = caller(request)
    zone = zone_for_create(user=user, code=payload.zone)
    values = payload.model_dump(exclude_unset=True, exclude={"zone"})
    values["event"] = _event(user, values.get("event"))
    story = story_create(zone=zone, by=user, **values)
    return Status(201, _story(user, story.pk))


@stories.patch("/{story_id}", response={200: StoryOut, **WRITE_ERRORS})
def update_story(request: HttpRequest, story_id: int, payload: StoryPatch) -> Any:
    user = caller(request)
    story = _story(user, story_id)
    values = payload.model_dump(exclude_unset=True, exclude={"version"})
    if "event" in values:
        values["event"] = _event(user, values["event"])
    content_edit(story, version=payload.version, values=values, by=user)
    return _story(user, story_id)


@stories.post("/{story_id}/publish", response={200: StoryOut, **WRITE_ERRORS})
def publish_story(request: HttpRequest, story_id: int) -> Any:
    """Put the story on the portal (its first publication date is kept on re-publishing)."""
    user = caller(request)
    content_publish(_story(user, story_id), by=user)
    return _story(user, story_id)


@stories.post("/{story_id}/unpublish", response={200: StoryOut, **WRITE_ERRORS})
def unpublish_story(request: HttpRequest, story_id: int) -> Any:
    """Take the story off the portal: a draft again."""
    user = caller(request)
    content_unpublish(_story(user, story_id), by=user)
    return _story(user, story_id)
