"""The founding zone's public portal: every page, parks, policies, opportunities, the guide,
a story per section and the enterprise directory, in English and Chinese."""

import datetime as dt

import pytest
from django.db import transaction

from zoneinvest.core.models import Zone
from zoneinvest.demo.liangjiang import demo_load
from zoneinvest.events.models import Event
from zoneinvest.industries.chain_map import PRESENT_STAGES
from zoneinvest.pipeline.models import Company, Project
from zoneinvest.places.models import Facility, Park, Policy
from zoneinvest.portal.models import GuideStep, Opportunity, Page, PageKey, Status, Story, StoryKind


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def zone(loaded, db) -> Zone:
    return Zone.objects.get(code="liangjiang")


def test_every_menu_page_is_published_in_both_languages(zone):
    pages = {page.key: page for page in Page.objects.filter(zone=zone)}
    assert set(pages) == set(PageKey.values)
    for page in pages.values():
        assert page.status == Status.PUBLISHED
        assert page.published_at is not None
        for field in ("title_en", "title_zh_hans", "body_en", "body_zh_hans"):
            assert getattr(page, field).strip(), (page.key, field)
        assert 2 <= len(page.body_en.split("\n\n")) <= 5, page.key
        assert "<" not in page.body_en


def test_only_the_article_based_pages_are_not_illustrative(zone):
    real = set(Page.objects.filter(zone=zone, illustrative=False).values_list("key", flat=True))
    assert real <= {PageKey.INTRODUCTION, PageKey.OFFICIALS}
    introduction = Page.objects.get(zone=zone, key=PageKey.INTRODUCTION)
    assert "first inland national-level development zone" in introduction.body_en
    officials = Page.objects.get(zone=zone, key=PageKey.OFFICIALS)
    assert "Wang Yu" in officials.body_en
    assert "Liangjiang New Area Media Center" in officials.body_en


def test_the_privacy_page_names_what_the_inquiry_form_stores(zone):
    privacy = Page.objects.get(zone=zone, key=PageKey.PRIVACY).body_en
    for word in ("name", "organisation", "email", "country", "message", "industry chain"):
        assert word in privacy
    assert "investment officers" in privacy


def test_the_parks_are_published_near_chongqing_with_valid_facilities(zone):
    parks = list(Park.objects.filter(zone=zone, published=True))
    assert len(parks) >= 4
    for park in parks:
        assert park.name_zh_hans
        assert 29.6 <= float(park.latitude) <= 29.8
        assert 106.5 <= float(park.longitude) <= 106.8
        assert set(park.facilities) <= set(Facility.values)
        assert park.focus_chains.exists()
    assert sum(park.free_land_mu > 0 for park in parks) >= len(parks) - 1


def test_the_policies_include_an_expired_and_an_open_ended_one(zone):
    policies = Policy.objects.filter(zone=zone, published=True, illustrative=True)
    assert policies.count() >= 6
    assert policies.filter(valid_until__lt=dt.date(2026, 1, 1)).exists()
    assert policies.filter(valid_until__isnull=True).exists()
    assert policies.filter(chains__isnull=True).exists()  # open to every chain
    assert policies.filter(min_investment__isnull=True).exists()
    assert any(policy.company_types for policy in policies)


def test_the_opportunities_are_published_and_never_show_an_internal_project(zone):
    opportunities = Opportunity.objects.filter(zone=zone, published=True)
    assert opportunities.count() >= 5
    assert not opportunities.filter(project__isnull=False).exists()
    charging = opportunities.get(link__code="charging")
    assert charging.chain.code == "nev"


def test_the_guide_has_the_steps_of_the_procedure_in_order(zone):
    steps = list(GuideStep.objects.filter(zone=zone))
    assert len(steps) >= 6
    assert [step.position for step in steps] == list(range(1, len(steps) + 1))
    assert all(step.office_en and step.office_zh_hans for step in steps)


def test_each_news_section_has_a_published_story(zone):
    published = Story.objects.filter(zone=zone, status=Status.PUBLISHED)
    assert set(published.values_list("kind", flat=True)) == set(StoryKind.values)
    for story in published:
        assert 2023 <= story.published_at.year <= 2026
        assert story.title_zh_hans
        assert story.body_zh_hans


def test_the_events_story_shows_the_conference_without_writing_its_figures(zone):
    story = Story.objects.get(zone=zone, kind=StoryKind.EVENTS)
    conference = Event.objects.get(zone=zone, kind=Event.Kind.CONFERENCE)
    assert story.event == conference
    for figure in ("28", "30", "24.9", "5.2", "billion", "301", "249", "52", "亿"):
        assert figure not in story.body_en + story.body_zh_hans


def test_every_story_image_is_described_in_both_languages(zone):
    with_image = [story for story in Story.objects.filter(zone=zone) if story.image]
    assert len(with_image) >= 2
    for story in with_image:
        assert story.image_alt_en.startswith("Illustration:")
        assert story.image_alt_zh_hans


def test_listed_companies_are_present_and_not_confidential(zone):
    listed = Company.objects.filter(zone=zone, listed=True)
    assert 6 <= listed.count() <= 10
    for company in listed:
        projects = Project.objects.filter(company=company)
        assert projects.filter(stage__in=PRESENT_STAGES, confidential=False).exists()
        assert not projects.filter(confidential=True).exists()
