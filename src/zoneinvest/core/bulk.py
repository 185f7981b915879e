"""Writing many rows of one model fast, without building a model instance per row.

`bulk_create` costs about a millisecond per project here (the model's __init__, translated
fields, and SQL assembled field by field); an import of 100,000 rows needs far less. This writes
the same columns `Model.save()` would write — every concrete field, defaults and auto_now
timestamps filled once — with PostgreSQL's COPY, or one executemany on SQLite, and returns the
new primary keys (allocated up front, so related rows can point at them). Call it inside the
caller's transaction; model signals are not sent (callers audit the import as a whole).
"""

import queue
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Field, ForeignKey, Model
from django.utils import timezone

PREPARED_ON_SQLITE = ("DateTimeField", "DateField", "DecimalField", "TimeField", "JSONField")


def allocate_ids(model: type[Model], count: int) -> list[int]:
    table = model._meta.db_table
    pk = model._meta.pk.column  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # bandit B608, reviewed: the table and key names are the model's, no input reaches them
        cursor.execute(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{table}"')  # noqa: S608 # nosec B608
        # SQLite has no sequence: ids handed out but not written yet (a loader allocates ahead)
        # are remembered on the connection, so two allocations never overlap.
        handed_out: dict[str, int] = connection.__dict__.setdefault("_zoneinvest_ids", {})
        start = max(cursor.fetchone()[0], handed_out.get(table, 0)) + 1
        handed_out[table] = start + count - 1
        return list(range(start, start + count))


def _default(field: Field, now: Any) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    return None if field.null else ("" if field.empty_strings_allowed else None)


def _preparer(field: Field) -> Callable[[Any], Any] | None:
    """How a value of this field is made ready for the driver (None: as it is)."""
    kind = field.get_internal_type()
    if kind == "JSONField" or (connection.vendor == "sqlite" and kind in PREPARED_ON_SQLITE):
        memo: dict[Any, Any] = {}

        def prepare(value: Any) -> Any:
            try:
                return memo[value]
            except (KeyError, TypeError):  # TypeError: an unhashable value (a list for JSON)
                prepared = field.get_db_prep_save(value, connection)
                try:
                    memo[value] = prepared
                except TypeError:
                    pass
                return prepared

        return prepare
    return None


def _key_for(field: Field, sample: Mapping[str, Any]) -> str | None:
    """The key rows use for this field (its attname or its name), or None if they omit it."""
    if field.attname in sample:
        return field.attname
    return field.name if field.name in sample else None


@dataclass
class Batch:
    table: str
    columns: str
    width: int
    records: list[list[Any]]


def _copy_statement(
    model: type[Model], rows: Sequence[Mapping[str, Any]], ids: list[int] | None
) -> Batch:
    """The column list and one record (a list of values in column order) per row; without
    `ids`, the database numbers the rows (nothing refers to them)."""
    now = timezone.now()
    pk_field = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if f is not pk_field]
    defaults = {f.attname: _default(f, now) for f in fields}
    first = 0 if ids is None else 1
    # Decided once per field: constant columns go into a template row; the others are read from
    # each row (by key), relations turned into their key, values prepared for the driver.
    template: list[Any] = [None] * first
    varying: list[tuple[int, str, bool, Callable[[Any], Any] | None]] = []
    for position, field in enumerate(fields, start=first):
        key = _key_for(field, rows[0])
        prepare = _preparer(field)
        if key is None:
            default = defaults[field.attname]
            template.append(prepare(default) if prepare else default)
        else:
            template.append(None)
            relation = isinstance(field, ForeignKey) and key == field.name
            varying.append((position, key, relation, prepare))
    records = []
    for new_id, row in zip(ids or rows, rows, strict=True):
        record = template.copy()
        if first:
            record[0] = new_id
        for position, key, relation, prepare in varying:
            value = row[key]
            if relation and value is not None:
                value = value.pk
            record[position] = prepare(value) if prepare else value
        records.append(record)
    columns = [str(pk_field.column)] * first + [str(f.column) for f in fields]  # type: ignore[union-attr]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    return Batch(connection.ops.quote_name(model._meta.db_table), quoted, len(columns), records)


def _send(cursor: Any, batch: Batch) -> None:
    """Write a batch: COPY on PostgreSQL (`cursor` is psycopg's), one executemany on SQLite."""
    if connection.vendor == "postgresql":
        with cursor.copy(f"COPY {batch.table} ({batch.columns}) FROM STDIN") as copy:
            for record in batch.records:
                copy.write_row(record)
        return
    marks = ", ".join(["%s"] * batch.width)
    cursor.executemany(
        # bandit B608, reviewed: the model's table and column names (quoted); values are parameters
        f"INSERT INTO {batch.table} ({batch.columns}) VALUES ({marks})",  # noqa: S608 # nosec B608
        batch.records,
    )


def fast_insert(
    model: type[Model], rows: Iterable[Mapping[str, Any]], ids: list[int] | None = None
) -> list[int]:
    """Insert `rows` ({field name or attname: value}, the same keys in every row) and return
    their new primary keys (`ids`, when allocated beforehand with `allocate_ids`)."""
    rows = list(rows)
    if not rows:
        return []
    ids = ids if ids is not None else allocate_ids(model, len(rows))
    batch = _copy_statement(model, rows, ids)
    with connection.cursor() as cursor:
        _send(cursor.cursor if connection.vendor == "postgresql" else cursor, batch)
    return ids


class BulkWriter:
    """Inserts batches of rows in order, like `fast_insert`; on PostgreSQL a second thread sends
    each batch with COPY on the same connection and transaction, so the database writes, indexes
    and checks the foreign keys of one batch while this thread builds the next.

    Foreign keys are checked as each batch arrives (SET CONSTRAINTS ALL IMMEDIATE) rather than
    all at the commit, where nothing else could run beside them. Allocate ids up front
    (`allocate_ids`): a query on the connection waits while a batch is being sent. The first
    error of the sending thread is raised by `insert` or on leaving the block.
    """

    def __init__(self) -> None:
        self.threaded = connection.vendor == "postgresql"
        self.queue: queue.Queue[Batch | None] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None

    def __enter__(self) -> "BulkWriter":
        if self.threaded:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            raw = connection.connection  # psycopg's connection: safe to share between threads
            self.thread = threading.Thread(target=self._sending, args=(raw,), daemon=True)
            self.thread.start()
        return self

    def _sending(self, raw: Any) -> None:
        while (batch := self.queue.get()) is not None:
            if self.error is not None:
                continue  # drain: the block is being left with the error
            try:
                with raw.cursor() as cursor:
                    _send(cursor, batch)
            except BaseException as error:  # noqa: BLE001 - raised again in the caller's thread
                self.error = error

    def insert(
        self, model: type[Model], rows: Sequence[Mapping[str, Any]], ids: list[int] | None
    ) -> None:
        if self.error is not None:
            raise self.error
        if not rows:
            return
        batch = _copy_statement(model, rows, ids)
        if not self.threaded:
            with connection.cursor() as cursor:
                _send(cursor, batch)
            return
        self.queue.put(batch)

    def __exit__(self, *exc: object) -> None:
        if self.thread is None:
            return
        self.queue.put(None)
        self.thread.join()
        if self.error is None:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        if self.error is not None and exc[0] is None:
            raise self.error
