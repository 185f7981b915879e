"""Writing many rows of one model fast, without building a model instance per row.

`bulk_create` costs about a millisecond per project here (the model's __init__, translated
fields, and SQL assembled field by field); an import of 100,000 rows needs far less. This writes
the same columns `Model.save()` would write — every concrete field, defaults and auto_now
timestamps filled once — with PostgreSQL's COPY, or one executemany on SQLite, and returns the
new primary keys (allocated up front, so related rows can point at them). Call it inside the
caller's transaction; model signals are not sent (callers audit the import as a whole), but
`rows_inserted` is, so that what other records keep of these rows (the pipeline's stage totals)
is kept for bulk writes too.
"""

import contextlib
import functools
import gc
import operator
import queue
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Field, ForeignKey, Model
from django.dispatch import Signal
from django.utils import timezone

PREPARED_ON_SQLITE = ("DateTimeField", "DateField", "DecimalField", "TimeField", "JSONField")


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for the block (on again after, if it was on before).

    Work that builds and keeps hundreds of thousands of objects (a file's rows, checked, then
    the rows to write) sets off the collector again and again, and each of its fuller passes
    goes over everything kept so far: measured, a quarter of a 100,000-row import's time.
    Reference counting still frees whatever is not in a cycle; the few cycles made meanwhile
    wait for the collector's next pass. Nested blocks leave it to the outermost."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def allocate_ids(model: type[Model], count: int) -> list[int]:
    table = model._meta.db_table
    pk = model._meta.pk.column  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sequence is found once (a subquery), not once an id; the ids come back as
            # their first and last when they run without a gap (no other writer took one
            # meanwhile), rather than as 100,000 rows to read.
            cursor.execute(
                "WITH taken AS (SELECT nextval((SELECT pg_get_serial_sequence(%s, %s)::regclass))"
                " AS id"
                " FROM generate_series(1, %s))"
                " SELECT min(id), max(id), CASE WHEN max(id) - min(id) + 1 = count(*) THEN NULL"
                " ELSE array_agg(id ORDER BY id) END FROM taken",
                [table, pk, count],
            )
            first, last, scattered = cursor.fetchone()
            if first is None:
                return []
            return list(range(first, last + 1)) if scattered is None else list(scattered)
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


# A foreign key's target: the model pointed at and the field of it the key holds.
Target = tuple[type[Model], Field]

# Sent (sender: the model) with the rows of each `fast_insert` and `BulkWriter.insert`, in the
# caller's thread, as `rows` (the caller's mappings) and `writer` (the BulkWriter, or None for
# `fast_insert`, whose rows are written when the receivers run). A receiver that writes must
# wait for a writer's block to end: it gathers in `writer.tallies` and appends its write to
# `writer.at_exit`, which runs once every row is sent (also when the block is left by an error of
# the caller's: the rows stay in the transaction).
rows_inserted = Signal()


# Column types sent in COPY's binary format: the values the writers give for them (int, bool,
# date, aware datetime, Decimal, str, JSON) are what psycopg's binary dumpers take. Formatting a
# row in binary costs psycopg half the time of text, in the thread that shares the interpreter
# with the check. A table with any other type (inet, uuid) is sent as text.
BINARY_COPY_TYPES = frozenset(
    ("smallint", "integer", "bigint", "boolean", "date", "timestamp with time zone",
     "numeric", "varchar", "text", "jsonb")
)  # fmt: skip


@functools.cache
def _binary_types(fields: tuple[Field, ...]) -> tuple[int, ...] | None:
    """The type oids of the columns a batch writes (`fields`, in order), if every one may be
    sent in binary; else None (PostgreSQL only)."""
    oids = []
    for field in fields:
        name = re.sub(r"\(.*\)", "", str(field.db_type(connection))).strip()  # type: ignore[union-attr]
        info = psycopg.adapters.types.get(name)
        if name not in BINARY_COPY_TYPES or info is None:
            return None
        oids.append(info.oid)
    return tuple(oids)


@dataclass
class Batch:
    table: str
    columns: str
    width: int
    records: list[tuple[Any, ...]]
    foreign_keys: list[tuple[int, Target]]  # each foreign key's position in a record
    binary_types: tuple[int, ...] | None = None  # the columns' oids, for COPY's binary format

    def references(self) -> dict[Target, set[Any]]:
        """The distinct keys the records hold in each foreign key (NULL points at nothing)."""
        references: dict[Target, set[Any]] = {}
        for position, target in self.foreign_keys:
            keys = {record[position] for record in self.records}
            keys.discard(None)
            if keys:
                references.setdefault(target, set()).update(keys)
        return references


