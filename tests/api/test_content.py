"""The portal's pages and stories through the API, as editors write them in the office: drafts
until published, edits checked against the version read, editors, directors and admins only."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.api.helpers import assert_error
from tests.factories.events import EventFactory
from zoneinvest.portal.models import Page, Status, Story
from zoneinvest.portal.services import page_create, story_create

PAGE = {"key": "food", "title_en": "Food", "title_zh_hans": "美食", "body_en": "Noodles."}
STORY = {
    "slug": "berlin",
    "kind": "events",
    "title_en": "Berlin venue opens",
    "body_en": "First paragraph.",
    "body_zh_hans": "第一段。",
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page(world) -> Page:
    return page_create(zone=world.zone, key="hotels", by=None, title_en="Hotels", body_en="Beds.")


@pytest.fixture
def story(world) -> Story:
    return story_create(zone=world.zone, by=None, **STORY)


def _public(name: str, **kwargs) -> int:
    with translation.override("en"):
        return Client().get(reverse(name, kwargs=kwargs)).status_code


def test_an_editor_writes_a_page_as_a_draft_and_publishes_it(world, api_as):
    client = api_as(world.editor)

    created = client.post("/pages", PAGE)
    page_id = created.json()["id"]
    published = client.post(f"/pages/{page_id}/publish")

    assert created.status_code == 201, created.content
    assert created.json()["status"] == {"code": "draft", "label": "Draft"}
    assert created.json()["key"]["code"] == "food"
    assert (created.json()["title_zh_hans"], created.json()["version"]) == ("美食", 1)
    assert published.status_code == 200, published.content
    assert published.json()["status"]["code"] == "published"
    assert published.json()["published_at"] is not None
    assert Page.objects.get(pk=page_id).status == Status.PUBLISHED


def test_a_story_is_written_published_and_taken_off_the_portal(world, api_as):
    client = api_as(world.director)
    event = EventFactory(zone=world.zone)

    created = client.post("/stories", {**STORY, "event": event.pk})
    story_id = created.json()["id"]
    client.post(f"/stories/{story_id}/publish")
    on_portal = _public("portal:story", slug="berlin")
    client.post(f"/stories/{story_id}/unpublish")

    assert created.status_code == 201, created.content
    assert created.json()["event"]["id"] == event.pk
    assert on_portal == 200
    assert _public("portal:story", slug="berlin") == 404
    assert client.get(f"/stories/{story_id}").json()["status"]["code"] == "draft"


def test_an_edit_needs_the_version_read_and_a_stale_one_is_a_409(world, api_as, story):
    client = api_as(world.editor)
    path = f"/stories/{story.pk}"

    first = client.patch(path, {"version": 1, "title_en": "Mine"})
    second = client.patch(path, {"version": 1, "title_en": "Theirs"})

    assert first.status_code == 200, first.content
    assert (first.json()["title_en"], first.json()["version"]) == ("Mine", 2)
    error = assert_error(second, 409, "conflict")
    assert error["details"]["current_version"] == 2
    story.refresh_from_db()
    assert story.title_en == "Mine"


def test_a_page_edit_that_leaves_out_the_version_is_refused(world, api_as, page):
    response = api_as(world.editor).patch(f"/pages/{page.pk}", {"title_en": "Rooms"})

    error = assert_error(response, 422, "validation_failed")
    assert error["details"]["fields"] == {"version": ["This field is required."]}


def test_a_second_page_of_a_key_and_a_bad_slug_are_refused_with_422(world, api_as, page):
    client = api_as(world.editor)

    twice = client.post("/pages", {**PAGE, "key": "hotels"})
    bad_slug = client.post("/stories", {**STORY, "slug": "no spaces"})

    assert_error(twice, 422, "validation_failed")
    assert list(assert_error(bad_slug, 422, "validation_failed")["details"]["fields"]) == ["slug"]


def test_a_story_may_not_show_an_event_of_another_zone(world, api_as):
    elsewhere = EventFactory(zone=world.other_zone)

    response = api_as(world.editor).post("/stories", {**STORY, "event": elsewhere.pk})

    error = assert_error(response, 422, "validation_failed")
    assert error["details"]["fields"] == {"event": ["Not found."]}


def test_lists_show_drafts_and_filter_by_status_and_kind(world, api_as, page, story):
    client = api_as(world.editor)
    client.post(f"/pages/{page.pk}/publish")

    assert client.get("/pages").json()["count"] == 1
    assert client.get("/pages", status="draft").json()["count"] == 0
    assert [s["slug"] for s in client.get("/stories", kind="events").json()["items"]] == ["berlin"]
    assert client.get("/stories", kind="photos").json()["count"] == 0


@pytest.mark.parametrize("role", ["officer", "analyst"])
@pytest.mark.parametrize("path", ["/pages", "/stories"])
def test_other_bureau_staff_may_not_read_or_write_the_portals_content(world, api_as, role, path):
    client = api_as(world.user(role))

    assert_error(client.get(path), 403, "forbidden")
    assert_error(client.post(path, PAGE if path == "/pages" else STORY), 403, "forbidden")


@pytest.mark.parametrize("path", ["/pages", "/stories"])
def test_a_consultant_learns_nothing_of_the_portals_content(world, api_as, path):
    assert_error(api_as(world.consultant).get(path), 404, "not_found")


def test_an_outsider_gets_404_for_the_content_of_another_zone(world, api_as, page, story):
    client = api_as(world.outsider)

    assert_error(client.get(f"/pages/{page.pk}"), 404, "not_found")
    assert_error(client.patch(f"/stories/{story.pk}", {"version": 1}), 404, "not_found")
    assert_error(client.post(f"/stories/{story.pk}/publish"), 404, "not_found")
    assert client.get("/stories").json()["count"] == 0
    story.refresh_from_db()
    assert story.status == Status.DRAFT


def test_a_read_only_token_reads_but_does_not_publish(world, api_as, page):
    client = api_as(world.editor, read_only=True)

    assert client.get(f"/pages/{page.pk}").status_code == 200
    assert_error(client.post(f"/pages/{page.pk}/publish"), 403, "read_only_token")


def test_an_image_is_read_but_never_set_through_the_api(world, api_as, page):
    response = api_as(world.editor).patch(f"/pages/{page.pk}", {"version": 1, "image": "x.png"})

    error = assert_error(response, 422, "validation_failed")
    assert error["details"]["fields"] == {"image": ["Unknown or read-only field."]}
