"""Projects read as plain rows (`values()`), for the screens and answers that show many at once.

A model instance with its related zone, investor, chain and owner costs far more to build than
the handful of values a list or a board card shows. These helpers read the values (each
language's column of a translated field) and resolve them as the models would: a translated
field falls back as modeltranslation's descriptor does, a person is named as `User.__str__`
names them. Used by the board (office page and API, `selectors.pipeline_board`) and the API's
project list (`api.project_rows`).
"""

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from modeltranslation.utils import build_localized_fieldname

from zoneinvest.pipeline.models import Project

LANGUAGES = ("en", "zh-hans")


def localized(name: str) -> tuple[str, ...]:
    """The columns of a translated field (or a related one: "company__name"), one a language."""
    return tuple(build_localized_fieldname(name, lang) for lang in LANGUAGES)


@cache
def _columns_in_order(field: str, order: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(build_localized_fieldname(field, lang) for lang in order)


def translated(row: Mapping[str, Any], field: str, order: Sequence[str]) -> str:
    """As modeltranslation's descriptor: the first meaningful value in the language order."""
    for column in _columns_in_order(field, tuple(order)):
        value = row[column]
        if value not in (None, ""):
            return str(value)
    return ""


PERSON = ("username", "display_name", "first_name", "last_name")


def person_name(row: Mapping[str, Any], prefix: str) -> str:
    """A user's name as `User.__str__` gives it, from the row's `<prefix>__display_name`, …"""
    full_name = f"{row[f'{prefix}__first_name']} {row[f'{prefix}__last_name']}".strip()
    return str(row[f"{prefix}__display_name"] or full_name or row[f"{prefix}__username"])


def plain(projects: QuerySet[Project]) -> QuerySet[Project]:
    """The queryset without modeltranslation's rewriting from here on: the columns asked for
    name each language's field (`title_en`, `title_zh_hans`), so its per-row rebuilding of
    `values()` (~1 ms a page) would change nothing. Filters and order already set are kept."""
    return projects.rewrite(False)  # type: ignore[attr-defined,no-any-return]


# A stage no project has: the board's query is compiled once with it, then sent with each stage.
STAGE_MARK = "\x00the column's stage\x00"


def rows_by_stage(
    latest: QuerySet[Project], stages: Sequence[str], limit: int, fields: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """The first `limit` projects of `latest` (filtered, ordered) at each stage, as `fields`.

    Where the database takes ordered, limited parts in a UNION ALL (PostgreSQL), one query: the
    column's query is compiled once, for a stand-in stage, and sent once a stage with that stage
    in its place (compiling nine near-identical queries took ~3 ms). Elsewhere one query a
    column. The rows come back in `latest`'s order."""
    if latest.query.is_empty():  # `none()` (a user who sees no project): no SQL to send
        return {stage: [] for stage in stages}
    if len(stages) < 2 or not connection.features.supports_slicing_ordering_in_compound:
        return {
            stage: list(plain(latest.filter(stage=stage)[:limit]).values(*fields))
            for stage in stages
        }
    column = plain(latest.filter(stage=STAGE_MARK)[:limit]).values(
        *dict.fromkeys((*fields, "stage"))
    )
    compiler = column.query.get_compiler(column.db)
    sql, params = compiler.as_sql()
    if list(params).count(STAGE_MARK) != 1:
        raise ValueError("a board column's query must name its stage once")
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join([f"({sql})"] * len(stages)),
            [stage if value == STAGE_MARK else value for stage in stages for value in params],
        )
        fetched = cursor.fetchall()
    query = column.query
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    rows = (  # converted as Django converts
        dict(zip(names, values, strict=True)) for values in compiler.results_iter(results=[fetched])
    )
    return grouped_by_stage(rows, stages, latest.query.order_by)


def columns_union(
    latest: QuerySet[Project], stages: Sequence[str], limit: int, fields: Sequence[str]
) -> QuerySet[Project]:
    """The first `limit` projects of `latest` at each stage as one UNION ALL of `fields` (and
    the stage), for a database that takes ordered, limited parts in one (PostgreSQL). Compiling
    it costs ~3 ms: it is for a read compiled once for its shape (`core.shapes`)."""
    columns = dict.fromkeys((*fields, "stage"))
    parts = [plain(latest.filter(stage=stage)[:limit]).values(*columns) for stage in stages]
    # The union itself unordered (not in the model's default order): each part keeps its own.
    return parts[0].union(*parts[1:], all=True).order_by()


def grouped_by_stage(
    rows: Iterable[dict[str, Any]], stages: Sequence[str], ordering: Sequence[object]
) -> dict[str, list[dict[str, Any]]]:
    """The rows of `columns_union` by stage, each stage's in `ordering` (a union keeps none)."""
    by_stage: dict[str, list[dict[str, Any]]] = {stage: [] for stage in stages}
    for row in rows:
        by_stage[row["stage"]].append(row)
    return {stage: sorted_as(rows, ordering) for stage, rows in by_stage.items()}


def sorted_as(rows: list[dict[str, Any]], ordering: Sequence[object]) -> list[dict[str, Any]]:
    """`rows` in a queryset's `order_by` of field names ("-field" descending): a UNION ALL keeps
    no order. One stable sort per field, the last first."""
    for field in reversed(ordering):
        if not isinstance(field, str):
            raise TypeError(f"the board's columns are ordered by field names, not {field!r}")
        name = field.removeprefix("-")
        rows = sorted(rows, key=lambda row: row[name], reverse=field.startswith("-"))
    return rows
