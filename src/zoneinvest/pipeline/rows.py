"""Projects read as plain rows (`values()`), for the screens and answers that show many at once.

A model instance with its related zone, investor, chain and owner costs far more to build than
the handful of values a list or a board card shows. These helpers read the values (each
language's column of a translated field) and resolve them as the models would: a translated
field falls back as modeltranslation's descriptor does, a person is named as `User.__str__`
names them. Used by the board (office page and API, `selectors.pipeline_board`) and the API's
project list (`api.project_rows`).
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from modeltranslation.utils import build_localized_fieldname

from zoneinvest.pipeline.models import Project

LANGUAGES = ("en", "zh-hans")


def localized(name: str) -> tuple[str, ...]:
    """The columns of a translated field (or a related one: "company__name"), one a language."""
    return tuple(build_localized_fieldname(name, lang) for lang in LANGUAGES)


def translated(row: Mapping[str, Any], field: str, order: Sequence[str]) -> str:
    """As modeltranslation's descriptor: the first meaningful value in the language order."""
    for lang in order:
        value = row[build_localized_fieldname(field, lang)]
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


def rows_by_stage(
    columns: Mapping[str, QuerySet[Project]], fields: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """Each stage's rows (`fields` of its queryset: ordered and limited, one stage each). One
    UNION ALL query where the database takes ordered, limited parts in it (PostgreSQL), else one
    query a column."""
    if len(columns) < 2 or not connection.features.supports_slicing_ordering_in_compound:
        return {stage: list(plain(rows).values(*fields)) for stage, rows in columns.items()}
    with_stage = (*fields, "stage") if "stage" not in fields else tuple(fields)
    first, *rest = (plain(rows).values(*with_stage) for rows in columns.values())
    by_stage: dict[str, list[dict[str, Any]]] = {stage: [] for stage in columns}
    for row in first.union(*rest, all=True).order_by():
        by_stage[row["stage"]].append(row)
    ordering = next(iter(columns.values())).query.order_by  # the columns' own (the selector's)
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
