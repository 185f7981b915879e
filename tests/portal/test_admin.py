"""Platform admins see the portal's records in /admin/, each marked illustrative or not."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.places import make_opportunity, make_park, make_policy
from zoneinvest.portal.services import guide_step_create, page_create, story_create

MODELS = [
    "places_park",
    "places_policy",
    "portal_opportunity",
    "portal_guidestep",
    "portal_page",
    "portal_story",
    "portal_inquiry",
]


@pytest.mark.parametrize("model", MODELS)
def test_the_admin_lists_the_portals_records_with_the_illustrative_mark(world, model):
    park = make_park(world.zone, "auto", illustrative=True)
    make_policy(world.zone, "tax", illustrative=True)
    make_opportunity(world.zone, world.chain, "charging", park=park, illustrative=True)
    page_create(zone=world.zone, key="food", by=None, title_en="Food", body_en="Noodles.")
    story_create(zone=world.zone, by=None, slug="s", kind="local", title_en="S", body_en="T")
    guide_step_create(
        zone=world.zone,
        by=None,
        position=1,
        title_en="Visit",
        description_en="D",
        office_en="Bureau",
    )
    client = Client()
    client.force_login(world.admin)
    response = client.get(reverse(f"admin:{model}_changelist"))
    assert response.status_code == 200
    if model != "portal_inquiry":
        assert "Illustrative" in response.content.decode()


def test_editors_and_officers_have_no_admin(world):
    for user in (world.editor, world.officer):
        client = Client()
        client.force_login(user)
        response = client.get(reverse("admin:places_park_changelist"))
        assert response.status_code == 302  # to the admin's log-in: not staff
