"""Raw SQL over HTTP: bench/compare.py's raw queries behind a bare WSGI application.

The raw-SQL column of bench/compare.py is the database's limit, read in process on a connection
kept open. This is the same SQL answered the way ZoneInvest is, and by the same server (gunicorn,
2 sync workers, a new connection a request) with its rows as JSON: what any Python service pays
to answer over HTTP before it does anything of its own. compare.py starts it with the database
and the set-up (zones, stage, project, event) in RAW_DB and RAW_SETUP.
"""

import json
import os
from collections.abc import Callable, Iterable
from typing import Any

from compare import Raw

ROUTES = {
    "/list": "page_count",
    "/detail": "detail",
    "/board": "board",
    "/dashboard": "dashboard",
    "/event_report": "event_report",
    "/search": "search",
}
_raw: Raw | None = None


def _queries() -> Raw:
    """One connection per worker process, opened by its first request (after the fork)."""
    global _raw  # noqa: PLW0603 - the worker's one connection
    if _raw is None:
        _raw = Raw(os.environ["RAW_DB"], json.loads(os.environ["RAW_SETUP"]))
    return _raw


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    name = ROUTES.get(environ.get("PATH_INFO", ""))
    if name is None:
        start_response("404 Not Found", [("Content-Type", "text/plain"), ("Content-Length", "0")])
        return [b""]
    body = json.dumps(getattr(_queries(), name)(), default=str).encode()
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
