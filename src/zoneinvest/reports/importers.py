"""What each kind of import accepts, how a cell is read, and how checked rows are written.

Rows are checked with the pipeline's own rules (choices, lengths, the fields each stage
requires, a project reaches `signed` only through a signing) before anything is written; the
write is one transaction (the caller's), so a file is imported whole or not at all. Re-importing
the same file changes nothing: projects are matched on their external id (else on title and
company), companies on their normalised name and country, signings on project, date, kind and
amount.
"""

import datetime as dt
import functools
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Choices, Model
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from zoneinvest.accounts.models import User
from zoneinvest.accounts.selectors import zone_officers
from zoneinvest.core.bulk import BulkWriter, allocate_ids, fast_insert
from zoneinvest.core.models import CURRENCY_DECIMALS, CURRENCY_MAX_DIGITS, Currency, Zone
from zoneinvest.events.models import Event, Signing, Venue
from zoneinvest.events.services import signing_record
from zoneinvest.industries.models import IndustryChain, Sector
from zoneinvest.pipeline.models import (
    Activity,
    Company,
    Project,
    Source,
    StageChange,
    furthest_after,
)
from zoneinvest.pipeline.services import (
    activity_record,
    company_create,
    company_normalize_name,
    project_change_stage,
    project_create,
)
from zoneinvest.pipeline.stages import Stage, fields_required_at
from zoneinvest.places.models import Area, Indicator, IndicatorKind
from zoneinvest.places.services import indicator_set
from zoneinvest.reports.models import ImportKind

# Stages a project import may set; later ones are reached through signings and the office.
IMPORTABLE_STAGES = (Stage.LEAD, Stage.QUALIFIED, Stage.NEGOTIATING)
# Rows checked (and, for a loader, written) at a time; progress moves by this much.
CHUNK = 5_000
MAX_AMOUNT = Decimal(10) ** (CURRENCY_MAX_DIGITS - CURRENCY_DECIMALS) - 1
_LAND = Project._meta.get_field("land_mu")
MAX_LAND_MU = Decimal(10) ** (_LAND.max_digits - _LAND.decimal_places) - 1  # type: ignore[attr-defined]


class RowError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


# ---------------------------------------------------------------- reading one cell


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Any, *, max_length: int) -> str:
    result = "" if value is None else str(value).strip()
    if len(result) > max_length:
        raise ValueError(gettext("At most %(n)s characters.") % {"n": max_length})
    return result


