"""The founding case's conference, computed from its 28 signings (FACTS.md)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from zoneinvest.demo.liangjiang import demo_load
from zoneinvest.events.briefing import event_briefing
from zoneinvest.events.models import Event, Signing
from zoneinvest.events.selectors import event_report


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_load()
        yield event_report(event=Event.objects.get(date=dt.date(2023, 1, 11)))
        transaction.set_rollback(True)


def test_the_conference_has_28_illustrative_signed_projects(report, db):
    signings = Signing.objects.filter(event=report.event)
    assert signings.count() == 28
    assert all(s.project.illustrative for s in signings.select_related("project"))
    # One of them has since registered (a consultant's referral with paid-in capital).
    stages = {s.project.stage for s in signings.select_related("project")}
    assert stages <= {"signed", "registered"}


def test_its_figures_are_those_of_the_article(report):
    by_sector = {f.key: f for f in report.by_sector}
    assert report.total.projects == 28
    assert by_sector["manufacturing"].projects == 20
    assert by_sector["service"].projects == 8
    assert by_sector["manufacturing"].counted == Decimal("24930000000")
    assert by_sector["service"].counted == Decimal("5200000000")
    assert [v.get_role_display() for v in report.venues] == ["Main venue", "Sub-venue"]
    assert {f.label for f in report.by_chain} == {
        "Intelligent connected new energy vehicles",
        "New-generation electronic information",
        "High-end equipment",
        "Life and health",
    }


def test_the_english_briefing_states_the_headline(report):
    text = event_briefing(report, "en").text
    assert "28 projects were signed, totaling over 30 billion yuan ($4.4 billion)" in text
    assert "20 manufacturing projects (over 24.9 billion yuan)" in text
    assert "8 service projects (5.2 billion yuan)" in text
    assert "Berlin sub-venue" in text
    assert "BWA" in text


def test_the_chinese_briefing_writes_yi(report):
    text = event_briefing(report, "zh-hans").text
    assert "28个项目" in text
    assert "301亿元" in text
    assert "249亿元" in text
    assert "52亿元" in text
    assert "约44亿美元" in text
    assert "柏林分会场" in text
    assert "智能网联新能源汽车" in text


def test_the_report_page_and_the_api_state_the_same_figures(report, client):
    from django.urls import reverse
    from django.utils import translation

    from zoneinvest.accounts.models import User
    from zoneinvest.accounts.services import token_create

    director = User.objects.get(username="director")
    client.force_login(director)
    for language, expected in (
        ("en", ["28 projects", "over 30 billion yuan", "$4.4 billion", "over 24.9 billion yuan"]),
        ("zh-hans", ["28个项目", "超301亿元", "约44亿美元", "超249亿元", "52亿元"]),
    ):
        with translation.override(language):
            url = reverse("office:event_report", args=[report.event.pk])
        page = client.get(url).content.decode()
        for text in expected:
            assert text in page, (language, text)
    _token, plain = token_create(user=director, name="test")
    body = client.get(
        f"/api/v1/events/{report.event.pk}/report", HTTP_AUTHORIZATION=f"Bearer {plain}"
    ).json()
    assert "over 30 billion yuan ($4.4 billion)" in body["briefing"]["en"]["text"]
    assert "超301亿元" in body["briefing"]["zh-hans"]["text"]