def _copy_statement(
    model: type[Model], rows: Sequence[Mapping[str, Any]], ids: list[int] | None
) -> Batch:
    """The column list and one record (the values in column order) per row; without `ids`, the
    database numbers the rows (nothing refers to them).

    The columns the rows give come first, the columns they leave out (each row's value the
    same: its default) after them, so that a record is the rows' values, read in one call,
    followed by the constant tail. A value that must be turned into a key (a related object
    given) or prepared for the driver (JSON; on SQLite dates and decimals) is handled one by
    one."""
    now = timezone.now()
    pk_field = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if f is not pk_field]
    given: list[tuple[Field, str, str | None, Callable[[Any], Any] | None]] = []
    left_out: list[tuple[Field, Any]] = []
    for field in fields:
        key = _key_for(field, rows[0])
        prepare = _preparer(field)
        if key is None:
            default = _default(field, now)
            left_out.append((field, prepare(default) if prepare else default))
            continue
        relation = isinstance(field, ForeignKey) and key == field.name
        # a related object given: the attribute of it that holds the key
        held_in = field.target_field.attname if relation else None  # type: ignore[attr-defined]
        given.append((field, key, held_in, prepare))
    tail = tuple(value for _field, value in left_out)
    values: Iterable[Sequence[Any]]
    if any(held_in or prepare for _f, _k, held_in, prepare in given):
        values = _converted_values(rows, given)
    else:
        values = map(_reader(tuple(key for _f, key, _h, _p in given)), rows)
    records: list[tuple[Any, ...]] = (
        [(*row_values, *tail) for row_values in values]
        if ids is None
        else [(new_id, *row_values, *tail) for new_id, row_values in zip(ids, values, strict=True)]
    )
    ordered = [pk_field] * (ids is not None) + [f for f, *_ in given] + [f for f, _ in left_out]
    quoted = ", ".join(connection.ops.quote_name(str(f.column)) for f in ordered)  # type: ignore[union-attr]
    foreign_keys = [
        (position, (field.remote_field.model, field.target_field))  # type: ignore[union-attr]
        for position, field in enumerate(ordered)
        if isinstance(field, ForeignKey)
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    binary = _binary_types(tuple(ordered)) if connection.vendor == "postgresql" else None
    return Batch(table, quoted, len(ordered), records, foreign_keys, binary)


def _reader(keys: tuple[str, ...]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """A row's values of `keys`, as a tuple, in one call."""
    if len(keys) == 1:
        (key,) = keys
        return lambda row: (row[key],)
    return operator.itemgetter(*keys)


def _converted_values(
    rows: Sequence[Mapping[str, Any]],
    given: list[tuple[Field, str, str | None, Callable[[Any], Any] | None]],
) -> list[list[Any]]:
    """Each row's values of the columns given, related objects turned into their key and
    values prepared for the driver."""
    converted = []
    for row in rows:
        values = []
        for _field, key, held_in, prepare in given:
            value = row[key]
            if held_in is not None and value is not None:
                value = getattr(value, held_in)
            values.append(prepare(value) if prepare else value)
        converted.append(values)
    return converted


def _send(cursor: Any, batch: Batch) -> None:
    """Write a batch: COPY on PostgreSQL (`cursor` is psycopg's), one executemany on SQLite."""
    if connection.vendor == "postgresql":
        binary = " (FORMAT BINARY)" if batch.binary_types else ""
        with cursor.copy(f"COPY {batch.table} ({batch.columns}) FROM STDIN{binary}") as copy:
            if batch.binary_types:
                copy.set_types(list(batch.binary_types))
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
    rows_inserted.send(sender=model, rows=rows, writer=None)
    return ids


class BulkWriter:
    """Inserts batches of rows in order, like `fast_insert`; on PostgreSQL a second thread sends
    each batch with COPY on the same connection and transaction, so the database writes and
    indexes one batch while this thread builds the next. Allocate ids up front (`allocate_ids`):
    a query on the connection waits while a batch is being sent. The first error of the sending
    thread is raised by `insert` or on leaving the block.

    Foreign keys, on PostgreSQL, inside a transaction:
    - Where the connection's role may set `session_replication_role` (a superuser, or a role
      granted `SET` on it), the row triggers are off while the batches are sent, as pg_restore
      and logical replication load rows. The keys are then checked in bulk on leaving the block:
      each distinct key the rows point at, outside the rows this writer wrote, is read and
      locked `FOR KEY SHARE`, exactly as PostgreSQL's own check does for each row. A key that is
      missing raises `IntegrityError`. A 100,000-project import points at a few thousand
      distinct rows, where the triggers would run 700,000 checks (about three quarters of the
      database's time for the import).
    - Otherwise, each batch's keys are checked by the database as the batch arrives
      (SET CONSTRAINTS ALL IMMEDIATE) rather than all at the commit, where nothing else could
      run beside them.
    Either way, write nothing in the block except through the writer.
    """

    def __init__(self) -> None:
        self.threaded = connection.vendor == "postgresql"
        self.queue: queue.Queue[Batch | None] = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None
        self.keys_in_bulk = False
        self.restore_role = "origin"
        self.written: dict[type[Model], set[Any]] = {}  # primary keys, by model
        self.references: dict[Target, set[Any]] = {}
        self.tallies: dict[str, Any] = {}  # kept by receivers of `rows_inserted`
        self.at_exit: list[Callable[[], None]] = []

    def __enter__(self) -> "BulkWriter":
        if self.threaded:
            self.keys_in_bulk = connection.in_atomic_block and _may_turn_row_triggers_off()
            with connection.cursor() as cursor:
                if self.keys_in_bulk:
                    cursor.execute("SHOW session_replication_role")
                    self.restore_role = cursor.fetchone()[0]
                    cursor.execute("SET LOCAL session_replication_role = replica")
                else:
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
        rows_inserted.send(sender=model, rows=rows, writer=self)
        if not self.threaded:
            with connection.cursor() as cursor:
                _send(cursor, batch)
            return
        if self.keys_in_bulk:
            self.written.setdefault(model, set()).update(ids or ())
            for target, keys in batch.references().items():
                self.references.setdefault(target, set()).update(keys)
        self.queue.put(batch)

    def __exit__(self, *exc: object) -> None:
        left_with_error = exc[0] is not None
        self._finish(left_with_error=left_with_error)
        if self.error is not None:
            return  # the rows were not all sent: the transaction is aborted
        # Every row is sent and stays in the transaction whatever the caller does next: what
        # the receivers keep of them is written too (and rolled back with them).
        for call in self.at_exit:
            if not left_with_error:
                call()
                continue
            with contextlib.suppress(DatabaseError):  # the caller's error may have aborted it
                call()

    def _finish(self, *, left_with_error: bool) -> None:
        if self.thread is None:
            return
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:  # the transaction is aborted: it ends (SET LOCAL with it)
            if not left_with_error:
                raise self.error
            return
        # Even when the block is left with an error: a caller that goes on in the transaction
        # must not find the triggers off or rows unchecked.
        with connection.cursor() as cursor:
            if not self.keys_in_bulk:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                return
            cursor.execute(
                "SELECT set_config('session_replication_role', %s, true)", [self.restore_role]
            )
            missing = _missing_keys(cursor, self._outside_keys())
        if missing:
            # As a failed trigger would: the rows must not be committed, whoever catches this.
            transaction.set_rollback(True)
            raise IntegrityError(f"insert violates a foreign key: {missing}")

    def _outside_keys(self) -> dict[Target, set[Any]]:
        """The keys pointed at, less the rows this writer wrote itself (they are there)."""
        outside = {}
        for (model, field), keys in self.references.items():
            if field.primary_key:
                keys = keys - self.written.get(model, set())
            if keys:
                outside[(model, field)] = keys
        return outside


def _may_turn_row_triggers_off() -> bool:
    """Whether this connection's role may set `session_replication_role` (PostgreSQL 15 grants
    it by `GRANT SET ON PARAMETER`; before, superusers only)."""
    with connection.cursor() as cursor:
        if connection.pg_version >= 150000:  # type: ignore[attr-defined]
            cursor.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
        else:
            cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        return bool(cursor.fetchone()[0])


KEYS_AT_ONCE = 10_000


def _missing_keys(cursor: Any, references: dict[Target, set[Any]]) -> str:
    """Each key is read and locked FOR KEY SHARE (what PostgreSQL's foreign-key trigger does for
    one row) until the transaction ends, so the rows pointed at cannot be deleted under it. The
    keys not found, as "table.column has no 7, 9", or "" when every key is there."""
    for (model, field), keys in references.items():
        table = connection.ops.quote_name(model._meta.db_table)
        column = connection.ops.quote_name(str(field.column))
        wanted = sorted(keys)
        found: set[Any] = set()
        for start in range(0, len(wanted), KEYS_AT_ONCE):
            cursor.execute(
                # bandit B608, reviewed: the model's table and column names (quoted)
                f"SELECT {column} FROM {table} WHERE {column} = ANY(%s) FOR KEY SHARE",  # noqa: S608 # nosec B608
                [wanted[start : start + KEYS_AT_ONCE]],
            )
            found.update(key for (key,) in cursor.fetchall())
        if missing := sorted(keys - found):
            more = f" (and {len(missing) - 5} more)" if len(missing) > 5 else ""
            return f"{table}.{column} has no {', '.join(map(str, missing[:5]))}{more}"
    return ""
