"""The board's stage totals (`StageTotal`), kept with every write of a project.

A row per (zone, stage, currency, confidential) holds how many projects stand there and the sum
of their total investment in cents. Every way a project is written keeps it:
- `Project.save()` and `delete()` (services, the admin, factories): `pre_save` reads (and on
  PostgreSQL locks) the stored row's key, `post_save` moves the project from it to the key it
  has now, in the save's transaction (a save that writes no counted field costs nothing);
- the bulk writes of imports and `zoneinvest synth` (`core.bulk`): `rows_inserted` tallies the
  rows, and the tally is added once the writer's block ends, in one statement per key.
- `update`, `bulk_update` and `bulk_create` of projects (`ProjectQuerySet`): the projects are
  counted before and after (an update of fields the totals do not count costs nothing more).
Only SQL written by hand would not be seen: the pipeline writes none.
`stage_totals_rebuild` counts everything again from the projects (the migration that
created the table, `zoneinvest recount`), and `stage_totals_differences` says whether the kept
totals still match them.

Locks: adding to a key locks its row until the transaction ends, so two transactions moving
projects of the same zone, stage and currency take turns. Keys are written in sorted order, so
two writers never wait on each other crosswise within one call.
"""

import contextlib
import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

from django.db import connection
from django.db.models import Count, Field, QuerySet, Sum
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from zoneinvest.core.bulk import BulkWriter, rows_inserted
from zoneinvest.pipeline.models import Project, StageTotal, counts_toward_totals, to_cents

Key = tuple[int, str, str, bool]  # zone, stage, currency, confidential
Tally = dict[Key, list[int]]  # key → [projects, cents]

TALLY = "pipeline.stage_totals"


def _add(tally: Tally, key: Key, projects: int, amount: Decimal | None) -> None:
    entry = tally.setdefault(key, [0, 0])
    entry[0] += projects
    entry[1] += projects * to_cents(amount)


def stage_totals_add(tally: Mapping[Key, list[int]]) -> None:
    """Add each key's [projects, cents] to its row (created at need), keys in sorted order."""
    rows = [(*key, n, c) for key, (n, c) in sorted(tally.items()) if n or c]
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(StageTotal._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            # bandit B608, reviewed: the model's table name (quoted); values are parameters
            f"INSERT INTO {table} (zone_id, stage, currency, confidential, projects, total_cents) "  # noqa: S608 # nosec B608
            "VALUES (%s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (zone_id, stage, currency, confidential) DO UPDATE SET "
            f"projects = {table}.projects + EXCLUDED.projects, "
            f"total_cents = {table}.total_cents + EXCLUDED.total_cents",
            rows,
        )


# ---------------------------------------------------------------- saves and deletes


def _stored_key(pk: Any) -> tuple[Any, ...] | None:
    """How the totals count the stored project: read and locked (on PostgreSQL) until the
    transaction ends, so that a concurrent save of it waits and then reads what this one wrote."""
    row = (
        Project.objects.filter(pk=pk)
        .select_for_update()
        .values_list("zone_id", "stage", "currency", "confidential", "total_investment")
        .first()
    )
    return tuple(row) if row else None


BEFORE = "_stage_total_before"
UNCOUNTED = object()  # a save that writes no counted field


def _before_save(
    sender: type[Project], instance: Project, update_fields: Any = None, **kwargs: Any
) -> None:
    """What the totals count the project as before this save: read from the database, not from
    the instance, which may be stale (another copy of the project may have been saved since)."""
    if update_fields is not None and not counts_toward_totals(update_fields):
        setattr(instance, BEFORE, UNCOUNTED)
    else:
        setattr(instance, BEFORE, None if instance.pk is None else _stored_key(instance.pk))


def _saved(
    sender: type[Project],
    instance: Project,
    created: bool,
    update_fields: Any = None,
    **kwargs: Any,
) -> None:
    before = instance.__dict__.pop(BEFORE, UNCOUNTED)
    if before is UNCOUNTED:
        return
    after = None if update_fields is not None else instance.stage_total_key()
    if after is None:  # some counted field was not written, or not read: as stored now
        after = _stored_key(instance.pk)
    _move(None if created else before, after)


def _before_delete(sender: type[Project], instance: Project, **kwargs: Any) -> None:
    setattr(instance, BEFORE, _stored_key(instance.pk))


def _deleted(sender: type[Project], instance: Project, **kwargs: Any) -> None:
    _move(instance.__dict__.pop(BEFORE, None), None)


def _move(before: tuple[Any, ...] | None, after: tuple[Any, ...] | None) -> None:
    if before == after:
        return
    tally: Tally = {}
    if before is not None:
        _add(tally, before[:4], -1, before[4])
    if after is not None:
        _add(tally, after[:4], 1, after[4])
    stage_totals_add(tally)


# ---------------------------------------------------------------- bulk writes


@functools.cache
def _default(name: str) -> Any:
    return cast(Field, Project._meta.get_field(name)).get_default()


def _rows_by_key(rows: Sequence[Mapping[str, Any]]) -> dict[Key, list[Any]]:
    """Bulk-written rows (the same keys in every row) grouped by key → [projects, total]; a
    field the rows leave out takes its default, as when written. Amounts are added as they
    are (the writers give them at the column's precision) and turned into cents once a key."""
    first = rows[0]
    zone_field = "zone_id" if "zone_id" in first else "zone"
    fixed: dict[str, Any] = {
        name: str(_default(name)) if name != "confidential" else bool(_default(name))
        for name in ("stage", "currency", "confidential")
        if name not in first
    }
    grouped: dict[Key, list[Any]] = {}
    for row in rows:
        zone = row[zone_field]
        key = (
            zone if type(zone) is int else zone.pk,
            fixed["stage"] if "stage" in fixed else str(row["stage"]),
            fixed["currency"] if "currency" in fixed else str(row["currency"]),
            fixed["confidential"] if "confidential" in fixed else bool(row["confidential"]),
        )
        entry = grouped.get(key)
        if entry is None:
            entry = grouped[key] = [0, Decimal(0)]
        entry[0] += 1
        amount = row.get("total_investment")
        if amount is not None:
            entry[1] += amount
    return grouped


