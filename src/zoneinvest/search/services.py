"""Keeping the search entries in step with the records they stand for.

`entry_sync` / `entry_remove` follow single saves and deletes (search/signals.py connects them);
`reindex` rebuilds in batches what bulk writes (imports, the synthetic data set) put in without
signals, written as those are (core.bulk: COPY on PostgreSQL, segmenting one batch while the one
before is sent). Segmentation happens here, in Python, once per write; queries never touch the
records.
"""

import itertools
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import models, transaction

from zoneinvest.core.bulk import BulkWriter, allocate_ids, collector_paused
from zoneinvest.core.models import Zone
from zoneinvest.pipeline.models import Company, Project
from zoneinvest.places.models import Policy
from zoneinvest.portal.models import Status, Story
from zoneinvest.search.models import SearchEntry, SearchKind
from zoneinvest.search.text import terms

BATCH = 2_000
SUMMARY_CHARS = 300

# kind → (model, the fields an entry is made of)
SOURCES: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    SearchKind.COMPANY: (Company, ("zone_id", "name_en", "name_zh_hans", "hq_city")),
    SearchKind.PROJECT: (
        Project,
        (
            "zone_id",
            "title_en",
            "title_zh_hans",
            "description_en",
            "description_zh_hans",
            "owner_id",
            "confidential",
        ),
    ),
    SearchKind.POLICY: (
        Policy,
        (
            "zone_id",
            "slug",
            "title_en",
            "title_zh_hans",
            "issuer_en",
            "issuer_zh_hans",
            "summary_en",
            "summary_zh_hans",
            "full_text_en",
            "full_text_zh_hans",
            "published",
        ),
    ),
    SearchKind.STORY: (
        Story,
        (
            "zone_id",
            "slug",
            "title_en",
            "title_zh_hans",
            "summary_en",
            "summary_zh_hans",
            "body_en",
            "body_zh_hans",
            "status",
        ),
    ),
}


def tags_for(*, zone_id: int) -> str:
    """The internal token that lets the full-text index narrow by zone before reading rows."""
    return f"zzone{zone_id}"


def _short(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "…"


def _entry(kind: str, pk: int, row: dict[str, Any]) -> dict[str, Any]:
    """The entry of one record ({attname: value}, every column but the id), from the record's
    values (`SOURCES[kind]` fields)."""
    g = row.get
    if kind == SearchKind.COMPANY:
        title_en, title_zh = g("name_en"), g("name_zh_hans")
        summary_en = summary_zh = g("hq_city") or ""
        body = terms(g("hq_city"))
    elif kind == SearchKind.PROJECT:
        title_en, title_zh = g("title_en"), g("title_zh_hans")
        summary_en, summary_zh = g("description_en"), g("description_zh_hans")
        body = terms(summary_en, summary_zh)
    elif kind == SearchKind.POLICY:
        title_en, title_zh = g("title_en"), g("title_zh_hans")
        summary_en, summary_zh = g("summary_en"), g("summary_zh_hans")
        body = terms(
            g("issuer_en"),
            g("issuer_zh_hans"),
            summary_en,
            summary_zh,
            g("full_text_en"),
            g("full_text_zh_hans"),
        )
    else:
        title_en, title_zh = g("title_en"), g("title_zh_hans")
        summary_en, summary_zh = g("summary_en"), g("summary_zh_hans")
        body = terms(summary_en, summary_zh, g("body_en"), g("body_zh_hans"))
    published = (
        bool(g("published")) if kind == SearchKind.POLICY else g("status") == Status.PUBLISHED
    )
    return {
        "zone_id": row["zone_id"],
        "kind": kind,
        "object_id": pk,
        "title_en": _short(title_en)[:300],
        "title_zh": _short(title_zh)[:300],
        "summary_en": _short(summary_en),
        "summary_zh": _short(summary_zh),
        "slug": g("slug") or "",
        "owner_id": g("owner_id"),
        "confidential": bool(g("confidential")),
        "published": published if kind in (SearchKind.POLICY, SearchKind.STORY) else False,
        "title_terms": terms(title_en, title_zh),
        "body_terms": body,
        "tags": tags_for(zone_id=row["zone_id"]),
    }


def kind_of(model: type[models.Model]) -> str | None:
    return next((kind for kind, (m, _) in SOURCES.items() if m is model), None)


def entry_sync(*, obj: models.Model) -> None:
    """Write (or rewrite) the entry of one company, project, policy or story."""
    kind = kind_of(type(obj))
    if kind is None:
        return
    fields = SOURCES[kind][1]
    values = _entry(kind, obj.pk, {name: getattr(obj, name) for name in fields})
    del values["kind"], values["object_id"]
    SearchEntry.objects.update_or_create(kind=kind, object_id=obj.pk, defaults=values)


def entry_remove(*, model: type[models.Model], pk: int) -> None:
    kind = kind_of(model)
    if kind is not None:
        SearchEntry.objects.filter(kind=kind, object_id=pk).delete()


def _rows(
    kind: str, zone: Zone | None, ids: Iterable[int] | None
) -> Iterator[tuple[int, dict[str, Any]]]:
    model, fields = SOURCES[kind]
    rows = model._default_manager.order_by("pk")
    if zone is not None:
        rows = rows.filter(zone=zone)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    for row in rows.values("pk", *fields).iterator(chunk_size=BATCH):
        yield row["pk"], row


def reindex(
    *,
    zone: Zone | None = None,
    kinds: Iterable[str] | None = None,
    ids: Iterable[int] | None = None,
) -> int:
    """Rebuild the entries of `kinds` (all four by default) of `zone` (every zone by default),
    or only of the records `ids` (one kind then), in batches; returns the entries written.
    Call it after a bulk write that bypassed the models' signals (core.bulk.fast_insert)."""
    chosen = list(kinds) if kinds is not None else list(SOURCES)
    if ids is not None:
        ids = list(ids)
        if len(chosen) != 1:
            raise ValueError("reindex(ids=...) needs exactly one kind")
    written = 0
    for kind in chosen:
        with transaction.atomic():
            stale = SearchEntry.objects.filter(kind=kind)
            if zone is not None:
                stale = stale.filter(zone=zone)
            if ids is not None:
                stale = stale.filter(object_id__in=ids)
            stale.delete()
            written += _write_entries(kind, _rows(kind, zone, ids))
    return written


def _write_entries(kind: str, rows: Iterable[tuple[int, dict[str, Any]]]) -> int:
    """The entries of `rows`, in batches: each batch is segmented here while the one before is
    being sent (core.bulk's writer, COPY on PostgreSQL). Inside the caller's transaction."""
    written = 0
    with collector_paused(), BulkWriter() as writer:
        for chunk in itertools.batched(rows, BATCH):
            batch = [_entry(kind, pk, row) for pk, row in chunk]
            writer.insert(SearchEntry, batch, allocate_ids(SearchEntry, len(batch)))
            written += len(batch)
    return written
