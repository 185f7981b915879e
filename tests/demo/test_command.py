"""`zoneinvest demo`: migrate, load, print the log-ins and the address (serving is not tested)."""

import pytest
from django.core.management import CommandError, call_command

from tests.factories.accounts import UserFactory
from zoneinvest.accounts.models import User
from zoneinvest.core.models import Zone
from zoneinvest.demo.liangjiang import DEMO_USERS, DemoConflictError, demo_load


def test_the_command_prints_every_user_with_password_and_the_url(db, capsys):
    call_command("demo", "--no-serve", "--port", "8123")

    out = capsys.readouterr().out
    for user in DEMO_USERS:
        assert user.username in out
        assert user.password in out
        assert user.role_label in out
    assert "http://127.0.0.1:8123/" in out
    assert Zone.objects.filter(code="liangjiang").exists()


def test_running_the_command_again_reports_that_nothing_changed(db, capsys):
    call_command("demo", "--no-serve")
    capsys.readouterr()

    call_command("demo", "--no-serve")

    out = capsys.readouterr().out
    assert "already loaded" in out
    assert "http://127.0.0.1:8000/" in out


def test_a_taken_user_name_stops_the_load_before_anything_is_written(db):
    UserFactory(username="director")

    with pytest.raises(DemoConflictError, match="director"):
        demo_load()

    assert not Zone.objects.filter(code="liangjiang").exists()
    assert User.objects.count() == 1


def test_the_command_reports_a_taken_user_name_as_an_error(db):
    UserFactory(username="officer")

    with pytest.raises(CommandError, match="officer"):
        call_command("demo", "--no-serve")


def test_the_command_refuses_a_port_out_of_range(db):
    with pytest.raises(CommandError, match="port"):
        call_command("demo", "--no-serve", "--port", "70000")