def _inserted(
    sender: type[Project], rows: Sequence[Mapping[str, Any]], writer: BulkWriter | None, **_: Any
) -> None:
    if not rows:
        return
    if writer is None:
        tally: Tally = {}
    elif TALLY in writer.tallies:
        tally = writer.tallies[TALLY]
    else:
        tally = writer.tallies[TALLY] = {}
        writer.at_exit.append(lambda: stage_totals_add(tally))
    for key, (n, amount) in _rows_by_key(rows).items():
        entry = tally.setdefault(key, [0, 0])
        entry[0] += n
        entry[1] += to_cents(amount)
    if writer is None:
        stage_totals_add(tally)


def connect() -> None:
    pre_save.connect(_before_save, sender=Project, dispatch_uid="stage-totals-before-save")
    pre_delete.connect(_before_delete, sender=Project, dispatch_uid="stage-totals-before-delete")
    post_save.connect(_saved, sender=Project, dispatch_uid="stage-totals-save")
    post_delete.connect(_deleted, sender=Project, dispatch_uid="stage-totals-delete")
    rows_inserted.connect(_inserted, sender=Project, dispatch_uid="stage-totals-bulk")


# ---------------------------------------------------------------- ORM bulk writes


def count_created(projects: Iterable[Project]) -> None:
    """`bulk_create`'s projects (which send no post_save)."""
    tally: Tally = {}
    for project in projects:
        key = project.stage_total_key()
        if key is not None:
            _add(tally, key[:4], 1, key[4])
    stage_totals_add(tally)


@contextlib.contextmanager
def recounting(projects: QuerySet[Project]) -> Iterator[QuerySet[Project]]:
    """Around an `update` or `bulk_update` of `projects` (which send no post_save): their totals
    are taken out before and put back after, counted from the rows (locked meanwhile). Yields
    the same projects by primary key, since the update may change what the filter selects."""
    pks = list(projects.order_by("pk").select_for_update().values_list("pk", flat=True))
    same = Project.objects.filter(pk__in=pks)
    before = _counted_projects(same)
    yield same
    after = _counted_projects(same)
    tally: Tally = {key: [-n, -c] for key, (n, c) in before.items()}
    for key, (n, c) in after.items():
        entry = tally.setdefault(key, [0, 0])
        entry[0] += n
        entry[1] += c
    stage_totals_add(tally)


# ---------------------------------------------------------------- counted again


def _counted(zone_ids: Iterable[int] | None) -> Tally:
    projects = Project.objects.all()
    if zone_ids is not None:
        projects = projects.filter(zone_id__in=list(zone_ids))
    return _counted_projects(projects)


def _counted_projects(projects: QuerySet[Project]) -> Tally:
    """The totals of `projects` counted from their rows. PostgreSQL adds the amounts exactly
    (numeric); SQLite would add them as floating point, so there they are added here."""
    keys = ("zone_id", "stage", "currency", "confidential")
    if connection.vendor == "postgresql":
        grouped = (
            projects.order_by().values(*keys).annotate(n=Count("id"), total=Sum("total_investment"))
        )
        return {tuple(r[k] for k in keys): [r["n"], to_cents(r["total"])] for r in grouped}  # type: ignore[misc]
    tally: Tally = {}
    rows = projects.order_by().values_list(*keys, "total_investment").iterator(5_000)
    for zone, stage, currency, confidential, amount in rows:
        _add(tally, (zone, stage, currency, confidential), 1, amount)
    return tally


def _kept(zone_ids: Iterable[int] | None) -> Tally:
    totals = StageTotal.objects.exclude(projects=0, total_cents=0)
    if zone_ids is not None:
        totals = totals.filter(zone_id__in=list(zone_ids))
    return {
        (t.zone_id, t.stage, t.currency, t.confidential): [t.projects, t.total_cents]  # type: ignore[attr-defined]
        for t in totals
    }


def stage_totals_differences(zone_ids: Iterable[int] | None = None) -> dict[Key, tuple[Any, Any]]:
    """Keys whose kept totals differ from the projects': key → (kept, counted)."""
    zone_ids = None if zone_ids is None else list(zone_ids)
    kept, counted = _kept(zone_ids), _counted(zone_ids)
    return {
        key: (kept.get(key), counted.get(key))
        for key in sorted(kept.keys() | counted.keys())
        if kept.get(key) != counted.get(key)
    }


def stage_totals_rebuild(zone_ids: Iterable[int] | None = None) -> int:
    """Count the projects again (of `zone_ids`, or all); the number of rows written. Run it in
    a transaction (`zoneinvest recount` does): the rows are replaced."""
    zone_ids = None if zone_ids is None else list(zone_ids)
    stale = StageTotal.objects.all()
    if zone_ids is not None:
        stale = stale.filter(zone_id__in=zone_ids)
    stale.delete()
    rows = [
        StageTotal(
            zone_id=zone,
            stage=stage,
            currency=currency,
            confidential=confidential,
            projects=n,
            total_cents=c,
        )
        for (zone, stage, currency, confidential), (n, c) in sorted(_counted(zone_ids).items())
    ]
    StageTotal.objects.bulk_create(rows, batch_size=1_000)
    return len(rows)