def amount(value: Any, *, most: Decimal = MAX_AMOUNT) -> Decimal | None:
    """1234.5, "1,234.5", "1 234,5" → Decimal; blank → None; negative or over `most` → error."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(gettext("Not an amount."))
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        cleaned = str(value).replace(",", "").replace(" ", "").replace("，", "").replace("_", "")
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(gettext("“%(value)s” is not an amount.") % {"value": value}) from None
    if not number.is_finite() or number < 0:
        raise ValueError(gettext("An amount must be zero or more."))
    if number > most:
        raise ValueError(gettext("This amount is too large."))
    return number.quantize(Decimal("0.01"))


def whole_number(value: Any) -> int | None:
    number = amount(value)
    if number is None:
        return None
    if number != number.to_integral_value() or number > 2_000_000_000:
        raise ValueError(gettext("A whole number is expected."))
    return int(number)


DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%Y年%m月%d日")


def date(value: Any) -> dt.date | None:
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = str(value).strip()
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, pattern).date()  # noqa: DTZ007 - a day, no time
        except ValueError:
            continue
    raise ValueError(gettext("“%(value)s” is not a date (write 2023-01-11).") % {"value": raw})


@functools.cache
def _choice_map(choices: type[Choices]) -> dict[str, str]:
    """code, English label and Chinese label (casefolded) → code; built once per kind."""
    found: dict[str, str] = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for code, label in choices.choices:
                found[str(label).casefold()] = str(code)
    for code in choices.values:
        found[str(code).casefold()] = str(code)
    return found


def choice(value: Any, choices: type[Choices], *, default: str = "") -> str:
    """A code or its label (English or Chinese, any case) → the code."""
    if _blank(value):
        return default
    code = _choice_map(choices).get(str(value).strip().casefold())
    if code is None:
        codes = ", ".join(str(code) for code in choices.values)
        message = gettext("“%(value)s” is not one of: %(codes)s.")
        raise ValueError(message % {"value": value, "codes": codes})
    return code


@functools.lru_cache(maxsize=1024)
def country(value: Any) -> str:
    if _blank(value):
        return ""
    raw = str(value).strip()
    try:
        code = countries.alpha2(raw)
    except ValueError:  # "²" is a digit to str.isdigit, and int() refuses it
        code = ""
    code = code or countries.by_name(raw) or countries.by_name(raw, language="zh-hans")
    if not code:
        raise ValueError(
            gettext("“%(value)s” is not a country (write DE or Germany).") % {"value": raw}
        )
    return str(code)


# What a reader gives for an empty cell.
BLANKS: dict[Callable[..., Any], Any] = {text: "", country: ""}

# ---------------------------------------------------------------- lookups made once per import


@dataclass
class Context:
    zone: Zone
    by: User
    at: dt.datetime
    chains: dict[str, IndustryChain] = field(default_factory=dict)  # code and names, casefolded
    users: dict[str, User] = field(default_factory=dict)  # username and email, casefolded
    event: Event | None = None
    venues: dict[str, Venue] = field(default_factory=dict)
    seen: set[Any] = field(default_factory=set)  # keys of rows already in this file


def make_context(*, zone: Zone, by: User, event: Event | None = None) -> Context:
    ctx = Context(zone=zone, by=by, at=timezone.now(), event=event)
    for chain in IndustryChain.objects.filter(zone=zone):
        for key in (chain.code, chain.name_en, chain.name_zh_hans):  # type: ignore[attr-defined]
            if key:
                ctx.chains[str(key).casefold()] = chain
    for user in zone_officers(zone=zone):
        ctx.users[user.username.casefold()] = user
        if user.email:
            ctx.users[user.email.casefold()] = user
    if event is not None:
        for venue in Venue.objects.filter(event=event):
            for key in (venue.name_en, venue.name_zh_hans, str(venue.pk)):  # type: ignore[attr-defined]
                if key:
                    ctx.venues[str(key).casefold()] = venue
    return ctx


def chain_of(value: Any, ctx: Context) -> IndustryChain | None:
    if _blank(value):
        return None
    chain = ctx.chains.get(str(value).strip().casefold())
    if chain is None:
        raise ValueError(gettext("No industry chain “%(value)s” in this zone.") % {"value": value})
    return chain


def user_of(value: Any, ctx: Context) -> User | None:
    if _blank(value):
        return None
    user = ctx.users.get(str(value).strip().casefold())
    if user is None:
        raise ValueError(gettext("No officer “%(value)s” in this zone.") % {"value": value})
    return user


# ---------------------------------------------------------------- the kinds


@dataclass(frozen=True)
class Column:
    name: str
    label: Promise
    required: bool = False


@dataclass(frozen=True)
class Spec:
    kind: str
    columns: tuple[Column, ...]
    check: Callable[[dict[str, Any], Context], dict[str, Any]]
    write: Callable[[list[dict[str, Any]], Context, Callable[[int], None]], dict[str, int]]
    # A kind whose rows can be written while the file is still being checked (large imports).
    loader: "type[ProjectLoader] | None" = None

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


# Readers whose answer depends on the cell alone: a file repeats the same amounts, dates, stages
# and countries thousands of times, so each distinct cell is read once.
PURE_READERS = frozenset((amount, whole_number, date, choice, country))
# The cells remembered: those of a spreadsheet's or a csv's types (hashable, compared by value).
MEMO_TYPES = frozenset((str, int, float, dt.date, dt.datetime))


@functools.lru_cache(maxsize=65_536, typed=True)
def _read_once(
    reader: Callable[..., Any],
    value: Any,
    args: tuple[Any, ...],
    options: tuple[tuple[str, Any], ...],
) -> tuple[Any, bool]:
    """(the value read, True), or (None, False) if the reader complains: the complaint is in the
    language of the moment, so a failing cell is read again (`_get`) rather than remembered."""
    try:
        return reader(value, *args, **dict(options)), True
    except ValueError:
        return None, False


def _get(row: dict[str, Any], name: str, reader: Callable[..., Any], *args: Any, **kw: Any) -> Any:
    """Read one cell, turning a reader's complaint into a RowError naming the column."""
    value = row.get(name)
    if value is None or value == "":  # the common case of an empty optional cell, read fast
        return BLANKS.get(reader, None) if reader is not choice else kw.get("default", "")
    if reader in PURE_READERS and type(value) in MEMO_TYPES:
        result, read = _read_once(reader, value, args, tuple(kw.items()) if kw else ())
        if read:
            return result
    try:
        return reader(value, *args, **kw)
    except ValueError as exc:
        raise RowError(name, str(exc)) from None


