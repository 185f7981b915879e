"""The board's cards (`office.templatetags.office.board_cards`, written in Python for speed):
what an officer and an analyst see on each card, every value escaped."""

import re

import pytest
from django.urls import reverse

from tests.factories.pipeline import CompanyFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _card(html: str, text: str) -> str:
    """The one card holding `text`."""
    cards = re.findall(r'<article class="board-card">(.*?)</article>', html, re.S)
    found = [card for card in cards if text in card]
    assert len(found) == 1, cards
    return found[0]


@pytest.fixture
def tricky(world):
    company = CompanyFactory(zone=world.zone, name_en="Bolts & <Nuts> AG")
    return ProjectFactory(
        zone=world.zone,
        company=company,
        owner=world.officer,
        title_en='<script>alert("x")</script> plant',
        stage="on_hold",
        held_from_stage="negotiating",
        total_investment="1200000000",
        currency="CNY",
    )


def test_an_officer_sees_each_card_with_its_link_investor_amount_owner_and_move_form(
    world, client_for, tricky
):
    html = client_for(world.officer).get(reverse("office:board")).content.decode()
    assert "<script>alert" not in html
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; plant"
    card = _card(html, escaped)
    link = reverse("office:project_detail", args=[tricky.pk])
    assert f'<a class="title" href="{link}">{escaped}</a>' in card
    assert '<div class="muted">Bolts &amp; &lt;Nuts&gt; AG</div>' in card
    assert f"<div>1.2 billion yuan · {world.officer}</div>" in card
    assert 'name="csrfmiddlewaretoken"' in card
    assert f'<input type="hidden" name="project" value="{tricky.pk}">' in card
    assert f'<input type="hidden" name="version" value="{tricky.version}">' in card
    # held projects resume only where they were held, or are lost
    options = re.findall(r'<option value="([a-z_]+)">', card)
    assert options == ["negotiating", "lost"]


def test_the_move_form_posts_back_with_the_board_s_filters(world, client_for, tricky):
    html = client_for(world.officer).get(reverse("office:board") + "?q=plant&sector=").content
    card = _card(html.decode(), "plant</a>")
    assert f'hx-post="{reverse("office:board_move")}?q=plant&amp;sector="' in card


def test_an_analyst_sees_the_cards_without_move_forms(world, client_for, tricky):
    html = client_for(world.analyst).get(reverse("office:board")).content.decode()
    card = _card(html, "plant</a>")
    assert "Bolts &amp; &lt;Nuts&gt; AG" in card
    assert "<form" not in card


def test_the_cards_read_in_chinese(world, client_for, tricky):
    response = client_for(world.officer).get("/zh-hans/office/board/")
    card = _card(response.content.decode(), f'/zh-hans/office/projects/{tricky.pk}/"')
    assert "<div>12亿元 · " in card
    assert ">移至</label>" in card
    assert ">移动</button>" in card
