"""Django's PostgreSQL backend, its connection's health checked without a round trip.

With `CONN_HEALTH_CHECKS`, Django checks a kept connection before a request's first query by
sending `SELECT 1`: a round trip to the server on every request that reads the database, as
long as the API's list takes to read its page. A connection between requests has nothing to
read: every answer of the last request was read to its end. A server that went away (stopped,
restarted, a backend ended by `pg_terminate_backend` or an idle timeout) says so on the socket:
it sends its last error and closes, or the socket is reset. So the socket is asked first, without
waiting (`select` with no timeout); only when it has something to read, or cannot be asked,
does the check send `SELECT 1` as Django's, and close the connection if that fails.

What neither check sees is the same: a server that vanished without a word (its machine off,
the network cut) is found out by the request's first query, after TCP's own timeouts. The
go-sql-driver for MySQL checks its connections the same way before reusing them.
"""

import select

from django.db.backends.postgresql import base


def socket_has_news(fileno: int) -> bool:
    """Whether the idle connection's socket has anything to read (an error, an end) — or could
    not be asked, which is treated the same."""
    try:
        readable, _, errored = select.select([fileno], [], [fileno], 0)
    except (OSError, ValueError):
        return True
    return bool(readable or errored)


class DatabaseWrapper(base.DatabaseWrapper):
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
