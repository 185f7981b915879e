"""Search fixtures: a few records of both languages in the world's zone, and API clients."""

import pytest
from django.test import Client

from tests.api.helpers import ApiClient
from tests.factories.pipeline import CompanyFactory, ProjectFactory
from tests.factories.places import make_policy
from zoneinvest.accounts.models import User
from zoneinvest.accounts.services import token_create
from zoneinvest.portal.models import Status
from zoneinvest.portal.services import story_create


@pytest.fixture
def records(world):
    """Named records: two battery projects (one only in English words), one confidential."""
    zone = world.zone
    return {
        "chinese": ProjectFactory(
            zone=zone, title_en="Energy plant", title_zh_hans="电池储能工厂", owner=world.officer
        ),
        "english": ProjectFactory(
            zone=zone,
            title_en="Battery storage plant",
            title_zh_hans="电池储能电站",
            owner=world.officer,
        ),
        "english_only": ProjectFactory(
            zone=zone, title_en="Battery recycling", title_zh_hans="回收利用", owner=world.officer
        ),
        "described": ProjectFactory(
            zone=zone,
            title_en="Logistics hub",
            title_zh_hans="物流枢纽",
            description_en="Warehouses next to the battery plant.",
            owner=world.officer,
        ),
        "secret": ProjectFactory(
            zone=zone,
            title_en="Battery gigafactory",
            title_zh_hans="电池超级工厂",
            owner=world.officer2,
            confidential=True,
        ),
        "elsewhere": ProjectFactory(
            zone=world.other_zone, title_en="Battery park", title_zh_hans="电池园"
        ),
        "company": CompanyFactory(zone=zone, name_en="CATL", name_zh_hans="宁德时代"),
        "policy": make_policy(
            zone, slug="battery-subsidy", title_en="Battery subsidy", title_zh_hans="电池补贴"
        ),
        "draft_policy": make_policy(
            zone, slug="draft", title_en="Battery draft rule", published=False
        ),
        "story": story_create(
            zone=zone,
            by=None,
            slug="battery-news",
            kind="business",
            title_en="Battery maker signs",
            title_zh_hans="电池企业签约",
            body_en="A story.",
            status=Status.PUBLISHED,
        ),
        "draft_story": story_create(
            zone=zone,
            by=None,
            slug="battery-draft",
            kind="business",
            title_en="Battery draft story",
            body_en="Not yet.",
        ),
    }


@pytest.fixture
def api_as(db):
    def make(user: User) -> ApiClient:
        _, plain = token_create(user=user, name="tests", read_only=True)
        return ApiClient(Client(), plain)

    return make