def _required(row: dict[str, Any], name: str) -> None:
    if _blank(row.get(name)):
        raise RowError(name, gettext("This column must be filled in."))


@functools.cache
def _model_length(model: type[Model], name: str) -> int:
    return int(model._meta.get_field(name).max_length or 255)  # type: ignore[union-attr]


# Projects -------------------------------------------------------------------------------------

PROJECT_COLUMNS = (
    Column("external_id", _("External id")),
    Column("title_en", _("Title (English)"), required=True),
    Column("title_zh_hans", _("Title (Chinese)")),
    Column("company", _("Investor (company name)")),
    Column("country", _("Investor's country")),
    Column("chain", _("Industry chain")),
    Column("sector", _("Sector")),
    Column("stage", _("Stage")),
    Column("currency", _("Currency")),
    Column("total_investment", _("Total investment")),
    Column("contracted_amount", _("Contracted amount")),
    Column("expected_jobs", _("Expected jobs")),
    Column("land_mu", _("Land (亩)")),
    Column("owner", _("Owner (user name)")),
    Column("est_signing_date", _("Expected signing date")),
)


@functools.cache
def _project_lengths() -> tuple[int, int, int]:
    """The longest external id, title and investor name (read once, not once a row)."""
    return (
        _model_length(Project, "external_id"),
        _model_length(Project, "title"),
        _model_length(Company, "name"),
    )


def check_project(row: dict[str, Any], ctx: Context) -> dict[str, Any]:
    _required(row, "title_en")
    external_id_length, title_length, name_length = _project_lengths()
    values: dict[str, Any] = {
        "external_id": _get(row, "external_id", text, max_length=external_id_length),
        "title_en": _get(row, "title_en", text, max_length=title_length),
        "title_zh_hans": _get(row, "title_zh_hans", text, max_length=title_length),
        "company_name": _get(row, "company", text, max_length=name_length),
        "country": _get(row, "country", country),
        "chain": _get(row, "chain", chain_of, ctx),
        "sector": _get(row, "sector", choice, Sector),
        "stage": _get(row, "stage", choice, Stage, default=Stage.LEAD),
        "currency": _get(row, "currency", choice, Currency, default=Currency.CNY),
        "total_investment": _get(row, "total_investment", amount),
        "contracted_amount": _get(row, "contracted_amount", amount),
        "expected_jobs": _get(row, "expected_jobs", whole_number),
        "land_mu": _get(row, "land_mu", amount, most=MAX_LAND_MU),
        "owner": _get(row, "owner", user_of, ctx),
        "est_signing_date": _get(row, "est_signing_date", date),
    }
    if values["company_name"] and not values["country"]:
        raise RowError("country", gettext("Give the investor's country with its name."))
    if values["stage"] not in IMPORTABLE_STAGES:
        raise RowError(
            "stage",
            gettext(
                "A project reaches “%(stage)s” through a signing and the office, not an import of "
                "projects; import it at lead, qualified or negotiating (or import its signing)."
            )
            % {"stage": Stage(values["stage"]).label},
        )
    if values["chain"] is not None and not values["sector"]:
        values["sector"] = values["chain"].sector
    values["owner"] = values["owner"] or ctx.by
    present = {**values, "company": values["company_name"] or None}
    for name in _required_at(values["stage"]):
        if _blank(present.get(name)):
            label = PROJECT_LABELS.get(name, name)
            raise RowError(
                name if name in PROJECT_LABELS else "stage",
                gettext("At “%(stage)s” a project needs: %(field)s.")
                % {"stage": Stage(values["stage"]).label, "field": label},
            )
    key = values["external_id"] or (
        values["title_en"].casefold(),
        values["company_name"].casefold(),
    )
    if key in ctx.seen:
        raise RowError("external_id", gettext("This project appears twice in the file."))
    ctx.seen.add(key)
    return values


