"""Django's PostgreSQL backend, with two things this application's requests need.

**A kept connection's health, asked of its socket.** With `CONN_HEALTH_CHECKS`, Django checks a
kept connection before a request's first query by sending `SELECT 1`: a round trip to the server
on every request that reads the database. A connection between requests has nothing to read:
every answer of the last request was read to its end. A server that went away (stopped,
restarted, a backend ended by `pg_terminate_backend` or an idle timeout) says so on the socket:
it sends its last error and closes, or the socket is reset. So the socket is asked first,
without waiting (`select` with no timeout); only when it has something to read, or cannot be
asked, does the check send `SELECT 1` as Django's does, and close the connection if that fails.
What neither check sees is the same: a server that vanished without a word (its machine off, the
network cut) is found out by the request's first query, after TCP's own timeouts. The
go-sql-driver for MySQL checks its connections the same way before reusing them.

**One plan for a read of one shape** (`one_plan_for_any_values`). PostgreSQL plans a prepared
statement anew for each call's values (a "custom plan") for as long as it guesses that cheaper
than one plan for any values. For the API's project list it always does: the page's LIMIT is a
parameter it cannot see, so it prices one plan for any values as reading a tenth of the list.
Planning the page's four joins then costs ~0.5 ms of a ~1 ms read, every call. A read kept for
its shape that asks for it (`core.shapes`, `one_plan`) is sent with `plan_cache_mode =
force_generic_plan` set for its own transaction: `set_config(…, true)` and the read in one
pipeline, one round trip, the setting gone when the read's implicit transaction ends (with an
error too). Only where measured faster: one plan for any values is not always as good as a plan
for the call's own (the board's columns: 2.17 against 1.94 ms).
"""

import select
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from django.db.backends.postgresql import base

ONE_PLAN = "SELECT set_config('plan_cache_mode', 'force_generic_plan', true)"


def socket_has_news(fileno: int) -> bool:
    """Whether the idle connection's socket has anything to read (an error, an end) — or could
    not be asked, which is treated the same."""
    try:
        readable, _, errored = select.select([fileno], [], [fileno], 0)
    except (OSError, ValueError):
        return True
    return bool(readable or errored)


class DatabaseWrapper(base.DatabaseWrapper):
    health_check_enabled: bool  # set by Django's connect(), unknown to its type stubs
    health_check_done: bool

    def close_if_health_check_failed(self) -> None:
        if self.pool or self.connection is None:
            return super().close_if_health_check_failed()
        if not self.health_check_enabled or self.health_check_done:
            return None
        if self.connection.closed or socket_has_news(self.connection.fileno()):
            if not self.is_usable():
                self.close()
        self.health_check_done = True
        return None

    def _plans_prepared_statements(self) -> bool:
        """Whether the reads are sent with their values apart (server-side binding), so that a
        prepared statement's plan can serve other values; and not inside a transaction, whose
        later statements the setting would reach."""
        return (
            self.settings_dict["OPTIONS"].get("server_side_binding") is True
            and not self.in_atomic_block
            and psycopg.Pipeline.is_supported()
        )

    @contextmanager
    def one_plan_for_any_values(self) -> Iterator[None]:
        """The statements executed inside, sent with `ONE_PLAN` in one pipeline (see the
        module's docstring); as they are where the setting would not be theirs alone."""
        if not self._plans_prepared_statements():
            yield
            return
        with self.wrap_database_errors, self.connection.pipeline():
            self.connection.execute(ONE_PLAN)
            yield
