"""A page of projects as `ProjectOut` renders them (and board cards as `BoardCardOut`), read as
plain rows.

`ProjectOut` validated through pydantic from model instances costs ~0.3 ms a project (the
instances, their related zone, company, chain and owner, the translated fields' descriptors,
the resolvers). A list page reads the same columns with one `values_list` query and builds the
same dictionaries directly; `tests/api/test_project_rows.py` holds the two outputs equal, field by
field, in both languages. Single projects (read, create, update) still go through `ProjectOut`.
"""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import cache
from typing import Any

from django.utils.translation import get_language, override
from modeltranslation.utils import resolution_order

from zoneinvest.api.render import DatetimeText
from zoneinvest.api.schemas import CENT
from zoneinvest.industries.models import Sector
from zoneinvest.pipeline.models import Source
from zoneinvest.pipeline.rows import PERSON, localized, person_name, translated
from zoneinvest.pipeline.selectors import BoardCard
from zoneinvest.pipeline.stages import Stage

MONEY_FIELDS = (
    "total_investment",
    "fixed_asset_investment",
    "foreign_investment",
    "registered_capital",
    "contracted_amount",
    "expected_annual_output",
    "expected_annual_tax",
)
# Datetimes read as the text the API writes of them (`DatetimeText`), as "<field>_text".
AS_TEXT = ("stage_changed_at", "created_at", "updated_at")
TEXT_OF = {field: f"{field}_text" for field in AS_TEXT}  # the name each is read under
DATETIME_TEXTS = {TEXT_OF[field]: DatetimeText(field) for field in AS_TEXT}
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
    *(field for field in TAIL_FIELDS if field not in AS_TEXT),
)

TRANSLATED = {
    "zone__name": localized("zone__name"),
    "company__name": localized("company__name"),
    "chain__name": localized("chain__name"),
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
    *(f"owner__{name}" for name in PERSON),
)

TAIL_COLUMNS = tuple((field, TEXT_OF.get(field, field)) for field in TAIL_FIELDS)


class _Labels:
    """Choice labels in one language (`_labels_in`: looked up once a language and process)."""

    def __init__(self) -> None:
        self.sector = {k: str(v) for k, v in Sector.choices}
        self.source = {k: str(v) for k, v in Source.choices}
        self.stage = {k: str(v) for k, v in Stage.choices}

    @staticmethod
    def choice(labels: dict[str, str], value: str | None) -> dict[str, str] | None:
        if not value:
            return None
        return {"code": value, "label": labels.get(value, value)}


@cache
def _labels_in(language: str) -> _Labels:
    with override(language):
        return _Labels()


def _money(amount: Decimal | None, currency: str) -> dict[str, str] | None:
    if amount is None:
        return None
    text = str(amount)
    # A decimal of cents (as read from a money column) is written "….dd"; nothing else is.
    if type(amount) is not Decimal or text[-3:-2] != ".":
        text = str(Decimal(amount).quantize(CENT))
    return {"amount": text, "currency": currency}


def _owner(row: dict[str, Any]) -> dict[str, Any] | None:
    if row["owner_id"] is None:
        return None
    return {
        "id": row["owner_id"],
        "username": row["owner__username"],
        "name": person_name(row, "owner"),
    }


def _project(row: dict[str, Any], labels: _Labels, order: Sequence[str]) -> dict[str, Any]:
    currency = row["currency"]
    company = row["company_id"]
    chain = row["chain_id"]
    land = row["land_mu"]
    return {
        "id": row["id"],
        "zone": {"code": row["zone__code"], "name": translated(row, "zone__name", order)},
        "title": translated(row, "title", order),
        "title_en": row["title_en"],
        "title_zh_hans": row["title_zh_hans"],
        "description_en": row["description_en"],
        "description_zh_hans": row["description_zh_hans"],
        "company": None
        if company is None
        else {"id": company, "name": translated(row, "company__name", order)},
        "sector": labels.choice(labels.sector, row["sector"]),
        "chain": None
        if chain is None
        else {
            "id": chain,
            "code": row["chain__code"],
            "name": translated(row, "chain__name", order),
        },
        "currency": currency,
        **{field: _money(row[field], currency) for field in MONEY_FIELDS},
        "expected_jobs": row["expected_jobs"],
        "land_mu": None if land is None else str(land),
        "source": labels.choice(labels.source, row["source"]),
        "owner": _owner(row),
        "confidential": row["confidential"],
        "stage": labels.choice(labels.stage, row["stage"]),
        "stage_changed_at": row[TEXT_OF["stage_changed_at"]],
        "held_from_stage": labels.choice(labels.stage, row["held_from_stage"]),
        **{field: row[column] for field, column in TAIL_COLUMNS},
    }


def card_out(card: BoardCard) -> dict[str, Any]:
    """A board card as `BoardCardOut` renders it."""
    return {
        "id": card.pk,
        "title": card.title,
        "company": None
        if card.company_id is None
        else {"id": card.company_id, "name": card.company},
        "owner": None
        if card.owner_id is None
        else {"id": card.owner_id, "username": card.owner_username, "name": card.owner},
        "total_investment": _money(card.total_investment, card.currency),
        "stage_changed_at": card.stage_changed_at,
        "version": card.version,
    }


def projects_out(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Projects read as `COLUMNS` and `DATETIME_TEXTS` (`project_page(fields=COLUMNS,
    expressions=DATETIME_TEXTS)`), as `ProjectOut` would render each."""
    language = get_language() or "en"
    labels = _labels_in(language)
    order = resolution_order(language)
    return [_project(row, labels, order) for row in rows]