PROJECT_LABELS = {column.name: column.label for column in PROJECT_COLUMNS}
_required_at = functools.cache(fields_required_at)


_normalized = functools.lru_cache(maxsize=100_000)(company_normalize_name)


def _companies_for(rows: list[dict[str, Any]], ctx: Context) -> dict[tuple[str, str], Company]:
    """The company of every row, found by normalised name and country, or created (in bulk)."""
    wanted = {
        (_normalized(row["company_name"]), row["country"]): row["company_name"]
        for row in rows
        if row["company_name"]
    }
    found: dict[tuple[str, str], Company] = {}
    names = {name for name, _country in wanted}
    for company in Company.objects.filter(
        zone=ctx.zone, normalized_name__in=names, merged_into__isnull=True
    ):
        found[(company.normalized_name, str(company.country))] = company
    missing = [(key, name) for key, name in wanted.items() if key not in found]
    ids = fast_insert(
        Company,
        (
            {
                "zone": ctx.zone,
                "name": name,
                "name_en": name,
                "normalized_name": key[0],
                "country": key[1],
            }  # fmt: skip
            for key, name in missing
        ),
    )
    for company in Company.objects.filter(pk__in=ids):
        found[(company.normalized_name, str(company.country))] = company
    return found


class ProjectLoader:
    """Writes checked project rows chunk by chunk, as the check goes, inside the import's
    transaction: what it must know of the zone (external ids, investors) is read once at the
    start, ids are allocated up front, and the rows are handed to a `BulkWriter`, which sends
    them while the next chunk is checked."""

    COMPANY_IDS_AT_ONCE = 1_000

    def __init__(self, ctx: Context, total: int, writer: BulkWriter) -> None:
        self.ctx = ctx
        self.writer = writer
        self.known_ids = set(
            Project.objects.filter(zone=ctx.zone)
            .exclude(external_id="")
            .values_list("external_id", flat=True)
        )
        self.companies: dict[tuple[str, str], int] = {
            (name, str(country)): pk
            for pk, name, country in Company.objects.filter(
                zone=ctx.zone, merged_into__isnull=True
            ).values_list("pk", "normalized_name", "country")
        }
        self.used: set[int] = set()
        self.spare_company_ids: list[int] = []
        self.project_ids = iter(allocate_ids(Project, total))
        self.created = 0
        self.skipped = 0

    def _company_id(self, row: dict[str, Any], new: list[dict[str, Any]]) -> int | None:
        if not row["company_name"]:
            return None
        key = (_normalized(row["company_name"]), row["country"])
        if key not in self.companies:
            if not self.spare_company_ids:
                self.spare_company_ids = allocate_ids(Company, self.COMPANY_IDS_AT_ONCE)[::-1]
            self.companies[key] = self.spare_company_ids.pop()
            new.append(
                {
                    "zone_id": self.ctx.zone.pk,
                    "name": row["company_name"],
                    "name_en": row["company_name"],
                    "normalized_name": key[0],
                    "country": key[1],
                }
            )
        company_id = self.companies[key]
        self.used.add(company_id)
        return company_id

    def add(self, rows: list[dict[str, Any]]) -> None:
        ctx = self.ctx
        zone_id = ctx.zone.pk  # keys rather than objects: the writer reads them as they are
        known_titles = _known_titles(rows, ctx)
        new_companies: list[dict[str, Any]] = []
        projects: list[dict[str, Any]] = []
        for row in rows:
            company_id = self._company_id(row, new_companies)
            if row["external_id"] in self.known_ids or (
                not row["external_id"] and (row["title_en"], company_id) in known_titles
            ):
                self.skipped += 1
                continue
            projects.append(
                {
                    "zone_id": zone_id,
                    "title": row["title_en"],
                    "title_en": row["title_en"],
                    "title_zh_hans": row["title_zh_hans"] or None,
                    "company_id": company_id,
                    "chain_id": None if row["chain"] is None else row["chain"].pk,
                    "sector": row["sector"],
                    "stage": row["stage"],
                    "stage_changed_at": ctx.at,
                    # its one history entry (`_imported_at`) is at the stage it is imported at
                    "furthest_stage_index": furthest_after(None, row["stage"]),
                    "currency": row["currency"],
                    "total_investment": row["total_investment"],
                    "contracted_amount": row["contracted_amount"],
                    "expected_jobs": row["expected_jobs"],
                    "land_mu": row["land_mu"],
                    "owner_id": row["owner"].pk,
                    "source": Source.IMPORT,
                    "est_signing_date": row["est_signing_date"],
                    "external_id": row["external_id"],
                }
            )
        if new_companies:
            ids = [self.companies[(c["normalized_name"], c["country"])] for c in new_companies]
            self.writer.insert(Company, new_companies, ids)
        ids = list(itertools.islice(self.project_ids, len(projects)))
        self.writer.insert(Project, projects, ids)
        changes = _imported_at(list(zip(ids, projects, strict=True)), ctx)
        self.writer.insert(StageChange, changes, None)  # numbered by the database
        self.created += len(projects)

    def result(self) -> dict[str, int]:
        return {"created": self.created, "unchanged": self.skipped, "companies": len(self.used)}


