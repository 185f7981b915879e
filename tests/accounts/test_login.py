import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from zoneinvest.accounts.models import ApiToken
from zoneinvest.accounts.services import token_authenticate


def _login(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_a_user_logs_in_and_lands_on_the_project_list(world, password):
    client = Client()
    response = _login(client, "officer", password)
    assert response.status_code == 302
    assert (
        client.get(response["Location"], follow=True)
        .redirect_chain[-1][0]
        .endswith("/office/projects/")
    )


def test_five_failures_lock_the_user_out_even_with_the_right_password_from_elsewhere(
    world, password
):
    client = Client()
    for _ in range(4):
        assert _login(client, "officer", "wrong").status_code == 200
    assert _login(client, "officer", "wrong").status_code == 429
    locked = _login(client, "officer", password)
    assert locked.status_code == 429
    assert "Too many failed log-ins" in locked.content.decode()
    other_address = Client(REMOTE_ADDR="10.9.8.7")
    assert _login(other_address, "officer", password).status_code == 429
    assert _login(other_address, "officer2", password).status_code == 302


def test_createtoken_prints_the_token_alone_on_its_last_line(world):
    out, err = io.StringIO(), io.StringIO()
    call_command("createtoken", "officer", "--days", "7", stdout=out, stderr=err)
    token = out.getvalue().strip().splitlines()[-1]
    assert token.startswith("zi_")
    assert " " not in token
    found = token_authenticate(plain=token)
    assert found is not None
    assert found.user == world.officer
    assert token not in "".join(ApiToken.objects.values_list("digest", flat=True))


def test_createtoken_for_an_unknown_user_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nobody"):
        call_command("createtoken", "nobody")
