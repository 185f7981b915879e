"""Editors' pages and stories: draft, preview, publish, stale edits; the page cache; the
inquiry's subject and its acknowledgement in the investor's language."""

import io

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from tests.factories.places import make_opportunity, make_park
from zoneinvest.core.errors import ValidationFailed
from zoneinvest.portal.models import Inquiry, Page, Status, Story
from zoneinvest.portal.services import content_publish, page_create, story_create

INQUIRY = {
    "name": "Anna Schmidt",
    "organisation": "Voltstore GmbH",
    "country": "DE",
    "email": "anna@example.com",
    "message": "We plan a battery plant.",
    "website": "",
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def url(name: str, lang: str = "en", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _story(world, **values) -> Story:
    options = {
        "slug": "berlin",
        "kind": "events",
        "title_en": "Berlin venue opens",
        "title_zh_hans": "柏林分会场开幕",
        "body_en": "First paragraph.\n\nSecond paragraph.",
        "body_zh_hans": "第一段。\n\n第二段。",
    }
    options.update(values)
    return story_create(zone=world.zone, by=world.editor, **options)


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (12, 6), (11, 93, 140)).save(buffer, format="PNG")
    return SimpleUploadedFile("banner.png", buffer.getvalue(), content_type="image/png")


def test_a_draft_is_not_public_until_published(world):
    story = _story(world)
    assert Client().get(url("portal:story", slug="berlin")).status_code == 404
    assert "Berlin venue opens" not in Client().get(url("portal:news_all")).content.decode()
    content_publish(story, by=world.editor)
    body = Client().get(url("portal:story", slug="berlin")).content.decode()
    assert "Berlin venue opens" in body
    assert "<p>Second paragraph.</p>" in body
    chinese = Client().get(url("portal:story", "zh-hans", slug="berlin")).content.decode()
    assert "柏林分会场开幕" in chinese


def test_the_editor_previews_a_draft_in_both_languages_and_outsiders_cannot(world):
    story = _story(world)
    for lang, title in (("en", "Berlin venue opens"), ("zh-hans", "柏林分会场开幕")):
        response = login(world.editor).get(
            url("office:content_preview", kind="story", pk=story.pk, language=lang)
        )
        assert response.status_code == 200
        assert title in response.content.decode()
        assert response["X-Robots-Tag"] == "noindex"
    preview = url("office:content_preview", kind="story", pk=story.pk, language="en")
    assert login(world.outsider).get(preview).status_code == 404
    assert login(world.officer).get(preview).status_code == 403


def test_the_editor_writes_both_languages_side_by_side_and_publishes(world):
    client = login(world.editor)
    response = client.post(
        url("office:story_new"),
        {
            "slug": "signing",
            "kind": "business",
            "title_en": "A new plant",
            "title_zh_hans": "新工厂",
            "body_en": "Text.",
            "body_zh_hans": "正文。",
        },
    )
    story = Story.objects.get(slug="signing")
    assert response.status_code == 302
    assert story.status == Status.DRAFT
    page = client.get(url("office:content_edit", kind="story", pk=story.pk)).content.decode()
    assert 'class="side-by-side"' in page
    assert "中文" in page
    client.post(url("office:content_status", kind="story", pk=story.pk), {"action": "publish"})
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED
    assert story.published_at is not None
    client.post(url("office:content_status", kind="story", pk=story.pk), {"action": "unpublish"})
    assert Client().get(url("portal:story", slug="signing")).status_code == 404


def test_a_stale_edit_is_a_conflict_and_overwrites_nothing(world):
    story = _story(world)
    form = {
        "slug": "berlin",
        "kind": "events",
        "title_en": "Mine",
        "body_en": "Text.",
        "version": story.version,
    }
    first = login(world.director).post(url("office:content_edit", kind="story", pk=story.pk), form)
    assert first.status_code == 302
    second = login(world.editor).post(
        url("office:content_edit", kind="story", pk=story.pk), {**form, "title_en": "Theirs"}
    )
    assert second.status_code == 200
    assert "saved this record after you opened it" in second.content.decode()
    story.refresh_from_db()
    assert story.title_en == "Mine"


def test_an_image_needs_its_description_in_both_languages(world):
    with pytest.raises(ValidationFailed):
        _story(world, image=_png(), image_alt_en="A blue banner")
    story = _story(world, image=_png(), image_alt_en="A blue banner", image_alt_zh_hans="蓝色横幅")
    content_publish(story, by=world.editor)
    body = Client().get(url("portal:story", "zh-hans", slug="berlin")).content.decode()
    assert 'alt="蓝色横幅"' in body


def test_the_menu_links_only_to_published_pages(world):
    draft = page_create(zone=world.zone, key="food", by=None, title_en="Food", body_en="Noodles.")
    body = Client().get(url("portal:home")).content.decode()
    assert "/en/living/food/" not in body
    content_publish(draft, by=None)
    body = Client().get(url("portal:home")).content.decode()
    assert 'href="/en/living/food/"' in body
    assert Page.objects.get(key="food").is_published


def test_public_pages_are_served_from_the_cache_until_a_record_changes(world):
    client = Client()
    first = client.get(url("portal:news_all"))
    second = client.get(url("portal:news_all"))
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    content_publish(_story(world), by=world.editor)
    third = client.get(url("portal:news_all"))
    assert third["X-Cache"] == "miss"
    assert "Berlin venue opens" in third.content.decode()


def test_an_inquiry_from_a_park_page_names_the_park_and_opens_a_lead(world):
    park = make_park(world.zone, "auto")
    form = Client().get(url("portal:contact") + "?park=auto").content.decode()
    assert 'name="park" value="auto"' in form
    assert "Auto Park" in form
    response = Client().post(url("portal:contact"), {**INQUIRY, "park": "auto"})
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.park == park
    assert inquiry.project.source == "inquiry"


def test_an_inquiry_about_an_opportunity_takes_its_chain(world):
    make_opportunity(world.zone, world.chain, "charging")
    Client().post(url("portal:contact"), {**INQUIRY, "opportunity": "charging"})
    inquiry = Inquiry.objects.get()
    assert inquiry.opportunity.slug == "charging"
    assert inquiry.chain == world.chain
    assert inquiry.project.chain == world.chain


def test_an_unknown_or_unpublished_subject_is_ignored_not_an_error(world):
    make_park(world.zone, "draft", published=False)
    response = Client().post(url("portal:contact"), {**INQUIRY, "park": "draft"})
    assert response.status_code == 302
    assert Inquiry.objects.get().park is None


@pytest.mark.django_db(transaction=True)
def test_the_acknowledgement_is_sent_in_the_investors_language(world):
    Client().post(url("portal:contact", "zh-hans"), INQUIRY)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.com"]
    assert "两江新区" in message.subject
    assert "我们已收到" in message.body
    Client().post(url("portal:contact"), {**INQUIRY, "email": "ben@example.com"})
    assert "we received your inquiry" in mail.outbox[1].subject
    assert "answer you by" in mail.outbox[1].body
