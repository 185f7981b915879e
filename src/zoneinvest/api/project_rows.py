"""A page of projects as `ProjectOut` renders them (and board cards as `BoardCardOut`), read as
plain rows.

`ProjectOut` validated through pydantic from model instances costs ~0.3 ms a project (the
instances, their related zone, company, chain and owner, the translated fields' descriptors,
the resolvers). A list page reads the same columns with one `values_list` query and builds the
same dictionaries directly; `tests/api/test_project_rows.py` holds the two outputs equal, field by
field, in both languages. Single projects (read, create, update) still go through `ProjectOut`.
"""

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname, resolution_order

from zoneinvest.api.schemas import CENT
from zoneinvest.industries.models import Sector
from zoneinvest.pipeline.models import Project, Source
from zoneinvest.pipeline.stages import Stage

LANGUAGES = ("en", "zh-hans")
MONEY_FIELDS = (
    "total_investment",
    "fixed_asset_investment",
    "foreign_investment",
    "registered_capital",
    "contracted_amount",
    "expected_annual_output",
    "expected_annual_tax",
)
TAIL_FIELDS = (  # after `held_from_stage`, as ProjectOut declares them
    "lost_reason",
    "lost_to",
    "est_signing_date",
    "signing_date",
    "est_registration_date",
    "registration_date",
    "est_construction_date",
    "construction_date",
    "est_operation_date",
    "operation_date",
    "external_id",
    "illustrative",
    "version",
    "created_at",
    "updated_at",
)
PLAIN_FIELDS = (
    "id",
    "title_en",
    "title_zh_hans",
    "description_en",
    "description_zh_hans",
    "currency",
    "expected_jobs",
    "confidential",
    "stage_changed_at",
    *TAIL_FIELDS,
)


def _localized(name: str) -> tuple[str, ...]:
    return tuple(build_localized_fieldname(name, lang) for lang in LANGUAGES)


TRANSLATED = {
    "title": _localized("title"),
    "zone__name": _localized("zone__name"),
    "company__name": _localized("company__name"),
    "chain__name": _localized("chain__name"),
}
COLUMNS = (
    *PLAIN_FIELDS,
    *MONEY_FIELDS,
    "land_mu",
    "sector",
    "source",
    "stage",
    "held_from_stage",
    "zone__code",
    *TRANSLATED["zone__name"],
    "company_id",
    *TRANSLATED["company__name"],
    "chain_id",
    "chain__code",
    *TRANSLATED["chain__name"],
    "owner_id",
    "owner__username",
    "owner__display_name",
    "owner__first_name",
    "owner__last_name",
)


class _Labels:
    """Choice labels in the request's language, looked up once per page."""

    def __init__(self) -> None:
        self.sector = {k: str(v) for k, v in Sector.choices}
        self.source = {k: str(v) for k, v in Source.choices}
        self.stage = {k: str(v) for k, v in Stage.choices}

    @staticmethod
    def choice(labels: dict[str, str], value: str | None) -> dict[str, str] | None:
        if not value:
            return None
        return {"code": value, "label": labels.get(value, value)}


def _translated(row: dict[str, Any], field: str, order: tuple[str, ...]) -> str:
    """As modeltranslation's descriptor: the first meaningful value in the language order."""
    for lang in order:
        value = row[build_localized_fieldname(field, lang)]
        if value not in (None, ""):
            return str(value)
    return ""


def _money(amount: Decimal | None, currency: str) -> dict[str, str] | None:
    if amount is None:
        return None
    return {"amount": str(Decimal(amount).quantize(CENT)), "currency": currency}


def _owner(row: dict[str, Any]) -> dict[str, Any] | None:
    if row["owner_id"] is None:
        return None
    full_name = f"{row['owner__first_name']} {row['owner__last_name']}".strip()
    return {
        "id": row["owner_id"],
        "username": row["owner__username"],
        "name": row["owner__display_name"] or full_name or row["owner__username"],
    }


