"""A read compiled once for its shape, then sent again with each call's own values.

Building a queryset of some sixty columns over four joins and compiling it costs the ORM ~2 ms,
while the database answers the page of projects it asks for in ~1.5 ms. Two such reads of the
same shape (the same filters set, the same order, the same language) differ only in their
parameters: the stage, the amount, the zones, the page's bounds. `shaped_rows` builds the
queryset from stand-in values (markers) twice, with two different sets of them, and keeps the
SQL when the two compilations are the same text and differ only in the parameters where the
markers stand. A later call of that shape sends the kept SQL with its own values in those
places and converts the rows as the ORM converts them; `shaped_count` counts them so.

What it cannot prove it does not keep: a value the ORM changes on its way to the SQL (the
`%…%` around an `icontains`), a value written into the SQL's text, a read with no SQL at all
(`none()`), a value of a type no marker stands for (a flag, a datetime): those are compiled by
the ORM every time, as before. The caller names the values
(`values`) and the structure (`shape`); a value must only ever be used as a value by `build`,
never decide what it builds: that is what `shape` is for (which filters are set, the sort).
"""

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.sql.compiler import SQLCompiler
from django.utils.translation import get_language

KEPT_SHAPES = 256  # per process; the least recently used goes first
_MARK_BASE = 7_900_000_000  # markers' magnitude: no id, amount or count a zone records
_MARK_DAY = dt.date(1, 1, 1)  # markers' dates: centuries before any record


@dataclass(frozen=True)
class _Kept:
    sql: str
    slots: tuple[tuple[str, int] | tuple[None, Any], ...]  # (name, index) or (None, constant)
    compiler: SQLCompiler  # its columns and converters, for the rows
    names: tuple[str, ...]
    converts: bool  # whether any column has a converter (on PostgreSQL the driver's types do)


COUNTED = ("SELECT COUNT(*) FROM (", ") counted")
PAGED = ("", " LIMIT %s OFFSET %s")  # every page of a read one shape, its bounds parameters
MARKED = (str, int, Decimal, dt.date)  # the types a value may have (exactly: no subclass)
_NOT_KEPT = object()  # a shape that cannot be kept: the ORM compiles it every time
_kept: OrderedDict[Hashable, Any] = OrderedDict()
_lock = threading.Lock()
stats = {"sent": 0, "compiled": 0, "unkept": 0}  # read by tests and the benchmark


def _marker(value: Any, number: int) -> Any:
    """A stand-in of `value`'s type no real value equals."""
    kind = type(value)
    if kind is str:
        return f"\x00shape-marker-{number}\x00"
    if kind is int:
        return -(_MARK_BASE + number)
    if kind is Decimal:
        return Decimal(-(_MARK_BASE + number))
    if kind is dt.date:
        return _MARK_DAY + dt.timedelta(days=number)
    raise TypeError(
        f"a shaped read's value must be text, a whole number, a decimal or a date: {value!r}"
    )


def _typed(value: Any) -> tuple[type, Any]:
    """A value as a key that tells 1 from Decimal(1)."""
    return type(value), value


def _markers(values: Mapping[str, Any], first: int) -> tuple[dict[str, Any], dict[Any, Any]]:
    """Each value replaced by a marker (a tuple by a tuple of them), and where each marker
    stands: marker → (name, index in its tuple, or -1 for a single value)."""
    marked: dict[str, Any] = {}
    where: dict[Any, Any] = {}
    number = first
    for name, value in values.items():
        if isinstance(value, tuple):
            items = []
            for index, item in enumerate(value):
                number += 1
                items.append(_marker(item, number))
                where[_typed(items[-1])] = (name, index)
            marked[name] = tuple(items)
        else:
            number += 1
            marked[name] = _marker(value, number)
            where[_typed(marked[name])] = (name, -1)
    return marked, where


