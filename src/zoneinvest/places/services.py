"""Writes of places: indicators (one at a time or from a csv file, all rows or none), parks and
policies."""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from zoneinvest.accounts.models import User
from zoneinvest.core.audit import audit_record
from zoneinvest.core.errors import ValidationFailed
from zoneinvest.core.models import Zone
from zoneinvest.core.versioning import validate_or_raise
from zoneinvest.industries.models import IndustryChain
from zoneinvest.pipeline.models import Ownership
from zoneinvest.places.models import Area, Facility, Indicator, IndicatorKind, Park, Policy

CSV_COLUMNS = ("kind", "area", "year", "value", "unit", "source")


@transaction.atomic
def indicator_set(
    *, zone: Zone, kind: str, area: str, year: int, value: Decimal, unit: str, source: str, by: Any
) -> Indicator:
    """Record (or correct) the value of an indicator for a year."""
    indicator, created = Indicator.objects.update_or_create(
        zone=zone,
        kind=kind,
        area=area,
        year=year,
        defaults={"value": value, "unit": unit, "source": source},
    )
    audit_record(
        actor=by,
        verb="places.indicator.created" if created else "places.indicator.updated",
        obj=indicator,
        zone=zone,
        changes={"value": [None, str(value)]},
    )
    return indicator


def _parse_row(number: int, raw: dict[str, str | None]) -> dict[str, Any]:
    # a short row has None for its missing cells; a long one a list under the key None
    row = {key: (value or "").strip() for key, value in raw.items() if isinstance(key, str)}
    problems = []
    if row.get("kind") not in IndicatorKind.values:
        problems.append(gettext("unknown indicator “%(value)s”") % {"value": row.get("kind")})
    if row.get("area") not in Area.values:
        problems.append(gettext("area must be “zone” or “city”"))
    try:
        year = int(row.get("year", "") or "")
    except ValueError:
        problems.append(gettext("year is not a number"))
        year = 0
    try:
        value = Decimal(row.get("value", "").replace(",", ""))
        if value < 0:
            raise InvalidOperation
    except InvalidOperation:
        problems.append(gettext("value is not a positive number"))
        value = Decimal(0)
    if problems:
        raise ValidationFailed.for_fields(
            gettext("Row %(row)s: %(problems)s.")
            % {"row": number, "problems": "; ".join(problems)},
            {f"row {number}": problems},
        )
    return {
        "kind": row["kind"],
        "area": row["area"],
        "year": year,
        "value": value,
        "unit": row.get("unit", ""),
        "source": row.get("source", ""),
    }


@transaction.atomic
def _parsed_indicator_rows(content: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    reader = csv.DictReader(io.StringIO(content))
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationFailed.for_fields(
            gettext("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)},
            {"file": [", ".join(missing)]},
        )
    parsed, errors = [], {}
    for number, row in enumerate(reader, start=2):
        try:
            parsed.append(_parse_row(number, row))
        except ValidationFailed as error:
            errors.update(error.details["fields"])
    return parsed, errors


def indicators_import_csv(*, zone: Zone, content: str, by: User) -> int:
    """Import indicators from csv with the columns kind, area, year, value, unit, source.

    Every row is checked first; one bad row refuses the whole file and names every bad row.
    """
    try:
        parsed, errors = _parsed_indicator_rows(content)
    except csv.Error as error:  # a stray carriage return inside a field, a NUL byte …
        raise ValidationFailed.for_fields(
            gettext("This is not a readable csv file."), {"file": [str(error)]}
        ) from None
    if errors:
        raise ValidationFailed.for_fields(
            gettext("Nothing was imported: %(count)s rows have errors.") % {"count": len(errors)},
            errors,
        )
    for values in parsed:
        indicator_set(zone=zone, by=by, **values)
    return len(parsed)


# ---------------------------------------------------------------- parks and policies


def _check_codes(field: str, codes: list[str], valid: set[str]) -> None:
    unknown = sorted(set(codes) - valid)
    if unknown:
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."),
            {field: [gettext("Unknown value: %(codes)s.") % {"codes": ", ".join(unknown)}]},
        )


@transaction.atomic
def park_create(
    *, zone: Zone, by: Any, focus_chains: Iterable[IndustryChain] = (), **values: Any
) -> Park:
    """A park of the zone; `values` are its fields (translated ones as name_en, name_zh_hans…)."""
    park = Park(zone=zone, **values)
    _check_codes("facilities", list(park.facilities), {code for code, _label in Facility.choices})
    validate_or_raise(park)
    park.save()
    chains = list(focus_chains)
    _refuse_other_zone(zone, chains)
    park.focus_chains.set(chains)
    audit_record(actor=by, verb="places.park.created", obj=park, zone=zone)
    return park


@transaction.atomic
def policy_create(
    *, zone: Zone, by: Any, chains: Iterable[IndustryChain] = (), **values: Any
) -> Policy:
    """An incentive with its eligibility (chains empty = every chain)."""
    policy = Policy(zone=zone, **values)
    _check_codes(
        "company_types", list(policy.company_types), {code for code, _label in Ownership.choices}
    )
    validate_or_raise(policy)
    policy.save()
    eligible = list(chains)
    _refuse_other_zone(zone, eligible)
    policy.chains.set(eligible)
    audit_record(actor=by, verb="places.policy.created", obj=policy, zone=zone)
    return policy


def _refuse_other_zone(zone: Zone, chains: list[IndustryChain]) -> None:
    if any(chain.zone_id != zone.pk for chain in chains):
        raise ValidationFailed.for_fields(
            gettext("Please correct the fields marked below."),
            {"chains": [gettext("A chain of another zone cannot be chosen.")]},
        )