def _project(row: dict[str, Any], labels: _Labels, order: tuple[str, ...]) -> dict[str, Any]:
    currency = row["currency"]
    company = row["company_id"]
    chain = row["chain_id"]
    land = row["land_mu"]
    return {
        "id": row["id"],
        "zone": {"code": row["zone__code"], "name": _translated(row, "zone__name", order)},
        "title": _translated(row, "title", order),
        "title_en": row["title_en"],
        "title_zh_hans": row["title_zh_hans"],
        "description_en": row["description_en"],
        "description_zh_hans": row["description_zh_hans"],
        "company": None
        if company is None
        else {"id": company, "name": _translated(row, "company__name", order)},
        "sector": labels.choice(labels.sector, row["sector"]),
        "chain": None
        if chain is None
        else {
            "id": chain,
            "code": row["chain__code"],
            "name": _translated(row, "chain__name", order),
        },
        "currency": currency,
        **{field: _money(row[field], currency) for field in MONEY_FIELDS},
        "expected_jobs": row["expected_jobs"],
        "land_mu": None if land is None else str(land),
        "source": labels.choice(labels.source, row["source"]),
        "owner": _owner(row),
        "confidential": row["confidential"],
        "stage": labels.choice(labels.stage, row["stage"]),
        "stage_changed_at": row["stage_changed_at"],
        "held_from_stage": labels.choice(labels.stage, row["held_from_stage"]),
        **{field: row[field] for field in TAIL_FIELDS},
    }


CARD_COLUMNS = (
    "id",
    *TRANSLATED["title"],
    "company_id",
    *TRANSLATED["company__name"],
    "owner_id",
    "owner__username",
    "owner__display_name",
    "owner__first_name",
    "owner__last_name",
    "total_investment",
    "currency",
    "stage_changed_at",
    "version",
)


def _card(row: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    company = row["company_id"]
    return {
        "id": row["id"],
        "title": _translated(row, "title", order),
        "company": None
        if company is None
        else {"id": company, "name": _translated(row, "company__name", order)},
        "owner": _owner(row),
        "total_investment": _money(row["total_investment"], row["currency"]),
        "stage_changed_at": row["stage_changed_at"],
        "version": row["version"],
    }


def _plain(projects: QuerySet[Project]) -> QuerySet[Project]:
    """The queryset without modeltranslation's rewriting from here on: the columns asked for
    name each language's field (`title_en`, `title_zh_hans`), so its per-row rebuilding of
    `values()` (~1 ms a page) would change nothing. Filters and order already set are kept."""
    return projects.rewrite(False)  # type: ignore[attr-defined,no-any-return]


def card_rows(projects: QuerySet[Project]) -> list[dict[str, Any]]:
    """The projects as the board's cards (`BoardCardOut`): one query."""
    order = resolution_order(get_language() or "en")
    return [_card(row, order) for row in _plain(projects).values(*CARD_COLUMNS)]


def card_rows_by_stage(columns: Mapping[str, QuerySet[Project]]) -> dict[str, list[dict[str, Any]]]:
    """Each stage's cards (`card_rows` of its queryset: limited, newest move first). One UNION
    ALL query where the database takes ordered, limited parts in it (PostgreSQL), else one query
    a column."""
    if len(columns) < 2 or not connection.features.supports_slicing_ordering_in_compound:
        return {stage: card_rows(cards) for stage, cards in columns.items()}
    first, *rest = (_plain(cards).values(*CARD_COLUMNS, "stage") for cards in columns.values())
    by_stage: dict[str, list[dict[str, Any]]] = {stage: [] for stage in columns}
    for row in first.union(*rest, all=True).order_by():
        by_stage[row["stage"]].append(row)
    order = resolution_order(get_language() or "en")
    ordering = next(iter(columns.values())).query.order_by  # the columns' own (the selector's)
    return {
        stage: [_card(row, order) for row in _sorted_as(rows, ordering)]
        for stage, rows in by_stage.items()
    }


def _sorted_as(rows: list[dict[str, Any]], ordering: Sequence[object]) -> list[dict[str, Any]]:
    """`rows` in a queryset's `order_by` of field names ("-field" descending): a UNION ALL keeps
    no order. One stable sort per field, the last first."""
    for field in reversed(ordering):
        if not isinstance(field, str):
            raise TypeError(f"the board's columns are ordered by field names, not {field!r}")
        name = field.removeprefix("-")
        rows = sorted(rows, key=lambda row: row[name], reverse=field.startswith("-"))
    return rows


def project_rows(projects: QuerySet[Project]) -> list[dict[str, Any]]:
    """The projects of `projects` (sliced to a page by the caller), in its order, as
    `ProjectOut` would render each: one query."""
    labels = _Labels()
    order = resolution_order(get_language() or "en")
    rows: Iterable[dict[str, Any]] = _plain(projects).values(*COLUMNS)
    return [_project(row, labels, order) for row in rows]