def write_projects(
    rows: list[dict[str, Any]], ctx: Context, progress: Callable[[int], None]
) -> dict[str, int]:
    """All rows at once (kept for callers with a list): the loader in chunks."""
    with BulkWriter() as writer:
        loader = ProjectLoader(ctx, len(rows), writer)
        for start in range(0, len(rows), CHUNK):
            loader.add(rows[start : start + CHUNK])
            progress(min(start + CHUNK, len(rows)))
    return loader.result()


def _known_titles(rows: list[dict[str, Any]], ctx: Context) -> set[tuple[str, int | None]]:
    """(title, investor id) of the zone's projects that rows without an external id could match,
    read in one query per 10,000 titles instead of one per row."""
    titles = sorted({row["title_en"] for row in rows if not row["external_id"]})
    known: set[tuple[str, int | None]] = set()
    for start in range(0, len(titles), 10_000):
        known.update(
            Project.objects.filter(
                zone=ctx.zone, title_en__in=titles[start : start + 10_000]
            ).values_list("title_en", "company_id")
        )
    return known


def _imported_at(projects: list[tuple[int, dict[str, Any]]], ctx: Context) -> list[dict[str, Any]]:
    """Each imported project's history: one entry, the stage it was imported at (the road
    before it is not invented; `reached_through` counts it as having passed the earlier
    stages)."""
    reason = gettext("Imported")
    zone_id, by_id = ctx.zone.pk, ctx.by.pk
    return [
        {
            "zone_id": zone_id,
            "project_id": project_id,
            "from_stage": "",
            "to_stage": project["stage"],
            "by_id": by_id,
            "at": ctx.at,
            "reason": reason,
        }
        for project_id, project in projects
    ]


# Companies ------------------------------------------------------------------------------------

COMPANY_COLUMNS = (
    Column("name_en", _("Name (English)"), required=True),
    Column("name_zh_hans", _("Name (Chinese)")),
    Column("country", _("Country"), required=True),
    Column("hq_city", _("Headquarters city")),
    Column("chain", _("Industry chain")),
    Column("website", _("Website")),
)