def _plain(value: Any) -> Any:
    """Text and whole numbers of a subclass (a `Stage`, a choice) as the plain str or int the
    driver is sent; anything else as it is."""
    if isinstance(value, tuple):
        return tuple(map(_plain, value))
    if isinstance(value, str) and type(value) is not str:
        return str.__str__(value)
    if isinstance(value, int) and not isinstance(value, bool) and type(value) is not int:
        return int.__index__(value)
    return value


def _sendable(value: Any) -> bool:
    """A value the kept SQL may take as the ORM would: not a decimal the ORM refuses (NaN)."""
    if isinstance(value, tuple):
        return all(map(_sendable, value))
    return not isinstance(value, Decimal) or value.is_finite()


def _value_kinds(values: Mapping[str, Any]) -> tuple[Any, ...]:
    """What of the values the SQL's text may depend on: their names, types, tuples' lengths."""
    return tuple(
        (name, type(value), tuple(map(type, value)) if isinstance(value, tuple) else None)
        for name, value in values.items()
    )


def _compiled(queryset: QuerySet[Any]) -> tuple[SQLCompiler, str, tuple[Any, ...]] | None:
    if queryset.query.is_empty():
        return None
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    return compiler, sql, tuple(params)


def _same_slot(a: Any, b: Any, where_a: dict[Any, Any], where_b: dict[Any, Any]) -> Any:
    """The slot of one parameter in two compilations: a marker of the same value in both, or
    the same constant in both; None when they disagree (the shape cannot be kept)."""
    place_a = where_a.get(_typed(a)) if isinstance(a, MARKED) else None
    place_b = where_b.get(_typed(b)) if isinstance(b, MARKED) else None
    if place_a is not None or place_b is not None:
        return place_a if place_a == place_b else None
    return (None, a) if type(a) is type(b) and a == b else None


def _keep(
    build: Callable[[Mapping[str, Any]], QuerySet[Any]],
    values: Mapping[str, Any],
    around: tuple[str, str],
) -> Any:
    """The shape of `build(values)` compiled with two sets of markers (its SQL put `around`
    another, as a count puts it), or _NOT_KEPT."""
    try:
        marked_a, where_a = _markers(values, 0)
        marked_b, where_b = _markers(values, 500_000)
    except TypeError:  # a value of no type a marker stands for (a flag, a datetime)
        return _NOT_KEPT
    try:
        first, second = _compiled(build(marked_a)), _compiled(build(marked_b))
    except Exception:  # noqa: BLE001 - a build markers upset: the ORM answers, with the values
        return _NOT_KEPT
    if first is None or second is None or first[1] != second[1] or len(first[2]) != len(second[2]):
        return _NOT_KEPT
    slots = []
    for a, b in zip(first[2], second[2], strict=True):
        slot = _same_slot(a, b, where_a, where_b)
        if slot is None:
            return _NOT_KEPT
        slots.append(slot)
    compiler = first[0]
    query = compiler.query
    if query.selected:  # the names of a row, as Django's ValuesIterable reads them
        names = tuple(query.selected)
    else:
        names = (*query.extra_select, *query.values_select, *query.annotation_select)
    columns = [selected[0] for selected in compiler.select[0 : compiler.col_count]]
    converts = bool(compiler.get_converters(columns))
    return _Kept(around[0] + first[1] + around[1], tuple(slots), compiler, names, converts)


def _params(kept: _Kept, values: Mapping[str, Any]) -> list[Any]:
    params = []
    for name, place in kept.slots:
        if name is None:
            params.append(place)
        elif place == -1:
            params.append(values[name])
        else:
            params.append(values[name][place])
    return params


def _kept_for(
    key: Hashable,
    build: Callable[..., QuerySet[Any]],
    values: Mapping[str, Any],
    around: tuple[str, str],
) -> Any:
    with _lock:
        kept = _kept.get(key)
        if kept is not None:
            _kept.move_to_end(key)
            return kept
    kept = _keep(build, values, around)
    with _lock:
        _kept[key] = kept
        while len(_kept) > KEPT_SHAPES:
            _kept.popitem(last=False)
    stats["unkept" if kept is _NOT_KEPT else "compiled"] += 1
    return kept


