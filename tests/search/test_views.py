"""The office's search page and the API's /search."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.api.helpers import assert_error
from zoneinvest.search.models import SearchKind

URL = "/en/office/search/"


def test_the_page_groups_results_by_kind_in_both_languages(world, records, client_for):
    response = client_for(world.director).get(URL, {"q": "电池"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="results-project"' in html
    assert 'id="results-policy"' in html
    assert "Battery storage plant" in html
    assert "电池储能电站" in html
    assert reverse("office:project_detail", args=[records["english"].pk]) in html


def test_the_page_shows_an_officer_no_confidential_project_of_another(world, records, client_for):
    html = client_for(world.officer).get(URL, {"q": "battery"}).content.decode()
    assert "Battery gigafactory" not in html
    assert "Battery storage plant" in html


def test_the_page_asks_one_search_query(world, records, client_for, django_assert_max_num_queries):
    client = client_for(world.officer)
    client.get(URL, {"q": "battery"})
    with django_assert_max_num_queries(8) as few:
        client.get(URL, {"q": "battery"})
    with django_assert_max_num_queries(len(few)):
        client.get(URL, {"q": "电池"})


def test_the_header_has_the_search_box(world, client_for):
    html = client_for(world.officer).get("/en/office/projects/").content.decode()
    assert f'action="{URL}"' in html


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("director", 200),
        ("officer", 200),
        ("analyst", 200),
        ("editor", 200),
        ("admin", 200),
        ("outsider", 200),
        ("consultant", 404),
    ],
)
def test_who_may_open_the_page(world, client_for, role, status):
    assert client_for(world.user(role)).get(URL, {"q": "x"}).status_code == status


def test_anonymous_is_sent_to_log_in(client, db):
    with translation.override("en"):
        assert client.get(URL).status_code == 302


def test_the_api_finds_by_kind(world, records, api_as):
    response = api_as(world.officer).get("/search", q="电池", kind="project")
    assert response.status_code == 200, response.content
    body = response.json()
    assert {hit["id"] for hit in body} == {records["chinese"].pk, records["english"].pk}
    assert {hit["kind"] for hit in body} == {SearchKind.PROJECT}
    assert body[0]["title_zh_hans"]


def test_the_api_refuses_an_unknown_parameter_and_an_empty_query(world, api_as):
    api = api_as(world.officer)
    assert_error(api.get("/search", q="x", knd="project"), 422, "validation_failed")
    assert_error(api.get("/search", q=""), 422, "validation_failed")
    assert_error(api.get("/search", q="x", kind="contact"), 422, "validation_failed")


def test_the_api_is_404_for_a_consultant(world, api_as):
    assert_error(api_as(world.consultant).get("/search", q="x"), 404, "not_found")
