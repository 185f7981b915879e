"""The API tokens page: every logged-in user makes, lists and revokes their own tokens."""

import re

import pytest
from django.urls import reverse

from zoneinvest.accounts.models import ApiToken
from zoneinvest.accounts.services import token_create
from zoneinvest.core.models import AuditEvent

TOKEN = re.compile(r"zi_[A-Za-z0-9_-]{40,}")


def _create(client, **data):
    body = {"name": "Provincial platform", "days": "30", **data}
    return client.post(reverse("office:api_token_new"), body)


def _api(client, token, method="get", path="/api/v1/projects", **extra):
    call = getattr(client, method)
    return call(path, headers={"Authorization": f"Bearer {token}"}, **extra)


def test_a_new_token_is_shown_once_and_authenticates_an_api_call(world, client_for):
    client = client_for(world.officer)
    response = _create(client)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    plain = TOKEN.search(response.content.decode()).group()
    token = ApiToken.objects.get(user=world.officer)
    assert token.name == "Provincial platform"
    assert plain.startswith(token.prefix)
    assert plain not in {token.digest, token.prefix}  # only its hash is kept

    assert _api(client_for(world.analyst), plain).status_code == 200

    listing = client.get(reverse("office:api_tokens")).content.decode()
    assert plain not in listing
    assert f"{token.prefix}…" in listing
    assert "Provincial platform" in listing


def test_the_expiry_is_between_one_and_365_days(world, client_for):
    client = client_for(world.officer)
    assert _create(client, days="366").status_code == 200
    assert _create(client, days="0").status_code == 200
    assert not ApiToken.objects.filter(user=world.officer).exists()
    _create(client, days="365")
    token = ApiToken.objects.get(user=world.officer)
    assert (token.expires_at - token.created_at).days in (364, 365)


def test_the_list_shows_only_the_users_own_tokens(world, client_for):
    token_create(user=world.officer2, name="Someone else's")
    token_create(user=world.officer, name="Mine")
    listing = client_for(world.officer).get(reverse("office:api_tokens")).content.decode()
    assert "Mine" in listing
    assert "Someone else" not in listing


def test_a_revoked_token_is_refused_by_the_api_with_401(world, client_for):
    client = client_for(world.officer)
    token, plain = token_create(user=world.officer, name="Platform")
    assert _api(client, plain).status_code == 200

    response = client.post(reverse("office:api_token_revoke", kwargs={"pk": token.pk}))

    assert response.status_code == 302
    assert _api(client, plain).status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(
        verb="accounts.token.revoked", object_id=str(token.pk), actor=world.officer
    ).exists()
    assert "Revoked" in client.get(reverse("office:api_tokens")).content.decode()


def test_another_users_token_cannot_be_revoked(world, client_for):
    token, plain = token_create(user=world.officer2, name="Theirs")
    response = client_for(world.officer).post(
        reverse("office:api_token_revoke", kwargs={"pk": token.pk})
    )
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert _api(client_for(world.officer2), plain).status_code == 200


def test_a_read_only_token_is_refused_on_a_write_with_403(world, client_for):
    client = client_for(world.officer)
    response = _create(client, read_only="on")
    plain = TOKEN.search(response.content.decode()).group()
    assert ApiToken.objects.get(user=world.officer).read_only

    write = _api(
        client, plain, "post", "/api/v1/companies", data={}, content_type="application/json"
    )

    assert write.status_code == 403
    assert write.json()["error"]["code"] == "read_only_token"


def test_a_read_write_token_may_write(world, client_for):
    client = client_for(world.officer)
    plain = TOKEN.search(_create(client).content.decode()).group()
    assert not ApiToken.objects.get(user=world.officer).read_only
    write = _api(
        client, plain, "post", "/api/v1/companies", data={}, content_type="application/json"
    )
    assert write.status_code == 422  # past the token check: the empty company is refused


def test_token_creation_is_audited(world, client_for):
    _create(client_for(world.officer))
    token = ApiToken.objects.get(user=world.officer)
    event = AuditEvent.objects.get(verb="accounts.token.created", object_id=str(token.pk))
    assert event.actor == world.officer
    assert event.changes["name"] == [None, "Provincial platform"]


@pytest.mark.parametrize("role", ["consultant", "editor", "analyst", "director", "outsider"])
def test_every_logged_in_user_has_the_page_and_its_link(world, client_for, role):
    response = client_for(world.user(role)).get(reverse("office:api_tokens"))
    assert response.status_code == 200
    assert f'href="{reverse("office:api_tokens")}"' in response.content.decode()


def test_a_consultants_token_reads_only_their_own_data(world, client_for):
    client = client_for(world.consultant)
    plain = TOKEN.search(_create(client, read_only="on").content.decode()).group()
    assert _api(client, plain, path="/api/v1/referrals").status_code == 200
    assert _api(client, plain).status_code in (403, 404)  # the pipeline refuses it