def _sent(
    shape: Hashable,
    values: Mapping[str, Any],
    build: Callable[[Mapping[str, Any]], QuerySet[Any]],
    using: str,
    around: tuple[str, str] = ("", ""),
    extra: Sequence[Any] = (),
    one_plan: bool = False,
) -> tuple[_Kept, list[Any]] | None:
    """The kept shape of `build(values)` and the rows it read; None where the ORM must answer."""
    if not all(map(_sendable, values.values())):
        return None  # the ORM refuses it, as before
    key = (shape, _value_kinds(values), get_language(), connections[using].vendor, using)
    kept = _kept_for(key, build, values, around)
    if kept is _NOT_KEPT:
        return None
    stats["sent"] += 1
    connection = connections[using]
    with connection.cursor() as cursor:
        with _one_plan(connection) if one_plan else nullcontext():
            cursor.execute(kept.sql, [*_params(kept, values), *extra])
        return kept, cursor.fetchall()


def _one_plan(connection: Any) -> AbstractContextManager[None]:
    """The read planned once for any values, where the backend can (PostgreSQL,
    core/db/postgresql); elsewhere as any other."""
    one_plan = getattr(connection, "one_plan_for_any_values", None)
    return nullcontext() if one_plan is None else one_plan()


def shaped_rows(
    *,
    shape: Hashable,
    values: Mapping[str, Any],
    build: Callable[[Mapping[str, Any]], QuerySet[Any]],
    page: tuple[int, int] | None = None,
    using: str = "default",
    one_plan: bool = False,
) -> list[dict[str, Any]]:
    """The rows of `build(values)` (a `values()` queryset) as dictionaries, as the ORM reads
    them. `shape` names everything `build` decides its SQL by other than `values`; `values` maps
    names to text, whole numbers, decimals, dates or tuples of them, each only ever used as a value.
    `page` (offset, limit) slices the rows as `[offset:offset + limit]` would, its bounds sent as
    parameters: the ORM writes them into the SQL, which would make each page a shape.

    `one_plan`: the database plans the read once for any values, not for each call's (on
    PostgreSQL; `core/db/postgresql`). Worth it only where measured so: a read whose plan
    PostgreSQL would make anew every call (the API's list: its page's LIMIT is a parameter) and
    whose one plan serves every value as well (not the board's columns: slower with it)."""
    values = {name: _plain(value) for name, value in values.items()}
    if page is not None:
        offset, limit = page
        sent = _sent(("page", shape), values, build, using, PAGED, (limit, offset), one_plan)
    else:
        sent = _sent(shape, values, build, using, one_plan=one_plan)
    if sent is None:
        rows = build(values)
        return list(rows if page is None else rows[page[0] : page[0] + page[1]])
    kept, fetched = sent
    converted = kept.compiler.results_iter(results=[fetched]) if kept.converts else fetched
    return [dict(zip(kept.names, row, strict=True)) for row in converted]


def shaped_count(
    *,
    shape: Hashable,
    values: Mapping[str, Any],
    build: Callable[[Mapping[str, Any]], QuerySet[Any]],
    using: str = "default",
) -> int:
    """`build(values).count()`, its SQL kept as `shaped_rows` keeps a page's: the rows of
    `build` (its primary keys, unordered) counted in a subquery."""
    values = {name: _plain(value) for name, value in values.items()}

    def counted(marked: Mapping[str, Any]) -> QuerySet[Any]:
        return build(marked).order_by().values("pk")

    sent = _sent(("count", shape), values, counted, using, COUNTED)
    if sent is None:
        return build(values).count()
    return int(sent[1][0][0])


def forget_shapes() -> None:
    """Drop every kept shape (tests; a schema changed under a running process)."""
    with _lock:
        _kept.clear()