def check_company(row: dict[str, Any], ctx: Context) -> dict[str, Any]:
    _required(row, "name_en")
    _required(row, "country")
    values = {
        "name_en": _get(row, "name_en", text, max_length=_model_length(Company, "name")),
        "name_zh_hans": _get(row, "name_zh_hans", text, max_length=_model_length(Company, "name")),
        "country": _get(row, "country", country),
        "hq_city": _get(row, "hq_city", text, max_length=_model_length(Company, "hq_city")),
        "chain": _get(row, "chain", chain_of, ctx),
        "website": _get(row, "website", text, max_length=_model_length(Company, "website")),
    }
    if values["website"] and not re.match(r"^https?://", values["website"]):
        raise RowError("website", gettext("A website starts with http:// or https://."))
    key = (company_normalize_name(values["name_en"]), values["country"])
    if key in ctx.seen:
        raise RowError("name_en", gettext("This company appears twice in the file."))
    ctx.seen.add(key)
    return values


def write_companies(
    rows: list[dict[str, Any]], ctx: Context, progress: Callable[[int], None]
) -> dict[str, int]:
    created = unchanged = 0
    existing = set(
        Company.objects.filter(zone=ctx.zone, merged_into__isnull=True).values_list(
            "normalized_name", "country"
        )
    )
    for number, row in enumerate(rows, start=1):
        exists = (company_normalize_name(row["name_en"]), row["country"]) in existing
        if exists:
            unchanged += 1
        else:
            fields = {k: v for k, v in row.items() if k not in ("name_en", "country") and v}
            company_create(
                zone=ctx.zone, name_en=row["name_en"], country=row["country"], by=ctx.by, **fields
            )
            created += 1
        if number % 500 == 0:
            progress(number)
    progress(len(rows))
    return {"created": created, "unchanged": unchanged}


# Signings -------------------------------------------------------------------------------------

SIGNING_COLUMNS = (
    Column("project", _("Project title"), required=True),
    Column("project_external_id", _("Project external id")),
    Column("company", _("Investor (company name)"), required=True),
    Column("country", _("Investor's country"), required=True),
    Column("chain", _("Industry chain"), required=True),
    Column("sector", _("Sector")),
    Column("venue", _("Venue")),
    Column("date", _("Signing date"), required=True),
    Column("amount", _("Signed amount"), required=True),
    Column("currency", _("Currency")),
    Column("kind", _("Kind of signing")),
    Column("document", _("Document")),
)


def check_signing(row: dict[str, Any], ctx: Context) -> dict[str, Any]:
    for name in ("project", "company", "country", "chain", "date", "amount"):
        _required(row, name)
    values = {
        "project": _get(row, "project", text, max_length=_model_length(Project, "title")),
        "project_external_id": _get(
            row, "project_external_id", text, max_length=_model_length(Project, "external_id")
        ),
        "company_name": _get(row, "company", text, max_length=_model_length(Company, "name")),
        "country": _get(row, "country", country),
        "chain": _get(row, "chain", chain_of, ctx),
        "sector": _get(row, "sector", choice, Sector),
        "venue": None,
        "date": _get(row, "date", date),
        "amount": _get(row, "amount", amount),
        "currency": _get(row, "currency", choice, Currency, default=Currency.CNY),
        "kind": _get(row, "kind", choice, Signing.Kind, default=Signing.Kind.NEW),
        "document": _get(
            row, "document", choice, Signing.Document, default=Signing.Document.AGREEMENT
        ),
    }
    if not values["amount"]:
        raise RowError("amount", gettext("A signing needs a positive amount."))
    if not _blank(row.get("venue")):
        venue = ctx.venues.get(str(row["venue"]).strip().casefold())
        if venue is None:
            raise RowError(
                "venue", gettext("No venue “%(value)s” at this event.") % {"value": row["venue"]}
            )
        values["venue"] = venue
    if values["sector"] == "" and values["chain"] is not None:
        values["sector"] = values["chain"].sector
    key = (
        values["project"].casefold(),
        values["company_name"].casefold(),
        values["kind"],
        values["date"],
    )
    if key in ctx.seen:
        raise RowError("project", gettext("This signing appears twice in the file."))
    ctx.seen.add(key)
    return values


