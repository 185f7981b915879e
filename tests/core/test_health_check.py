"""A kept PostgreSQL connection is health-checked by asking its socket, not by a round trip;
a connection the server ended is still found out, closed, and opened again."""

import time
from unittest import mock

import psycopg
import pytest
from django.db import connection
from django.db.utils import load_backend

from zoneinvest.core.db.postgresql.base import socket_has_news

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's backend (the suite runs on SQLite)"
)


@pytest.fixture
def kept(db):
    """A connection of its own (the test's is inside its transaction), kept as between requests."""
    wrapper = load_backend(connection.settings_dict["ENGINE"]).DatabaseWrapper(
        {**connection.settings_dict, "CONN_HEALTH_CHECKS": True}, alias="health-check"
    )
    wrapper.ensure_connection()
    try:
        yield wrapper
    finally:
        wrapper.close()


def _as_a_new_request_would(wrapper):
    """What Django's request_started does for a kept connection: the check is due again."""
    wrapper.health_check_done = False


def _read_one(wrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _end_on_the_server(pid: int) -> None:
    params = connection.get_connection_params()
    with psycopg.connect(**params, autocommit=True) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]


def test_a_quiet_connection_is_reused_without_a_round_trip(kept):
    pid = _read_one(kept)
    _as_a_new_request_would(kept)
    with mock.patch.object(kept, "is_usable", wraps=kept.is_usable) as usable:
        assert _read_one(kept) == pid
    assert usable.call_count == 0  # Django's own check would have sent SELECT 1
    assert kept.health_check_done


def test_a_connection_the_server_ended_is_opened_again(kept):
    pid = _read_one(kept)
    _end_on_the_server(pid)
    deadline = time.monotonic() + 5
    while not socket_has_news(kept.connection.fileno()) and time.monotonic() < deadline:
        time.sleep(0.01)
    _as_a_new_request_would(kept)
    with mock.patch.object(kept, "is_usable", wraps=kept.is_usable) as usable:
        assert _read_one(kept) != pid  # no error: a new connection answered
    assert usable.call_count == 1


def test_a_socket_that_cannot_be_asked_counts_as_news():
    assert socket_has_news(-1)
