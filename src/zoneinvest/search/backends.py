"""The one full-text query, in the SQL of each database.

`Scope` says, in SQL over the entry table (alias `e`), which entries the caller may see; the
match narrows first by the zone and kind tokens (inside the full-text index), then the scope's
columns are checked on the few rows left, then the best `limit` are ranked. One query.
"""

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from zoneinvest.search.models import SearchEntry

COLUMNS = (
    "e.id, e.zone_id, e.kind, e.object_id, e.title_en, e.title_zh, e.summary_en, "
    "e.summary_zh, e.slug, e.owner_id, e.confidential, e.published"
)


# At most this many matches are ranked (ts_rank_cd reads each one's document): a query matching
# more (a common word over every zone) ranks the first CANDIDATES the index hands over, in table
# order. Measured on 1.1M entries: ranking 5,000 costs ~25 ms, 544k (every zone) ~2.5 s.
CANDIDATES = 2_000


@dataclass(frozen=True)
class Scope:
    """What the caller may see: zones (None: all), and per kind an extra SQL condition."""

    zone_ids: list[int] | None
    kinds: dict[str, tuple[str, list[Any]]] = field(default_factory=dict)

    def where(self) -> tuple[str, list[Any]]:
        parts: list[str] = []
        params: list[Any] = []
        for kind, (condition, values) in self.kinds.items():
            parts.append(f"(e.kind = %s AND {condition})" if condition else "e.kind = %s")
            params.extend([kind, *values])
        sql = "(" + " OR ".join(parts) + ")"
        if self.zone_ids is not None:
            sql += " AND e.zone_id IN (" + ", ".join(["%s"] * len(self.zone_ids)) + ")"
            params.extend(self.zone_ids)
        return sql, params


def _zone_tokens(scope: Scope) -> list[str]:
    """The internal zone tokens one of which a match must have (none: every zone). Kinds are
    not narrowed in the index: a kind's token would stand in most rows and cost more than the
    column check."""
    return [f"zzone{zone_id}" for zone_id in scope.zone_ids or []]


def _postgresql(tokens: list[str], prefix: bool, scope: Scope, limit: int) -> Any:
    words = [*tokens[:-1], tokens[-1] + (":*" if prefix else "")]
    asked = " & ".join(words)
    zones = _zone_tokens(scope)
    # The zone tokens in the GIN search itself: it intersects a zone's posting list with the
    # words' (measured on 1.1M entries: 98 → 37 ms for a word in half the entries, against a
    # BitmapAnd of the (zone, kind) btree and the words' whole posting lists).
    narrowed = asked + (" & (" + " | ".join(zones) + ")" if zones else "")
    where, params = scope.where()
    # The inner query finds the matches in scope, at most CANDIDATES of them (it stops reading
    # there); only those are ranked. Only constant SQL is interpolated; values are parameters.
    sql = (
        # bandit B608, reviewed: COLUMNS and the scope's conditions are constant SQL of
        # selectors.search_scope; the words, zones and limits are parameters
        f"SELECT {COLUMNS}, ts_rank_cd(e.document, to_tsquery('simple', %s)) AS rank "  # noqa: S608 # nosec B608
        "FROM (SELECT * FROM search_searchentry e "
        f"WHERE e.document @@ to_tsquery('simple', %s) AND {where} LIMIT %s) e "
        "ORDER BY rank DESC, e.id DESC LIMIT %s"
    )
    return SearchEntry.objects.raw(sql, [asked, narrowed, *params, CANDIDATES, limit])


def _fts5_word(token: str, prefix: bool) -> str:
    return f'"{token}"' + (" *" if prefix else "")


def _sqlite(tokens: list[str], prefix: bool, scope: Scope, limit: int) -> Any:
    last = len(tokens) - 1
    asked = " AND ".join(_fts5_word(t, prefix and i == last) for i, t in enumerate(tokens))
    narrowed = f"{{title_terms body_terms}} : ({asked})"
    zones = _zone_tokens(scope)
    if zones:
        narrowed += " AND tags : (" + " OR ".join(f'"{t}"' for t in zones) + ")"
    where, params = scope.where()
    # bm25 weights: a word in the title counts ten times one in the text; the tags nothing.
    sql = (
        # bandit B608, reviewed: constant SQL, as above; the MATCH text and the limit are parameters
        f"SELECT {COLUMNS}, bm25(search_fts, 10.0, 1.0, 0.0) AS rank "  # noqa: S608 # nosec B608
        "FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid "
        f"WHERE search_fts MATCH %s AND {where} "
        "ORDER BY rank, e.id DESC LIMIT %s"
    )
    return SearchEntry.objects.raw(sql, [narrowed, *params, limit])


@contextlib.contextmanager
def _planned_for_its_words() -> Iterator[None]:
    """The search's statement is not prepared on PostgreSQL (psycopg prepares a statement the
    fifth time it runs it, decision 0012). A prepared statement is soon planned once for any
    words (a generic plan), and the best plan depends on the words: one in a tenth of the
    entries is found fastest by reading the table until CANDIDATES match, a rare one through
    the index. Measured on 1.1M entries, `有限公司` over every zone: 13 ms planned for it,
    160–235 ms with the generic plan, which builds a bitmap of its 120,000 matches first."""
    raw = connection.connection if connection.vendor == "postgresql" else None
    threshold = getattr(raw, "prepare_threshold", None)
    if threshold is None:
        yield
        return
    raw.prepare_threshold = None  # type: ignore[union-attr]
    try:
        yield
    finally:
        raw.prepare_threshold = threshold  # type: ignore[union-attr]


def run(*, tokens: list[str], prefix: bool, scope: Scope, limit: int) -> list[SearchEntry]:
    """The best `limit` entries in `scope` that have every token (the last as a prefix)."""
    if not tokens or not scope.kinds or scope.zone_ids == []:
        return []
    query = _postgresql if connection.vendor == "postgresql" else _sqlite
    connection.ensure_connection()
    with _planned_for_its_words():
        return list(query(tokens, prefix, scope, limit))