def write_signings(
    rows: list[dict[str, Any]], ctx: Context, progress: Callable[[int], None]
) -> dict[str, int]:
    """Each row through the signing service (the count-once rule, the stage move to signed)."""
    companies = _companies_for(rows, ctx)
    created = unchanged = 0
    for number, row in enumerate(rows, start=1):
        company = companies[(company_normalize_name(row["company_name"]), row["country"])]
        project = _project_for_signing(row, company, ctx)
        if Signing.objects.filter(
            project=project, date=row["date"], kind=row["kind"], amount=row["amount"]
        ).exists():
            unchanged += 1
        else:
            signing_record(
                project=project,
                date=row["date"],
                amount=row["amount"],
                currency=row["currency"],
                event=ctx.event,
                venue=row["venue"],
                document=row["document"],
                kind=row["kind"],
                by=ctx.by,
                values=_signed_values(project, row, company, ctx),
            )
            created += 1
        if number % 50 == 0:
            progress(number)
    progress(len(rows))
    return {"created": created, "unchanged": unchanged}


def _signed_values(
    project: Project, row: dict[str, Any], company: Company, ctx: Context
) -> dict[str, Any]:
    """What `signed` requires and the row gives, without overwriting what the project has."""
    wanted = {
        "company": company,
        "chain": row["chain"],
        "sector": row["sector"],
        "est_signing_date": row["date"],
        "owner": ctx.by,
    }
    return {name: value for name, value in wanted.items() if getattr(project, name) in (None, "")}


def _project_for_signing(row: dict[str, Any], company: Company, ctx: Context) -> Project:
    projects = Project.objects.filter(zone=ctx.zone)
    found = None
    if row["project_external_id"]:
        found = projects.filter(external_id=row["project_external_id"]).first()
    found = found or projects.filter(title_en=row["project"], company=company).first()
    if found is not None:
        return found
    project = project_create(
        zone=ctx.zone,
        title_en=row["project"],
        company=company,
        chain=row["chain"],
        sector=row["sector"],
        currency=row["currency"],
        total_investment=row["amount"],
        est_signing_date=row["date"],
        source=Source.IMPORT,
        external_id=row["project_external_id"],
        by=ctx.by,
        at=ctx.at,
    )
    # A signed project came through qualified and negotiating; the same rules apply on the way.
    for stage in (Stage.QUALIFIED, Stage.NEGOTIATING):
        project = project_change_stage(project=project, to=stage, by=ctx.by, at=ctx.at)
    return project


# Activities -----------------------------------------------------------------------------------

ACTIVITY_COLUMNS = (
    Column("project_external_id", _("Project external id")),
    Column("project", _("Project title")),
    Column("company", _("Investor (company name)")),
    Column("country", _("Investor's country")),
    Column("kind", _("Kind of activity"), required=True),
    Column("date", _("Date"), required=True),
    Column("people", _("People")),
    Column("notes", _("Notes")),
)


def check_activity(row: dict[str, Any], ctx: Context) -> dict[str, Any]:
    _required(row, "kind")
    _required(row, "date")
    values = {
        "project_external_id": _get(
            row, "project_external_id", text, max_length=_model_length(Project, "external_id")
        ),
        "project": _get(row, "project", text, max_length=_model_length(Project, "title")),
        "company_name": _get(row, "company", text, max_length=_model_length(Company, "name")),
        "country": _get(row, "country", country),
        "kind": _get(row, "kind", choice, Activity.Kind),
        "date": _get(row, "date", date),
        "people": _get(row, "people", text, max_length=_model_length(Activity, "people")),
        "notes": _get(row, "notes", text, max_length=20_000),
    }
    if not (values["project_external_id"] or values["project"] or values["company_name"]):
        raise RowError(
            "project", gettext("Name the project or the investor the activity was with.")
        )
    if values["company_name"] and not values["country"]:
        raise RowError("country", gettext("Give the investor's country with its name."))
    values["project_obj"], values["company_obj"] = _activity_target(values, ctx)
    return values


def _activity_target(values: dict[str, Any], ctx: Context) -> tuple[Project | None, Company | None]:
    projects = Project.objects.filter(zone=ctx.zone).select_related("company")
    project = None
    if values["project_external_id"]:
        project = projects.filter(external_id=values["project_external_id"]).first()
    elif values["project"]:
        project = projects.filter(title_en=values["project"]).first()
    if (values["project_external_id"] or values["project"]) and project is None:
        column = "project_external_id" if values["project_external_id"] else "project"
        raise RowError(column, gettext("No such project in this zone."))
    company = None
    if values["company_name"]:
        company = Company.objects.filter(
            zone=ctx.zone,
            normalized_name=company_normalize_name(values["company_name"]),
            country=values["country"],
            merged_into__isnull=True,
        ).first()
        if company is None:
            raise RowError("company", gettext("No such company in this zone."))
    if project is not None and project.company_id is None and company is None:
        raise RowError("company", gettext("This project has no investor yet: name the company."))
    return project, company


def write_activities(
    rows: list[dict[str, Any]], ctx: Context, progress: Callable[[int], None]
) -> dict[str, int]:
    """Each row through the activity service; the same activity twice is not recorded again."""
    created = unchanged = 0
    for number, row in enumerate(rows, start=1):
        project, company = row["project_obj"], row["company_obj"]
        target = company or (project.company if project else None)
        if Activity.objects.filter(
            project=project, company=target, kind=row["kind"], date=row["date"], notes=row["notes"]
        ).exists():
            unchanged += 1
        else:
            activity_record(
                kind=row["kind"],
                date=row["date"],
                by=ctx.by,
                project=project,
                company=company,
                people=row["people"],
                notes=row["notes"],
            )
            created += 1
        if number % 200 == 0:
            progress(number)
    progress(len(rows))
    return {"created": created, "unchanged": unchanged}


# Indicators -----------------------------------------------------------------------------------

INDICATOR_COLUMNS = (
    Column("kind", _("Indicator"), required=True),
    Column("area", _("Area"), required=True),
    Column("year", _("Year"), required=True),
    Column("value", _("Value"), required=True),
    Column("unit", _("Unit"), required=True),
    Column("source", _("Source"), required=True),
)


def check_indicator(row: dict[str, Any], ctx: Context) -> dict[str, Any]:
    for name in ("kind", "area", "year", "value", "unit", "source"):
        _required(row, name)
    values = {
        "kind": _get(row, "kind", choice, IndicatorKind),
        "area": _get(row, "area", choice, Area),
        "year": _get(row, "year", whole_number),
        "value": _get(row, "value", amount),
        "unit": _get(row, "unit", text, max_length=_model_length(Indicator, "unit")),
        "source": _get(row, "source", text, max_length=_model_length(Indicator, "source")),
    }
    if not 1949 <= values["year"] <= 2100:
        raise RowError("year", gettext("A year between 1949 and 2100 is expected."))
    key = (values["kind"], values["area"], values["year"])
    if key in ctx.seen:
        raise RowError("kind", gettext("This indicator appears twice for this year."))
    ctx.seen.add(key)
    return values


def write_indicators(
    rows: list[dict[str, Any]], ctx: Context, progress: Callable[[int], None]
) -> dict[str, int]:
    """Each value through the indicator service (a value already recorded is corrected)."""
    created = unchanged = 0
    for row in rows:
        existing = Indicator.objects.filter(
            zone=ctx.zone, kind=row["kind"], area=row["area"], year=row["year"]
        ).first()
        if existing is not None and existing.value == row["value"] and existing.unit == row["unit"]:
            unchanged += 1
            continue
        indicator_set(zone=ctx.zone, by=ctx.by, **row)
        created += 1
    progress(len(rows))
    return {"created": created, "unchanged": unchanged}


SPECS = {
    ImportKind.PROJECTS: Spec(
        ImportKind.PROJECTS, PROJECT_COLUMNS, check_project, write_projects, ProjectLoader
    ),
    ImportKind.COMPANIES: Spec(
        ImportKind.COMPANIES, COMPANY_COLUMNS, check_company, write_companies
    ),
    ImportKind.SIGNINGS: Spec(ImportKind.SIGNINGS, SIGNING_COLUMNS, check_signing, write_signings),
    ImportKind.ACTIVITIES: Spec(
        ImportKind.ACTIVITIES, ACTIVITY_COLUMNS, check_activity, write_activities
    ),
    ImportKind.INDICATORS: Spec(
        ImportKind.INDICATORS, INDICATOR_COLUMNS, check_indicator, write_indicators
    ),
}
